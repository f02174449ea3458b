import ConcordAnalysis
import ConcordStore
import ArgumentParser
import ConcordDomain
import ConcordFormats
import ConcordServices
import Foundation

struct InitCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a project folder with its config, a starter guideline and an empty database.",
        discussion: "Example: concord init Projects/reviews --labels negative,neutral,positive --ordinal")

    @Argument(help: "The project folder to create.") var directory: String
    @Option(help: "Labels in order, comma-separated (hotkeys 1–9 in this order).") var labels: String
    @Flag(help: "The labels form an ordered scale (lowest first).") var ordinal = false
    @Option(name: .customLong("k"),
            help: "Labels wanted per item: a number (3), or a range for adaptive overlap (2..4: two, then one more at a time while they disagree).",
            transform: { try LabelsPerItem(parsing: $0) })
    var labelersPerItem: LabelsPerItem = 3
    @Flag(help: "Disable the special labels borderline and unintelligible.") var noSpecial = false
    @Option(help: "Project name (default: the folder's name).") var name: String?
    @Option(help: "Metadata fields reported as slices, comma-separated.") var slices: String?
    @Option(help: "Metadata field that groups items (speaker, document) for leakage-free splits.") var group: String?

    func execute() throws {
        let folder = URL(fileURLWithPath: directory)
        let configPath = folder.appendingPathComponent(ConfigFile.fileName).path
        if FileManager.default.fileExists(atPath: configPath) {
            throw DataFileError(file: configPath, "a project already exists here; edit its config instead")
        }
        let names = labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let labelSet = try LabelSet.withDefaultHotkeys(
            names: names, scale: ordinal ? .ordinal : .nominal, specials: noSpecial ? [] : SpecialLabel.allCases)
        let config = try ProjectConfig(
            name: name ?? folder.lastPathComponent, labelSet: labelSet, labelersPerItem: labelersPerItem,
            guidelines: "guidelines.md",
            sliceFields: slices.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [],
            groupField: group)
        let created = !FileManager.default.fileExists(atPath: folder.path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ConfigFile.render(config).write(toFile: configPath, atomically: true, encoding: .utf8)
        let guidelinePath = folder.appendingPathComponent("guidelines.md").path
        if !FileManager.default.fileExists(atPath: guidelinePath) {
            try StarterGuideline.markdown(for: config).write(toFile: guidelinePath, atomically: true, encoding: .utf8)
        }
        let project = try Project(path: folder.path)
        // Whoever creates the project is its first admin (the file's owner, mapped by account).
        let founder = try IdentityOptions.enroll(project, for: .manageRoles).person.name
        try restrictToGroup(folder, created: created, store: project.store.location)
        printSafe("Created \(config.name) in \(directory)/ (\(ConfigFile.fileName), guidelines.md, \(URL(fileURLWithPath: project.store.location).lastPathComponent))")
        printSafe("You (\(founder)) are its admin; add people with `concord labelers \(directory) --add NAME --role labeler|reviewer|admin`.")
        printSafe("Next: concord import \(directory) ITEMS.csv   then   concord status \(directory)")
    }
}

extension InitCommand {
    /// On SQLite the file's permissions are the real boundary: the project is for its group, and
    /// nobody else may read it (0660 files; a setgid 2770 folder, so files made later, such as the
    /// database's -wal and -shm, get the folder's group). A folder that already existed keeps its
    /// mode: it may hold other things.
    func restrictToGroup(_ folder: URL, created: Bool, store: String) throws {
        // The store's file, when it is one (a database server keeps its own permissions).
        let storeFile = FileManager.default.fileExists(atPath: store) ? [store] : []
        for path in [ConfigFile.fileName, "guidelines.md"].map({ folder.appendingPathComponent($0).path }) + storeFile {
            guard chmod(path, 0o660) == 0 else {
                throw DataFileError(file: path, "cannot make the file group-writable and private (\(String(cString: strerror(errno))))")
            }
        }
        if created, chmod(folder.path, 0o2770) != 0 {
            throw DataFileError(file: folder.path, "cannot make the folder group-only (\(String(cString: strerror(errno))))")
        }
    }
}

/// The guideline a new project starts with: one section per label, to be filled in.
enum StarterGuideline {
    static func markdown(for config: ProjectConfig) -> String {
        var lines = ["# \(config.name): labeling guidelines", "",
                     "Describe what is being labeled and why. Labelers read this in the `?` panel.", ""]
        for label in config.labelSet.labels {
            lines += ["## \(label.name) (key \(label.hotkey))", "",
                      "- What it covers:", "- Examples:", "- Not to be confused with:", ""]
        }
        if !config.labelSet.specials.isEmpty {
            lines += ["## borderline and unintelligible", "",
                      "- **borderline** (b): the item sits between two labels and the guideline does not decide it.",
                      "- **unintelligible** (x): the item cannot be read or heard well enough to label.",
                      "- Both are real answers, not skips.", ""]
        }
        lines += ["## Changelog", "", "- v1: first version", ""]
        return lines.joined(separator: "\n")
    }
}

