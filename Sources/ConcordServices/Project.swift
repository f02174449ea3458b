import ConcordAnalysis
import ConcordDomain
import ConcordFormats
import ConcordStore
import Foundation

/// A project folder: `concord.yaml`, the guideline file it names, and its store (by default
/// `concord.sqlite` beside them; see `StoreBackends`).
public final class Project: Sendable {
    public let directory: URL
    public let config: ProjectConfig
    public let store: any ProjectStore

    public var configPath: String { directory.appendingPathComponent(ConfigFile.fileName).path }

    /// Whether the caller will write to the project. Before writing, opening runs a quick,
    /// time-bounded integrity check and refuses a damaged database; reports, which only read,
    /// skip it (on a million items it would take its whole budget from every report), and open
    /// a project they may not write without writing to it.
    public typealias Access = StoreAccess

    /// Opens the project at `path` (a folder, or its `concord.yaml`). When the store is new,
    /// the config's `data:` files are imported into it first.
    /// `backend`: where the store lives (nil: the default registered backend).
    public init(path: String, access: Access = .writing, backend: (any StoreBackend)? = nil) throws {
        var url = URL(fileURLWithPath: path)
        if url.lastPathComponent == ConfigFile.fileName { url.deleteLastPathComponent() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataFileError(file: path, "no project folder here (create one with `concord init \(path) --labels a,b,c`)")
        }
        directory = url.standardizedFileURL
        config = try ConfigFile.load(path: directory.appendingPathComponent(ConfigFile.fileName).path)
        if let guidelines = config.guidelines {
            try Self.confineGuideline(guidelines, in: directory, config: directory.appendingPathComponent(ConfigFile.fileName).path)
        }
        store = try (backend ?? StoreBackends.backend()).open(projectDirectory: directory, access: access)
        try importSeedDataIfNew()
    }

    /// The label set with the schema changes in force (as of `version`; nil: now), plus an
    /// optional change not recorded yet (a preview).
    public func labelSet(asOf version: Int64? = nil, whatIf: SchemaChange? = nil) throws -> LabelSet {
        var changes = try store.activeSchemaChanges(asOf: version)
        if let whatIf { changes.append(whatIf) }
        return try changes.reduce(config.labelSet) { try $1.apply(to: $0) }
    }

    /// Maps a recorded label to the label it counts as now (after every change in force).
    public func labelMapping(asOf version: Int64? = nil, whatIf: SchemaChange? = nil) throws -> @Sendable (String) -> String {
        let changes = try store.activeSchemaChanges(asOf: version) + (whatIf.map { [$0] } ?? [])
        return { label in changes.reduce(label) { $1.apply($0) } }
    }

    /// Whether `field` is a slice field, the group field, or a metadata field some item has.
    public func hasField(_ field: String) throws -> Bool {
        if config.sliceFields.contains(field) || field == config.groupField { return true }
        return try store.hasMetadataField(field)
    }

    /// Absolute path of the guideline file, if the config names one.
    public var guidelinePath: String? {
        config.guidelines.map(resolve)
    }

    /// The guideline file as it is now. Throws when the config names a file that is missing.
    public func currentGuideline() throws -> GuidelineVersion? {
        guard let path = guidelinePath else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(file: configPath, field: "guidelines", "the guideline file \(path) does not exist")
        }
        return GuidelineVersion(hash: Hashing.sha256Hex(data), content: String(decoding: data, as: UTF8.self))
    }

    /// The guideline file must be inside the project folder or in a `Guidelines` folder beside it
    /// or beside its parent (the repository layout: `Projects/NAME`, `Guidelines/`). Its content is
    /// stored in the database and shown to every labeler, so it may not name any other file
    /// (`guidelines: /etc/shadow` copied that file into the database). Links are followed first.
    static func confineGuideline(_ path: String, in directory: URL, config: String) throws {
        let real = URL(fileURLWithPath: resolve(path, in: directory)).resolvingSymlinksInPath().path
        let project = directory.resolvingSymlinksInPath()
        let roots = [project, project.deletingLastPathComponent().appendingPathComponent("Guidelines"),
                     project.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Guidelines")]
            .map { $0.resolvingSymlinksInPath().path }
        guard roots.contains(where: { real.hasPrefix($0 + "/") }) else {
            throw DataFileError(file: config, field: "guidelines",
                                "the guideline file must be inside the project folder or a Guidelines folder beside it (\(roots.dropFirst().joined(separator: " or "))); '\(path)' is not")
        }
    }

    /// Resolves a path written in the config (relative to the config file).
    public func resolve(_ relativePath: String) -> String {
        Self.resolve(relativePath, in: directory)
    }

    /// `path` as written in a config in `directory`: absolute as it is, relative to the folder.
    public static func resolve(_ path: String, in directory: URL) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return directory.appendingPathComponent(path).standardizedFileURL.path
    }

    private func importSeedDataIfNew() throws {
        guard !config.seedData.isEmpty, try store.isEmpty() else { return }
        let importer = Importer(project: self, options: ImportOptions())
        _ = try importer.run(files: config.seedData.map(resolve))
    }
}
