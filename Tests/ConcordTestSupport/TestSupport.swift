import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordSQLite
import ConcordStore
import Foundation
import GRDB
import Testing

/// Tests open projects as the CLI does: through the registered store backends (SQLite here).
private let backendsRegistered: Void = StoreBackends.register(SQLiteBackend())

/// The ConvAbuse long form (CC BY 4.0, Cercas Curry et al., EMNLP 2021), a copy of the shared
/// data kept under Tests/Fixtures so that the published-figure tests run in any clone.
public func convAbuseFile() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/convabuse/convabuse_long.csv").path
}

/// A fresh temporary folder per test.
public func temporaryFolder() -> URL {
    _ = backendsRegistered
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("concord-test-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `content` to `name` in `folder` and returns its path.
@discardableResult
public func write(_ content: String, to name: String, in folder: URL) -> String {
    let path = folder.appendingPathComponent(name).path
    try! content.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

public func writeBytes(_ bytes: [UInt8], to name: String, in folder: URL) -> String {
    let path = folder.appendingPathComponent(name).path
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

/// A project with labels a, b, c (plus the special labels), slice `cond` and group `speaker`.
public func makeProject(in folder: URL, labels: [String] = ["a", "b", "c"], scale: Scale = .nominal,
                        backend: (any StoreBackend)? = nil, configure: (inout ProjectConfig) throws -> Void = { _ in }) throws -> Project {
    _ = backendsRegistered
    var config = try ProjectConfig(
        name: "test", labelSet: try LabelSet.withDefaultHotkeys(names: labels, scale: scale),
        labelersPerItem: 3, guidelines: "guidelines.md", sliceFields: ["cond"], groupField: "speaker")
    try configure(&config)
    let projectFolder = folder.appendingPathComponent("project")
    try FileManager.default.createDirectory(at: projectFolder, withIntermediateDirectories: true)
    write(ConfigFile.render(config), to: ConfigFile.fileName, in: projectFolder)
    write("# Guidelines\n\nLabel carefully.\n", to: "guidelines.md", in: projectFolder)
    return try Project(path: projectFolder.path, backend: backend)
}

/// Everything in the database that an import could change, to prove a failed one changed nothing.
public func snapshot(_ project: Project) throws -> [String] {
    try project.sqlite.pool.read { db in
        try ["items", "labelers", "labels", "annotation_events", "answers", "imports", "guideline_versions"].map { table in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1")
            return "\(table): " + rows.map(\.description).joined(separator: "; ")
        }
    }
}

/// A clock for tests: unix milliseconds that move only when told, shared safely between sessions.
public final class ManualClock: @unchecked Sendable {
    private var milliseconds: Int64
    private let lock = NSLock()

    public init(startingAt milliseconds: Int64) { self.milliseconds = milliseconds }

    public func advance(milliseconds delta: Int64) {
        lock.lock()
        milliseconds += delta
        lock.unlock()
    }

    public var now: @Sendable () -> Int64 {
        { [self] in
            lock.lock()
            defer { lock.unlock() }
            return milliseconds
        }
    }
}

extension ProjectStore {
    /// Gives `name` a role, as the project's admin would.
    public func grant(_ name: String, _ role: Role) throws {
        try setRole(name: name, role: role, by: Member(name: "admin", role: .admin, account: "admin"))
    }
}

extension Project {
    /// The project's SQLite store, for tests of the SQLite backend itself (triggers, migrations,
    /// bulk paths); behaviour tests go through the protocols.
    public var sqlite: SQLiteStore { store as! SQLiteStore }
}

/// A store backend the contract tests run against. PostgreSQL adds itself to `all` (with the
/// server `.ci/run` starts), and every contract test then runs on it too.
public struct BackendUnderTest: Sendable, CustomTestStringConvertible {
    public let backend: any StoreBackend
    public var testDescription: String { backend.name }

    public static let all: [BackendUnderTest] = [BackendUnderTest(backend: SQLiteBackend())]

    /// A new project on this backend (labels a, b, c; slice `cond`; group `speaker`).
    public func project(labels: [String] = ["a", "b", "c"]) throws -> Project {
        try makeProject(in: temporaryFolder(), labels: labels, backend: backend)
    }
}
