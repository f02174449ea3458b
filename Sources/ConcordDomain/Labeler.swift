/// What a person may do in a project.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Labels items blind: never sees another labeler's answer.
    case labeler
    /// Also sees every answer and adjudicates.
    case reviewer
    /// Also changes the schema (merges, renames) and manages people.
    case admin

    private var rank: Int { Role.allCases.firstIndex(of: self)! }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

public struct Labeler: Sendable, Equatable {
    public var name: String
    public var role: Role

    public init(name: String, role: Role = .labeler) {
        self.name = name
        self.role = role
    }
}
