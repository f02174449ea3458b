/// One thing to label.
public struct Item: Sendable, Equatable {
    /// The project-unique id from the source file (`id` column).
    public var key: String
    /// The text to label, or a path/URI to an image or audio file.
    public var payload: String
    /// Metadata fields (slices and anything else the source carried), as strings.
    public var metadata: [String: String]
    /// Group key (speaker, document, patient): all items of a group go to one split.
    public var group: String?

    public init(key: String, payload: String, metadata: [String: String] = [:], group: String? = nil) {
        self.key = key
        self.payload = payload
        self.metadata = metadata
        self.group = group
    }
}
