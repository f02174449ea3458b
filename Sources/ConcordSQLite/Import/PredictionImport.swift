import ConcordDomain
import ConcordFormats
import ConcordStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Imports a model's predictions (`item,prediction`) under the model's name, for `eval` and the
    /// gap-to-HLP table. Same rules as every import: one transaction, errors located by file, line
    /// and field, and an item's later prediction from the same model replaces its earlier one
    /// (predictions are not annotations; they have no log).
    public func importPredictions(file: String, itemColumn: String?, predictionColumn: String?, model: String,
                                  answers: [String]) throws -> Int {
        var reader = try RecordFormats.reader(for: file)
        let columns = reader.columns
        func column(_ explicit: String?, _ defaults: [String], _ flag: String) throws -> Int {
            if let found = (explicit.map { [$0] } ?? defaults).lazy.compactMap({ columns.firstIndex(of: $0) }).first { return found }
            throw DataFileError(file: reader.file, line: 1, field: explicit ?? defaults[0],
                                "missing column; the columns are: \(columns.joined(separator: ", ")) (name it with \(flag))")
        }
        let itemIndex = try column(itemColumn, ["item", "id", "item_id"], "--item-col")
        let predictionIndex = try column(predictionColumn, ["prediction", "label"], "--prediction-col")
        let accepted = Set(answers)
        let hash = try Hashing.sha256Hex(fileAt: file)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return try pool.write { db in
            try db.execute(sql: "INSERT INTO imports (file, sha256, bytes, rows, items_added, events_added, created_at) VALUES (?, ?, ?, 0, 0, 0, ?)",
                           arguments: [URL(fileURLWithPath: file).lastPathComponent, hash, bytes, Clock.nowMillis()])
            let importID = db.lastInsertedRowID
            let writer = try PredictionWriter(db, importID: importID)
            var values: [String?] = []
            var written = 0
            while let line = try reader.next(into: &values) {
                let key = values[itemIndex] ?? ""
                let label = values[predictionIndex] ?? ""
                guard accepted.contains(label) else {
                    throw DataFileError(file: reader.file, line: line, field: columns[predictionIndex],
                                        "unknown label '\(label)'; the project's answers are: \(answers.joined(separator: ", "))")
                }
                guard try writer.write(model: model, itemKey: key, label: label) else {
                    throw DataFileError(file: reader.file, line: line, field: columns[itemIndex], "item '\(key)' is not in the project")
                }
                written += 1
            }
            guard written > 0 else { throw DataFileError(file: reader.file, line: 2, "the file has a header but no records") }
            try db.execute(sql: "UPDATE imports SET rows = ? WHERE id = ?", arguments: [written, importID])
            return written
        }
    }
}

/// Writes model predictions inside an import's transaction: item ids are looked up once for the
/// whole project, label and model ids as they come; a later prediction of a model for an item
/// replaces its earlier one.
final class PredictionWriter {
    private let db: Database
    private let importID: Int64
    private let now = Clock.nowMillis()
    private var itemIDs: [String: Int64] = [:]
    private var labelIDs: [String: Int64] = [:]
    private var modelIDs: [String: Int64] = [:]
    private let insert: BulkStatement

    init(_ db: Database, importID: Int64) throws {
        self.db = db
        self.importID = importID
        let scan = try BulkStatement(db, sql: "SELECT key, id FROM items")
        while try scan.step() { if let key = scan.text(0) { itemIDs[key] = scan.int64(1) } }
        insert = try BulkStatement(db, sql: """
            INSERT OR REPLACE INTO predictions (model_id, item_id, label_id, import_id, created_at) VALUES (?, ?, ?, ?, ?)
            """)
    }

    /// False when the item is not in the project.
    func write(model: String, itemKey: String, label: String) throws -> Bool {
        guard let itemID = itemIDs[itemKey] else { return false }
        let labelID = try labelIDs[label] ?? SQLiteStore.labelID(db, name: label)
        labelIDs[label] = labelID
        let modelID = try modelIDs[model] ?? SQLiteStore.modelID(db, name: model)
        modelIDs[model] = modelID
        insert.bind(1, modelID)
        insert.bind(2, itemID)
        insert.bind(3, labelID)
        insert.bind(4, importID)
        insert.bind(5, now)
        try insert.execute()
        return true
    }
}
