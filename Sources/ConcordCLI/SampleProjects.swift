import ConcordIO
import Foundation

/// Finds the shipped sample projects: under the working directory (a clone), else next to the
/// executable (`.build/<config>/concord` → the package root).
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
        throw DataFileError(file: "Projects/\(name)", "the sample project is not here; run from the Concord folder or pass --project PATH")
    }
}
