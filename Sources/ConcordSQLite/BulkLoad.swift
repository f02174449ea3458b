import ConcordFormats
import ConcordDomain
import ConcordStore
import GRDB

/// The bulk path around the tables that triggers derive from the annotation log.
///
/// Per row, the triggers keep `answers` (each labeler's current answer) and `item_counts` (answers
/// per item, for assignment) right. At a million rows they cost more than the rows themselves:
/// on a 2.4M-row import the answer upsert trigger alone took 3.4 s and the count triggers doubled
/// the rest. A bulk import therefore drops them inside its own transaction, appends, then derives
/// `answers` set-based from what it appended and adds up the new answers per item it reported,
/// leaving both exactly as the triggers would have, and puts the triggers back, all before it
/// commits. DDL is transactional in SQLite, so a failed import
/// restores them with everything else, and no other writer can run in between (the import holds
/// the write lock).
public enum BulkLoad {
    /// The triggers a bulk import suspends. Their SQL is read from the database before they are
    /// dropped and run again to put them back, so they return exactly as the migrations made them.
    static let suspendedTriggers = ["items_are_counted", "answers_are_counted", "annotation_events_set_answer"]

    /// The suspended triggers' SQL as SQLite stores it now, by name (nil for a missing one).
    public static func currentTriggers(_ db: Database) throws -> [String: String?] {
        var result: [String: String?] = [:]
        for name in suspendedTriggers {
            result[name] = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                               arguments: [name])
        }
        return result
    }

    /// What the bulk writer tells BulkLoad about its events: for each one that gives a labeler an
    /// answer they did not have before (not a change of answer), its item. The writer knows this
    /// anyway (it checks each row against the labeler's current answer), and adding these up is
    /// cheaper than recounting from `answers` (0.5 s of 1.25 s at 2.4M rows).
    public final class NewAnswers {
        fileprivate var runs: [(item: Int64, count: Int64)] = []
        /// Whether items came in ascending order (a file listed item by item), as far as known.
        fileprivate var inItemOrder = true

        /// Call once per appended event that is the labeler's first answer for the item.
        public func add(item: Int64) {
            if let last = runs.last {
                if last.item == item {
                    runs[runs.count - 1].count += 1
                    return
                }
                if item < last.item { inItemOrder = false }
            }
            runs.append((item, 1))
        }

        /// One entry per item, in item order: b-tree writes in key order are sequential.
        fileprivate func perItem() -> [(item: Int64, count: Int64)] {
            guard !inItemOrder else { return runs }
            var merged: [(item: Int64, count: Int64)] = []
            merged.reserveCapacity(runs.count)
            for run in runs.sorted(by: { $0.item < $1.item }) {
                if let last = merged.last, last.item == run.item {
                    merged[merged.count - 1].count += run.count
                } else {
                    merged.append(run)
                }
            }
            return merged
        }
    }

    /// Runs `body` with the derived tables' triggers off, then derives `answers` and `item_counts`
    /// from what it appended. `body` may insert items and 'label' events only (a retract or a
    /// skip would need the triggers), and must report each new answer to `NewAnswers`. While it
    /// runs, `answers` still holds the answers as they were before it began. Call inside the
    /// write transaction.
    public static func run<T>(_ db: Database, _ body: (NewAnswers) throws -> T) throws -> T {
        let firstItem = try nextID(db, table: "items")
        let firstEvent = try nextID(db, table: "annotation_events")
        let triggers = try currentTriggers(db)
        for name in suspendedTriggers { try db.execute(sql: "DROP TRIGGER \(name)") }
        let newAnswers = NewAnswers()
        let result = try body(newAnswers)
        try db.execute(sql: "INSERT INTO item_counts (item_id, answers) SELECT id, 0 FROM items WHERE id >= ?", arguments: [firstItem])
        // A later event for the same labeler and item must win, as per row: log order does that,
        // and so does key order with the log order inside each key. Key order writes the
        // b-tree sequentially, which pays for the sort when the file was not in item order
        // (a shuffled 2.4M-row file: 2.9 s in log order).
        let order = newAnswers.inItemOrder ? "id" : "item_id, labeler_id, id"
        try db.execute(sql: """
            INSERT INTO answers (item_id, labeler_id, label_id, event_id, seconds, guideline_version_id)
            SELECT item_id, labeler_id, label_id, id, seconds, guideline_version_id
            FROM annotation_events WHERE id >= ? ORDER BY \(order)
            ON CONFLICT (item_id, labeler_id) DO UPDATE SET
                first_event_id = ifnull(answers.first_event_id, answers.event_id),
                label_id = excluded.label_id, event_id = excluded.event_id,
                seconds = excluded.seconds, guideline_version_id = excluded.guideline_version_id
            """, arguments: [firstEvent])
        try count(newAnswers, db)
        for name in suspendedTriggers { try db.execute(sql: triggers[name]!!) }
        return result
    }

    /// Adds the new answers to their items' counts. When they touch many items, moving each
    /// item's entry in the count index costs more than building the index again.
    private static func count(_ newAnswers: NewAnswers, _ db: Database) throws {
        let perItem = newAnswers.perItem()
        guard !perItem.isEmpty else { return }
        let items = try Int.fetchOne(db, sql: "SELECT count(*) FROM item_counts") ?? 0
        let rebuildIndex = perItem.count > items / 4
        if rebuildIndex { try db.execute(sql: "DROP INDEX item_counts_by_answers") }
        // Every item has its row (made with the item), so each upsert is an update.
        let add = MultiRowStatement(db) { rows in
            """
            INSERT INTO item_counts (item_id, answers) VALUES \(MultiRowStatement.placeholders(rows: rows, columns: 2))
            ON CONFLICT (item_id) DO UPDATE SET answers = answers + excluded.answers
            """
        }
        for start in stride(from: 0, to: perItem.count, by: MultiRowStatement.rowsPerBatch) {
            let batch = perItem[start..<min(start + MultiRowStatement.rowsPerBatch, perItem.count)]
            let statement = try add.statement(rows: batch.count)
            for (offset, run) in batch.enumerated() {
                statement.bind(Int32(2 * offset + 1), run.item)
                statement.bind(Int32(2 * offset + 2), run.count)
            }
            try statement.execute()
        }
        if rebuildIndex { try db.execute(sql: countIndex) }
    }

    /// The count index as migration v3 made it.
    static let countIndex = "CREATE INDEX item_counts_by_answers ON item_counts(answers, item_id)"

    private static func nextID(_ db: Database, table: String) throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM \(table)") ?? 0) + 1
    }
}
