import GRDB

/// The triggers that keep `item_counts` right (migration v3), and a bulk path around them.
///
/// At a million rows, firing them per row doubles an import's time. A bulk import instead drops
/// them inside its own transaction, inserts, then counts set-based and puts them back, all before
/// it commits: DDL is transactional in SQLite, so a failed or interrupted import restores them
/// with everything else, and no other writer can run in between (the import holds the write lock).
public enum CountTriggers {
    /// Exactly the SQL of migration v3 (a test compares them with sqlite_master).
    static let definitions: [(name: String, sql: String)] = [
        ("items_are_counted", """
            CREATE TRIGGER items_are_counted AFTER INSERT ON items
            BEGIN INSERT INTO item_counts (item_id, answers) VALUES (NEW.id, 0); END
            """),
        ("answers_are_counted", """
            CREATE TRIGGER answers_are_counted AFTER INSERT ON answers
            BEGIN
                UPDATE item_counts SET answers = answers + 1 WHERE item_id = NEW.item_id;
            END
            """),
    ]

    /// The triggers as SQLite stores them now (for tests).
    public static func current(_ db: Database) throws -> [String: String] {
        var result: [String: String] = [:]
        for (name, _) in definitions {
            result[name] = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", arguments: [name])
        }
        return result
    }

    public static var expected: [String: String] { Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0.sql) }) }

    /// Runs `body` (which must only insert items and events) with the count triggers off, then
    /// counts what it inserted. Call inside the write transaction.
    public static func suspended<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let firstItem = (try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM items") ?? 0) + 1
        let firstEvent = (try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM annotation_events") ?? 0) + 1
        for (name, _) in definitions { try db.execute(sql: "DROP TRIGGER \(name)") }
        let result = try body()
        try db.execute(sql: "INSERT INTO item_counts (item_id, answers) SELECT id, 0 FROM items WHERE id >= ?", arguments: [firstItem])
        try db.execute(sql: """
            UPDATE item_counts SET answers = (SELECT count(*) FROM answers a WHERE a.item_id = item_counts.item_id)
            WHERE item_id IN (SELECT item_id FROM annotation_events WHERE id >= ?)
            """, arguments: [firstEvent])
        for (_, sql) in definitions { try db.execute(sql: sql) }
        return result
    }
}
