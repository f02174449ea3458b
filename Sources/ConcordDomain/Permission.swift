/// What a role allows. The rules live here, apart from any store, so that SQLite (where the
/// file's permissions are the real boundary) and a database server (where grants can enforce
/// them) apply the same ones.
public enum Permission: String, Sendable, CaseIterable {
    /// Label items, blind, and read aggregate figures (agreement, HLP, status).
    case label
    /// Read individual answers: the disagreement queue, per-pair and per-labeler figures.
    case readAnswers
    /// Set an item's final label.
    case adjudicate
    /// Act as someone else (`--as`); the log records both names.
    case actOnBehalf
    /// Give people roles and map operating-system accounts to labeler names.
    case manageRoles
    /// Change what the project holds: import items, answers or predictions, change the schema,
    /// requeue, draw the audit sample.
    case manageProject

    /// The least role that has it.
    public var minimumRole: Role {
        switch self {
        case .label: return .labeler
        case .readAnswers, .adjudicate: return .reviewer
        case .actOnBehalf, .manageRoles, .manageProject: return .admin
        }
    }

    /// What it lets a person do, for messages.
    public var summary: String {
        switch self {
        case .label: return "label"
        case .readAnswers: return "read individual answers"
        case .adjudicate: return "adjudicate"
        case .actOnBehalf: return "act as someone else (--as)"
        case .manageRoles: return "change roles"
        case .manageProject: return "change the project (import, schema changes, requeue, audit draws)"
        }
    }
}

extension Role {
    public func may(_ permission: Permission) -> Bool { self >= permission.minimumRole }
}

/// Refused: the person's role does not allow what they asked for.
public struct PermissionError: Error, CustomStringConvertible, Equatable {
    public let person: String
    public let role: Role
    public let permission: Permission
    public let hint: String?

    public init(person: String, role: Role, permission: Permission, hint: String? = nil) {
        self.person = person
        self.role = role
        self.permission = permission
        self.hint = hint
    }

    public var description: String {
        let needed = permission.minimumRole == .admin ? "admins" : "reviewers and admins"
        return "\(Names.inert(person)) is a \(role.rawValue); only \(needed) may \(permission.summary)"
            + (hint.map { ". \($0)" } ?? "")
    }
}

/// How a project knows who is at the keyboard.
public enum IdentityMode: String, Sendable, Codable, CaseIterable {
    /// The operating-system account (or, on a database server, the login) is the person; `--as`
    /// is for admins acting on someone's behalf. The default.
    case accounts
    /// Whoever runs Concord may say who they are with `--as`: for scripted analysis of imported
    /// answers, where nobody labels on the machine.
    case declared
}
