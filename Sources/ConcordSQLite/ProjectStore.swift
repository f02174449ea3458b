import ConcordFormats
import ConcordStore
import ConcordDomain
import Foundation
import GRDB

/// A project's SQLite database: WAL mode, foreign keys on, versioned migrations, and writes that
/// wait for each other instead of failing with "database is locked".
public final class SQLiteStore: ProjectStore {
    public let path: String
    public let pool: DatabasePool

    /// How long a writer waits for another process's write transaction before giving up.
    /// Writes are short (one label, or one import); a long wait means something is wrong.
    public static let busyTimeout: TimeInterval = 120

    /// Opens (creating if needed) and migrates the database at `path`.
    /// Refuses a database written by a newer Concord without touching it.
    /// `checkOnOpen`: run a quick, time-bounded integrity check and refuse a damaged file
    /// (`concord doctor` and `concord backup` open without it, to look at or save what is there).
    /// `readOnly`: open without writing a byte, for reports on a project this account may not
    /// write or on a read-only disk (see `readOnlyLocation`); the database must be up to date.
    public init(path: String, checkOnOpen: Bool = true, readOnly: Bool = false) throws {
        self.path = path
        if readOnly {
            let location = Self.readOnlyLocation(path)
            try Self.preflight(path: path, location: location, checkForDamage: false)
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(Self.busyTimeout)
            config.label = "concord"
            pool = try Self.openPool(path: location, configuration: config)
            let upToDate = try pool.read { db in try db.tableExists("grdb_migrations") && Schema.migrator.hasCompletedMigrations(db) }
            guard upToDate else { throw StoreError.needsUpgrade(path: path) }
            return
        }
        try Self.preflight(path: path, location: path, checkForDamage: checkOnOpen)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(Self.busyTimeout)
        config.label = "concord"
        // A new database gets 16 KB pages (SQLite's default is 4 KB): a million-item import into
        // items and their indexes, commit included, took 2.46 s instead of 2.95 s in the sqlite3
        // shell. Takes effect only before the first table is written; an existing database
        // keeps its page size.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = 16384") }
        pool = try Self.openPool(path: path, configuration: config)
        let migrator = Schema.migrator
        let unknown = try pool.read { db -> [String] in
            guard try db.tableExists("grdb_migrations") else { return [] }
            let known = Set(Schema.migrator.migrations)
            return try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
        }
        guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknownMigrations: unknown) }
        let upToDate = try pool.read { db in
            try db.tableExists("grdb_migrations") && migrator.hasCompletedMigrations(db)
        }
        if !upToDate {
            // The migrator re-reads what is applied once it holds the lock, so the loser of a race
            // finds the work done.
            try MigrationLock.withLock(path: path + "-migration.lock") { try migrator.migrate(pool) }
        }
        // Every commit reaches the disk before it returns (synchronous = FULL on the pool's one
        // writer; GRDB opens WAL pools with NORMAL): an answer is a person's time, and under
        // NORMAL a power cut, not a crash of Concord, could lose the last ones. Bulk import
        // switches to NORMAL for its one transaction and checkpoints after.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
    }

    /// Looks at an existing file read-only before anything may write to it: an empty file is not
    /// a new project (it is a lost one), and a database of a newer Concord, or one whose
    /// `user_version` another program set, is refused without a byte of it changing (opening a
    /// pool already writes: the journal mode, GRDB's probe of it).
    static func preflight(path: String, location: String, checkForDamage: Bool) throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int else { return }
        if size == 0 {
            // Another process may be creating it this moment: SQLite writes the header at once.
            for _ in 0..<50 {
                Thread.sleep(forTimeInterval: 0.02)
                if ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int ?? 0) > 0 { break }
            }
            guard ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int ?? 0) > 0 else {
                throw StoreError.notAConcordDatabase(path: path, reason: """
                    the file is empty (0 bytes). An empty file is not a new project: the database was lost \
                    or truncated. Restore it from a backup, or delete the file to start a new project
                    """)
            }
        }
        var config = Configuration()
        config.readonly = true
        // Other processes may be writing (labelers at work): wait for them as every writer does.
        config.busyMode = .timeout(busyTimeout)
        var unknown: [String] = [], userVersion = 0, problems: [String]?
        for attempt in 0... {
            do {
                let queue = try DatabaseQueue(path: location, configuration: config)
                defer { try? queue.close() }
                (unknown, userVersion) = try queue.read { db in
                    let known = Set(Schema.migrator.migrations)
                    let applied = try db.tableExists("grdb_migrations")
                        ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                    return (applied.filter { !known.contains($0) }.sorted(), try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
                }
                // Damage is looked for before anything can write to the file.
                if checkForDamage && size <= openCheckBytes {
                    problems = try queue.read { try damage($0, full: false, budget: openBudget) }
                }
                break
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw StoreError.notAConcordDatabase(path: path, reason: "the file is not an SQLite database")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                if checkForDamage { throw StoreError.damaged(path: path, problems: [error.message ?? "database disk image is malformed"]) }
                break
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 200 {
                // A WAL database being recovered or checkpointed by another process answers BUSY
                // to a new reader at once, without the busy handler: try again shortly.
                Thread.sleep(forTimeInterval: 0.005 * Double(min(attempt + 1, 20)))
            }
        }
        guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknownMigrations: unknown) }
        if let problems, !problems.isEmpty { throw StoreError.damaged(path: path, problems: problems) }
        // Too large to check on open: what `concord doctor` found last, if the file is as it saw it.
        if checkForDamage && size > openCheckBytes, let record = DoctorRecord.current(for: path), !record.sound {
            throw StoreError.damaged(path: path, problems: record.problems.prefix(2) + [
                "found by concord doctor; once the file is repaired or restored, run `concord doctor` again to clear this"])
        }
        guard userVersion == 0 else {
            throw StoreError.notAConcordDatabase(path: path, reason: "its user_version is \(userVersion); Concord never sets one, so another program (or a newer Concord) wrote it; the file was not changed")
        }
    }

    /// Opens the pool, retrying while another process is writing. When the WAL file is missing or
    /// empty (the last connection to close removes it), GRDB writes a probe table on open in a
    /// deferred savepoint; if another process commits in between, SQLite answers "database is
    /// locked" at once, without the busy handler. The savepoint rolls back, so trying again is safe.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw StoreError.notAConcordDatabase(path: path, reason: "the file is not an SQLite database")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 200 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.005 * Double(min(attempt, 20)))
            }
        }
    }

    /// Where a read-only connection opens the file, as an SQLite URI. A WAL database needs its
    /// `-shm` and `-wal` files to be read; a reader that may not write cannot make them, and one
    /// that makes them leaves them behind, owned by its account. When they exist (someone has the
    /// project open), the reader uses them, read-only. When they do not, nobody is writing, and
    /// the file is read as it is (`immutable=1`: no lock files, nothing created).
    public static func readOnlyLocation(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        let inUse = FileManager.default.fileExists(atPath: path + "-wal")
        return "file:\(encoded)?" + (inUse ? "mode=ro" : "immutable=1")
    }

    /// Whether this process may write the database file and the folder its journal files go in
    /// (false on a read-only disk, or for an account outside the project's group).
    public static func canWrite(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK) == 0
    }

    /// Identifiers of the migrations this build knows, oldest first.
    public static var knownMigrations: [String] { Schema.migrator.migrations }

    // MARK: - People, labels, guideline versions

    /// The labeler's row id, creating the labeler (with `role`) on first sight.
    public static func labelerID(_ db: Database, name: String, role: Role = .labeler) throws -> Int64 {
        if let problem = Names.problem(name) { throw AnnotationError.badName("labeler", name, problem) }
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM labelers WHERE name = ?", arguments: [name]) {
            return id
        }
        try db.execute(sql: "INSERT INTO labelers (name, role, created_at) VALUES (?, ?, ?)",
                       arguments: [name, role.rawValue, Clock.nowMillis()])
        return db.lastInsertedRowID
    }

    /// The interned id of a label name, interning it on first sight.
    public static func labelID(_ db: Database, name: String) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM labels WHERE name = ?", arguments: [name]) {
            return id
        }
        try db.execute(sql: "INSERT INTO labels (name) VALUES (?)", arguments: [name])
        return db.lastInsertedRowID
    }

    /// The row id of a guideline version, recording the version on first sight.
    public static func guidelineVersionID(_ db: Database, _ version: GuidelineVersion, path: String?) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM guideline_versions WHERE hash = ?",
                                       arguments: [version.hash]) {
            return id
        }
        try db.execute(sql: "INSERT INTO guideline_versions (hash, path, content, first_seen) VALUES (?, ?, ?, ?)",
                       arguments: [version.hash, path, version.content, Clock.nowMillis()])
        return db.lastInsertedRowID
    }

    public static func itemID(_ db: Database, key: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM items WHERE key = ?", arguments: [key])
    }

    // MARK: - Writing annotations

    /// Appends one event to the annotation log in its own transaction. The labeler is created on
    /// first sight. The item must exist. `enteredBy`: the admin acting on the labeler's behalf.
    @discardableResult
    public func append(_ event: AnnotationEvent, guideline: GuidelineVersion?, guidelinePath: String?,
                       enteredBy: String? = nil) throws -> Int64 {
        try pool.write { db in
            guard let itemID = try Self.itemID(db, key: event.itemKey) else {
                throw AnnotationError.unknownItem(event.itemKey)
            }
            let labelerID = try Self.labelerID(db, name: event.labeler)
            let labelID = try event.label.map { try Self.labelID(db, name: $0) }
            let versionID = try guideline.map { try Self.guidelineVersionID(db, $0, path: guidelinePath) }
            let enteredByID = try enteredBy.map { try Self.labelerID(db, name: $0) }
            try db.execute(sql: """
                INSERT INTO annotation_events
                    (item_id, labeler_id, kind, label_id, note, seconds, guideline_version_id, created_at, entered_by_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [itemID, labelerID, event.kind.rawValue, labelID, event.note,
                                 event.seconds, versionID, Clock.nowMillis(), enteredByID])
            return db.lastInsertedRowID
        }
    }

    /// The labeler's current answer for an item (nil when they have none).
    public func currentAnswer(itemKey: String, labeler: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT l.name FROM answers a
                JOIN items i ON i.id = a.item_id
                JOIN labelers p ON p.id = a.labeler_id
                JOIN labels l ON l.id = a.label_id
                WHERE i.key = ? AND p.name = ?
                """, arguments: [itemKey, labeler])
        }
    }
}

