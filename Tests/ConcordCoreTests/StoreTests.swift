import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import GRDB
import Testing

@Suite("Store")
struct StoreTests {
    @Test("the current answer is the latest event; an undo appends and clears it")
    func appendOnlyLog() throws {
        let project = try makeProject(in: temporaryFolder())
        write("id,text\ni1,hello\n", to: "items.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [project.resolve("items.csv")])
        let guideline = try project.currentGuideline()
        let store = project.store
        try store.append(AnnotationEvent(itemKey: "i1", labeler: "ana", label: "a", seconds: 2.5), guideline: guideline, guidelinePath: nil)
        #expect(try store.currentAnswer(itemKey: "i1", labeler: "ana") == "a")
        try store.append(AnnotationEvent(itemKey: "i1", labeler: "ana", label: "borderline"), guideline: guideline, guidelinePath: nil)
        #expect(try store.currentAnswer(itemKey: "i1", labeler: "ana") == "borderline")
        try store.append(AnnotationEvent(itemKey: "i1", labeler: "ana", kind: .retract, label: nil), guideline: guideline, guidelinePath: nil)
        #expect(try store.currentAnswer(itemKey: "i1", labeler: "ana") == nil)
        let status = try store.status()
        #expect(status.events == 3)
        #expect(status.annotations == 0)
        // Every event records the guideline version and the time taken.
        let recorded = try project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT g.hash, e.seconds FROM annotation_events e JOIN guideline_versions g ON g.id = e.guideline_version_id ORDER BY e.id
                """)
        }
        #expect(recorded.count == 3)
        #expect(recorded[0]["hash"] as String == guideline!.hash)
        #expect(recorded[0]["seconds"] as Double? == 2.5)
    }

    @Test("the log cannot be rewritten")
    func logIsAppendOnly() throws {
        let project = try makeProject(in: temporaryFolder())
        write("item,labeler,label,text\ni1,ana,a,hello\n", to: "a.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [project.resolve("a.csv")])
        #expect(throws: DatabaseError.self) {
            try project.sqlite.pool.write { try $0.execute(sql: "UPDATE annotation_events SET label_id = label_id") }
        }
        #expect(throws: DatabaseError.self) {
            try project.sqlite.pool.write { try $0.execute(sql: "DELETE FROM annotation_events") }
        }
    }

    @Test("a database from a newer Concord is refused and left as it is")
    func newerSchemaRefused() throws {
        let folder = temporaryFolder()
        let path = folder.appendingPathComponent("db.sqlite").path
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        // GRDB's pool probes WAL with a temporary table, so compare what the database holds, not its bytes.
        func contents() throws -> [String] {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in
                try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master ORDER BY name")
                    + String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
        }
        let before = try contents()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { try SQLiteStore(path: path) } throws: { error in
            guard case let .newerSchema(_, unknown) = error as? StoreError else { return false }
            return unknown == ["v99-from-the-future"] && "\(error)".contains("newer version of Concord")
        }
        #expect(try contents() == before)
        // Not a byte changed: the schema cookie did not move (it did when a pool was opened first).
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("a database whose user_version another program set is refused, untouched")
    func userVersionRefused() throws {
        let path = temporaryFolder().appendingPathComponent("db.sqlite").path
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "PRAGMA user_version = 7") }
        try queue.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { try SQLiteStore(path: path) } throws: { "\($0)".contains("user_version is 7") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("an empty database file is refused, not taken for a new project")
    func emptyFileRefused() throws {
        // Before: a 0-byte concord.sqlite was silently a new, empty project.
        let path = write("", to: "concord.sqlite", in: temporaryFolder())
        #expect { try SQLiteStore(path: path) } throws: { error in
            guard case .notAConcordDatabase = error as? StoreError else { return false }
            return "\(error)".contains("the file is empty (0 bytes)")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0)
    }

    @Test("an older database is upgraded to the current schema")
    func olderSchemaUpgraded() throws {
        let path = temporaryFolder().appendingPathComponent("old.sqlite").path
        // An older database: SQLite file that has seen no migration yet.
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let applied = try store.pool.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == SQLiteStore.knownMigrations)
        let journal = try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let foreignKeys = try store.pool.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == 1)
    }

    @Test("a file that is not SQLite gets a clear error")
    func notADatabase() throws {
        let path = write("hello, not a database at all\n", to: "x.sqlite", in: temporaryFolder())
        #expect { try SQLiteStore(path: path) } throws: { error in
            guard case .notAConcordDatabase = error as? StoreError else { return false }
            return "\(error)".contains("is not a Concord database")
        }
    }
}

@Suite("Store: durability")
struct DurabilityTests {
    @Test("labeling and review writes sync to disk on commit (synchronous = FULL); bulk import runs NORMAL and restores FULL")
    func synchronousFull() throws {
        let project = try makeProject(in: temporaryFolder())
        // 2 = FULL, 1 = NORMAL (https://sqlite.org/pragma.html#pragma_synchronous).
        #expect(try project.sqlite.pool.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        let answers = write("item,labeler,label,text\ni1,ana,a,x\n", to: "a.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [answers])
        #expect(try project.sqlite.pool.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }
}
