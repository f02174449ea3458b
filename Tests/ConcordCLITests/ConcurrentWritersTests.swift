import ConcordTestSupport
@testable import ConcordSQLite
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import GRDB
import Testing

@Suite("Concurrent writers")
struct ConcurrentWritersTests {
    /// Eight processes open a project that has no database yet at the same moment (racing to
    /// create and migrate it, and to import the same items file), then write to it at once: six
    /// label in loops, two import annotation files. Nothing may be lost or duplicated, and nobody
    /// may see "database is locked".
    @Test("8 writer processes on one database lose nothing and never fail as locked")
    func eightWriters() throws {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("shared-box")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        write("name: shared\nlabels: [{name: a}, {name: b}]\nlabelers_per_item: 3\n", to: ConfigFile.fileName, in: project)
        var items = "id,text\n"
        for index in 0..<40 { items += "i\(index),item \(index)\n" }
        let itemsFile = write(items, to: "items.csv", in: folder)

        let labelsPerWriter = 25
        var importFiles: [String] = []
        for writer in 0..<2 {
            var rows = "item,labeler,label,text\n"
            for index in 0..<40 { rows += "i\(index),importer\(writer),\(index % 2 == 0 ? "a" : "b"),item \(index)\n" }
            importFiles.append(write(rows, to: "answers\(writer).csv", in: folder))
        }
        let start = folder.appendingPathComponent("go").path
        var script = "set -u\nbin='\(ConcordProcess.binary)'; p='\(project.path)'\n"
        for writer in 0..<8 {
            let body: String
            if writer < 6 {
                body = """
                    "$bin" import "$p" '\(itemsFile)' >/dev/null || echo "FAILED items w\(writer)"
                    for j in $(seq 0 \(labelsPerWriter - 1)); do
                      "$bin" annotate "$p" --as "w\(writer)" "i$j" $([ $((j % 2)) = 0 ] && echo a || echo b) --seconds 1 || echo "FAILED w\(writer) $j"
                    done
                    """
            } else {
                body = """
                    "$bin" import "$p" '\(itemsFile)' '\(importFiles[writer - 6])' >/dev/null || echo "FAILED import \(writer)"
                    """
            }
            // Each writer waits for the start file so that they all begin together.
            script += "( while [ ! -e '\(start)' ]; do sleep 0.01; done\n\(body)\n ) 2>&1 &\n"
        }
        script += "sleep 0.3; touch '\(start)'; wait\n"
        let result = try ConcordProcess.shell(script)
        #expect(!result.stdout.contains("FAILED"), "\(result.stdout)")
        #expect(!result.stdout.lowercased().contains("locked"), "\(result.stdout)")
        #expect(!result.stdout.contains("error"), "\(result.stdout)")

        let store = try SQLiteStore(path: project.appendingPathComponent(SQLiteBackend.fileName).path)
        let status = try store.status()
        #expect(status.items == 40)
        #expect(status.events == 6 * labelsPerWriter + 2 * 40)
        #expect(status.annotations == 6 * labelsPerWriter + 2 * 40)
        #expect(status.labelers == 8)
        #expect(status.imports == 3)
    }
}
