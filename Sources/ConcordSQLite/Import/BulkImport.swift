import ConcordDomain
import ConcordFormats
import ConcordStore
import Foundation
import GRDB

/// Imports items and long-form annotations into a project. All files of one run land in one
/// transaction: whole, or (on the first bad record) not at all, with an error naming file, line
/// and field. Re-importing a file changes nothing: a file already imported (same SHA-256, under
/// any name) is passed over, an item id seen before must carry the same payload, and a row that
/// restates a labeler's current answer appends nothing.
///
/// Where the time goes at a million rows, and what keeps it within 2× of the sqlite3 shell's
/// `.import` (`concord-bench import`): the file is parsed, checked and hashed on a second thread
/// (`ImportRecords`); rows go 128 to a statement; the tables the log's triggers maintain are
/// derived once at the end (`BulkLoad`).
extension SQLiteStore {
    public func importFiles(_ files: [String], context: ImportContext, progress: ((Int, Int) -> Void)?) throws -> [FileImportReport] {
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        let totalBytes = sizes.reduce(0, +)
        return try pool.writeWithoutTransaction { db in
            // Every id this import writes was looked up or created by itself in the same
            // transaction, so SQLite's foreign-key checks would only re-prove it (≈25% of the
            // insert time at a million rows). They are back on before the connection is reused.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            // The tables written outgrow SQLite's default 2 MB page cache at a million rows; 64 MB
            // keeps their hot pages in memory while importing (256 MB measured no faster).
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // One large transaction: its commit need not sync the log; the checkpoint below writes
            // it into the database file and syncs that, so the import is durable when this returns.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            defer {
                try? db.execute(sql: "PRAGMA foreign_keys = ON")
                try? db.execute(sql: "PRAGMA cache_size = -2000")
                try? db.execute(sql: "PRAGMA synchronous = FULL")
            }
            var reports: [FileImportReport] = []
            try db.inTransaction(.immediate) {
                // Current answers and item counts are derived once at the end, not per row (BulkLoad).
                try BulkLoad.run(db) { newAnswers in
                    let session = try ImportSession(db: db, store: self, context: context, newAnswers: newAnswers)
                    var bytesBefore = 0
                    for (file, size) in zip(files, sizes) {
                        let report = try session.importFile(file, bytes: size) { read in progress?(bytesBefore + read, totalBytes) }
                        reports.append(report)
                        bytesBefore += size
                    }
                }
                return .commit
            }
            try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
            return reports
        }
    }
}

/// The state of one import transaction: caches of ids, and the prepared statements. Files are
/// read and their records shaped on a second thread (`ImportRecords`); this side looks ids up
/// and writes.
private final class ImportSession {
    private let db: Database
    private let store: SQLiteStore
    private let config: ProjectConfig
    private let options: ImportOptions
    private let labelSet: LabelSet
    private let answerNames: Set<String>
    /// The same, in label-set order (then any a schema change made), for tool readers' messages.
    private let answerList: [String]
    private let guidelineVersionID: Int64?
    private let now = Clock.nowMillis()

    private lazy var itemKeys = ItemKeyResolver(db)
    private var labelerIDs = NameIDs()
    private var labelIDs = NameIDs()
    /// The item of the previous record, so the repeated rows of a long-form file cost no lookup.
    private var lastItem: (key: String, fields: ItemFields?, id: Int64)?
    /// Items with this row id or higher were created by this import.
    private let firstNewItemID: Int64
    /// The label each (item, labeler) pair got in this import, and its note if it had one: the
    /// `answers` table catches up only when the import ends (BulkLoad), so a repeat is checked here.
    private var answersWritten = PairLabelMap()
    private var notesWritten: [Int64: String] = [:]
    private let answersExisted: Bool
    /// Where each answer a labeler did not have before is counted (BulkLoad).
    private let newAnswers: BulkLoad.NewAnswers

    /// Items of an items file, a batch to a statement; RETURNING tells new keys from known ones.
    private lazy var insertItemRows = MultiRowStatement(db) { rows in
        """
        INSERT INTO items (key, payload, group_key, metadata, created_at)
        VALUES \(MultiRowStatement.placeholders(rows: rows, columns: 5))
        ON CONFLICT(key) DO NOTHING RETURNING key, id
        """
    }

    private lazy var insertItem = try! BulkStatement(db, sql: """
        INSERT INTO items (key, payload, group_key, metadata, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(key) DO NOTHING
        """)
    private lazy var storedItemQuery = try! BulkStatement(db, sql: "SELECT id, payload, group_key, metadata FROM items WHERE key = ?")
    private lazy var insertRetest = try! BulkStatement(db, sql: """
        INSERT INTO retests (item_id, labeler_id, label_id, seconds, import_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
        """)
    /// The import being written (retests record it).
    private var importID: Int64 = 0
    private lazy var currentAnswerQuery = try! BulkStatement(db, sql: """
        SELECT a.label_id, e.note FROM answers a JOIN annotation_events e ON e.id = a.event_id
        WHERE a.item_id = ? AND a.labeler_id = ?
        """)

    init(db: Database, store: SQLiteStore, context: ImportContext, newAnswers: BulkLoad.NewAnswers) throws {
        self.db = db
        self.newAnswers = newAnswers
        self.store = store
        config = context.config
        options = context.options
        labelSet = context.config.labelSet
        answerNames = Set(labelSet.answerNames).union(context.answerNames)
        answerList = labelSet.answerNames + context.answerNames.subtracting(labelSet.answerNames).sorted()
        guidelineVersionID = try context.guideline.map {
            try SQLiteStore.guidelineVersionID(db, $0, path: context.config.guidelines)
        }
        answersExisted = try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM answers)") == 1
        firstNewItemID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM items") ?? 0) + 1
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labelers") { labelerIDs.add(row["name"], id: row["id"]) }
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labels") { labelIDs.add(row["name"], id: row["id"]) }
    }

    /// Imports one file of `bytes` bytes.
    func importFile(_ path: String, bytes: Int, progress: (Int) -> Void) throws -> FileImportReport {
        // "Already imported" means this file's bytes read with these options: the same file with
        // another --where or column mapping is another import. Hashing first costs a whole read
        // (0.1 s per 86 MB), so it is done first only when an earlier import had the file's size
        // (or an unknown size); otherwise a CSV file is hashed as it is parsed.
        let sizeSeenBefore = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE bytes IS NULL OR bytes = ?)",
                                               arguments: [bytes]) == true
        let format = try RecordFormats.format(of: path)
        let reader = try format.open(path, RecordFormats.Context(options: options, answers: answerList, hashing: !sizeSeenBefore))
        let layout = try ColumnLayout(reader: reader, options: options, config: config)
        var report = FileImportReport(file: reader.file, form: layout.form)
        report.format = format.name
        report.ignoredColumns = layout.ignored.map { reader.columns[$0] }
        var hash: String?
        if sizeSeenBefore || !(reader is CSVReader) {
            hash = fingerprinted(try Hashing.sha256Hex(fileAt: path))
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE sha256 = ?)", arguments: [hash]) == true {
                report.alreadyImported = true
                return report
            }
        }
        try db.execute(sql: "INSERT INTO imports (file, sha256, bytes, rows, items_added, events_added, created_at) VALUES (?, ?, ?, 0, 0, 0, ?)",
                       arguments: [URL(fileURLWithPath: path).lastPathComponent, hash ?? "", bytes, now])
        let importID = db.lastInsertedRowID
        self.importID = importID
        let events = LabelEventBatch(db, guidelineVersionID: guidelineVersionID, importID: importID, createdAt: now)
        let labelersBefore = labelerIDs.count
        let shaper = RecordShaper(layout: layout, file: reader.file, columns: reader.columns,
                                  answerNames: answerNames, answerList: labelSet.answerNames, createsItems: options.createItems)
        let names = ColumnNames(layout: layout, columns: reader.columns, file: reader.file)

        let lastItemID = try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM items") ?? 0
        if layout.form == .annotations && answersWritten.count == 0 {
            // About one answer per 25 bytes of a long-form file: sized once, the map rarely grows.
            answersWritten = PairLabelMap(pairs: min(bytes / 25, 1 << 26), maxItem: lastItemID)
        }
        itemKeys.restart()
        // When every item this file may name was committed before the import began, the reading
        // thread finds them (its own connection sees exactly those); items this import made are
        // visible only here.
        let itemsCommitted = layout.form == .annotations && layout.text == nil && lastItemID < firstNewItemID
        let records = ImportRecords(reader: reader, shaper: shaper, itemKeysFrom: itemsCommitted ? store.pool : nil)
        defer { records.stop() }
        var carried: [CarriedPrediction] = []
        while let batch = records.next() {
            let shaped = batch.records
            switch layout.form {
            case .items:
                try batch.items.bytes.withUnsafeBufferPointer { buffer in
                    let size = MultiRowStatement.rowsPerBatch
                    for start in stride(from: 0, to: batch.items.count, by: size) {
                        try insertItems(batch.items, rows: start..<min(start + size, batch.items.count),
                                        buffer: buffer, names: names, report: &report)
                    }
                }
            case .annotations:
                for index in shaped.indices {
                    try importAnnotation(shaped[index], names: names, events: events, report: &report)
                }
            }
            report.rows = batch.rowsRead
            report.filteredOut = batch.filteredOut
            progress(batch.bytesRead)
            if let error = batch.error { throw error }
            if let content = batch.contentSHA256 { hash = fingerprinted(content) }
            carried += batch.predictions
        }
        try events.flush()
        // Predictions a tool's export carried (Label Studio's `predictions`), in the same transaction.
        if !carried.isEmpty {
            let writer = try PredictionWriter(db, importID: importID)
            for prediction in carried {
                guard answerNames.contains(prediction.label) else {
                    throw DataFileError(file: reader.file, line: prediction.line, "\(prediction.field): '\(prediction.label)' is not in the label set")
                }
                guard try writer.write(model: prediction.model, itemKey: prediction.item, label: prediction.label) else {
                    throw DataFileError(file: reader.file, line: prediction.line, "\(prediction.field): item '\(prediction.item)' has no answer here, so it is not in the project")
                }
            }
            report.predictionsAdded = carried.count
        }
        if report.rows == 0 {
            throw DataFileError(file: reader.file, line: 2, "the file has a header but no records")
        }
        report.labelersAdded = labelerIDs.count - labelersBefore
        try db.execute(sql: "UPDATE imports SET sha256 = ?, rows = ?, items_added = ?, events_added = ? WHERE id = ?",
                       arguments: [hash, report.rows, report.itemsAdded, report.eventsAdded, importID])
        return report
    }

    /// The file's SHA-256 joined with the options it was read with.
    private func fingerprinted(_ contentHash: String) -> String {
        Hashing.sha256Hex(Data((contentHash + "\n" + options.fingerprint).utf8))
    }

    // MARK: - Items

    /// Writes records of an items file in one multi-row INSERT. RETURNING tells which keys were
    /// new; a key that was not (known before, or twice in the batch) is checked against the
    /// stored item.
    private func insertItems(_ items: PackedItems, rows: Range<Int>, buffer: UnsafeBufferPointer<UInt8>,
                             names: ColumnNames, report: inout FileImportReport) throws {
        let statement = try insertItemRows.statement(rows: rows.count)
        // The bytes are bound in place; the statement is reset before `buffer` goes away.
        defer { statement.reset() }
        var parameter: Int32 = 0
        for row in rows {
            for field in 0..<PackedItems.fieldsPerRow {
                statement.bindUncopied(parameter + Int32(field) + 1, items.field(row, field, in: buffer))
            }
            statement.bind(parameter + 5, now)
            parameter += 5
        }
        // SQLite returns the new rows in the order it inserted them, so walking both lists pairs
        // them without hashing. That order is not promised: at the first row that does not pair
        // up, the rest are read into a map by key. A row not returned is a known key (known
        // before, or twice in the batch) and is checked against the stored item.
        var hasRow = try statement.step()
        var unpaired: [String: Int64]?
        for row in rows {
            let key = items.field(row, 0, in: buffer)!
            var id: Int64?
            if unpaired == nil, hasRow, statement.withBytes(0, { key.elementsEqual($0) }) == true {
                id = statement.int64(1)
                hasRow = try statement.step()
            } else {
                if unpaired == nil {
                    unpaired = [:]
                    while hasRow {
                        if let returned = statement.text(0) { unpaired![returned] = statement.int64(1) }
                        hasRow = try statement.step()
                    }
                }
                id = unpaired!.removeValue(forKey: String(decoding: key, as: UTF8.self))
            }
            if id != nil {
                report.itemsAdded += 1
            } else {
                id = try requireSameAsStored(items.record(row, in: buffer), names: names)
                report.itemsUnchanged += 1
            }
            if itemKeys.isLoaded { itemKeys.note(key: String(decoding: key, as: UTF8.self), id: id!) }
        }
        while hasRow { hasRow = try statement.step() }
    }

    /// Inserts the item of an annotation row that carries item text, or checks that an item
    /// already known under its id is the same item. Returns its id at once (the event needs it).
    @discardableResult
    private func addItem(_ record: ImportRecord, names: ColumnNames, report: inout FileImportReport) throws -> Int64 {
        let fields = record.item!
        // Long-form files repeat an item on consecutive rows: identical rows cost no lookup.
        if let last = lastItem, record.itemKey == last.key, last.fields == fields {
            report.itemsUnchanged += 1
            return last.id
        }
        insertItem.bind(1, record.itemKey)
        insertItem.bind(2, fields.payload)
        insertItem.bind(3, fields.group)
        insertItem.bind(4, fields.metadata)
        insertItem.bind(5, now)
        try insertItem.execute()
        let id: Int64
        if insertItem.changes == 1 {
            id = insertItem.lastInsertedRowID
            report.itemsAdded += 1
        } else {
            // An answers file without text (`--create-items`) takes a known item as it is.
            id = record.itemFromKeyOnly ? try storedItemID(record.itemKey) : try requireSameAsStored(record, names: names)
            report.itemsUnchanged += 1
        }
        // Annotation rows later in this import look items up in this map once it is loaded.
        itemKeys.note(key: record.itemKey, id: id)
        lastItem = (record.itemKey, fields, id)
        return id
    }

    private func storedItemID(_ key: String) throws -> Int64 {
        storedItemQuery.bind(1, key)
        defer { storedItemQuery.reset() }
        guard try storedItemQuery.step() else { throw DatabaseError(message: "item '\(key)' was neither inserted nor found") }
        return storedItemQuery.int64(0)
    }

    /// An item id already in the database (from an earlier import, or earlier in this one) must
    /// name the same item: same text, and no metadata field with another value.
    private func requireSameAsStored(_ record: ImportRecord, names: ColumnNames) throws -> Int64 {
        let key = record.itemKey, fields = record.item!
        // Bound by length: an id may hold a NUL byte, which a C-string binding would cut off.
        storedItemQuery.bind(1, key)
        defer { storedItemQuery.reset() }
        guard try storedItemQuery.step() else {
            throw DatabaseError(message: "item '\(key)' was neither inserted nor found")
        }
        let id = storedItemQuery.int64(0)
        let storedPayload = storedItemQuery.text(1) ?? "", storedGroup = storedItemQuery.text(2)
        let storedMetadata = Self.stringObject(storedItemQuery.text(3) ?? "{}")
        let origin = id >= firstNewItemID ? "first seen earlier in this import" : "already in the project"
        if storedPayload != fields.payload {
            throw names.error(record, field: names.text, "duplicate id '\(key)' with a different payload (\(origin))")
        }
        if let group = fields.group, let storedGroup, storedGroup != group {
            throw names.error(record, field: names.group,
                              "duplicate id '\(key)' with a different group: '\(group)' here, '\(storedGroup)' \(origin)")
        }
        for (field, value) in Self.stringObject(fields.metadata).sorted(by: { $0.key < $1.key }) {
            if let other = storedMetadata[field], other != value {
                throw names.error(record, field: field,
                                  "duplicate id '\(key)' with a different \(field): '\(value)' here, '\(other)' \(origin)")
            }
        }
        return id
    }

    private static func stringObject(_ json: String) -> [String: String] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: String] ?? [:]
    }

    // MARK: - Annotations

    private func importAnnotation(_ record: borrowing ImportRecord, names: ColumnNames, events: LabelEventBatch,
                                  report: inout FileImportReport) throws {
        let itemID = try itemID(for: record, names: names, report: &report)
        guard !record.labeler.isEmpty else { return }  // an item with no answer yet
        let labelerID = try labelerIDs.id(for: record.labeler) { try SQLiteStore.labelerID(db, name: $0) }
        let labelID = try labelIDs.id(for: record.label) { try SQLiteStore.labelID(db, name: $0) }
        if record.isRetest {
            // A repeat never replaces the first answer: it goes to the retests, apart.
            insertRetest.bind(1, itemID)
            insertRetest.bind(2, labelerID)
            insertRetest.bind(3, labelID)
            insertRetest.bind(4, record.seconds)
            insertRetest.bind(5, importID)
            insertRetest.bind(6, now)
            try insertRetest.execute()
            report.retestsAdded += 1
            return
        }
        let pair = itemID << 24 | labelerID
        let current = try currentAnswer(pair: pair, itemID: itemID, labelerID: labelerID)
        if let current, current.label == labelID, current.note == record.note {
            report.eventsUnchanged += 1
            return
        }
        if current == nil { newAnswers.add(item: itemID) }
        answersWritten.setLabel(labelID, item: itemID, labeler: labelerID)
        if record.note != nil || !notesWritten.isEmpty { notesWritten[pair] = record.note }
        try events.append(item: itemID, labeler: labelerID, label: labelID, note: record.note, seconds: record.seconds)
        report.eventsAdded += 1
    }

    /// The labeler's current answer: from this import if it wrote one, else as stored before it.
    private func currentAnswer(pair: Int64, itemID: Int64, labelerID: Int64) throws -> (label: Int64, note: String?)? {
        if let label = answersWritten.label(item: itemID, labeler: labelerID) { return (label, notesWritten[pair]) }
        guard answersExisted else { return nil }
        currentAnswerQuery.bind(1, itemID)
        currentAnswerQuery.bind(2, labelerID)
        defer { currentAnswerQuery.reset() }
        guard try currentAnswerQuery.step() else { return nil }
        return (currentAnswerQuery.int64(0), currentAnswerQuery.text(1))
    }

    private func itemID(for record: ImportRecord, names: ColumnNames, report: inout FileImportReport) throws -> Int64 {
        // The file carries item text: create the item, or check it against the stored one.
        if record.item != nil { return try addItem(record, names: names, report: &report) }
        if let id = record.itemID { return id }
        if let last = lastItem, last.key == record.itemKey { return last.id }
        let key = record.itemKey
        guard let id = try itemKeys.id(for: key) else {
            throw names.error(record, field: names.id,
                              "item '\(key)' is not in the project, and this file has no text column to create it (import the items first, name the text column with --text-col, or pass --create-items to create them with empty text)")
        }
        lastItem = (key, nil, id)
        return id
    }
}

/// Ids of labelers or labels by name. A file names few of them on millions of rows, and the
/// names are short: the last few hits are compared before the dictionary is hashed.
private struct NameIDs {
    private var byName: [String: Int64] = [:]
    private var recent: [(name: String, id: Int64)] = []

    var count: Int { byName.count }

    mutating func add(_ name: String, id: Int64) { byName[name] = id }

    mutating func id(for name: String, create: (String) throws -> Int64) rethrows -> Int64 {
        for entry in recent where entry.name == name { return entry.id }
        let id = try byName[name] ?? create(name)
        byName[name] = id
        if recent.count == 16 { recent.removeFirst() }
        recent.append((name, id))
        return id
    }
}

/// The header names of a file's roles, for error messages about a record.
private struct ColumnNames {
    let id: String
    let text: String
    let group: String
    let file: String

    init(layout: ColumnLayout, columns: [String], file: String) {
        id = columns[layout.id!]
        text = layout.text.map { columns[$0] } ?? "text"
        group = layout.group.map { columns[$0] } ?? "group"
        self.file = file
    }

    func error(_ record: ImportRecord, field: String, _ message: String) -> DataFileError {
        DataFileError(file: file, line: record.line, field: field, message)
    }
}
