/// One entry of the append-only annotation log. A labeler's current answer for an item is
/// the latest event of that pair: a later `label` replaces it, a `retract` (undo) clears it.
public enum AnnotationEventKind: String, Sendable, Codable {
    /// The labeler answered (a label or a special label).
    case label
    /// The labeler took their answer back (undo); nothing is deleted.
    case retract
    /// The labeler passed on the item without answering; not an answer.
    case skip
}

/// An annotation as it is written to the log.
public struct AnnotationEvent: Sendable, Equatable {
    public var itemKey: String
    public var labeler: String
    public var kind: AnnotationEventKind
    public var label: String?
    public var note: String?
    /// How long the labeler took, in seconds (nil when unknown, e.g. imported without a time column).
    public var seconds: Double?

    public init(itemKey: String, labeler: String, kind: AnnotationEventKind = .label,
                label: String?, note: String? = nil, seconds: Double? = nil) {
        self.itemKey = itemKey
        self.labeler = labeler
        self.kind = kind
        self.label = label
        self.note = note
        self.seconds = seconds
    }
}
