import ConcordFormats
import ConcordDomain
import ConcordStore
import Foundation

/// The last full check `concord doctor` made, kept beside the database
/// (`concord.sqlite-doctor.json`). A database too large to check on open (see `openCheckBytes`)
/// is refused by writers while its last check found damage, and `status` says when it was
/// checked. Damage does not heal: the verdict stands until doctor runs again (after a backup is
/// copied over the file, say) or the file is replaced by another (a new inode). Size and times
/// cannot tell: every open of a WAL database touches them.
public struct DoctorRecord: Codable, Equatable, Sendable {
    /// When the check ran (unix milliseconds).
    public var checkedAt: Int64
    public var problems: [String]
    /// The file the check saw: its inode, and its size then (for people reading the record).
    public var inode: UInt64
    public var bytes: Int64

    public var sound: Bool { problems.isEmpty }

    public static func path(for database: String) -> String { database + "-doctor.json" }

    /// The record of a check just made on `database`.
    public init?(database: String, problems: [String], at now: Int64) {
        guard let identity = Self.identity(of: database) else { return nil }
        checkedAt = now
        self.problems = problems
        (inode, bytes) = identity
    }

    /// The record for this file; nil when there is none, or it is for another file.
    public static func current(for database: String) -> DoctorRecord? {
        guard let record = saved(for: database), let identity = identity(of: database),
              identity.inode == record.inode
        else { return nil }
        return record
    }

    /// The last record kept, whatever the file has become since.
    public static func saved(for database: String) -> DoctorRecord? {
        guard let data = FileManager.default.contents(atPath: path(for: database)) else { return nil }
        return try? JSONDecoder().decode(DoctorRecord.self, from: data)
    }

    /// Writes the record beside the database (replacing the previous one).
    public func save(for database: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: Self.path(for: database)), options: .atomic)
    }

    private static func identity(of path: String) -> (inode: UInt64, bytes: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_ino), Int64(info.st_size))
    }
}

extension SQLiteStore {
    public var location: String { path }

    public var schemaVersion: String { Self.knownMigrations.last ?? "" }

    public func damage(full: Bool) throws -> [String]? { try damage(full: full, budget: nil) }

    /// Kept beside the database: writers refuse a large file whose last full check found damage.
    public func recordDamageCheck(_ problems: [String]) throws {
        try DoctorRecord(database: path, problems: problems, at: Clock.nowMillis())?.save(for: path)
    }

    public func integritySummary() -> String {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if bytes <= Self.openCheckBytes { return "quick check each time a command opens it to write" }
        guard let record = DoctorRecord.saved(for: path) else {
            return "not checked: over 16 MB, checked only by `concord doctor` (run it from cron)"
        }
        let when = Date(timeIntervalSince1970: Double(record.checkedAt) / 1000).formatted(.iso8601)
        let verdict = record.sound ? "sound" : "DAMAGED (\(record.problems.count) problems)"
        let replaced = DoctorRecord.current(for: path) == nil ? "; the file was replaced since" : ""
        return "concord doctor at \(when): \(verdict)\(replaced)"
    }
}
