import ConcordTestSupport
import Foundation
import Testing

/// Issue 15: "a k=2..3 project shows the labels it saved", from the command line.
@Suite("Adaptive overlap on the command line")
struct AdaptiveOverlapCommandTests {
    @Test("init --k 2..3; status shows the labels saved; agreement says the labels were asked adaptively")
    func labelsSaved() throws {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("adaptive").path
        let made = try ConcordProcess.run(["init", project, "--labels", "spam,ham", "--k", "2..3"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try String(contentsOfFile: project + "/concord.yaml", encoding: .utf8).contains("labelers_per_item: 2..3"))
        // r1, r2 agree at two (one label saved each against k = 3); r3 disagreed and got its
        // third; r4 disagrees and waits for one; r5 has one label.
        let answers = write("""
            item,labeler,label,text
            r1,ana,spam,a
            r1,bob,spam,a
            r2,ana,ham,b
            r2,bob,ham,b
            r3,ana,spam,c
            r3,bob,ham,c
            r3,cy,spam,c
            r4,ana,spam,d
            r4,bob,ham,d
            r5,ana,ham,e
            """ + "\n", to: "answers.csv", in: folder)
        let imported = try ConcordProcess.run(["import", project, answers])
        #expect(imported.status == 0, "\(imported.stderr)")

        let status = try ConcordProcess.run(["status", project, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(json["items_complete"] as? Int == 3)
        let adaptive = try #require(json["adaptive_overlap"] as? [String: Any])
        #expect(adaptive["labelers_per_item"] as? String == "2..3")
        #expect(adaptive["labels_saved"] as? Int == 2)
        #expect(adaptive["items_awaiting_tie_breaker"] as? Int == 1)
        #expect(abs((adaptive["labels_saved_share"] as? Double ?? 0) - 2.0 / 9.0) < 1e-12)
        let text = try ConcordProcess.run(["status", project]).stdout
        #expect(text.contains("2 labels saved against a fixed k = 3"), "\(text)")
        #expect(text.contains("1 item awaits a tie-breaker"), "\(text)")

        let agreement = try ConcordProcess.run(["agreement", project, "--json", "--bootstrap", "0"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(agreement.stdout.utf8)) as? [String: Any])
        let first = try #require(report["adaptive_overlap"] as? [String: Any])
        #expect(first["first_labels"] as? Int == 2)
        #expect(first["items"] as? Int == 4)
        #expect(first["percent_agreement"] as? Double == 0.5)  // r1 and r2 of r1–r4
        #expect((first["note"] as? String)?.contains("unbiased") == true)
        let readable = try ConcordProcess.run(["agreement", project, "--bootstrap", "0"]).stdout
        #expect(readable.contains("Adaptive overlap (2..3)"), "\(readable)")
    }

    @Test("a range that cannot work is refused by init")
    func badRange() throws {
        let result = try ConcordProcess.run(["init", temporaryFolder().appendingPathComponent("p").path, "--labels", "a,b", "--k", "1..3"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--k") && result.stderr.contains("never disagrees"), "\(result.stderr)")
    }
}
