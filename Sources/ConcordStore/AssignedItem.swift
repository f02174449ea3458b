

/// An item as a labeler sees it: text and metadata, never another labeler's answer.
public struct AssignedItem: Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var payload: String
    /// Metadata fields in the order they were imported.
    public var metadata: [(key: String, value: String)]

    public init(id: Int64, key: String, payload: String, metadata: [(key: String, value: String)]) {
        self.id = id
        self.key = key
        self.payload = payload
        self.metadata = metadata
    }

    public static func == (a: AssignedItem, b: AssignedItem) -> Bool {
        a.id == b.id && a.key == b.key && a.payload == b.payload
            && a.metadata.map(\.key) == b.metadata.map(\.key) && a.metadata.map(\.value) == b.metadata.map(\.value)
    }
}
