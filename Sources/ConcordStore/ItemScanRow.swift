/// One item of a scan over the whole project (export): its id, and its fields read on demand, so
/// that a backend can hand them out without copying a million rows first.
public struct ItemScanRow {
    public var id: Int64
    public let key: () -> String?
    public let payload: () -> String?
    public let group: () -> String?
    /// The metadata fields, in the order they were imported.
    public let metadata: () -> [(key: String, value: String)]

    public init(id: Int64, key: @escaping () -> String?, payload: @escaping () -> String?, group: @escaping () -> String?,
                metadata: @escaping () -> [(key: String, value: String)]) {
        self.id = id
        self.key = key
        self.payload = payload
        self.group = group
        self.metadata = metadata
    }
}
