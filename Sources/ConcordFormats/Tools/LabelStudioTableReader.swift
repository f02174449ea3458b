import Foundation

/// Label Studio's flat exports, JSON_MIN (a JSON array of flat objects) and CSV: one row per
/// annotation, the task's data fields as columns, the answer in a column named after the
/// choices control, and `annotator`, `annotation_id`, `created_at`, `updated_at`, `lead_time`.
/// Read as answers with Concord's column names (see `ToolAnswerRows`).
///
/// The label column is `--from-name`, else the one column whose values are the project's labels
/// (a multi-choice answer is written as `{"choices": [...]}` and refused). The item is `id` (or
/// `--item-key`, without its `data.` prefix), the text `text` (or `--text-key`); the other data
/// columns are the item's metadata.
public struct LabelStudioTableReader: RecordReader {
    public let file: String
    public var columns: [String] { rows.columns }
    public private(set) var bytesRead = 0
    public var itemMetadataColumns: [String]? { rows.metadataColumns }

    /// Columns Label Studio adds to every flat export; none of them describes the item.
    static let bookkeeping: Set<String> = ["annotator", "annotation_id", "created_at", "updated_at", "lead_time", "id"]

    private var rows = ToolAnswerRows()
    private var answerRows: [ToolAnswerRows.Row] = []
    private var index = 0
    private let totalBytes: Int

    /// The flat records: (line, column → value).
    typealias Record = (line: Int, fields: [String: String])

    public init(path: String, context: RecordFormats.Context, csv: Bool, displayName: String? = nil) throws {
        let file = displayName ?? path
        self.file = file
        totalBytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
        let (names, records) = csv ? try Self.csvRecords(path: path, file: file) : try Self.jsonRecords(path: path, file: file)
        guard !records.isEmpty else { throw DataFileError(file: file, "the file has no annotations") }
        let options = context.options
        let answers = Set(context.answers)
        let strip = { (path: String) in path.hasPrefix("data.") ? String(path.dropFirst(5)) : path }
        let itemColumn = options.itemKey.map(strip) ?? "id"
        let textColumn = options.textKey.map(strip) ?? "text"
        for required in [itemColumn, textColumn, "annotator"] where !names.contains(required) {
            throw DataFileError(file: file, line: 1, field: required, "no such column in this Label Studio export; the columns are: \(names.joined(separator: ", "))")
        }
        let labelColumn = try options.fromName ?? Self.labelColumn(names: names, excluding: [itemColumn, textColumn],
                                                                   first: records[0], answers: answers, file: file)
        let metadataNames = names.filter { !Self.bookkeeping.contains($0) && ![itemColumn, textColumn, labelColumn].contains($0) }
        _ = rows.declare(metadataNames)
        rows.freeze()
        for (line, fields) in records {
            guard let item = fields[itemColumn], !item.isEmpty else { throw DataFileError(file: file, line: line, field: itemColumn, "the item id is empty") }
            guard let label = fields[labelColumn], !label.isEmpty else { continue }
            if label.hasPrefix("{") {
                throw DataFileError(file: file, line: line, field: labelColumn, "several choices in one answer (\(label)); a single-label project takes one")
            }
            if !answers.isEmpty && !answers.contains(label) {
                throw DataFileError(file: file, line: line, field: labelColumn, "'\(label)' is not in the label set (\(context.answers.joined(separator: ", ")))")
            }
            guard let annotator = fields["annotator"], !annotator.isEmpty else {
                throw DataFileError(file: file, line: line, field: "annotator", "the annotator is empty")
            }
            let labeler = annotator.allSatisfy(\.isNumber) ? "user-\(annotator)" : annotator
            let seconds = fields["lead_time"]
            answerRows.append(rows.row(line: line, item: item, labeler: labeler, label: label, text: fields[textColumn], seconds: seconds,
                                       metadata: metadataNames.compactMap { name in fields[name].map { (name, $0) } }))
        }
    }

    public mutating func next(into values: inout [String?]) throws -> Int? {
        guard index < answerRows.count else { bytesRead = totalBytes; return nil }
        values = answerRows[index].values
        index += 1
        bytesRead = totalBytes * index / answerRows.count
        return answerRows[index - 1].line
    }

    /// The column holding the answers: the only one (besides item and text) whose first value is
    /// one of the project's labels.
    static func labelColumn(names: [String], excluding: [String], first: Record, answers: Set<String>, file: String) throws -> String {
        let candidates = names.filter { !bookkeeping.contains($0) && !excluding.contains($0) }
        let labelled = candidates.filter { name in first.fields[name].map { answers.contains($0) || $0.hasPrefix("{\"choices\"") } ?? false }
        guard labelled.count == 1 else {
            throw DataFileError(file: file, line: first.line, "cannot tell which column holds the answers (\(labelled.isEmpty ? "none of \(candidates.joined(separator: ", ")) holds a label" : labelled.joined(separator: ", "))); name it with --from-name")
        }
        return labelled[0]
    }

    static func csvRecords(path: String, file: String) throws -> ([String], [Record]) {
        var reader = try CSVReader(path: path)
        var values: [String?] = []
        var records: [Record] = []
        while let line = try reader.next(into: &values) {
            var fields: [String: String] = [:]
            for (name, value) in zip(reader.columns, values) { if let value { fields[name] = value } }
            records.append((line, fields))
        }
        return (reader.columns, records)
    }

    static func jsonRecords(path: String, file: String) throws -> ([String], [Record]) {
        var elements = try JSONArrayElements(path: path, file: file)
        var names: [String] = [], known = Set<String>()
        var records: [Record] = []
        while let (bytes, line) = try elements.next() {
            let object: JSONValueTree
            do { object = try JSONValueTree.parse(bytes) } catch let error as JSONValueTree.SyntaxError {
                throw DataFileError(file: file, line: line, "an annotation that is not valid JSON (\(error.message))")
            }
            guard let members = object.members else { throw DataFileError(file: file, line: line, "an annotation that is not a JSON object") }
            var fields: [String: String] = [:]
            for (key, value) in members {
                if !known.contains(key) { known.insert(key); names.append(key) }
                // A multi-choice answer is an object ({"choices": [...]}): kept as JSON text.
                if let text = value.scalarText { fields[key] = text } else if value != .null { fields[key] = value.jsonText }
            }
            records.append((line, fields))
        }
        return (names, records)
    }
}
