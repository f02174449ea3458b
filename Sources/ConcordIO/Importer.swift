import ConcordDomain
import ConcordStore
import Foundation
import GRDB

/// Imports items and long-form annotations into a project. All files of one run land in one
/// transaction: whole, or (on the first bad record) not at all, with an error naming file, line
/// and field. Re-importing a file changes nothing: a file already imported (same SHA-256) is
/// passed over, an item id seen before must carry the same payload, and a row that restates a
/// labeler's current answer appends nothing.
public struct Importer {
    public let project: Project
    public let options: ImportOptions
    /// Called now and then with (bytes read, bytes in all files) for progress displays.
    public var progress: ((Int, Int) -> Void)?

    public init(project: Project, options: ImportOptions, progress: ((Int, Int) -> Void)? = nil) {
        self.project = project
        self.options = options
        self.progress = progress
    }

    public func run(files: [String]) throws -> [FileImportReport] {
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        let totalBytes = sizes.reduce(0, +)
        let guideline = try project.currentGuideline()
        return try project.store.pool.writeWithoutTransaction { db in
            // Every id this import writes was looked up or created by itself in the same
            // transaction, so SQLite's foreign-key checks would only re-prove it (≈25% of the
            // insert time at a million rows). They are back on before the connection is reused.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            // The log's item index and the answers table outgrow SQLite's default 2 MB page
            // cache at a million rows; 64 MB keeps their hot pages in memory while importing.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer {
                try? db.execute(sql: "PRAGMA foreign_keys = ON")
                try? db.execute(sql: "PRAGMA cache_size = -2000")
            }
            var reports: [FileImportReport] = []
            try db.inTransaction(.immediate) {
                // Item counts are brought up to date once at the end, not per row (CountTriggers).
                try CountTriggers.suspended(db) {
                    let session = try ImportSession(db: db, project: project, options: options, guideline: guideline)
                    var bytesBefore = 0
                    for (file, size) in zip(files, sizes) {
                        let report = try session.importFile(file) { read in progress?(bytesBefore + read, totalBytes) }
                        reports.append(report)
                        bytesBefore += size
                    }
                }
                return .commit
            }
            return reports
        }
    }

    /// Opens a CSV or JSONL reader by the file's extension (`.jsonl`/`.ndjson`, else CSV).
    public static func reader(for path: String) throws -> any RecordReader {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            return try JSONLReader(path: path)
        }
        return try CSVReader(path: path)
    }
}

/// The state of one import transaction: caches of ids, and the prepared statements.
private final class ImportSession {
    let db: Database
    let project: Project
    let options: ImportOptions
    let labelSet: LabelSet
    /// The answers a labeler may give, as a set: checked on every annotation row.
    let answerNames: Set<String>
    let guidelineVersionID: Int64?
    let now = Clock.nowMillis()

    var itemIDs: [String: Int64] = [:]
    var itemIDsLoaded = false
    var labelerIDs: [String: Int64] = [:]
    var labelIDs: [String: Int64] = [:]
    /// The item of the previous row, so the repeated rows of a long-form file cost no lookup.
    var lastItem: (key: String, payload: String, group: String?, metadata: [(key: String, value: String)], id: Int64)?
    /// Items with this row id or higher were created by this import.
    let firstNewItemID: Int64
    /// (item, labeler) pairs written in this import; a repeat must be checked against the answer.
    var pairsWritten = Set<Int64>()
    let answersExisted: Bool

    lazy var insertItem = try! BulkStatement(db, sql: """
        INSERT INTO items (key, payload, group_key, metadata, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(key) DO NOTHING
        """)
    lazy var insertEvent = BatchedInsert(db, prefix: """
        INSERT INTO annotation_events
            (item_id, labeler_id, kind, label_id, note, seconds, guideline_version_id, import_id, created_at)
        """, columns: 9)
    lazy var currentAnswer = try! BulkStatement(db, sql: """
        SELECT a.label_id, e.note FROM answers a JOIN annotation_events e ON e.id = a.event_id
        WHERE a.item_id = ? AND a.labeler_id = ?
        """)

    init(db: Database, project: Project, options: ImportOptions, guideline: GuidelineVersion?) throws {
        self.db = db
        self.project = project
        self.options = options
        labelSet = project.config.labelSet
        answerNames = Set(labelSet.answerNames).union(try project.labelSet().answerNames)
        guidelineVersionID = try guideline.map {
            try ProjectStore.guidelineVersionID(db, $0, path: project.config.guidelines)
        }
        answersExisted = try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM answers)") == 1
        firstNewItemID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM items") ?? 0) + 1
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labelers") { labelerIDs[row["name"]] = row["id"] }
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labels") { labelIDs[row["name"]] = row["id"] }
    }

    func importFile(_ path: String, progress: (Int) -> Void) throws -> FileImportReport {
        var reader = try Importer.reader(for: path)
        // "Already imported" means this file's bytes read with these options: the same file with
        // another --where or column mapping is another import.
        let hash = Hashing.sha256Hex(Data((try Hashing.sha256Hex(fileAt: path) + "\n" + options.fingerprint).utf8))
        let layout = try ColumnLayout(reader: reader, options: options, config: project.config)
        var report = FileImportReport(file: reader.file, form: layout.form)
        report.ignoredColumns = layout.ignored.map { reader.columns[$0] }
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE sha256 = ?)", arguments: [hash]) == true {
            report.alreadyImported = true
            return report
        }
        try db.execute(sql: "INSERT INTO imports (file, sha256, rows, items_added, events_added, created_at) VALUES (?, ?, 0, 0, 0, ?)",
                       arguments: [URL(fileURLWithPath: path).lastPathComponent, hash, now])
        let importID = db.lastInsertedRowID
        let labelersBefore = labelerIDs.count

        var values: [String?] = []
        while let line = try reader.next(into: &values) {
            report.rows += 1
            if report.rows & 0xFFFF == 0 { progress(reader.bytesRead) }
            if !layout.passesFilters(values) { report.filteredOut += 1; continue }
            let row = RowView(values: values, line: line, file: reader.file, columns: reader.columns)
            switch layout.form {
            case .items: try importItemRow(row, layout: layout, report: &report)
            case .annotations: try importAnnotationRow(row, layout: layout, importID: importID, report: &report)
            }
        }
        try insertEvent.flush()
        progress(reader.bytesRead)
        if report.rows == 0 {
            throw DataFileError(file: reader.file, line: 2, "the file has a header but no records")
        }
        report.labelersAdded = labelerIDs.count - labelersBefore
        try db.execute(sql: "UPDATE imports SET rows = ?, items_added = ?, events_added = ? WHERE id = ?",
                       arguments: [report.rows, report.itemsAdded, report.eventsAdded, importID])
        return report
    }

    // MARK: - Items

    private func importItemRow(_ row: RowView, layout: ColumnLayout, report: inout FileImportReport) throws {
        let key = try row.required(layout.id!, what: "id")
        let payload = try row.required(layout.text!, what: "text")
        try addItem(key: key, payload: payload, row: row, layout: layout, report: &report)
    }

    /// Inserts the item, or checks that an item already known under this id is the same item.
    @discardableResult
    private func addItem(key: String, payload: String, row: RowView, layout: ColumnLayout,
                         report: inout FileImportReport) throws -> Int64 {
        var metadata: [(key: String, value: String)] = []
        for index in layout.metadata {
            if let value = row.values[index], !value.isEmpty { metadata.append((row.columns[index], value)) }
        }
        let group = layout.group.flatMap { row.values[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        // Long-form files repeat an item on consecutive rows: identical rows cost no lookup.
        if let last = lastItem, key == last.key, last.payload == payload, last.group == group,
           last.metadata.map(\.key) == metadata.map(\.key), last.metadata.map(\.value) == metadata.map(\.value) {
            report.itemsUnchanged += 1
            return last.id
        }
        insertItem.bind(1, key)
        insertItem.bind(2, payload)
        insertItem.bind(3, group)
        insertItem.bind(4, JSONText.object(metadata))
        insertItem.bind(5, now)
        try insertItem.execute()
        let id: Int64
        if db.changesCount == 1 {
            id = db.lastInsertedRowID
            report.itemsAdded += 1
        } else {
            id = try requireSameAsStored(key: key, payload: payload, group: group, metadata: metadata, row: row, layout: layout)
            report.itemsUnchanged += 1
        }
        // Annotation rows later in this import look items up in this map once it is loaded.
        if itemIDsLoaded { itemIDs[key] = id }
        lastItem = (key, payload, group, metadata, id)
        return id
    }

    /// An item id already in the database (from an earlier import, or earlier in this one) must
    /// name the same item: same text, and no metadata field with another value.
    private func requireSameAsStored(key: String, payload: String, group: String?, metadata: [(key: String, value: String)],
                                     row: RowView, layout: ColumnLayout) throws -> Int64 {
        let stored = try Row.fetchOne(db, sql: "SELECT id, payload, group_key, metadata FROM items WHERE key = ?", arguments: [key])!
        let id: Int64 = stored["id"]
        let origin = id >= firstNewItemID ? "first seen earlier in this import" : "already in the project"
        if stored["payload"] as String != payload {
            throw DataFileError(file: row.file, line: row.line, field: row.columns[layout.text!],
                                "duplicate id '\(key)' with a different payload (\(origin))")
        }
        if let group, let storedGroup: String = stored["group_key"], storedGroup != group, let column = layout.group {
            throw DataFileError(file: row.file, line: row.line, field: row.columns[column],
                                "duplicate id '\(key)' with a different group: '\(group)' here, '\(storedGroup)' \(origin)")
        }
        let storedMetadata = (try? JSONSerialization.jsonObject(with: Data((stored["metadata"] as String).utf8))) as? [String: String] ?? [:]
        for (field, value) in metadata {
            if let other = storedMetadata[field], other != value {
                throw DataFileError(file: row.file, line: row.line, field: field,
                                    "duplicate id '\(key)' with a different \(field): '\(value)' here, '\(other)' \(origin)")
            }
        }
        return id
    }

    // MARK: - Annotations

    private func importAnnotationRow(_ row: RowView, layout: ColumnLayout, importID: Int64,
                                     report: inout FileImportReport) throws {
        let key = try row.required(layout.id!, what: "item")
        let labeler = try row.required(layout.labeler!, what: "labeler")
        let label = try row.required(layout.label!, what: "label")
        guard answerNames.contains(label) else {
            throw DataFileError(file: row.file, line: row.line, field: row.columns[layout.label!],
                                "unknown label '\(label)'; the project's answers are: \(labelSet.answerNames.joined(separator: ", "))")
        }
        let note = layout.note.flatMap { row.values[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        var seconds: Double?
        if let index = layout.time, let text = row.values[index], !text.isEmpty {
            guard let value = Double(text), value >= 0, value.isFinite else {
                throw DataFileError(file: row.file, line: row.line, field: row.columns[index],
                                    "'\(text)' is not a number of seconds")
            }
            seconds = value
        }
        let itemID = try itemID(for: key, row: row, layout: layout, report: &report)
        let labelerID = try labelerIDs[labeler] ?? {
            let id = try ProjectStore.labelerID(db, name: labeler)
            labelerIDs[labeler] = id
            return id
        }()
        let labelID = try labelIDs[label] ?? {
            let id = try ProjectStore.labelID(db, name: label)
            labelIDs[label] = id
            return id
        }()
        let pair = itemID << 24 | labelerID
        if answersExisted || pairsWritten.contains(pair) {
            try insertEvent.flush()  // the answer to compare with may still be queued
            currentAnswer.bind(1, itemID)
            currentAnswer.bind(2, labelerID)
            let restated = try currentAnswer.step() && currentAnswer.int64(0) == labelID && currentAnswer.text(1) == note
            currentAnswer.reset()
            if restated { report.eventsUnchanged += 1; return }
        }
        pairsWritten.insert(pair)
        try insertEvent.append(.integer(itemID), .integer(labelerID), .text("label"), .integer(labelID), .text(note),
                               .real(seconds), .integer(guidelineVersionID), .integer(importID), .integer(now))
        report.eventsAdded += 1
    }

    private func itemID(for key: String, row: RowView, layout: ColumnLayout, report: inout FileImportReport) throws -> Int64 {
        if let text = layout.text {
            // The file carries item text: create the item, or check it against the stored one.
            let payload = try row.required(text, what: "text")
            return try addItem(key: key, payload: payload, row: row, layout: layout, report: &report)
        }
        if let id = itemIDs[key] { return id }
        if !itemIDsLoaded {
            try loadItemIDs()
            if let id = itemIDs[key] { return id }
        }
        throw DataFileError(file: row.file, line: row.line, field: row.columns[layout.id!],
                            "item '\(key)' is not in the project, and this file has no text column to create it (import the items first, or name the text column with --text-col)")
    }

    /// One scan of the items table, so each row's item is a dictionary lookup.
    private func loadItemIDs() throws {
        itemIDsLoaded = true
        let scan = try BulkStatement(db, sql: "SELECT key, id FROM items")
        while try scan.step() {
            if let key = scan.text(0), itemIDs[key] == nil { itemIDs[key] = scan.int64(1) }
        }
    }
}

/// One record with its location, for error messages.
private struct RowView {
    let values: [String?]
    let line: Int
    let file: String
    let columns: [String]

    func required(_ index: Int, what: String) throws -> String {
        guard let value = values[index], value.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
            throw DataFileError(file: file, line: line, field: columns[index], "the \(what) is empty")
        }
        return value
    }
}
