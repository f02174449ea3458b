import ConcordAnalysis
import ArgumentParser
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore

/// `--as NAME`: act as someone else. Only admins may (the log records both names), unless the
/// project sets `identity: declared` for scripted analysis. Everyone else is their
/// operating-system account.
struct IdentityOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Act as this person (admins only, recorded with your name; or in a project with identity: declared).")
    var name: String?

    /// Who is acting, from the operating-system account (geteuid), not from $USER.
    func identify(_ project: Project) throws -> Identity { try Self.identify(project, as: name) }

    /// Identifies the person and records them in the project (a first act maps the account to
    /// its name), refusing them unless their role allows `permission`.
    func enroll(_ project: Project, for permission: Permission) throws -> Identity {
        try Self.enroll(project, as: name, for: permission)
    }

    static func identify(_ project: Project, as declared: String? = nil) throws -> Identity {
        guard let account = OSAccount.name, !account.isEmpty else {
            throw QueryError("cannot tell who you are: your operating-system account has no name in the password database")
        }
        return try project.identify(account: account, as: declared)
    }

    static func enroll(_ project: Project, as declared: String? = nil, for permission: Permission) throws -> Identity {
        let identity = try identify(project, as: declared)
        try identity.require(permission)
        try project.store.enroll(identity.actor)
        return identity
    }
}
