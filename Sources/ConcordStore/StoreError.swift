/// Why a project database cannot be used.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database has schema migrations this build does not know: a newer Concord wrote it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file exists but is not a Concord project database.
    case notAConcordDatabase(path: String, reason: String)

    public var description: String {
        switch self {
        case let .newerSchema(path, unknown):
            return "\(path) was written by a newer version of Concord (schema \(unknown.joined(separator: ", ")) is unknown to this build). Upgrade Concord to open it; the database was not changed."
        case let .notAConcordDatabase(path, reason):
            return "\(path) is not a Concord database: \(reason)"
        }
    }
}
