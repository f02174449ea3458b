import ConcordFormats
import ConcordDomain
import ConcordStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A cross-process lock held while migrations run. GRDB's migrator reads which migrations are
/// applied before it takes SQLite's write lock, so two processes opening a new database at once
/// could both create the schema. The lock is a separate file: opening and closing the database
/// file itself would drop the POSIX locks SQLite holds on it.
enum MigrationLock {
    static func withLock<T>(path: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.notAConcordDatabase(path: path, reason: "cannot create the migration lock file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { break }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
