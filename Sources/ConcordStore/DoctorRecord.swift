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
