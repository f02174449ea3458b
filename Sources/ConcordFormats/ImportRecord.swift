import ConcordDomain
import Foundation

/// One record of an import file, checked and shaped from its text alone: everything about a row
/// that needs no database. Made on the parsing thread (`ImportRecords`), so the writing thread
/// only looks ids up and binds values.
public struct ImportRecord {
    public let line: Int
    public let itemKey: String
    /// The item's id, when the reading thread could find it (see `ImportRecords`).
    public var itemID: Int64?
    /// The item the record creates or must match: set for an items file, and for an annotation
    /// file that carries item text (or that creates its items: `--create-items`).
    public var item: ItemFields?
    /// The item comes from an answers file without text (`--create-items`): it is created with
    /// empty text when new, and an item already in the project is taken as it is.
    public var itemFromKeyOnly = false
    /// Annotation fields; empty for an items file and for an item-only record.
    public var labeler = ""
    public var label = ""
    public var note: String?
    public var seconds: Double?
    /// A retest: the labeler's repeated answer, kept apart from their first.
    public var isRetest = false
}

/// What an item row says about its item. `metadata` is the JSON object written to the database,
/// its keys in column order, so equal rows give equal text.
public struct ItemFields: Equatable {
    public let payload: String
    public let group: String?
    public let metadata: String
}

/// Turns the values of a record into an `ImportRecord`, or throws the error naming its line and
/// field. Pure: it reads only the layout and the label set it was made with.
public struct RecordShaper {
    public let layout: ColumnLayout
    public let file: String
    public let columns: [String]
    /// The answers a labeler may give, as a set: checked on every annotation row.
    public let answerNames: Set<String>
    /// The same answers in the config's order, for the error message.
    public let answerList: [String]

    /// Items named by an answers file without text are created (`--create-items`).
    public let createsItems: Bool

    public init(layout: ColumnLayout, file: String, columns: [String], answerNames: Set<String>, answerList: [String],
                createsItems: Bool = false) {
        self.layout = layout
        self.createsItems = createsItems
        self.file = file
        self.columns = columns
        self.answerNames = answerNames
        self.answerList = answerList
    }

    /// The previous record's item: a long-form file repeats an item's fields on each of its rows,
    /// and they are shaped once (the metadata JSON was a sixth of reading a tool's export).
    private var previousItem: (key: String, values: [String?], fields: ItemFields)?

    /// nil when `--where` leaves the record out.
    public mutating func shape(_ values: [String?], line: Int) throws -> ImportRecord? {
        guard layout.passesFilters(values) else { return nil }
        let key = try required(values, layout.id!, line: line, what: layout.form == .items ? "id" : "item")
        var record = ImportRecord(line: line, itemKey: key)
        let itemOnly = layout.itemOnlyRecords && layout.form == .annotations && values[layout.labeler!] == nil && values[layout.label!] == nil
        if layout.form == .annotations && !itemOnly { try shapeAnswer(values, line: line, into: &record) }
        if let text = layout.text {
            if layout.form == .annotations, let previous = previousItem, previous.key == key, sameItemFields(values, previous.values) {
                record.item = previous.fields
            } else {
                let fields = ItemFields(payload: try required(values, text, line: line, what: "text"),
                                        group: layout.group.flatMap { values[$0] }.flatMap { $0.isEmpty ? nil : $0 },
                                        metadata: metadataJSON(values))
                record.item = fields
                // Only long-form answer files repeat an item; holding an items file's row would
                // make the reader copy every row's values.
                if layout.form == .annotations { previousItem = (key, values, fields) }
            }
        } else if createsItems && layout.form == .annotations {
            record.item = ItemFields(payload: "", group: layout.group.flatMap { values[$0] }.flatMap { $0.isEmpty ? nil : $0 },
                                     metadata: metadataJSON(values))
            record.itemFromKeyOnly = true
        }
        return record
    }

    /// The answer fields, checked in the order the per-row importer checked them (a row with
    /// two faults names the same field as before).
    private func shapeAnswer(_ values: [String?], line: Int, into record: inout ImportRecord) throws {
        record.labeler = try required(values, layout.labeler!, line: line, what: "labeler")
        if let problem = Names.problem(record.labeler) {
            throw DataFileError(file: file, line: line, field: columns[layout.labeler!], "the labeler's name \(problem)")
        }
        record.label = try required(values, layout.label!, line: line, what: "label")
        guard answerNames.contains(record.label) else {
            throw DataFileError(file: file, line: line, field: columns[layout.label!],
                                "unknown label '\(record.label)'; the project's answers are: \(answerList.joined(separator: ", "))")
        }
        record.note = layout.note.flatMap { values[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        if let flag = layout.repeatFlag, let value = values[flag] {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            record.isRetest = !trimmed.isEmpty && trimmed != "0"
        }
        if let index = layout.time, let text = values[index], !text.isEmpty {
            guard let value = Double(text), value >= 0, value.isFinite else {
                throw DataFileError(file: file, line: line, field: columns[index], "'\(text)' is not a number of seconds")
            }
            record.seconds = value
        }
    }

    /// The metadata columns with a value, as a JSON object in column order.
    private func metadataJSON(_ values: [String?]) -> String {
        var json = "{"
        for index in layout.metadata {
            guard let value = values[index], !value.isEmpty else { continue }
            if json.utf8.count > 1 { json += "," }
            json += JSONText.quoted(columns[index])
            json += ":"
            json += JSONText.quoted(value)
        }
        return json + "}"
    }

    /// Whether two rows say the same of their item: text, group and metadata.
    private func sameItemFields(_ a: [String?], _ b: [String?]) -> Bool {
        guard let text = layout.text, a[text] == b[text] else { return false }
        if let group = layout.group, a[group] != b[group] { return false }
        return layout.metadata.allSatisfy { a[$0] == b[$0] }
    }

    private func required(_ values: [String?], _ index: Int, line: Int, what: String) throws -> String {
        guard let value = values[index], value.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
            throw DataFileError(file: file, line: line, field: columns[index], "the \(what) is empty")
        }
        return value
    }
}

/// The rows of an items file as the bytes the database will store: key, payload, group and
/// metadata of each row, one after another in one buffer. The writing thread binds them in place
/// (no copy, no String to retain or free); strings made on one thread and freed on another cost
/// the allocator a lock each time.
public struct PackedItems {
    public static let fieldsPerRow = 4

    public init() {}
    public var lines: [Int] = []
    public var bytes: [UInt8] = []
    /// Per row and field: offset into `bytes` and length; length -1 is NULL (no group).
    public var spans: [(offset: Int, count: Int)] = []

    public var count: Int { lines.count }

    public mutating func append(_ record: ImportRecord) {
        lines.append(record.line)
        func add(_ text: String?) {
            guard var text else { spans.append((bytes.count, -1)); return }
            text.withUTF8 { utf8 in
                spans.append((bytes.count, utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }
        let fields = record.item!
        add(record.itemKey)
        add(fields.payload)
        add(fields.group)
        add(fields.metadata)
    }

    /// The record again, for the rare row that needs a closer look (a known key).
    public func record(_ row: Int, in buffer: UnsafeBufferPointer<UInt8>) -> ImportRecord {
        func text(_ field: Int) -> String? {
            let span = spans[row * Self.fieldsPerRow + field]
            guard span.count >= 0 else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[span.offset..<span.offset + span.count]), as: UTF8.self)
        }
        var record = ImportRecord(line: lines[row], itemKey: text(0)!)
        record.item = ItemFields(payload: text(1)!, group: text(2), metadata: text(3)!)
        return record
    }

    /// The bytes of one field of one row (nil for NULL), valid while `buffer` is.
    public func field(_ row: Int, _ field: Int, in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let span = spans[row * Self.fieldsPerRow + field]
        guard span.count >= 0 else { return nil }
        return UnsafeBufferPointer(rebasing: buffer[span.offset..<span.offset + span.count])
    }
}
