import ConcordFormats
import ConcordDomain
import ConcordStore
import Foundation

/// Projects stored in one SQLite file beside their config: `concord.sqlite`.
public struct SQLiteBackend: StoreBackend {
    public static let fileName = "concord.sqlite"

    public var name: String { "sqlite" }

    public init() {}

    /// A report on a project this account may not write (or on a read-only disk) opens the file
    /// without writing a byte; everything else opens it as usual, creating it when new.
    public func open(projectDirectory directory: URL, access: StoreAccess) throws -> any ProjectStore {
        let path = directory.appendingPathComponent(Self.fileName).path
        let readOnly = access == .reading && FileManager.default.fileExists(atPath: path) && !SQLiteStore.canWrite(path)
        return try SQLiteStore(path: path, checkOnOpen: access == .writing, readOnly: readOnly)
    }
}
