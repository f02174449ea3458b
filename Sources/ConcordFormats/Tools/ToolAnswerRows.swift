/// Answers read from another tool's export, as the rows of a long-form answers file with
/// Concord's own column names (`item`, `labeler`, `label`, `text`, `seconds`), followed by the
/// item's metadata fields. The import then treats them as it treats such a CSV file.
struct ToolAnswerRows {
    static let fixed = ["item", "labeler", "label", "text", "seconds"]

    private(set) var columns = ToolAnswerRows.fixed
    /// Metadata fields in the order first seen.
    var metadataColumns: [String] { Array(columns.dropFirst(Self.fixed.count)) }
    private var metadataIndex: [String: Int] = [:]
    /// Once frozen, a metadata field not seen before is an error (the column set of a reader
    /// cannot grow after the import planned its columns).
    private(set) var frozen = false

    struct Row {
        var line: Int
        var values: [String?]
    }

    /// Adds the metadata fields `names` (the item's fields besides its text). Returns the field
    /// that is new after the columns were frozen, if any.
    mutating func declare(_ names: [String]) -> String? {
        for name in names where metadataIndex[name] == nil {
            if frozen { return name }
            metadataIndex[name] = columns.count
            columns.append(name)
        }
        return nil
    }

    mutating func freeze() { frozen = true }

    /// One answer as a row aligned with `columns` (as they are when the row is read).
    func row(line: Int, item: String, labeler: String, label: String, text: String?, seconds: String?,
             metadata: [(String, String)]) -> Row {
        var values = [String?](repeating: nil, count: columns.count)
        values[0] = item
        values[1] = labeler
        values[2] = label
        values[3] = text
        values[4] = seconds
        for (name, value) in metadata { if let index = metadataIndex[name] { values[index] = value } }
        return Row(line: line, values: values)
    }
}
