import ConcordAnalysis
import ConcordFormats
import Foundation

/// One split as Label Studio tasks: a JSON array, one task per line, that Label Studio imports as
/// it is — the way back from Concord to a Label Studio project. One file per split, as in the other
/// formats (rather than one file with the split in each task's data): the manifest keeps its rows
/// and hash per split, `data` holds only the item's own fields, and one split can be imported
/// alone (the test split, to audit it).
///
/// A task's `id` is the item's row id in the project (an item keeps its task id from one export to
/// the next); Concord's item id is `data.item`, beside `data.text`, the group and the metadata.
/// Every current answer is an annotation by its labeler: `completed_by` is `{"email": NAME}`, the
/// form Label Studio matches against its members' emails, with `lead_time` when the answer's
/// seconds are known. The exported label is one more annotation, by `concord`, marked
/// `ground_truth`.
enum LabelStudioFile {
    /// Who the consensus annotation is by.
    static let consensusAnnotator = "concord"
    /// The names the results use for the choices and the text, as `label_config.xml` declares them.
    static let controlName = "label", objectName = "text"

    /// The key of a metadata field in a task's `data`: its column name in the other formats, and
    /// never `item`, which holds the item id.
    static func dataKey(_ field: String) -> String { field == "item" ? "meta_item" : DatasetFile.columnName(field) }

    /// Writes the tasks of the records at `order` to `url` and returns the file's SHA-256 (hex).
    /// `answers` is the rating table the records were read from (`Record.row` indexes it).
    static func write(_ records: [Exporter.Record], order: [Int], answers: RatingTable, columns: [String], hasGroups: Bool,
                      to url: URL) throws -> String {
        try ChunkedFile.write(order, suffix: Data((order.isEmpty ? "[]\n" : "\n]\n").utf8), to: url) { chunk, first in
            render(records, order: chunk, answers: answers, columns: columns, hasGroups: hasGroups, opening: first)
        }
    }

    /// The tasks at `order`, each on a line of its own and preceded by `[` (the first of the file,
    /// when `opening`) or by `,`.
    static func render(_ records: [Exporter.Record], order: ArraySlice<Int>, answers table: RatingTable, columns: [String],
                       hasGroups: Bool, opening: Bool) -> Data {
        var out = ""
        let keys = columns.map { "," + JSONText.quoted(dataKey($0)) + ":" }
        for (position, index) in order.enumerated() {
            out += opening && position == 0 ? "[\n" : ",\n"
            let record = records[index], item = Int(record.row)
            out += "{\"id\":\(table.itemID(ofItem: item)),\"data\":{\"text\":" + JSONText.quoted(record.text)
            out += ",\"item\":" + JSONText.quoted(record.key)
            if hasGroups, let group = record.group { out += ",\"group\":" + JSONText.quoted(group) }
            for (column, key) in zip(columns, keys) {
                guard let value = record.metadata.first(where: { $0.key == column })?.value else { continue }
                out += key + JSONText.quoted(value)
            }
            out += "},\"annotations\":["
            for rating in table.ratings(ofItem: item) {
                let seconds = table.secondsOfRating[rating]
                out += annotation(by: table.raters[Int(table.raterOfRating[rating])], label: table.categories[Int(table.categoryOfRating[rating])],
                                  seconds: seconds.isFinite && seconds >= 0 ? Double(seconds) : nil, groundTruth: false) + ","
            }
            out += annotation(by: consensusAnnotator, label: record.label, seconds: nil, groundTruth: true) + "]}"
        }
        return Data(out.utf8)
    }

    /// One annotation: a single choice of `label`, by `annotator`.
    static func annotation(by annotator: String, label: String, seconds: Double?, groundTruth: Bool) -> String {
        "{\"completed_by\":{\"email\":" + JSONText.quoted(annotator) + "},\"result\":[{\"type\":\"choices\",\"from_name\":\""
            + controlName + "\",\"to_name\":\"" + objectName + "\",\"value\":{\"choices\":[" + JSONText.quoted(label) + "]}}]"
            + (seconds.map { ",\"lead_time\":" + DatasetFile.fixed4($0) } ?? "")
            + ",\"was_cancelled\":false,\"ground_truth\":\(groundTruth)}"
    }
}
