/// One class of a project's label set.
public struct Label: Hashable, Sendable, Codable {
    /// The name stored in the database and written to exports (e.g. `play_music`).
    public var name: String
    /// The single key that applies this label in the labeling screen.
    public var hotkey: Character
    /// What the label means, shown beside the label bar and in reports.
    public var description: String

    public init(name: String, hotkey: Character, description: String = "") {
        self.name = name
        self.hotkey = hotkey
        self.description = description
    }

    enum CodingKeys: String, CodingKey { case name, hotkey = "key", description }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        let key = try c.decode(String.self, forKey: .hotkey)
        guard key.count == 1, let first = key.first else {
            throw DecodingError.dataCorruptedError(
                forKey: .hotkey, in: c, debugDescription: "a hotkey is one character, got '\(key)'")
        }
        hotkey = first
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(String(hotkey), forKey: .hotkey)
        if !description.isEmpty { try c.encode(description, forKey: .description) }
    }
}

/// The two built-in answers that say "I looked, and this item does not fit cleanly".
/// They are real answers (they count in agreement unless excluded), never skips.
public enum SpecialLabel: String, CaseIterable, Sendable, Codable {
    case borderline
    case unintelligible

    /// The fixed key in the labeling screen.
    public var hotkey: Character {
        switch self {
        case .borderline: return "b"
        case .unintelligible: return "x"
        }
    }
}
