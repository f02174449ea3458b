import Foundation
import Testing

@Suite("Command line")
struct CommandLineTests {
    /// The README's path for a new user: init, import items and annotations, status.
    @Test("init, import, annotate and status --json, as the README shows")
    func readmeFlow() throws {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("reviews").path
        let made = try ConcordProcess.run(["init", project, "--labels", "negative,neutral,positive", "--ordinal", "--k", "2"])
        #expect(made.status == 0, "\(made.stderr)")
        let items = write("id,text,source\nr1,\"Great, would buy again\",web\nr2,Arrived broken,app\nr3,It is fine,web\n",
                          to: "items.csv", in: folder)
        let answers = write("item,annotator_id,label\nr1,ann,positive\nr1,bob,positive\nr2,ann,negative\nr2,bob,borderline\n",
                            to: "answers.csv", in: folder)
        #expect(try ConcordProcess.run(["import", project, items]).status == 0)
        let imported = try ConcordProcess.run(["import", project, answers, "--labeler-col", "annotator_id"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("4 annotations added"))
        let annotated = try ConcordProcess.run(["annotate", project, "--as", "cy", "r3", "neutral", "--seconds", "4.5"])
        #expect(annotated.status == 0, "\(annotated.stderr)")

        let status = try ConcordProcess.run(["status", project, "--json"])
        #expect(status.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(json["items"] as? Int == 3)
        #expect(json["labelers"] as? Int == 3)
        #expect(json["annotations"] as? Int == 5)
        #expect(json["events"] as? Int == 5)
        #expect(json["coverage"] as? [String: Int] == ["0": 0, "1": 1, "2": 2])
        #expect(json["items_complete"] as? Int == 2)

        let text = try ConcordProcess.run(["status", project])
        #expect(text.stdout.contains("annotations  5 current answers"))
    }

    @Test("bad input exits 65 with one line naming file, line and field; the database is unchanged")
    func badInputExitCode() throws {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", project, "--labels", "a,b"]).status == 0)
        let bad = write("id,text\nx1,ok\nx2,\"open\n", to: "bad.csv", in: folder)
        let result = try ConcordProcess.run(["import", project, bad])
        #expect(result.status == 65)
        #expect(result.stderr == "error: \(bad):3: field 'text': unterminated quoted field (the quote opened here is never closed)\n")
        let status = try ConcordProcess.run(["status", project, "--json"])
        #expect(status.stdout.contains("\"items\" : 0"))

        let unknown = try ConcordProcess.run(["annotate", project, "--as", "ann", "x1", "a"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("item 'x1' is not in the project"))
        let missing = try ConcordProcess.run(["status", folder.appendingPathComponent("nope").path])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no project folder here"))
        let usage = try ConcordProcess.run(["annotate", project, "--as", "ann", "x1"])
        #expect(usage.status == 64)
    }

    @Test("the demo copies a sample project, simulates labelers and prints real figures")
    func demo() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try ConcordProcess.run(["demo"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("items        2,400"))
        #expect(result.stdout.contains("5 simulated labelers"))
        let again = try ConcordProcess.run(["demo"], in: root)
        // Same seed, same simulated answers.
        let figures = { (text: String) in text.split(separator: "\n").filter { $0.contains("answers  ") || $0.contains("coverage") } }
        #expect(figures(result.stdout) == figures(again.stdout))
    }
}
