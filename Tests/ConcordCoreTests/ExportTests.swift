import ConcordTestSupport
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import ConcordStore
import Foundation
import GRDB
import Testing

@Suite("Export: consensus and splits")
struct SplitTests {
    @Test("consensus: adjudicated, then unanimous, then strict majority with the minimum share, else a reason")
    func consensus() {
        #expect(Consensus.of(counts: [1, 2, 0], adjudicated: 0, minimumShare: 0.5) == .adjudicated(0))
        #expect(Consensus.of(counts: [0, 3, 0], adjudicated: nil, minimumShare: 0.5) == .unanimous(1))
        #expect(Consensus.of(counts: [2, 1, 0], adjudicated: nil, minimumShare: 0.5) == .majority(0, share: 2.0 / 3))
        #expect(Consensus.of(counts: [1, 1, 0], adjudicated: nil, minimumShare: 0.5) == .unresolved(.tie_or_no_majority))
        #expect(Consensus.of(counts: [2, 1, 1], adjudicated: nil, minimumShare: 0.5) == .unresolved(.tie_or_no_majority))
        #expect(Consensus.of(counts: [3, 2, 0], adjudicated: nil, minimumShare: 0.7) == .unresolved(.below_min_agreement))
        #expect(Consensus.of(counts: [0, 0, 0], adjudicated: nil, minimumShare: 0.5) == .unresolved(.no_answers))
    }

    @Test("largest remainder: targets sum to the total, each within one of its exact share")
    func largestRemainder() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let total = Int(random.next() % 1000)
            let shares = SplitPlannerShares.random(&random)
            let targets = SplitPlanner.largestRemainder(total: total, shares: shares)
            #expect(targets.reduce(0, +) == total)
            for (target, share) in zip(targets, shares) { #expect(abs(Double(target) - Double(total) * share) < 1) }
        }
    }

    @Test("without groups every stratum's count in every split is within one of its exact share")
    func stratificationBound() {
        var random = SeededGenerator(seed: 9)
        let units = (0..<5_000).map { SplitPlanner.Unit(key: "i\($0)", items: [($0, Int(random.next() % 7))]) }
        let assignment = SplitPlanner.assign(units: units, itemCount: units.count, strata: 7, ratios: [80, 10, 10], seed: 1)
        for stratum in 0..<7 {
            let members = units.filter { $0.items[0].stratum == stratum }.map { $0.items[0].index }
            for (split, share) in [0.8, 0.1, 0.1].enumerated() {
                let count = members.filter { Int(assignment[$0]) == split }.count
                #expect(abs(Double(count) - Double(members.count) * share) < 1)
            }
        }
    }

    @Test("groups stay whole, and the split comes close to the ratios")
    func groupsStayWhole() {
        var random = SeededGenerator(seed: 4)
        var units: [SplitPlanner.Unit] = []
        var index = 0
        for group in 0..<200 {
            let size = 1 + Int(random.next() % 12)
            units.append(SplitPlanner.Unit(key: "g\(group)", items: (0..<size).map { _ in
                defer { index += 1 }
                return (index, Int(random.next() % 3))
            }))
        }
        let assignment = SplitPlanner.assign(units: units, itemCount: index, strata: 3, ratios: [80, 10, 10], seed: 7)
        for unit in units { #expect(Set(unit.items.map { assignment[$0.index] }).count == 1) }
        let test = assignment.filter { $0 == 2 }.count
        #expect(abs(Double(test) / Double(index) - 0.1) < 0.02)
    }
}

enum SplitPlannerShares {
    static func random(_ random: inout SeededGenerator) -> [Double] {
        let raw = (0..<3).map { _ in Double(random.next() % 100 + 1) }
        let sum = raw.reduce(0, +)
        return raw.map { $0 / sum }
    }
}

@Suite("Export: files")
struct ExportTests {
    /// 120 items with 3 answers each: mostly clear, some ties, some borderline and unintelligible;
    /// 30 speakers; two conditions.
    func project() throws -> Project {
        let project = try makeProject(in: temporaryFolder())
        var items = "id,text,cond,speaker\n", answers = "item,labeler,label\n"
        for index in 0..<120 {
            let key = "i\(String(format: "%03d", index))"
            items += "\(key),\"text, number \(index)\",\(index % 3 == 0 ? "noisy" : "clean"),s\(index % 30)\n"
            let truth = ["a", "a", "b", "c"][index % 4]
            let third: String
            switch index % 10 {
            case 7: third = "b"  // 2 a / 1 b etc.: still a majority
            default: third = truth
            }
            var labels = [truth, truth, third]
            if index % 17 == 0 { labels = ["a", "b", "c"] }                 // tie → left out
            if index % 23 == 0 { labels = ["borderline", "borderline", "a"] } // borderline consensus
            if index % 29 == 0 { labels = ["unintelligible", "unintelligible", "unintelligible"] }
            for (labeler, label) in zip(["ana", "ben", "cy"], labels) { answers += "\(key),\(labeler),\(label)\n" }
        }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [
            write(items, to: "items.csv", in: project.directory), write(answers, to: "answers.csv", in: project.directory)])
        return project
    }

    func export(_ project: Project, _ configure: (inout ExportOptions) -> Void = { _ in }) throws -> (URL, ExportManifest) {
        var options = ExportOptions()
        options.groupBy = "speaker"
        configure(&options)
        let out = temporaryFolder().appendingPathComponent("export")
        return (out, try Exporter(project: project, options: options).run(to: out))
    }

    @Test("the same database, options and seed give byte-identical files; another seed another split")
    func reproducible() throws {
        let project = try project()
        let (first, _) = try export(project)
        let (second, _) = try export(project)
        let (other, _) = try export(project) { $0.seed = 43 }
        for name in ["train.jsonl", "dev.jsonl", "test.jsonl", "manifest.json", "README.md"] {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)))
        }
        #expect(try Data(contentsOf: first.appendingPathComponent("test.jsonl")) != Data(contentsOf: other.appendingPathComponent("test.jsonl")))
    }

    @Test("the manifest counts what was left out, by reason, and its hashes match the files")
    func manifest() throws {
        let project = try project()
        let (out, manifest) = try export(project)
        #expect(manifest.items_with_answers == 120)
        #expect(manifest.left_out["tie_or_no_majority"] != nil)
        #expect(manifest.left_out["borderline"] != nil)
        #expect(manifest.left_out["unintelligible"] != nil)
        #expect(manifest.items_exported + manifest.left_out.values.reduce(0, +) == 120)
        for file in manifest.files {
            let data = try Data(contentsOf: out.appendingPathComponent(file.file))
            #expect(Hashing.sha256Hex(data) == file.sha256)
            #expect(data.split(separator: 0x0A).count == file.rows)
        }
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.contains("the answers tie or have no strict majority"))
        #expect(card.contains("pd.read_json(\"train.jsonl\", lines=True)"))
    }

    @Test("no speaker is in two splits")
    func noLeakage() throws {
        let project = try project()
        let (out, _) = try export(project)
        var splitOfSpeaker: [String: String] = [:]
        for split in ["train", "dev", "test"] {
            for line in try String(contentsOf: out.appendingPathComponent("\(split).jsonl"), encoding: .utf8).split(separator: "\n") {
                let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                let speaker = record["group"] as! String
                #expect(splitOfSpeaker[speaker, default: split] == split, "speaker \(speaker)")
                splitOfSpeaker[speaker] = split
            }
        }
    }

    @Test("borderline and unintelligible policies: keep as a class, map to a label")
    func specialPolicies() throws {
        let project = try project()
        let (_, kept) = try export(project) { $0.borderline = .keep; $0.unintelligible = .keep }
        #expect(kept.left_out["borderline"] == nil && kept.left_out["unintelligible"] == nil)
        #expect(kept.counts.values.contains { $0["borderline"] != nil })
        let borderline = kept.counts.values.map { $0["borderline"] ?? 0 }.reduce(0, +)
        let unintelligible = kept.counts.values.map { $0["unintelligible"] ?? 0 }.reduce(0, +)
        #expect(borderline > 0 && unintelligible > 0)
        // map:c turns the borderline items into c; unintelligible is dropped by default.
        let (_, mapped) = try export(project) { $0.borderline = .map("c") }
        #expect(mapped.counts.values.allSatisfy { $0["borderline"] == nil && $0["unintelligible"] == nil })
        #expect(mapped.left_out["unintelligible"] == unintelligible)
        #expect(mapped.items_exported == kept.items_exported - unintelligible)
        let cKept = kept.counts.values.map { $0["c"] ?? 0 }.reduce(0, +)
        #expect(mapped.counts.values.map { $0["c"] ?? 0 }.reduce(0, +) == cKept + borderline)
    }

    @Test("balancing caps the training classes and leaves dev and test alone")
    func balance() throws {
        let project = try project()
        let (_, natural) = try export(project)
        let (_, under) = try export(project) { $0.balance = .undersample }
        let train = under.counts["train"]!.values
        #expect(Set(train).count == 1)
        #expect(under.counts["dev"] == natural.counts["dev"] && under.counts["test"] == natural.counts["test"])
        #expect(under.left_out["balanced_out_of_train"] == natural.counts["train"]!.values.reduce(0, +) - train.reduce(0, +))
        let (_, capped) = try export(project) { $0.balance = .cap(1.5) }
        let cappedTrain = capped.counts["train"]!.values
        #expect(Double(cappedTrain.max()!) <= 1.5 * Double(cappedTrain.min()!) + 1e-9)
    }

    @Test("an earlier export is refused without --force, and replaced whole with it")
    func atomicOutput() throws {
        let project = try project()
        let out = temporaryFolder().appendingPathComponent("export")
        try Exporter(project: project, options: ExportOptions()).run(to: out)
        write("old", to: "stale.txt", in: out)
        #expect(throws: QueryError.self) { try Exporter(project: project, options: ExportOptions()).run(to: out) }
        try Exporter(project: project, options: ExportOptions()).run(to: out, overwrite: true)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("stale.txt").path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(siblings.filter { $0.contains(".partial-") || $0.contains(".old-") }.isEmpty)
    }

    @Test("a Python stdlib reader gets back exactly the manifest's counts, from JSONL and CSV")
    func pythonReadsBack() throws {
        let project = try project()
        for format in [ExportOptions.Format.jsonl, .csv] {
            let (out, manifest) = try export(project) { $0.format = format; $0.stratifyBy = ["label", "cond"] }
            let script = """
                import csv, json, sys, collections
                out, fmt = sys.argv[1], sys.argv[2]
                manifest = json.load(open(f"{out}/manifest.json"))
                for split in ("train", "dev", "test"):
                    path = f"{out}/{split}.{fmt}"
                    rows = [json.loads(l) for l in open(path, encoding="utf-8")] if fmt == "jsonl" else list(csv.DictReader(open(path, newline="", encoding="utf-8")))
                    counts = collections.Counter(r["label"] for r in rows)
                    assert dict(counts) == manifest["counts"][split], (split, dict(counts), manifest["counts"][split])
                    assert all(set(r) == set(rows[0]) for r in rows)
                    assert all(r["text"].startswith("text, number ") for r in rows)
                print("ok")
                """
            let result = try runPython(script, [out.path, format.rawValue])
            #expect(result == "ok", "\(format): \(result)")
            #expect(manifest.counts_by_stratum != nil)
        }
    }

    /// Whether this machine's python3 has pandas and Hugging Face datasets (`.ci/run` installs
    /// them); without them the test below is reported as skipped, never passed.
    static let pythonHasPandasAndDatasets: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import pandas, datasets"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test("pandas and Hugging Face datasets load the files as they are",
          .enabled(if: ExportTests.pythonHasPandasAndDatasets, "needs python3 with pandas and datasets (pip install pandas datasets)"))
    func pandasAndDatasets() throws {
        let project = try project()
        let (jsonl, manifest) = try export(project)
        let (csvOut, _) = try export(project) { $0.format = .csv }
        let script = """
            import sys
            import pandas as pd
            a = pd.read_json(sys.argv[1] + "/train.jsonl", lines=True)
            b = pd.read_csv(sys.argv[2] + "/train.csv", keep_default_na=False)
            assert len(a) == len(b) == int(sys.argv[3]), (len(a), len(b))
            assert list(a.columns) == list(b.columns)
            from datasets import load_dataset
            ds = load_dataset("json", data_files={"train": sys.argv[1] + "/train.jsonl", "test": sys.argv[1] + "/test.jsonl"})
            assert ds["train"].num_rows == int(sys.argv[3])
            ds = load_dataset("csv", data_files={"train": sys.argv[2] + "/train.csv"})
            assert ds["train"].num_rows == int(sys.argv[3])
            print("ok")
            """
        let result = try runPython(script, [jsonl.path, csvOut.path, String(manifest.files[0].rows)])
        #expect(result == "ok", "\(result)")
    }

    func runPython(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HF_DATASETS_OFFLINE"] = "1"
        environment["HF_HOME"] = temporaryFolder().path
        process.environment = environment
        let output = temporaryFolder().appendingPathComponent("python.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOf: output, encoding: .utf8)
        return text.split(separator: "\n").last.map(String.init) ?? text
    }
}
