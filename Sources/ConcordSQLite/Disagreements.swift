import GRDB

/// The `disagreements` table: items whose current answers do not all agree, with their number of
/// answers. Adaptive overlap reads its tie-breakers from it. It is derived from the log and kept
/// lazily: `bringUpToDate` looks again at the items of every event logged since it last ran (and
/// at every item the first time), so whoever wrote those events (an import, another session, a
/// project with a fixed k) did not have to.
enum Disagreements {
    static let mark = "disagreements", schemaMark = "disagreements.schema"
    /// More new events than this and the table is rebuilt from every answer.
    static let fullScanAfter: Int64 = 100_000

    /// Call inside a write transaction, before reading the table. Answers agree when their labels
    /// are one class under the merges in force (`LabelClasses`); a new schema change rebuilds it.
    static func bringUpToDate(_ db: Database) throws {
        let newest = try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM annotation_events") ?? 0
        let seen = try Int64.fetchOne(db, sql: "SELECT event_id FROM derived_marks WHERE name = ?", arguments: [mark])
        let seenSchema = try Int64.fetchOne(db, sql: "SELECT event_id FROM derived_marks WHERE name = ?", arguments: [schemaMark])
        let sameClasses = try seenSchema == LabelClasses.schemaVersion(db)
        if let seen, seen >= newest, sameClasses { return }
        let classes = try LabelClasses.current(db)
        let (agreeing, arguments) = classes.agreeing
        // After a large import, going through every item once beats listing the touched ones.
        if let seen, sameClasses, newest - seen <= fullScanAfter {
            let touched = "SELECT DISTINCT item_id FROM annotation_events WHERE id > ?"
            try db.execute(sql: "DELETE FROM disagreements WHERE item_id IN (\(touched))", arguments: [seen])
            try db.execute(sql: """
                INSERT INTO disagreements (item_id, answers)
                SELECT item_id, count(*) FROM answers WHERE item_id IN (\(touched))
                GROUP BY item_id HAVING NOT (\(agreeing))
                """, arguments: [seen] + arguments)
        } else {
            // Every item: the index is built once after the rows, not row by row.
            try db.execute(sql: "DROP INDEX disagreements_by_answers")
            try db.execute(sql: "DELETE FROM disagreements")
            try db.execute(sql: """
                INSERT INTO disagreements (item_id, answers)
                SELECT item_id, count(*) FROM answers GROUP BY item_id HAVING NOT (\(agreeing))
                """, arguments: arguments)
            try db.execute(sql: "CREATE INDEX disagreements_by_answers ON disagreements(answers, item_id)")
        }
        try db.execute(sql: "INSERT OR REPLACE INTO derived_marks (name, event_id) VALUES (?, ?), (?, ?)",
                       arguments: [mark, newest, schemaMark, classes.schemaVersion])
    }
}
