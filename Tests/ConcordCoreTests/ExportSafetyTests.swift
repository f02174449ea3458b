import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
@testable import ConcordFormats
@testable import ConcordServices
import ConcordStore
import Foundation
import Testing

/// Issue 16: an export never hurts the project or a folder it did not write, and an interrupted
/// one leaves nothing behind.
@Suite("Export: never hurts the project")
struct ExportSafetyTests {
    func project() throws -> Project {
        let project = try makeProject(in: temporaryFolder())
        var answers = "item,labeler,label,text,speaker\n"
        for index in 0..<30 { for labeler in ["ana", "ben"] { answers += "i\(index),\(labeler),a,text \(index),s\(index % 5)\n" } }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(answers, to: "a.csv", in: project.directory)])
        return project
    }

    func intact(_ project: Project) -> Bool {
        [ConfigFile.fileName, SQLiteBackend.fileName].allSatisfy {
            FileManager.default.fileExists(atPath: project.directory.appendingPathComponent($0).path)
        }
    }

    @Test("--out set to the project, its parent or a folder inside it is refused, even with --force")
    func projectIsNeverTheTarget() throws {
        // Before: `export P --out P --force` deleted concord.sqlite and concord.yaml.
        let project = try project()
        for out in [project.directory, project.directory.deletingLastPathComponent(), project.directory.appendingPathComponent("exports/v1"),
                    project.directory.appendingPathComponent("../project/./")] {
            #expect(throws: QueryError.self, "\(out.path)") {
                try Exporter(project: project, options: ExportOptions()).run(to: out, overwrite: true)
            }
            #expect(intact(project))
        }
    }

    @Test("--force replaces an earlier export, never a folder Concord did not write")
    func forceOnlyReplacesExports() throws {
        let project = try project()
        let out = temporaryFolder().appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        write("precious\n", to: "notes.txt", in: out)
        #expect { try Exporter(project: project, options: ExportOptions()).run(to: out, overwrite: true) } throws: {
            "\($0)".contains("was not written by `concord export`")
        }
        #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "precious\n")
        let export = temporaryFolder().appendingPathComponent("export")
        try Exporter(project: project, options: ExportOptions()).run(to: export)
        #expect(try String(contentsOf: export.appendingPathComponent(ExportFolder.marker), encoding: .utf8) == "written by concord export\n")
        #expect(throws: QueryError.self) { try Exporter(project: project, options: ExportOptions()).run(to: export) }
        var options = ExportOptions()
        options.seed = 9
        try Exporter(project: project, options: options).run(to: export, overwrite: true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: export.deletingLastPathComponent().path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test("the next export removes the temporary folders of interrupted ones, not those of a running export")
    func staleTemporaryFolders() throws {
        let project = try project()
        let parent = temporaryFolder(), out = parent.appendingPathComponent("export")
        // A process that is gone (kill -9 mid-export), one that is running (this one), and a
        // folder of the same name that Concord did not write.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let (dead, live) = (gone.processIdentifier, getpid())
        for (name, mark) in [(".export.partial-\(dead)-aaaa", "partial, pid \(dead)\n"),
                             (".export.partial-\(live)-bbbb", "partial, pid \(live)\n"), (".export.partial-\(dead)-cccc", nil)] {
            let folder = parent.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let mark { write(mark, to: ExportFolder.marker, in: folder) }
        }
        try Exporter(project: project, options: ExportOptions()).run(to: out)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: parent.path))
        #expect(names == ["export", ".export.partial-\(live)-bbbb", ".export.partial-\(dead)-cccc"])
    }

    @Test("an earlier export moved aside by an export that was then killed is put back, not deleted")
    func oldExportRestored() throws {
        // Found in review: the old folder had a finished marker and no pid, and the next export deleted it.
        let project = try project()
        let parent = temporaryFolder(), out = parent.appendingPathComponent("export")
        try Exporter(project: project, options: ExportOptions()).run(to: out)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let aside = parent.appendingPathComponent(".export.old-\(gone.processIdentifier)-dddd")
        try FileManager.default.moveItem(at: out, to: aside)
        ExportFolder.cleanUp(besides: out)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
        #expect(!FileManager.default.fileExists(atPath: aside.path))
    }

    @Test("a link followed by .. is resolved as the kernel resolves it: no way into the project")
    func linkDotDot() throws {
        // Found in review: `link/../exports` with link → project/sub was checked as ./exports.
        let project = try project()
        try FileManager.default.createDirectory(at: project.directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let parent = temporaryFolder(), link = parent.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: project.directory.appendingPathComponent("sub"))
        for out in ["link/../exports", "link/.."] {
            #expect(throws: QueryError.self, "\(out)") {
                try Exporter(project: project, options: ExportOptions()).run(to: URL(fileURLWithPath: parent.path + "/" + out), overwrite: true)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: project.directory.appendingPathComponent("exports").path))
        #expect(intact(project))
    }

    @Test("ratios that are not finite numbers are refused")
    func infiniteRatios() throws {
        let project = try project()
        for ratios in [[Double.infinity, 1, 1], [1e308, 1e308, 1], [.nan, 1, 1]] {
            var options = ExportOptions()
            options.ratios = ratios
            #expect(throws: QueryError.self, "\(ratios)") { try Exporter(project: project, options: options).preview() }
        }
    }

    @Test("an output folder that cannot be made names its path and the reason")
    func unwritable() throws {
        // Before: a raw NSCocoaErrorDomain error. (Tests run as root, so a file stands in the way
        // instead of a permission.)
        let project = try project()
        let parent = temporaryFolder()
        write("not a folder\n", to: "file", in: parent)
        let out = parent.appendingPathComponent("file/export")
        #expect { try Exporter(project: project, options: ExportOptions()).run(to: out) } throws: { error in
            guard let error = error as? ExportIOError else { return false }
            return error.path == parent.appendingPathComponent("file").path && error.description.contains("Not a directory")
        }
    }
}
