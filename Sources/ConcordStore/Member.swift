import ConcordDomain

/// A person of the project: the labeler name their answers carry, their role, and the account
/// (operating-system user, or database login) mapped to that name, if one is.
public struct Member: Sendable, Equatable, Codable {
    public var name: String
    public var role: Role
    public var account: String?

    public init(name: String, role: Role, account: String? = nil) {
        self.name = name
        self.role = role
        self.account = account
    }
}

/// One entry of the role log.
public struct RoleChange: Sendable, Equatable, Codable {
    public var name: String
    public var role: Role
    public var previousRole: Role?
    public var account: String?
    public var changedBy: String
    public var at: Int64

    public init(name: String, role: Role, previousRole: Role?, account: String?, changedBy: String, at: Int64) {
        self.name = name
        self.role = role
        self.previousRole = previousRole
        self.account = account
        self.changedBy = changedBy
        self.at = at
    }
}

/// Why an account cannot be given a name.
public enum MembershipError: Error, CustomStringConvertible, Equatable {
    /// The name is mapped to another account.
    case nameTaken(name: String, account: String)

    public var description: String {
        switch self {
        case let .nameTaken(name, account):
            return "the labeler name '\(Names.inert(name))' belongs to the account '\(Names.inert(account))'; an admin can give you another: concord labelers PROJECT --add NAME --account YOUR_ACCOUNT"
        }
    }
}
