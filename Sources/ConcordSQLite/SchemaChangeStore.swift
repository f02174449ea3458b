import ConcordFormats
import ConcordStore
import ConcordDomain
import Foundation
import GRDB

/// Reading and recording schema changes.
enum SchemaChangeStore {
    typealias Entry = SchemaChangeEntry

    /// Every merge and rename, oldest first, with whether it was reverted.
    static func all(_ db: Database) throws -> [Entry] {
        let reverted = Set(try Int64.fetchAll(db, sql: "SELECT reverts FROM schema_changes WHERE kind = 'revert'"))
        return try Row.fetchAll(db, sql: "SELECT id, kind, sources, target, made_by FROM schema_changes WHERE kind != 'revert' ORDER BY id").map { row in
            let sources = (try? JSONDecoder().decode([String].self, from: Data((row["sources"] as String).utf8))) ?? []
            return Entry(change: SchemaChange(id: row["id"], kind: SchemaChange.Kind(rawValue: row["kind"])!, sources: sources,
                                              target: row["target"] ?? ""),
                         madeBy: row["made_by"], reverted: reverted.contains(row["id"]))
        }
    }

    /// The changes in force as of schema version `version` (a change id; nil: now; 0: none).
    static func active(_ db: Database, asOf version: Int64? = nil) throws -> [SchemaChange] {
        try all(db).filter { !$0.reverted && (version == nil || $0.change.id <= version!) }.map(\.change)
    }

    static func record(_ change: SchemaChange, by person: String?, in store: SQLiteStore) throws -> Int64 {
        try store.pool.write { db in
            let sources = String(decoding: try JSONEncoder().encode(change.sources), as: UTF8.self)
            try db.execute(sql: "INSERT INTO schema_changes (kind, sources, target, made_by, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [change.kind.rawValue, sources, change.target, person, Clock.nowMillis()])
            return db.lastInsertedRowID
        }
    }

    static func revert(_ id: Int64, by person: String?, in store: SQLiteStore) throws {
        try store.pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM schema_changes WHERE id = ? AND kind != 'revert')", arguments: [id]) == true else {
                throw ConfigError.invalid("there is no schema change \(id) (see `concord schema PROJECT`)")
            }
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM schema_changes WHERE reverts = ?)", arguments: [id]) == false else {
                throw ConfigError.invalid("schema change \(id) is already reverted")
            }
            try db.execute(sql: "INSERT INTO schema_changes (kind, reverts, made_by, created_at) VALUES ('revert', ?, ?, ?)",
                           arguments: [id, person, Clock.nowMillis()])
        }
    }
}

extension SQLiteStore {
    public func schemaChanges() throws -> [SchemaChangeEntry] { try pool.read { try SchemaChangeStore.all($0) } }

    public func activeSchemaChanges(asOf version: Int64?) throws -> [SchemaChange] {
        try pool.read { try SchemaChangeStore.active($0, asOf: version) }
    }

    @discardableResult
    public func recordSchemaChange(_ change: SchemaChange, by person: String?) throws -> Int64 {
        try SchemaChangeStore.record(change, by: person, in: self)
    }

    public func revertSchemaChange(_ id: Int64, by person: String?) throws {
        try SchemaChangeStore.revert(id, by: person, in: self)
    }
}
