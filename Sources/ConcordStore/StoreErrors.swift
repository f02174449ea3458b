import ConcordDomain

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
    /// No store of that kind in this build.
    case noBackend(name: String?, known: String)

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
        case let .noBackend(name, known):
            return "no store backend \(name.map { "'\($0)'" } ?? "registered") in this build (known: \(known))"
        case let .needsUpgrade(path):
            return "\(path) was made by an older Concord and needs an upgrade, which writes to it; you may not write it (or it is on a read-only disk). Someone who can write it upgrades it by running any concord command on the project."
        case let .backupTargetExists(path):
            return "\(path) already exists; a backup never overwrites a file — choose a new name"
        }
    }
}

/// Why an annotation cannot be written.
public enum AnnotationError: Error, CustomStringConvertible, Equatable {
    case unknownItem(String)
    case unknownLabel(String, known: [String])
    /// A name (what, the name, why) that cannot be used.
    case badName(String, String, String)
    /// A labeling session asked to answer an item the labeler already answered.
    case alreadyAnswered

    public var description: String {
        switch self {
        case .alreadyAnswered: return "this item already has your answer; u (undo) takes it back first"
        case .unknownItem(let key): return "item '\(key)' is not in the project"
        case let .unknownLabel(label, known):
            return "unknown label '\(label)'; the project's answers are: \(known.joined(separator: ", "))"
        case let .badName(what, name, problem):
            return "the \(what) name '\(Names.inert(name))' \(problem)"
        }
    }
}

/// A round that does not exist.
public enum RequeueError: Error, CustomStringConvertible, Equatable {
    case noSuchRound(String)

    public var description: String {
        switch self {
        case .noSuchRound(let round): return "no round '\(Names.inert(round))' (rounds are numbered from 1, or named by a guideline hash prefix; see `concord agreement`)"
        }
    }
}

/// An error a backend's database reported (a locked, full or damaged file, a lost connection):
/// the CLI reports it with exit 74 without knowing the backend.
public protocol BackendError: Error {
    var backendMessage: String { get }
}
