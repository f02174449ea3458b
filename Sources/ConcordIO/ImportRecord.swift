import ConcordDomain

/// One record of an import file, checked and shaped from its text alone: everything about a row
/// that needs no database. Made on the parsing thread (`ImportRecords`), so the writing thread
/// only looks ids up and binds values.
struct ImportRecord {
    let line: Int
    let itemKey: String
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
        if let text = layout.text {
            record.item = ItemFields(payload: try required(values, text, line: line, what: "text"),
                                     group: layout.group.flatMap { values[$0] }.flatMap { $0.isEmpty ? nil : $0 },
                                     metadata: metadataJSON(values))
        }
        guard layout.form == .annotations else { return record }
        record.labeler = try required(values, layout.labeler!, line: line, what: "labeler")
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
        return record
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

/// The records of one file, read and shaped on a thread of their own (`ReadAhead`), in batches.
/// A bad record ends its batch with the error, after the records before it.
final class ImportRecords {
    struct Batch {
        var records: [ImportRecord] = []
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

    init(reader: any RecordReader, shaper: RecordShaper, recordsPerBatch: Int = 2048) {
        var reader = reader
        var values: [String?] = []
        var totals = Batch()
        readAhead = ReadAhead {
            var batch = Batch()
            batch.records.reserveCapacity(recordsPerBatch)
            do {
                while batch.records.count < recordsPerBatch, let line = try reader.next(into: &values) {
                    totals.rowsRead += 1
                    if let record = try shaper.shape(values, line: line) {
                        batch.records.append(record)
                    } else {
                        totals.filteredOut += 1
                    }
                }
                batch.isLast = batch.records.count < recordsPerBatch
            } catch {
                batch.error = error
                batch.isLast = true
            }
            batch.rowsRead = totals.rowsRead
            batch.filteredOut = totals.filteredOut
            batch.bytesRead = reader.bytesRead
            if batch.isLast { batch.contentSHA256 = reader.contentSHA256 }
            return (batch, batch.isLast)
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
