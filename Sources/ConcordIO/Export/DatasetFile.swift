import Foundation

/// One split as JSONL or CSV bytes. Every record has the same columns in the same order — id,
/// text, label, group (when grouped), each metadata field, n_labels, agreement, consensus — so
/// pandas and Hugging Face `datasets` read every split with one schema. Numbers are written with
/// fixed precision, so the bytes are the same on every machine.
enum DatasetFile {
    static let reserved: Set<String> = ["id", "text", "label", "group", "n_labels", "agreement", "consensus"]

    static func columnName(_ field: String) -> String { reserved.contains(field) ? "meta_" + field : field }

    static func render(_ records: [Exporter.Record], columns: [String], format: ExportOptions.Format, hasGroups: Bool) -> Data {
        var out = ""
        out.reserveCapacity(records.count * 160)
        let header = ["id", "text", "label"] + (hasGroups ? ["group"] : []) + columns.map(columnName) + ["n_labels", "agreement", "consensus"]
        if format == .csv { out += header.map(csvField).joined(separator: ",") + "\n" }
        for record in records {
            var values: [String?] = [record.key, record.text, record.label]
            if hasGroups { values.append(record.group) }
            for column in columns { values.append(record.metadata.first { $0.key == column }?.value) }
            let agreement = String(format: "%.4f", record.agreement)
            switch format {
            case .jsonl:
                out += "{"
                for (index, name) in header.enumerated() {
                    if index > 0 { out += "," }
                    out += JSONText.quoted(name) + ":"
                    if name == "n_labels" { out += String(record.labels) }
                    else if name == "agreement" { out += agreement }
                    else if name == "consensus" { out += JSONText.quoted(record.how) }
                    else { out += values[index].map(JSONText.quoted) ?? "null" }
                }
                out += "}\n"
            case .csv:
                let row = values.map { $0.map(csvField) ?? "" } + [String(record.labels), agreement, record.how]
                out += row.joined(separator: ",") + "\n"
            }
        }
        return Data(out.utf8)
    }

    /// RFC 4180: quoted when it holds a comma, quote, CR or LF, or begins or ends with a space.
    static func csvField(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || value.first == " " || value.last == " "
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
