/// Whether label order carries meaning (it changes which disagreements count as "near misses").
public enum Scale: String, Sendable, Codable {
    case nominal
    case ordinal
}

/// A project's classes in their configured order, plus which special labels are enabled.
public struct LabelSet: Sendable, Equatable {
    public private(set) var labels: [Label]
    public var scale: Scale
    public var specials: [SpecialLabel]

    /// Keys the labeling screen keeps for itself; a label may not take them.
    public static let reservedKeys: Set<Character> = ["b", "x", "s", "n", "u", "q", "?", "k", "j"]

    public init(labels: [Label], scale: Scale = .nominal, specials: [SpecialLabel] = SpecialLabel.allCases) throws {
        self.labels = labels
        self.scale = scale
        self.specials = specials
        try validate()
    }

    /// Labels named in order, with hotkeys 1–9 then a–z (skipping reserved keys).
    public static func withDefaultHotkeys(
        names: [String], scale: Scale = .nominal, specials: [SpecialLabel] = SpecialLabel.allCases
    ) throws -> LabelSet {
        let keys = Array("123456789") + Array("acdefghilmoprtvwyz")
        guard names.count <= keys.count else {
            throw ConfigError.invalid("at most \(keys.count) labels get default hotkeys; give the rest a `key:` in the config")
        }
        return try LabelSet(
            labels: names.enumerated().map { Label(name: $0.element, hotkey: keys[$0.offset]) },
            scale: scale, specials: specials)
    }

    /// Every answer a labeler may give: the labels, then the enabled special labels.
    public var answerNames: [String] { labels.map(\.name) + specials.map(\.rawValue) }

    public func contains(_ name: String) -> Bool { answerNames.contains(name) }

    public func isSpecial(_ name: String) -> Bool { SpecialLabel(rawValue: name) != nil }

    /// Position of a label on an ordinal scale (nil for special labels and unknown names).
    public func rank(of name: String) -> Int? { labels.firstIndex { $0.name == name } }

    private func validate() throws {
        guard !labels.isEmpty else { throw ConfigError.invalid("the label set is empty; give at least one label") }
        var names = Set<String>(), keys = Set<Character>()
        for label in labels {
            let name = label.name
            if let problem = Names.problem(name) { throw ConfigError.invalid("label name '\(name)' \(problem)") }
            guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "," }) else {
                throw ConfigError.invalid("label name '\(name)' is empty or has spaces or commas; use e.g. snake_case")
            }
            guard SpecialLabel(rawValue: name) == nil else {
                throw ConfigError.invalid("'\(name)' is a built-in special label; enable it under special_labels instead of listing it")
            }
            guard names.insert(name).inserted else { throw ConfigError.invalid("label '\(name)' is listed twice") }
            guard label.hotkey.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }) else {
                throw ConfigError.invalid("label '\(name)': its key must be a printable character")
            }
            guard !Self.reservedKeys.contains(label.hotkey) else {
                throw ConfigError.invalid("label '\(name)': key '\(label.hotkey)' is reserved by the labeling screen (reserved: b x s n u q ? j k)")
            }
            guard keys.insert(label.hotkey).inserted else {
                throw ConfigError.invalid("label '\(name)': key '\(label.hotkey)' is already used by another label")
            }
        }
    }
}
