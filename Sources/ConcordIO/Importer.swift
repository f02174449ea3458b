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
        return try project.store.pool.write { db in
            let session = try ImportSession(db: db, project: project, options: options, guideline: guideline)
            var reports: [FileImportReport] = []
            var bytesBefore = 0
            for (file, size) in zip(files, sizes) {
                let report = try session.importFile(file) { read in progress?(bytesBefore + read, totalBytes) }
                reports.append(report)
                bytesBefore += size
            }
            return reports
        }
    }

    /// Opens a CSV or JSONL reader by the file's extension (`.jsonl`/`.ndjson`, else CSV).
    public static func reader(for path: String) throws -> any RecordReader {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            return try JSONLReader(path: path, displayName: displayName(path))
        }
        return try CSVReader(path: path, displayName: displayName(path))
    }

    static func displayName(_ path: String) -> String { path }
}

/// The state of one import transaction: caches of ids, and the prepared statements.
private final class ImportSession {
    let db: Database
    let project: Project
    let options: ImportOptions
    let labelSet: LabelSet
    let guidelineVersionID: Int64?
    let now = Clock.nowMillis()

    var itemIDs: [String: Int64] = [:]
    var itemIDsLoaded = false
    var labelerIDs: [String: Int64] = [:]
    var labelIDs: [String: Int64] = [:]
    /// Items whose payload this import has already checked against the row in hand: key → (payload, line).
    var checkedPayloads: [String: (payload: String, metadata: [String: String], line: Int, file: String)] = [:]
    /// (item, labeler) pairs written in this import; a repeat must be checked against the answer.
    var pairsWritten = Set<Int64>()
    let answersExisted: Bool

    lazy var insertItem = try! BulkStatement(db, sql: """
        INSERT INTO items (key, payload, group_key, metadata, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(key) DO NOTHING
        """)
    lazy var insertEvent = try! BulkStatement(db, sql: """
        INSERT INTO annotation_events
            (item_id, labeler_id, kind, label_id, note, seconds, guideline_version_id, import_id, created_at)
        VALUES (?, ?, 'label', ?, ?, ?, ?, ?, ?)
        """)
    lazy var currentAnswer = try! BulkStatement(db, sql: """
        SELECT a.label_id, e.note FROM answers a JOIN annotation_events e ON e.id = a.event_id
        WHERE a.item_id = ? AND a.labeler_id = ?
        """)

    init(db: Database, project: Project, options: ImportOptions, guideline: GuidelineVersion?) throws {
        self.db = db
        self.project = project
        self.options = options
        labelSet = project.config.labelSet
        guidelineVersionID = try guideline.map {
            try ProjectStore.guidelineVersionID(db, $0, path: project.config.guidelines)
        }
        answersExisted = try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM answers)") == 1
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labelers") { labelerIDs[row["name"]] = row["id"] }
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labels") { labelIDs[row["name"]] = row["id"] }
    }

    func importFile(_ path: String, progress: (Int) -> Void) throws -> FileImportReport {
        var reader = try Importer.reader(for: path)
        let hash = try Hashing.sha256Hex(fileAt: path)
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
        var metadata: [String: String] = [:]
        for index in layout.metadata { if let value = row.values[index], !value.isEmpty { metadata[row.columns[index]] = value } }
        let group = layout.group.flatMap { row.values[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        if let seen = checkedPayloads[key] {
            try requireSame(key: key, payload: payload, metadata: metadata, as: seen, row: row)
            report.itemsUnchanged += 1
            return itemIDs[key]!
        }
        let orderedMetadata = layout.metadata.compactMap { index in
            metadata[row.columns[index]].map { (key: row.columns[index], value: $0) }
        }
        insertItem.bind(1, key)
        insertItem.bind(2, payload)
        insertItem.bind(3, group)
        insertItem.bind(4, JSONText.object(orderedMetadata))
        insertItem.bind(5, now)
        try insertItem.execute()
        let id: Int64
        if db.changesCount == 1 {
            id = db.lastInsertedRowID
            report.itemsAdded += 1
        } else {
            let existing = try Row.fetchOne(db, sql: "SELECT id, payload, metadata FROM items WHERE key = ?", arguments: [key])!
            let existingMetadata = (try? JSONSerialization.jsonObject(with: Data((existing["metadata"] as String).utf8))) as? [String: String] ?? [:]
            try requireSame(key: key, payload: payload, metadata: metadata,
                            as: (existing["payload"], existingMetadata, 0, "the project"), row: row)
            id = existing["id"]
            report.itemsUnchanged += 1
        }
        itemIDs[key] = id
        checkedPayloads[key] = (payload, metadata, row.line, row.file)
        return id
    }

    private func requireSame(key: String, payload: String, metadata: [String: String],
                             as seen: (payload: String, metadata: [String: String], line: Int, file: String),
                             row: RowView) throws {
        let origin = seen.line == 0 ? "already in the project" : "first seen at \(seen.file):\(seen.line)"
        if seen.payload != payload {
            throw DataFileError(file: row.file, line: row.line, field: "text",
                                "duplicate id '\(key)' with a different payload (\(origin))")
        }
        for (field, value) in metadata.sorted(by: { $0.key < $1.key }) {
            if let other = seen.metadata[field], other != value {
                throw DataFileError(file: row.file, line: row.line, field: field,
                                    "duplicate id '\(key)' with a different \(field): '\(value)' here, '\(other)' \(origin)")
            }
        }
    }

    // MARK: - Annotations

    private func importAnnotationRow(_ row: RowView, layout: ColumnLayout, importID: Int64,
                                     report: inout FileImportReport) throws {
        let key = try row.required(layout.id!, what: "item")
        let labeler = try row.required(layout.labeler!, what: "labeler")
        let label = try row.required(layout.label!, what: "label")
        guard labelSet.contains(label) else {
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
            currentAnswer.bind(1, itemID)
            currentAnswer.bind(2, labelerID)
            let restated = try currentAnswer.step() && currentAnswer.int64(0) == labelID && currentAnswer.text(1) == note
            currentAnswer.reset()
            if restated { report.eventsUnchanged += 1; return }
        }
        pairsWritten.insert(pair)
        insertEvent.bind(1, itemID)
        insertEvent.bind(2, labelerID)
        insertEvent.bind(3, labelID)
        insertEvent.bind(4, note)
        insertEvent.bind(5, seconds)
        insertEvent.bind(6, guidelineVersionID)
        insertEvent.bind(7, importID)
        insertEvent.bind(8, now)
        try insertEvent.execute()
        report.eventsAdded += 1
    }

    private func itemID(for key: String, row: RowView, layout: ColumnLayout, report: inout FileImportReport) throws -> Int64 {
        if let text = layout.text {
            // The file carries item text: create the item, or check it against what is known.
            if checkedPayloads[key] == nil, itemIDs[key] == nil, !itemIDsLoaded { try loadItemIDs() }
            let payload = try row.required(text, what: "text")
            if let id = itemIDs[key], checkedPayloads[key] == nil {
                let existing = try String.fetchOne(db, sql: "SELECT payload FROM items WHERE id = ?", arguments: [id])!
                checkedPayloads[key] = (existing, [:], 0, "the project")
                _ = id
            }
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
        guard let value = values[index], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DataFileError(file: file, line: line, field: columns[index], "the \(what) is empty")
        }
        return value
    }
}
