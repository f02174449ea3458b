import Foundation

/// The table formats Concord reads, each recognised by its content rather than by the file's
/// name: a file of JSON objects one per line is JSONL, whatever it is called; anything else is
/// CSV. A new format (Label Studio's JSON, Prodigy's JSONL) registers here with how it knows
/// itself from the first bytes.
public enum RecordFormats {
    /// What a reader may need besides the file: the import's options (a tool export's
    /// `--from-name`, `--item-key`, …) and the answers the project accepts, so that a tool's
    /// reader can name a bad answer by the tool's own coordinates (task id, JSON path).
    public struct Context: Sendable {
        public var options: ImportOptions
        /// The project's answers in label-set order (empty: not checked by the reader).
        public var answers: [String]
        /// Ask a reader that can to hash the bytes as it reads them.
        public var hashing: Bool

        public init(options: ImportOptions = ImportOptions(), answers: [String] = [], hashing: Bool = false) {
            self.options = options
            self.answers = answers
            self.hashing = hashing
        }
    }

    /// A format: its name, how it recognises a file from the file's first bytes, and its reader.
    public struct Format: Sendable {
        public let name: String
        public let recognises: @Sendable (_ firstBytes: [UInt8]) -> Bool
        public let open: @Sendable (_ path: String, _ context: Context) throws -> any RecordReader

        public init(name: String, recognises: @escaping @Sendable ([UInt8]) -> Bool,
                    open: @escaping @Sendable (String, Context) throws -> any RecordReader) {
            self.name = name
            self.recognises = recognises
            self.open = open
        }
    }

    /// JSON Lines: the first character that is not white space (after a byte-order mark) opens
    /// an object.
    public static let jsonl = Format(name: "jsonl", recognises: { firstSignificantByte($0) == UInt8(ascii: "{") },
                                     open: { path, _ in try JSONLReader(path: path) })
    /// A JSON array: recognised so that it gets a clear error rather than a confusing CSV one
    /// (Label Studio exports look like this; their reader will register before this entry).
    public static let jsonArray = Format(name: "json-array", recognises: { firstSignificantByte($0) == UInt8(ascii: "[") },
                                         open: { path, _ in
        throw DataFileError(file: path, line: 1, "the file holds a JSON array; Concord reads JSON Lines, one JSON object per line (line 1 is not a JSON object)")
    })
    /// RFC 4180 CSV with a header row: what every other table is read as.
    public static let csv = Format(name: "csv", recognises: { _ in true },
                                   open: { path, context in try CSVReader(path: path, hashing: context.hashing) })

    /// Label Studio's JSON export: an array of tasks (objects with `data` and `annotations`).
    public static let labelStudio = Format(name: "label-studio", recognises: { head in
        firstSignificantByte(head) == UInt8(ascii: "[") && (contains(head, "\"annotations\"") || contains(head, "\"data\""))
    }, open: { path, context in try LabelStudioReader(path: path, context: context) })
    /// Prodigy's JSONL: one decision per line, with Prodigy's `_input_hash` / `_task_hash`.
    public static let prodigy = Format(name: "prodigy", recognises: { head in
        firstSignificantByte(head) == UInt8(ascii: "{") && (contains(head, "\"_input_hash\"") || contains(head, "\"_task_hash\""))
    }, open: { path, context in try ProdigyReader(path: path, context: context) })

    /// Label Studio's JSON_MIN export: an array of flat objects, one per annotation.
    public static let labelStudioMin = Format(name: "label-studio-min", recognises: { head in
        firstSignificantByte(head) == UInt8(ascii: "[") && contains(head, "\"annotator\"") && !contains(head, "\"annotations\"")
    }, open: { path, context in try LabelStudioTableReader(path: path, context: context, csv: false) })
    /// Label Studio's CSV export: a header with `annotator` and `annotation_id`.
    public static let labelStudioCSV = Format(name: "label-studio-csv", recognises: { head in
        let header = head.prefix { $0 != 0x0A }.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        return header.contains("annotator") && header.contains("annotation_id")
    }, open: { path, context in try LabelStudioTableReader(path: path, context: context, csv: true) })

    /// The formats tried in order; CSV, which takes anything, last.
    public static let all: [Format] = [labelStudioMin, labelStudio, prodigy, jsonl, jsonArray, labelStudioCSV, csv]

    static func contains(_ head: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard head.count >= needle.count else { return false }
        return (0...(head.count - needle.count)).contains { head[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// The format of the file at `path`, from its first bytes.
    public static func format(of path: String) throws -> Format {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataFileError(file: path, "cannot open the file (\(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"))")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        return all.first { $0.recognises(head) } ?? csv
    }

    /// Opens a reader for the file at `path` in the format its content shows.
    public static func reader(for path: String, context: Context = Context()) throws -> any RecordReader {
        try format(of: path).open(path, context)
    }

    /// The first byte that is not white space, after a UTF-8 byte-order mark.
    static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        return rest.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    }
}
