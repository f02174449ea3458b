/// A source of records with named columns (a CSV file with a header row, or a JSONL file).
/// Values are decoded strings; nil means the record has no value for that column.
public protocol RecordReader {
    /// The file name used in error messages.
    var file: String { get }
    /// Column names. A JSONL reader may append names as later lines bring new keys.
    var columns: [String] { get }
    /// Bytes consumed so far, for progress reports.
    var bytesRead: Int { get }
    /// Reads the next record into `values` (aligned with `columns`) and returns the 1-based line
    /// it starts on, or nil at the end of the file.
    mutating func next(into values: inout [String?]) throws -> Int?
    /// The SHA-256 of the file's bytes once all were read, for readers that hash as they read.
    var contentSHA256: String? { get }
    /// The columns that describe the item (kept as its metadata) when the import names none: a
    /// tool's export knows which of its fields are the item's. nil: the config's slice fields.
    var itemMetadataColumns: [String]? { get }
    /// Model predictions the file carries beside the answers (a Label Studio export's
    /// `predictions`), complete once every record was read.
    var predictions: [CarriedPrediction] { get }
    /// Whether a record without labeler and label is an item with no answer yet (a Label Studio
    /// task nobody annotated), rather than a mistake.
    var hasItemOnlyRecords: Bool { get }
}

extension RecordReader {
    public var contentSHA256: String? { nil }
    public var itemMetadataColumns: [String]? { nil }
    public var predictions: [CarriedPrediction] { [] }
    public var hasItemOnlyRecords: Bool { false }
}

/// A model's prediction for an item, carried in a file of answers.
public struct CarriedPrediction: Sendable, Equatable {
    public var model: String
    public var item: String
    public var label: String
    /// Where it was in the file, for errors: line and field.
    public var line: Int
    public var field: String

    public init(model: String, item: String, label: String, line: Int, field: String) {
        self.model = model
        self.item = item
        self.label = label
        self.line = line
        self.field = field
    }
}
