import ConcordAnalysis
import ConcordFormats
import ConcordDomain
import ConcordStore

/// Who is acting in a project, and for whom. The account comes from the operating system (or,
/// on a database server, the login), never from a flag alone: `--as` names someone else only
/// for an admin acting on their behalf, or in a project that sets `identity: declared`.
public struct Identity: Sendable, Equatable {
    /// Whose answer or decision it is: the labeler name the log records.
    public let person: Member
    /// The admin acting on `person`'s behalf; the log records this name too.
    public let enteredBy: Member?

    /// The one at the keyboard.
    public var actor: Member { enteredBy ?? person }

    /// Refuses, with exit 77's error, a person whose role does not allow `permission`.
    public func require(_ permission: Permission) throws {
        guard person.role.may(permission) else {
            throw PermissionError(person: person.name, role: person.role, permission: permission,
                                  hint: "An admin can change that: concord labelers PROJECT --add \(person.name) --role \(permission.minimumRole.rawValue)")
        }
    }
}

extension Project {
    /// Who `account` is, acting as `declared` (the `--as` name) if given.
    public func identify(account: String, as declared: String? = nil) throws -> Identity {
        let me = try store.member(account: account)
        guard let declared, declared != me.name else { return Identity(person: me, enteredBy: nil) }
        if let problem = Names.problem(declared) { throw AnnotationError.badName("labeler", declared, problem) }
        let other = try store.member(named: declared) ?? Member(name: declared, role: .labeler)
        switch config.identity {
        case .declared:
            return Identity(person: other, enteredBy: nil)
        case .accounts:
            guard me.role.may(.actOnBehalf) else {
                throw PermissionError(person: me.name, role: me.role, permission: .actOnBehalf, hint: """
                    You are '\(me.name)' (operating-system account '\(account)'); run without --as. \
                    A project used for scripted analysis can set `identity: declared` in concord.yaml
                    """)
            }
            return Identity(person: other, enteredBy: me)
        }
    }
}
