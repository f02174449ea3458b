import ConcordTestSupport
import Foundation
import GRDB
import Testing

@Suite("Doctor's record")
struct DoctorTests {
    @Test("a database too large to check on open is refused by writers once doctor found damage, until doctor finds it sound")
    func largeDamagedDatabase() throws {
        // Before: over 16 MB, damage went unseen by every writer, whatever doctor had found.
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        let database = project + "/concord.sqlite"
        #expect(try ConcordProcess.run(["init", project, "--labels", "a,b"]).status == 0)
        var items = "id,text\n"
        for index in 0..<3_000 { items += "i\(index),the text of item number \(index) with some words\n" }
        #expect(try ConcordProcess.run(["import", project, write(items, to: "items.csv", in: folder)]).status == 0)
        // 17 MB of guideline text: past the size checked on open.
        let queue = try DatabaseQueue(path: database)
        try queue.write { try $0.execute(sql: "INSERT INTO guideline_versions (hash, content, first_seen) VALUES ('padding', printf('%.*c', 17000000, 'x'), 0)") }
        try queue.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        let page = try queue.read { try Int.fetchOne($0, sql: "SELECT pageno FROM dbstat WHERE name = 'items' AND pagetype = 'leaf' LIMIT 1 OFFSET 3") } ?? 4
        try queue.close()
        let backup = folder.appendingPathComponent("backup.sqlite").path
        #expect(try ConcordProcess.run(["backup", project, backup]).status == 0)
        #expect(try ConcordProcess.run(["status", project]).stdout.contains("not checked: over 16 MB"))

        let handle = try #require(FileHandle(forUpdatingAtPath: database))
        try handle.seek(toOffset: UInt64((page - 1) * 16_384))
        try handle.write(contentsOf: Data((0..<16_384).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }))
        try handle.close()
        // Too large for the check on open: without doctor's record a writer does not see it.
        let doctor = try ConcordProcess.run(["doctor", project])
        #expect(doctor.status == 74)
        #expect(try ConcordProcess.run(["status", project]).stdout.contains("DAMAGED"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        let refused = try ConcordProcess.run(["annotate", project, "i1", "a"])
        #expect(refused.status == 74, "\(refused.stderr)")
        #expect(refused.stderr.contains("found by concord doctor") && refused.stderr.contains("concord backup"), "\(refused.stderr)")
        #expect(refused.stderr.contains("run `concord doctor` again"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == bytes)

        // The backup copied over it (in place, as `cp` does), then doctor again: sound, and writable.
        try Data(contentsOf: URL(fileURLWithPath: backup)).write(to: URL(fileURLWithPath: database))
        #expect(try ConcordProcess.run(["annotate", project, "i1", "a"]).status == 74)
        #expect(try ConcordProcess.run(["doctor", project]).status == 0)
        #expect(try ConcordProcess.run(["status", project]).stdout.contains(": sound"))
        let written = try ConcordProcess.run(["annotate", project, "i1", "a"])
        #expect(written.status == 0, "\(written.stderr)")
    }
}
