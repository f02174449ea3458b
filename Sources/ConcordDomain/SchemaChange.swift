/// A recorded change of the label schema: labels merged into one, or one renamed. Applied when
/// labels are read, in order; annotations themselves are never rewritten.
public struct SchemaChange: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case merge, rename }

    public var id: Int64
    public var kind: Kind
    public var sources: [String]
    public var target: String

    public init(id: Int64, kind: Kind, sources: [String], target: String) {
        self.id = id
        self.kind = kind
        self.sources = sources
        self.target = target
    }

    /// The label an answer counts as after this change.
    public func apply(_ label: String) -> String { sources.contains(label) ? target : label }

    /// The label set after this change: the sources give way to the target, which takes the
    /// first source's place and hotkey.
    public func apply(to labelSet: LabelSet) throws -> LabelSet {
        var labels: [Label] = []
        for label in labelSet.labels {
            if sources.contains(label.name) {
                if !labels.contains(where: { $0.name == target }) {
                    labels.append(Label(name: target, hotkey: label.hotkey, description: kind == .rename ? label.description : "merged: \(sources.joined(separator: " + "))"))
                }
            } else if label.name == target {
                if !labels.contains(where: { $0.name == target }) { labels.append(label) }
            } else {
                labels.append(label)
            }
        }
        return try LabelSet(labels: labels, scale: labelSet.scale, specials: labelSet.specials)
    }

    /// Checks the change against the label set it applies to.
    public func validate(against labelSet: LabelSet) throws {
        let names = Set(labelSet.labels.map(\.name))
        for source in sources where !names.contains(source) {
            throw ConfigError.invalid("'\(source)' is not a label (now: \(labelSet.labels.map(\.name).joined(separator: ", ")))")
        }
        if SpecialLabel(rawValue: target) != nil || sources.contains(where: { SpecialLabel(rawValue: $0) != nil }) {
            throw ConfigError.invalid("borderline and unintelligible are built in; they cannot be merged or renamed")
        }
        switch kind {
        case .rename:
            guard sources.count == 1 else { throw ConfigError.invalid("a rename takes one label") }
            if names.contains(target) { throw ConfigError.invalid("'\(target)' is already a label; merge instead") }
        case .merge:
            guard sources.count >= 2 else { throw ConfigError.invalid("a merge takes at least two labels") }
        }
        guard !target.isEmpty, !target.contains(where: { $0.isWhitespace || $0 == "," }) else {
            throw ConfigError.invalid("'\(target)' is not a usable label name")
        }
    }
}
