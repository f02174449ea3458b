import ConcordFormats
import ConcordDomain
import ConcordStore
import Foundation
import GRDB
import GRDBSQLite

/// Finding damage before it spreads (issue 16): a block of garbage in a table used to pass every
/// report, and import and annotate wrote into the damaged file. Opening a store to write runs
/// SQLite's `quick_check` on databases up to `openCheckBytes`; a larger one is left to
/// `concord doctor`, which runs the full `integrity_check` without a limit.
///
/// Why a size and not only a time budget: SQLite 3.40 (Debian 12) runs the check as one virtual
/// machine step, so its progress handler cannot stop it. At 306 MB (the 1M-item benchmark) the
/// check took the labeling screen's open from 10 ms to 355 ms, past its 300 ms target; at about
/// 4.5 ms of CPU per MB, 16 MB costs some 70 ms. The budget still applies where SQLite honours it.
extension SQLiteStore {
    /// The largest database checked on open.
    public static let openCheckBytes = 16 << 20
    /// How long opening a store may spend checking it, where SQLite can stop the check.
    public static let openBudget: TimeInterval = 0.1

    /// The problems SQLite finds (empty: none). `full` runs `integrity_check` (every index
    /// against its table) with no time limit; otherwise `quick_check`, stopped after `budget`
    /// seconds, when nil is returned: not known.
    public func damage(full: Bool, budget: TimeInterval? = nil) throws -> [String]? {
        // Outside a transaction: a read transaction on a damaged file fails again at its COMMIT.
        try pool.unsafeRead { db in try Self.damage(db, full: full, budget: budget) }
    }

    static func damage(_ db: Database, full: Bool, budget: TimeInterval?) throws -> [String]? {
        guard let budget, let connection = db.sqliteConnection else {
            do {
                let rows = try String.fetchAll(db, sql: full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)")
                return rows == ["ok"] ? [] : rows
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                return [error.message ?? "database disk image is malformed"]
            }
        }
        // SQLite calls the handler every 10,000 virtual-machine steps; past the deadline it
        // interrupts the check, which then fails with SQLITE_INTERRUPT.
        let deadline = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        defer { deadline.deallocate() }
        deadline.pointee = Date().timeIntervalSince1970 + budget
        sqlite3_progress_handler(connection, 10_000, { context in
            Date().timeIntervalSince1970 > context!.assumingMemoryBound(to: Double.self).pointee ? 1 : 0
        }, deadline)
        defer { sqlite3_progress_handler(connection, 0, nil, nil) }
        do {
            let rows = try String.fetchAll(db, sql: "PRAGMA quick_check(100)")
            return rows == ["ok"] ? [] : rows
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            return nil
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            return [error.message ?? "database disk image is malformed"]
        }
    }

    /// An online copy of the database to `path` (SQLite's backup API: consistent while others
    /// write), checked with `quick_check` afterwards. `path` must not exist.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.backupTargetExists(path: path)
        }
        let target = try DatabaseQueue(path: path)
        try pool.backup(to: target)
        let problems = try target.read { try Self.damage($0, full: false, budget: nil) } ?? []
        try target.close()
        guard problems.isEmpty else { throw StoreError.damaged(path: path, problems: problems) }
    }
}
