/// Why a project database cannot be used.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database has schema migrations this build does not know: a newer Concord wrote it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file exists but is not a Concord project database.
    case notAConcordDatabase(path: String, reason: String)
    /// SQLite found damage in the file (its integrity check's first findings).
    case damaged(path: String, problems: [String])
    case backupTargetExists(path: String)
    /// Read-only, and older than this build: upgrading it would write.
    case needsUpgrade(path: String)

    public var description: String {
        switch self {
        case let .newerSchema(path, unknown):
            return "\(path) was written by a newer version of Concord (schema \(unknown.joined(separator: ", ")) is unknown to this build). Upgrade Concord to open it; the database was not changed."
        case let .notAConcordDatabase(path, reason):
            return "\(path) is not a Concord database: \(reason)"
        case let .damaged(path, problems):
            return """
                \(path) is damaged (\(problems.prefix(3).joined(separator: "; "))\(problems.count > 3 ? "; …" : "")). \
                Nothing was written to it. Run `concord doctor` on the project for the full check; to recover, \
                copy your last `concord backup` over concord.sqlite (keep the damaged file aside), or ask \
                sqlite3's `.recover` for what can be saved.
                """
        case let .needsUpgrade(path):
            return "\(path) was made by an older Concord and needs an upgrade, which writes to it; you may not write it (or it is on a read-only disk). Someone who can write it upgrades it by running any concord command on the project."
        case let .backupTargetExists(path):
            return "\(path) already exists; a backup never overwrites a file — choose a new name"
        }
    }
}
