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
}

extension RecordReader {
    public var contentSHA256: String? { nil }
}
