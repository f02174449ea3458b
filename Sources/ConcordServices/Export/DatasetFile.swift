import ConcordAnalysis
import ConcordStore
import ConcordFormats
import ConcordDomain
import Foundation

/// One split as JSONL or CSV bytes (or the hf layout's JSONL). Every record has the same columns
/// in the same order — id, text, label, group (when grouped), each metadata field, n_labels,
/// agreement, consensus — so pandas and Hugging Face `datasets` read every split with one schema.
/// Numbers are written with fixed precision, so the bytes are the same on every machine.
enum DatasetFile {
    static let reserved: Set<String> = ["id", "text", "label", "group", "n_labels", "agreement", "consensus"]

    static func columnName(_ field: String) -> String { reserved.contains(field) ? "meta_" + field : field }

    /// In the hf layout `label_name` is taken too: the label's name beside its class index.
    static func columnName(_ field: String, format: ExportOptions.Format) -> String {
        format == .hf && field == "label_name" ? "meta_label_name" : columnName(field)
    }

    /// The columns of a split file, in order.
    static func header(format: ExportOptions.Format, hasGroups: Bool, columns: [String]) -> [String] {
        ["id", "text", "label"] + (format == .hf ? ["label_name"] : []) + (hasGroups ? ["group"] : [])
            + columns.map { columnName($0, format: format) } + ["n_labels", "agreement", "consensus"]
    }

    /// Writes the records at `order` to `url` and returns the file's SHA-256 (hex). `classIndex`:
    /// each label's class index, for the hf layout.
    static func write(_ records: [Exporter.Record], order: [Int], columns: [String], format: ExportOptions.Format,
                      hasGroups: Bool, classIndex: [String: Int] = [:], to url: URL) throws -> String {
        try ChunkedFile.write(order, to: url) { chunk, first in
            render(records, order: chunk, columns: columns, format: format, hasGroups: hasGroups, classIndex: classIndex, header: first)
        }
    }

    /// The records at `order` as bytes (with the CSV header when `header`).
    static func render(_ records: [Exporter.Record], order: ArraySlice<Int>, columns: [String], format: ExportOptions.Format,
                       hasGroups: Bool, classIndex: [String: Int] = [:], header withHeader: Bool = true) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(order.count * 200)
        let header = header(format: format, hasGroups: hasGroups, columns: columns)
        // Each JSON key with its quotes, comma and colon, built once.
        let keys = header.enumerated().map { Array(($0.offset == 0 ? "{" : ",").utf8) + Array(JSONText.quoted($0.element).utf8) + [0x3A] }
        if format == .csv && withHeader { out += Array((header.map(csvField).joined(separator: ",") + "\n").utf8) }
        for index in order {
            let record = records[index]
            var values: [String?] = [record.key, record.text, record.label]
            if hasGroups { values.append(record.group) }
            for column in columns { values.append(record.metadata.first { $0.key == column }?.value) }
            let agreement = fixed4(record.agreement)
            switch format {
            case .jsonl:
                for (position, value) in values.enumerated() {
                    out += keys[position]
                    if let value { out += JSONText.quoted(value).utf8 } else { out += "null".utf8 }
                }
                out += keys[values.count]; out += String(record.labels).utf8
                out += keys[values.count + 1]; out += agreement.utf8
                out += keys[values.count + 2]; out += JSONText.quoted(record.how).utf8
                out += "}\n".utf8
            case .hf:
                // The label as its class index (the card's ClassLabel), then every value as in
                // JSONL, the label's name first: one key further on from there.
                out += keys[0]; out += JSONText.quoted(record.key).utf8
                out += keys[1]; out += JSONText.quoted(record.text).utf8
                out += keys[2]; out += String(classIndex[record.label] ?? -1).utf8
                for (position, value) in values.enumerated().dropFirst(2) {
                    out += keys[position + 1]
                    if let value { out += JSONText.quoted(value).utf8 } else { out += "null".utf8 }
                }
                out += keys[values.count + 1]; out += String(record.labels).utf8
                out += keys[values.count + 2]; out += agreement.utf8
                out += keys[values.count + 3]; out += JSONText.quoted(record.how).utf8
                out += "}\n".utf8
            case .csv:
                for (position, value) in values.enumerated() {
                    if position > 0 { out.append(0x2C) }
                    if let value { out += csvField(value).utf8 }
                }
                out += ",\(record.labels),\(agreement),\(record.how)\n".utf8
            case .labelStudio:
                preconditionFailure("Label Studio tasks are written by LabelStudioFile")
            }
        }
        return Data(out)
    }

    /// A share with exactly four decimals ("0.6667"), without Foundation's slow formatter.
    static func fixed4(_ value: Double) -> String {
        let scaled = Int((value * 10_000).rounded())
        let fraction = String(scaled % 10_000)
        return "\(scaled / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    /// RFC 4180: quoted when it holds a comma, quote, CR or LF, or begins or ends with a space.
    static func csvField(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || value.first == " " || value.last == " "
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
