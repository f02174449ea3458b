/// A labeler's retest of an item: their repeated answer beside their first (their current
/// answer, which a retest never replaces).
public struct Retest: Sendable, Equatable {
    public var labeler: String
    public var item: String
    /// The labeler's answer to the item (nil when they have none now, e.g. taken back).
    public var first: String?
    public var repeated: String

    public init(labeler: String, item: String, first: String?, repeated: String) {
        self.labeler = labeler
        self.item = item
        self.first = first
        self.repeated = repeated
    }
}
