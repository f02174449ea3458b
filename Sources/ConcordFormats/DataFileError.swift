/// Bad input in a data file, located precisely enough to fix it in an editor:
/// `items.csv:12: field 'text': invalid UTF-8 (byte 0xFF)`.
public struct DataFileError: Error, CustomStringConvertible, Equatable {
    public var file: String
    /// 1-based physical line (newlines inside quoted fields count); nil for whole-file problems.
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        if let field { where_ += ": field '\(field)'" }
        return "\(where_): \(message)"
    }
}
