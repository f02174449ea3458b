import ConcordDomain
import GRDB

/// One record of an import file, checked and shaped from its text alone: everything about a row
/// that needs no database. Made on the parsing thread (`ImportRecords`), so the writing thread
/// only looks ids up and binds values.
struct ImportRecord {
    let line: Int
    let itemKey: String
    /// The item's id, when the reading thread could find it (see `ImportRecords`).
    var itemID: Int64?
    /// The item the record creates or must match: set for an items file, and for an annotation
    /// file that carries item text.
    var item: ItemFields?
    /// Annotation fields; empty for an items file.
    var labeler = ""
    var label = ""
    var note: String?
    var seconds: Double?
}

/// What an item row says about its item. `metadata` is the JSON object written to the database,
/// its keys in column order, so equal rows give equal text.
struct ItemFields: Equatable {
    let payload: String
    let group: String?
    let metadata: String
}

/// Turns the values of a record into an `ImportRecord`, or throws the error naming its line and
/// field. Pure: it reads only the layout and the label set it was made with.
struct RecordShaper {
    let layout: ColumnLayout
    let file: String
    let columns: [String]
    /// The answers a labeler may give, as a set: checked on every annotation row.
    let answerNames: Set<String>
    /// The same answers in the config's order, for the error message.
    let answerList: [String]

    /// nil when `--where` leaves the record out.
    func shape(_ values: [String?], line: Int) throws -> ImportRecord? {
        guard layout.passesFilters(values) else { return nil }
        let key = try required(values, layout.id!, line: line, what: layout.form == .items ? "id" : "item")
        var record = ImportRecord(line: line, itemKey: key)
        if layout.form == .annotations { try shapeAnswer(values, line: line, into: &record) }
        if let text = layout.text {
            record.item = ItemFields(payload: try required(values, text, line: line, what: "text"),
                                     group: layout.group.flatMap { values[$0] }.flatMap { $0.isEmpty ? nil : $0 },
                                     metadata: metadataJSON(values))
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
struct PackedItems {
    static let fieldsPerRow = 4
    var lines: [Int] = []
    var bytes: [UInt8] = []
    /// Per row and field: offset into `bytes` and length; length -1 is NULL (no group).
    var spans: [(offset: Int, count: Int)] = []

    var count: Int { lines.count }

    mutating func append(_ record: ImportRecord) {
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
    func record(_ row: Int, in buffer: UnsafeBufferPointer<UInt8>) -> ImportRecord {
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
    func field(_ row: Int, _ field: Int, in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let span = spans[row * Self.fieldsPerRow + field]
        guard span.count >= 0 else { return nil }
        return UnsafeBufferPointer(rebasing: buffer[span.offset..<span.offset + span.count])
    }
}

/// The records of one file, read and shaped on a thread of their own (`ReadAhead`), in batches.
/// A bad record ends its batch with the error, after the records before it.
final class ImportRecords {
    struct Batch {
        /// The records of an annotation file.
        var records: [ImportRecord] = []
        /// The records of an items file, packed (see PackedItems).
        var items = PackedItems()
        /// Running totals from the start of the file.
        var rowsRead = 0
        var filteredOut = 0
        var bytesRead = 0
        /// With the last batch: the file's SHA-256, if the reader hashed it as it read.
        var contentSHA256: String?
        var error: Error?
        var isLast = false
    }

    private let readAhead: ReadAhead<Batch>
    private var finished = false

    /// Starts reading. With `itemKeysFrom`, the reading thread also finds the id of each record's
    /// item through a connection of its own (ItemKeyResolver), which takes that work off the
    /// writing thread. Its snapshot is the database as committed, so pass it only when every
    /// item the file may name was committed before the import began.
    init(reader: any RecordReader, shaper: RecordShaper, itemKeysFrom pool: DatabasePool? = nil, recordsPerBatch: Int = 2048) {
        let packItems = shaper.layout.form == .items
        readAhead = ReadAhead { send in
            var reader = reader
            var values: [String?] = []
            var totals = Batch()
            var previous: (key: String, id: Int64)?
            func produce(_ itemKeys: ItemKeyResolver?) {
                while true {
                    var batch = Batch()
                    var shaped = 0
                    if packItems {
                        batch.items.spans.reserveCapacity(recordsPerBatch * PackedItems.fieldsPerRow)
                    } else {
                        batch.records.reserveCapacity(recordsPerBatch)
                    }
                    do {
                        while shaped < recordsPerBatch, let line = try reader.next(into: &values) {
                            totals.rowsRead += 1
                            guard var record = try shaper.shape(values, line: line) else {
                                totals.filteredOut += 1
                                continue
                            }
                            if packItems {
                                batch.items.append(record)
                            } else {
                                if let itemKeys, record.item == nil {
                                    if let previous, previous.key == record.itemKey {
                                        record.itemID = previous.id
                                    } else if let id = try itemKeys.id(for: record.itemKey) {
                                        record.itemID = id
                                        previous = (record.itemKey, id)
                                    }
                                }
                                batch.records.append(record)
                            }
                            shaped += 1
                        }
                        batch.isLast = shaped < recordsPerBatch
                    } catch {
                        batch.error = error
                        batch.isLast = true
                    }
                    batch.rowsRead = totals.rowsRead
                    batch.filteredOut = totals.filteredOut
                    batch.bytesRead = reader.bytesRead
                    if batch.isLast { batch.contentSHA256 = reader.contentSHA256 }
                    guard send(batch), !batch.isLast else { return }
                }
            }
            if let pool, (try? pool.read({ db in produce(ItemKeyResolver(db)) })) != nil { return }
            produce(nil)  // no reading connection: the writer finds the items
        }
    }

    /// The next batch, or nil after the last one.
    func next() -> Batch? {
        guard !finished else { return nil }
        let batch = readAhead.next()
        finished = batch.isLast
        return batch
    }

    /// Lets the reading thread end; call when done, also on error.
    func stop() { readAhead.stop() }
}
