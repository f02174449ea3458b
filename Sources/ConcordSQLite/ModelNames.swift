import ConcordFormats
import ConcordDomain
import ConcordStore
import GRDB

/// Models whose predictions a project holds, by name (`import-predictions --model NAME`).
extension SQLiteStore {
    /// The names of the models with predictions, sorted.
    public func modelNames() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM models m WHERE EXISTS (SELECT 1 FROM predictions WHERE model_id = m.id) ORDER BY name
                """)
        }
    }

    /// The row id of a model, recording the name on first sight.
    public static func modelID(_ db: Database, name: String) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM models WHERE name = ?", arguments: [name]) { return id }
        try db.execute(sql: "INSERT INTO models (name) VALUES (?)", arguments: [name])
        return db.lastInsertedRowID
    }
}
