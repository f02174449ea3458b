import ConcordAnalysis
import ConcordStore
import ConcordDemo
import ConcordFormats
import ConcordServices
import Foundation

/// Finds the shipped sample projects: under the working directory (a clone), else next to the
/// executable (`.build/<config>/concord` → the package root), else the copy built into Concord.
enum SampleProjects {
    static func locate(_ name: String) throws -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder)
            folder.deleteLastPathComponent()
        }
        for base in candidates {
            let path = base.appendingPathComponent("Projects").appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path + "/" + ConfigFile.fileName) { return path }
        }
        // Not run from a clone (an installed binary): write out the copy built into Concord.
        guard name == "voice-assistant" else {
            throw DataFileError(file: "Projects/\(name)", "the sample project is not here; run from the Concord folder or pass --project PATH")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("concord-sample-\(UUID().uuidString.prefix(8))")
        for file in EmbeddedSampleProject.files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.content.utf8).write(to: url)
        }
        return root.appendingPathComponent("Projects").appendingPathComponent(name).path
    }
}
