/// One version of a project's guideline file, identified by the SHA-256 of its content.
/// Every annotation records the version it was made under; a new version starts a new round.
public struct GuidelineVersion: Sendable, Equatable {
    /// Lowercase hex SHA-256 of the file's bytes.
    public var hash: String
    public var content: String

    public init(hash: String, content: String) {
        self.hash = hash
        self.content = content
    }

    /// The first 8 hex digits: enough to tell versions apart on a status line.
    public var shortHash: String { String(hash.prefix(8)) }
}
