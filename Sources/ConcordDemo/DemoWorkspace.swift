import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation

/// A throwaway copy of a sample project with simulated labelers' answers imported into it.
public struct DemoWorkspace: Sendable {
    public let project: Project
    public let simulatedLabelers: Int
    public let simulatedAnswers: Int

    /// Copies the project folder (and its guideline file) into a new temporary folder, laid out
    /// as `Projects/NAME` + `Guidelines/` so the config's relative guideline path still holds.
    public static func make(copying source: String, seed: UInt64) throws -> DemoWorkspace {
        let fileManager = FileManager.default
        let sourceURL = URL(fileURLWithPath: source).standardizedFileURL
        let original = try ProjectFiles(directory: sourceURL)
        let root = fileManager.temporaryDirectory.appendingPathComponent("concord-demo-\(UUID().uuidString.prefix(8))")
        let target = root.appendingPathComponent("Projects").appendingPathComponent(sourceURL.lastPathComponent)
        try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fileManager.copyItem(at: sourceURL, to: target)
        // Only the config and the data come along: the copy gets a store of its own.
        for name in try fileManager.contentsOfDirectory(atPath: target.path) where name.hasPrefix("concord.") && name != ConfigFile.fileName {
            try? fileManager.removeItem(at: target.appendingPathComponent(name))
        }
        if let guideline = original.guidelinePath, let relative = original.config.guidelines {
            let copy = URL(fileURLWithPath: Project.resolve(relative, in: target))
            try fileManager.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !fileManager.fileExists(atPath: copy.path) { try fileManager.copyItem(atPath: guideline, toPath: copy.path) }
        }
        let project = try Project(path: target.path)
        let truths = try loadTruths(project: project)
        var simulator = LabelerSimulator(labelSet: project.config.labelSet,
                                         labelersPerItem: project.config.labelersPerItem.maximum, seed: seed)
        let rows = simulator.answers(for: truths)
        let answersFile = root.appendingPathComponent("simulated-answers.csv")
        var csv = "item,labeler,label,seconds\n"
        for row in rows { csv += "\(row.item),\(row.labeler),\(row.label),\(row.seconds)\n" }
        try csv.write(to: answersFile, atomically: true, encoding: .utf8)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [answersFile.path])
        let predictionsFile = root.appendingPathComponent("simulated-predictions.csv")
        var predictions = "item,prediction\n"
        for row in simulator.predictions(for: truths) { predictions += "\(row.item),\(row.label)\n" }
        try predictions.write(to: predictionsFile, atomically: true, encoding: .utf8)
        _ = try PredictionImporter(project: project).run(file: predictionsFile.path)
        return DemoWorkspace(project: project, simulatedLabelers: simulator.profiles.count,
                             simulatedAnswers: rows.count)
    }

    /// The hidden reference (`data/reference.csv`: id,label,confusable_with,difficulty), joined
    /// with each item's recording condition.
    private static func loadTruths(project: Project) throws -> [LabelerSimulator.Truth] {
        let path = project.resolve("data/reference.csv")
        var reader = try CSVReader(path: path)
        let columns = reader.columns
        func column(_ name: String) throws -> Int {
            guard let index = columns.firstIndex(of: name) else {
                throw DataFileError(file: path, line: 1, field: name, "missing column")
            }
            return index
        }
        let id = try column("id"), label = try column("label")
        let confusable = try column("confusable_with"), difficulty = try column("difficulty")
        let conditions = try project.config.sliceFields.first.map { try project.store.metadataValues(field: $0) } ?? [:]
        var truths: [LabelerSimulator.Truth] = []
        var values: [String?] = []
        while try reader.next(into: &values) != nil {
            let key = values[id]!
            truths.append(LabelerSimulator.Truth(
                itemKey: key, label: values[label]!,
                confusableWith: values[confusable].flatMap { $0.isEmpty ? nil : $0 },
                difficulty: Double(values[difficulty] ?? "") ?? 0.2,
                condition: conditions[key]))
        }
        return truths
    }
}

/// A private helper reading where a project's files are, without opening its database.
private struct ProjectFiles {
    let config: ProjectConfig
    let guidelinePath: String?

    init(directory: URL) throws {
        config = try ConfigFile.load(path: directory.appendingPathComponent(ConfigFile.fileName).path)
        guidelinePath = config.guidelines.map { Project.resolve($0, in: directory) }
    }
}
