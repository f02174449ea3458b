import Foundation

/// Prodigy's JSONL (`prodigy db-out`), read as answers: one line is one annotator's decision.
///
/// - Labeler: `_annotator_id`, else `_session_id`; the dataset prefix Prodigy puts before the
///   last `-` is stripped when every line shares it. A file without either is one annotator's,
///   named `prodigy`.
/// - Item: `_input_hash`, or `--item-key PATH` (e.g. `meta.id`). Text: `text`. The scalar
///   fields of `meta` are the item's metadata.
/// - Label: with `options`, the one accepted option (`accept`) of an accepted line; for a
///   binary decision, `label` when accepted, and `--reject-as LABEL` when rejected (else the
///   line is refused). `ignore` is a skip, never an answer.
public struct ProdigyReader: RecordReader {
    public let file: String
    public var columns: [String] { rows.columns }
    public private(set) var bytesRead = 0
    public var itemMetadataColumns: [String]? { rows.metadataColumns }

    /// The labeler of a file that names none.
    public static let soleAnnotator = "prodigy"

    private var rows = ToolAnswerRows()
    private var answerRows: [ToolAnswerRows.Row] = []
    private var index = 0
    private let totalBytes: Int

    public init(path: String, context: RecordFormats.Context, displayName: String? = nil) throws {
        let file = displayName ?? path
        self.file = file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(file: file, "cannot open the file (missing or not readable)")
        }
        totalBytes = data.count
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines: [(line: Int, object: JSONValueTree)] = []
        for (offset, raw) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where raw.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
            let object: JSONValueTree
            do { object = try JSONValueTree.parse(Array(raw)) } catch let error as JSONValueTree.SyntaxError {
                throw DataFileError(file: file, line: offset + 1, "a line that is not valid JSON (\(error.message))")
            }
            guard object.members != nil else { throw DataFileError(file: file, line: offset + 1, "a line that is not a JSON object") }
            lines.append((offset + 1, object))
        }
        guard !lines.isEmpty else { throw DataFileError(file: file, "the file is empty (expected one Prodigy decision per line)") }
        let labelers = Self.labelers(lines.map { ($0.object["_annotator_id"] ?? $0.object["_session_id"])?.scalarText })
        let answers = Set(context.answers)
        let options = context.options
        for ((line, object), labeler) in zip(lines, labelers) {
            func problem(_ field: String, _ message: String) -> DataFileError { DataFileError(file: file, line: line, field: field, message) }
            guard let label = try Self.label(of: object, rejectAs: options.rejectAs, problem: problem) else { continue }
            if !answers.isEmpty && !answers.contains(label) {
                throw problem("label", "'\(label)' is not in the label set (\(context.answers.joined(separator: ", ")))")
            }
            let itemPath = options.itemKey ?? "_input_hash"
            guard let item = object.value(at: itemPath)?.scalarText, !item.isEmpty else {
                throw problem(itemPath, "no item id here" + (options.itemKey == nil ? " (name one with --item-key, e.g. meta.id)" : ""))
            }
            let text = object.value(at: options.textKey ?? "text")?.scalarText
            let metadata = (object["meta"]?.members ?? []).compactMap { field in field.value.scalarText.map { (field.key, $0) } }
            _ = rows.declare(metadata.map(\.0))
            answerRows.append(rows.row(line: line, item: item, labeler: labeler, label: label, text: text, seconds: nil, metadata: metadata))
        }
        rows.freeze()
    }

    public mutating func next(into values: inout [String?]) throws -> Int? {
        guard index < answerRows.count else { bytesRead = totalBytes; return nil }
        let row = answerRows[index]
        index += 1
        values = row.values + [String?](repeating: nil, count: rows.columns.count - row.values.count)
        bytesRead = totalBytes * index / answerRows.count
        return row.line
    }

    /// Each line's labeler, with the dataset prefix (up to the last `-`) stripped when every line
    /// shares it.
    static func labelers(_ raw: [String?]) -> [String] {
        let prefixes = Set(raw.map { name -> String? in
            guard let name, let dash = name.lastIndex(of: "-") else { return nil }
            return String(name[...dash])
        })
        let shared = prefixes.count == 1 ? prefixes.first! : nil
        return raw.map { name in
            guard let name, !name.isEmpty else { return soleAnnotator }
            if let shared, name.count > shared.count { return String(name.dropFirst(shared.count)) }
            return name
        }
    }

    /// The line's label, or nil when it is no answer (ignored, rejected options, nothing accepted).
    static func label(of object: JSONValueTree, rejectAs: String?, problem: (String, String) -> DataFileError) throws -> String? {
        let answer = object["answer"]?.string ?? ""
        switch answer {
        case "ignore": return nil
        case "accept", "reject": break
        default: throw problem("answer", "'\(answer)' is not a Prodigy answer (accept, reject or ignore)")
        }
        if object["options"]?.array != nil {
            guard answer == "accept" else { return nil }
            let accepted = (object["accept"]?.array ?? []).compactMap(\.scalarText)
            guard accepted.count <= 1 else {
                throw problem("accept", "\(accepted.count) accepted options (\(accepted.joined(separator: ", "))); a single-label project takes one")
            }
            return accepted.first
        }
        guard let label = object["label"]?.string, !label.isEmpty else {
            throw problem("label", "neither options nor a label: not a classification decision")
        }
        if answer == "accept" { return label }
        guard let rejectAs else {
            throw problem("answer", "a rejected '\(label)'; say which label a rejection counts as with --reject-as LABEL")
        }
        return rejectAs
    }
}
