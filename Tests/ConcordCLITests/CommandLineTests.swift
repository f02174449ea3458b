import ConcordTestSupport
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

    @Test("init makes the project its group's alone: files 0660, the folder 2770")
    func initPermissions() throws {
        // On SQLite the file's permissions are the boundary (issue 16): not world-readable.
        let project = temporaryFolder().appendingPathComponent("p")
        #expect(try ConcordProcess.run(["init", project.path, "--labels", "a,b"]).status == 0)
        func mode(_ path: String) throws -> Int { try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) }
        #expect(try mode(project.path) & 0o7777 == 0o2770)
        for name in ["concord.yaml", "guidelines.md", "concord.sqlite"] {
            #expect(try mode(project.appendingPathComponent(name).path) & 0o777 == 0o660, "\(name)")
        }
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

    @Test("an installed binary runs the demo from any folder, with the sample project built in")
    func demoAnywhere() throws {
        // Before: run outside the repository, `concord demo` exited 65 (no sample project).
        let folder = temporaryFolder()
        let installed = folder.appendingPathComponent("bin/concord")
        try FileManager.default.createDirectory(at: installed.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Copied by `cp`, not in this process: a test running beside this one could fork while our
        // write descriptor on the copy is open, and exec would then fail with "Text file busy".
        #expect(try Spawn.run(["cp", ConcordProcess.binary, installed.path]).status == 0)
        let process = Process()
        process.executableURL = installed
        process.arguments = ["demo", "--no-tui"]
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("5 simulated labelers") && text.contains("items        2,400"))
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

@Suite("Agreement commands")
struct AgreementCommandTests {
    /// A small project on disk with answers, slices and predictions.
    func project() throws -> String {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", project, "--labels", "a,b,c", "--slices", "cond"]).status == 0)
        var rows = "item,labeler,label,text,cond,seconds\n"
        for index in 0..<30 {
            let truth = ["a", "b", "c"][index % 3]
            let cond = index < 15 ? "clean" : "noisy"
            rows += "i\(index),ana,\(truth),text \(index),\(cond),2\n"
            rows += "i\(index),ben,\(index % 5 == 0 && cond == "noisy" ? "borderline" : truth),text \(index),\(cond),3\n"
            rows += "i\(index),cy,\(index % 4 == 0 ? "a" : truth),text \(index),\(cond),4\n"
        }
        let answers = write(rows, to: "answers.csv", in: folder)
        #expect(try ConcordProcess.run(["import", project, answers]).status == 0)
        var predictions = "item,prediction\n"
        for index in 0..<30 { predictions += "i\(index),\(index < 15 ? ["a", "b", "c"][index % 3] : "a")\n" }
        let file = write(predictions, to: "predictions.csv", in: folder)
        #expect(try ConcordProcess.run(["import-predictions", project, file]).status == 0)
        return project
    }

    @Test("agreement --json has the documented keys, at full precision")
    func agreementJSON() throws {
        let project = try project()
        let result = try ConcordProcess.run(["agreement", project, "--by", "cond", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["categories", "items", "items_multi", "labelers", "annotations", "percent_agreement", "krippendorff_alpha",
                    "fleiss_kappa", "gwet_ac1", "cohen_kappa", "per_label", "per_slice", "alpha_low", "alpha_high",
                    "labeler_figures", "coincidence", "per_round"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["categories"] as? [String] == ["a", "b", "c", "borderline", "unintelligible"])
        #expect(json["items"] as? Int == 30)
        let pairs = try #require(json["cohen_kappa"] as? [[String: Any]])
        #expect(pairs.count == 3)
        #expect(Set(pairs[0].keys) == ["a", "b", "n", "kappa"])
        let perLabel = try #require(json["per_label"] as? [[String: Any]])
        for key in ["label", "n", "share", "specific_agreement", "hlp", "hlp_low", "hlp_high"] { #expect(perLabel[0][key] != nil) }
        let perSlice = try #require(json["per_slice"] as? [[String: Any]])
        #expect(perSlice.map { $0["value"] as? String } == ["clean", "noisy"])
        for key in ["field", "value", "n", "share", "percent_agreement", "krippendorff_alpha", "hlp", "hlp_low", "hlp_high"] {
            #expect(perSlice[0][key] != nil)
        }
        // Undefined figures are null, not missing: the keys are the same whatever the data.
        let labels = try #require(json["per_label"] as? [[String: Any]])
        let unused = try #require(labels.first { $0["label"] as? String == "unintelligible" })
        #expect(unused.keys.contains("hlp") && unused["hlp"] is NSNull)
        // Full precision: not rounded to the text report's three decimals.
        let alpha = try #require(json["krippendorff_alpha"] as? Double)
        #expect(alpha != (alpha * 1000).rounded() / 1000)
        let text = try ConcordProcess.run(["agreement", project, "--by", "cond"])
        #expect(text.stdout.contains("Krippendorff's α (nominal)"))
        #expect(text.stdout.contains(String(format: "%.3f", alpha)))
    }

    @Test("hlp and gap: per label and slice, sorted by gap × share")
    func hlpAndGap() throws {
        let project = try project()
        let hlp = try ConcordProcess.run(["hlp", project, "--json"])
        #expect(hlp.status == 0, "\(hlp.stderr)")
        let hlpJSON = try #require(try JSONSerialization.jsonObject(with: Data(hlp.stdout.utf8)) as? [String: Any])
        let slices = try #require(hlpJSON["per_slice"] as? [[String: Any]])
        let clean = try #require(slices.first { $0["value"] as? String == "clean" }?["hlp"] as? Double)
        let noisy = try #require(slices.first { $0["value"] as? String == "noisy" }?["hlp"] as? Double)
        #expect(clean > noisy)

        let gap = try ConcordProcess.run(["gap", project, "--json"])
        #expect(gap.status == 0, "\(gap.stderr)")
        let gapJSON = try #require(try JSONSerialization.jsonObject(with: Data(gap.stdout.utf8)) as? [String: Any])
        let rows = try #require(gapJSON["rows"] as? [[String: Any]])
        let products = rows.compactMap { $0["gap_x_share"] as? Double }
        #expect(products == products.sorted(by: >))
        #expect(rows.first?["value"] as? String == "noisy")
        let text = try ConcordProcess.run(["gap", project])
        #expect(text.stdout.contains("gap × share"))
    }

    @Test("eval --json: per-class precision, recall and F1, the confusion matrix, left-out items; models side by side")
    func eval() throws {
        let project = try project()
        let result = try ConcordProcess.run(["eval", project, "--by", "cond", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["per_label", "confusion", "accuracy", "macro_f1", "left_out", "per_slice", "model", "models"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let perLabel = try #require(json["per_label"] as? [[String: Any]])
        #expect(Set(perLabel[0].keys) == ["label", "precision", "recall", "f1", "support", "tp", "fp", "fn"])
        let confusion = try #require(json["confusion"] as? [String: Any])
        #expect(confusion["labels"] as? [String] == ["a", "b", "c", "borderline", "unintelligible"])
        // The model says a on every noisy item: b and c there are false negatives, never predicted in noisy.
        let slices = try #require(json["per_slice"] as? [[String: Any]])
        let noisy = try #require(slices.first { $0["value"] as? String == "noisy" }?["per_label"] as? [[String: Any]])
        let b = try #require(noisy.first { $0["label"] as? String == "b" })
        #expect(b["precision"] is NSNull && b["recall"] as? Double == 0 && b["f1"] as? Double == 0)
        // A second model: eval compares both; gap must be told which one.
        let folder = URL(fileURLWithPath: project).deletingLastPathComponent()
        let other = write("item,prediction\n" + (0..<30).map { "i\($0),b\n" }.joined(), to: "b.csv", in: folder)
        #expect(try ConcordProcess.run(["import-predictions", project, other, "--model", "always-b"]).status == 0)
        let both = try ConcordProcess.run(["eval", project])
        #expect(both.status == 0)
        #expect(both.stdout.contains("Every model side by side") && both.stdout.contains("always-b"))
        let ambiguous = try ConcordProcess.run(["gap", project, "--json"])
        #expect(ambiguous.status == 0, "the model named 'model' is the default")
        let chosen = try ConcordProcess.run(["gap", project, "--model", "always-b", "--json"])
        let gap = try #require(try JSONSerialization.jsonObject(with: Data(chosen.stdout.utf8)) as? [String: Any])
        #expect(gap["model"] as? String == "always-b")
        #expect(try ConcordProcess.run(["eval", project, "--model", "nope"]).status == 65)
    }

    @Test("audit: seeded draw, JSON ids, blind references by --reason audit; HLP shows both figures side by side")
    func audit() throws {
        let project = try project()
        let drawn = try ConcordProcess.run(["audit", project, "--sample", "6", "--seed", "3", "--json"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(drawn.stdout.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]]).compactMap { $0["item"] as? String }
        #expect(items.count == 6 && Set(items).count == 6)
        #expect(try ConcordProcess.run(["labelers", project, "--add", "rita", "--role", "reviewer"]).status == 0)
        for item in items {
            let result = try ConcordProcess.run(["adjudicate", project, "--as", "rita", item, "a", "--reason", "audit"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let hlp = try ConcordProcess.run(["hlp", project, "--json"])
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(hlp.stdout.utf8)) as? [String: Any])
        let reference = try #require(figures["hlp_reference"] as? [String: Any])
        #expect(reference["items"] as? Int == 6 && reference["n"] as? Int == 18)
        #expect(figures["hlp"] as? Double != nil)
        let text = try ConcordProcess.run(["hlp", project])
        #expect(text.stdout.contains("pairwise") && text.stdout.contains("vs audit reference"))
        let gap = try ConcordProcess.run(["gap", project])
        #expect(gap.stdout.contains("Against the audit reference, on 6 audited items"))
        let listing = try ConcordProcess.run(["audit", project])
        #expect(listing.stdout.contains("audit sample of 6 items, 6 labeled blind"))
        let status = try ConcordProcess.run(["status", project, "--json"])
        #expect(status.stdout.contains("\"audit_sampled\" : 6") && status.stdout.contains("\"audit_referenced\" : 6"))
    }

    @Test("bad audit and eval requests get a clear message and a meaningful exit code, and change nothing")
    func badAuditAndEval() throws {
        let folder = temporaryFolder()
        let empty = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", empty, "--labels", "a,b"]).status == 0)
        let answers = write("item,labeler,label,text\ni1,ana,a,x\ni1,ben,b,x\ni2,ana,a,y\n", to: "a.csv", in: folder)
        #expect(try ConcordProcess.run(["import", empty, answers]).status == 0)
        let zero = try ConcordProcess.run(["audit", empty, "--sample", "0"])
        #expect(zero.status == 64 && zero.stderr.contains("--sample needs at least 1 item"))
        let large = try ConcordProcess.run(["audit", empty, "--sample", "3"])
        #expect(large.status == 65 && large.stderr.contains("only 2 items with at least one label"))
        #expect(try ConcordProcess.run(["audit", empty]).stdout.contains("no audit sample yet"))
        let none = try ConcordProcess.run(["eval", empty])
        #expect(none.status == 65 && none.stderr.contains("no predictions in this project yet"))
        let tie = write("item,prediction\ni1,a\n", to: "p.csv", in: folder)
        #expect(try ConcordProcess.run(["import-predictions", empty, tie]).status == 0)
        let unresolved = try ConcordProcess.run(["eval", empty])
        #expect(unresolved.status == 65 && unresolved.stderr.contains("no item predicted by 'model' has a resolved reference"))
        #expect(unresolved.stderr.contains("tie or no majority 1"))
    }

    @Test("a report on a missing round or field exits 65 with the choices")
    func badQuery() throws {
        let project = try project()
        let round = try ConcordProcess.run(["agreement", project, "--round", "9"])
        #expect(round.status == 65)
        #expect(round.stderr.contains("the rounds are: 1 ("))
        let field = try ConcordProcess.run(["agreement", project, "--by", "nope"])
        #expect(field.status == 65)
        #expect(field.stderr.contains("no item has a field 'nope'"))
    }
}

@Suite("Command line: export and check")
struct ExportCheckCommandTests {
    /// 400 items in 200 two-item groups (speaker), each group one text said twice, labels a/b.
    func project() throws -> (String, URL) {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", project, "--labels", "a,b", "--slices", "cond", "--group", "speaker"]).status == 0)
        var rows = "item,labeler,label,text,cond,speaker\n"
        for index in 0..<400 {
            for labeler in ["ana", "ben", "cy"] {
                rows += "i\(index),\(labeler),\(["a", "b"][(index / 2) % 2]),said \(index / 2),\(index % 4 < 2 ? "x" : "y"),s\(index / 2)\n"
            }
        }
        #expect(try ConcordProcess.run(["import", project, write(rows, to: "a.csv", in: folder), "--meta-cols", "cond,speaker"]).status == 0)
        return (project, folder)
    }

    @Test("export --dry-run prints each split against the whole and writes nothing; a missing group field is refused")
    func dryRun() throws {
        let (project, folder) = try project()
        let out = folder.appendingPathComponent("out").path
        let dry = try ConcordProcess.run(["export", project, "--out", out, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("nothing was written") && dry.stdout.contains("max label dev.") && dry.stdout.contains("largest group"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let unknown = try ConcordProcess.run(["export", project, "--out", out, "--group-by", "speakr"])
        #expect(unknown.status == 65 && unknown.stderr.contains("--group-by: no item has a field 'speakr'"))
        let bad = try ConcordProcess.run(["export", project, "--out", out, "--missing-group", "ignore"])
        #expect(bad.status == 64)
    }

    @Test("check passes a grouped export (exit 0) and fails a leaky one (exit 1); --json has every check")
    func check() throws {
        let (project, folder) = try project()
        let grouped = folder.appendingPathComponent("grouped").path
        #expect(try ConcordProcess.run(["export", project, "--out", grouped]).status == 0)
        let lenient = ["check", project, "--export", grouped]
        let passing = try ConcordProcess.run(lenient)
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.contains("PASS  leakage.texts") && passing.stdout.contains("All checks passed"))
        let loose = folder.appendingPathComponent("loose").path
        #expect(try ConcordProcess.run(["export", project, "--out", loose, "--group-by", "none"]).status == 0)
        let failing = try ConcordProcess.run(["check", project, "--export", loose])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL  leakage.texts"))
        let json = try ConcordProcess.run(["check", project, "--export", loose, "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["passed"] as? Bool == false)
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.count == 10 && Set(checks[0].keys) == ["name", "status", "figure", "threshold", "detail"])
        let help = try ConcordProcess.run(["check", "--help"])
        #expect(help.stdout.contains("max_label_drift: 0.02"))
    }
}

@Suite("Command line: an interrupted export leaves nothing behind", .serialized)
struct InterruptedExportTests {
    /// A project large enough that an export is still writing when the signal comes.
    static let project: String = {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        _ = try! ConcordProcess.run(["init", project, "--labels", "a,b", "--group", "speaker"])
        var rows = "item,labeler,label,text,speaker\n"
        for index in 0..<100_000 { rows += "i\(index),ana,a,text \(index) of the item,s\(index % 500)\ni\(index),ben,b,text \(index) of the item,s\(index % 500)\n" }
        _ = try! ConcordProcess.run(["import", project, write(rows, to: "a.csv", in: folder), "--meta-cols", "speaker"])
        return project
    }()

    @Test("SIGINT, SIGTERM or SIGHUP during an export removes its temporary folder", arguments: [SIGINT, SIGTERM, SIGHUP])
    func signal(_ signal: Int32) throws {
        // Before: a `.OUT.partial-*` folder stayed behind in 32 of 100 interrupted runs.
        var interrupted = false
        for _ in 0..<5 where !interrupted {
            let parent = temporaryFolder()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ConcordProcess.binary)
            process.arguments = ["export", Self.project, "--out", parent.appendingPathComponent("out").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for the temporary folder to appear, then signal at once.
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline {
                if let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path), names.contains(where: { $0.contains(".partial-") }) {
                    kill(process.processIdentifier, signal)
                    break
                }
                usleep(1_000)
            }
            process.waitUntilExit()
            // Too late (the export finished first): try again.
            guard process.terminationStatus == 128 + signal else { continue }
            interrupted = true
            let left = try FileManager.default.contentsOfDirectory(atPath: parent.path)
            #expect(left.isEmpty, "left behind after signal \(signal): \(left)")
        }
        #expect(interrupted, "the export always finished before the signal")
    }
}

@Suite("Command line: terminal safety")
struct TerminalSafetyTests {
    @Test("usage errors quote arguments inertly; a huge message is cut to a readable line")
    func usageAndLongErrors() throws {
        // Before: exit 64 echoed the raw argument, ESC and all; a 10 MB header gave a 10 MB line.
        for arguments in [["export", "/nonexistent", "--out", "x", "--missing-group", "\u{1B}]0;pwned\u{07}"],
                          ["agreement", "\u{1B}[2J", "--nonsense", "\u{1B}[31m"]] {
            let result = try ConcordProcess.run(arguments)
            #expect(result.status == 64)
            #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(arguments)")
        }
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", project, "--labels", "a,b"]).status == 0)
        let huge = write(String(repeating: "x", count: 2_000_000) + ",text\n1,2\n", to: "h.csv", in: folder)
        let result = try ConcordProcess.run(["import", project, huge])
        #expect(result.status == 65)
        #expect(result.stderr.count < 1_200 && result.stderr.contains("more characters)"), "\(result.stderr.count) characters")
    }

    @Test("names with control characters are refused; values from data never reach the terminal as escape sequences")
    func escapesInReports() throws {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", project, "--labels", "a,b", "--slices", "src"]).status == 0)
        let named = write("item,labeler,label,text\ni1,\u{1B}]0;pwned\u{07}eve,a,x\n", to: "n.csv", in: folder)
        let refused = try ConcordProcess.run(["import", project, named])
        #expect(refused.status == 65 && refused.stderr.contains("n.csv:2: field 'labeler'"))
        #expect(!refused.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        let answers = write("item,labeler,label,text,src\ni1,eve,a,x,\u{1B}[31mred\ni1,bob,b,x,\u{1B}[31mred\n",
                            to: "a.csv", in: folder)
        #expect(try ConcordProcess.run(["import", project, answers]).status == 0)
        for arguments in [["status", project], ["agreement", project, "--by", "src"]] {
            let result = try ConcordProcess.run(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(arguments[0])")
            // The slice value keeps its ESC as data, and shows it inertly.
            #expect(arguments[0] == "status" || result.stdout.contains("␛[31mred"))
        }
    }
}

@Suite("Command line: schema and rounds")
struct SchemaCommandTests {
    @Test("merge without --yes only previews; with --yes it applies; requeue takes a round's answers back")
    func mergeAndRequeue() throws {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", project, "--labels", "a,b,c"]).status == 0)
        let answers = write("item,labeler,label,text\ni1,ana,a,t\ni1,ben,b,t\ni2,ana,c,t\ni2,ben,c,t\n", to: "a.csv", in: folder)
        #expect(try ConcordProcess.run(["import", project, answers]).status == 0)
        let preview = try ConcordProcess.run(["merge", project, "a", "b", "--into", "ab"])
        #expect(preview.status == 0)
        #expect(preview.stdout.contains("What if: merge a + b → ab"))
        #expect(preview.stdout.contains("Preview only: nothing changed"))
        #expect(try ConcordProcess.run(["schema", project]).stdout.contains("No schema changes"))
        let applied = try ConcordProcess.run(["merge", project, "a", "b", "--into", "ab", "--yes"])
        #expect(applied.stdout.contains("Applied as schema change 1"))
        #expect(try ConcordProcess.run(["schema", project]).stdout.contains("Labels now: ab, c, borderline, unintelligible"))

        let requeue = try ConcordProcess.run(["requeue", project, "--round", "1"])
        #expect(requeue.status == 0, "\(requeue.stderr)")
        #expect(requeue.stdout.contains("4 answers from round 1 taken back"))
        let status = try ConcordProcess.run(["status", project, "--json"])
        #expect(status.stdout.contains("\"annotations\" : 0"))
    }
}
