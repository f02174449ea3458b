import ConcordTestSupport
import ConcordDomain
@testable import ConcordFormats
@testable import ConcordServices
@testable import ConcordSQLite
import ConcordStore
import Foundation
import Testing

/// `concord check` (issue 12): every check fails on data that trips it and passes on data that
/// does not.
@Suite("Data checks")
struct DataCheckTests {
    typealias Row = (id: String, text: String, label: String, group: String?, cond: String)

    /// A project whose labels are all clean: 40 items, each answered a a a (k = 3) or b b b, every
    /// item with a condition. Thresholds can be set in its config.
    func project(checks: String = "", answers: ((Int) -> [String])? = nil, condition: (Int) -> String = { $0 % 2 == 0 ? "x" : "y" }) throws -> Project {
        let project = try makeProject(in: temporaryFolder())
        if !checks.isEmpty {
            let path = project.configPath
            try (String(contentsOfFile: path, encoding: .utf8) + "checks:\n" + checks).write(toFile: path, atomically: true, encoding: .utf8)
        }
        var items = "id,text,cond\n", rows = "item,labeler,label\n"
        for index in 0..<40 {
            let value = condition(index)
            items += "i\(index),text \(index),\(value)\n"
            let labels = answers?(index) ?? Array(repeating: index % 2 == 0 ? "a" : "b", count: 3)
            for (labeler, label) in zip(["ana", "ben", "cy"], labels) { rows += "i\(index),\(labeler),\(label)\n" }
        }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [
            write(items, to: "items.csv", in: project.directory), write(rows, to: "answers.csv", in: project.directory)])
        return try Project(path: project.directory.path)
    }

    /// An export folder as `concord export` writes it (manifest + JSONL files), from rows.
    func export(_ splits: [String: [Row]]) -> String {
        let folder = temporaryFolder().appendingPathComponent("export")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [String] = []
        for split in ["train", "dev", "test"] {
            let lines = (splits[split] ?? []).map { row in
                "{\"id\":\"\(row.id)\",\"text\":\(JSONText.quoted(row.text)),\"label\":\"\(row.label)\",\"group\":"
                    + (row.group.map { "\"\($0)\"" } ?? "null") + ",\"cond\":\"\(row.cond)\",\"n_labels\":3,\"agreement\":1.0000,\"consensus\":\"unanimous\"}\n"
            }
            write(lines.joined(), to: "\(split).jsonl", in: folder)
            files.append("{\"split\":\"\(split)\",\"file\":\"\(split).jsonl\",\"rows\":\(lines.count),\"sha256\":\"\"}")
        }
        write("{\"options\":{\"format\":\"jsonl\"},\"files\":[\(files.joined(separator: ","))]}", to: "manifest.json", in: folder)
        return folder.path
    }

    /// 80 / 10 / 10 rows that represent the whole: labels a/b and conditions x/y alike everywhere,
    /// every text different, groups of two within one split.
    func goodSplits() -> [String: [Row]] {
        var splits: [String: [Row]] = [:]
        for (split, count) in [("train", 80), ("dev", 10), ("test", 10)] {
            splits[split] = (0..<count).map { index in
                ("\(split)\(index)", "\(split) text number \(index)", index % 2 == 0 ? "a" : "b", "\(split)-g\(index / 2)", index % 2 == 0 ? "x" : "y")
            }
        }
        return splits
    }

    func status(_ report: CheckReport, _ name: String) -> CheckReport.Status? { report.checks.first { $0.name == name }?.status }

    @Test("a clean project and a representative export pass every check")
    func cleanPasses() throws {
        let report = try DataChecks.run(try project(), export: export(goodSplits()))
        #expect(report.passed, "\(report.checks.filter { $0.status != .pass }.map { "\($0.name): \($0.detail)" })")
        #expect(report.checks.count == 10 && report.checks.allSatisfy { $0.status == .pass })
    }

    @Test("leakage: the same text after normalising case, whitespace and punctuation in two splits")
    func leakedText() throws {
        var splits = goodSplits()
        splits["test"]![3].text = "  TRAIN text, number 7!! "
        let report = try DataChecks.run(try project(), export: export(splits))
        #expect(status(report, "leakage.texts") == .fail)
        let check = try #require(report.checks.first { $0.name == "leakage.texts" })
        #expect(check.figure == 2 && check.detail.contains("test3 (test) has the text of train7 (train)"))
    }

    @Test("leakage: a group with items in two splits")
    func leakedGroup() throws {
        var splits = goodSplits()
        splits["dev"]![0].group = "train-g0"
        let report = try DataChecks.run(try project(), export: export(splits))
        #expect(status(report, "leakage.groups") == .fail)
        #expect(report.checks.first { $0.name == "leakage.groups" }?.detail.contains("train-g0") == true)
    }

    @Test("drift: a split whose label or slice shares differ from the whole")
    func drift() throws {
        var splits = goodSplits()
        for index in splits["dev"]!.indices { splits["dev"]![index].label = "a"; splits["dev"]![index].cond = "x" }
        let report = try DataChecks.run(try project(), export: export(splits))
        #expect(status(report, "drift.labels") == .fail && status(report, "drift.slices") == .fail)
        let labels = try #require(report.checks.first { $0.name == "drift.labels" })
        #expect(abs(labels.figure! - 0.5 * 90 / 100) < 1e-9)  // dev: a 1.0 vs whole 0.55
        #expect(labels.detail.contains("in dev"))
    }

    @Test("classes per split: a class missing from a split")
    func classMissing() throws {
        var splits = goodSplits()
        for index in splits["test"]!.indices { splits["test"]![index].label = "a" }
        let report = try DataChecks.run(try project(checks: "  max_label_drift: 1\n"), export: export(splits))
        #expect(status(report, "labels.per_split") == .fail && status(report, "drift.labels") == .pass)
        #expect(report.checks.first { $0.name == "labels.per_split" }?.detail.contains("test has 0 of 'b'") == true)
    }

    @Test("label quality: a label people rarely agree on")
    func labelHLP() throws {
        // Items 0–19: a a a; items 20–39: b c c or c b b: 'b' and 'c' have pairwise HLP 1/3.
        let answers = { (index: Int) -> [String] in index < 20 ? ["a", "a", "a"] : (index % 2 == 0 ? ["b", "c", "c"] : ["c", "b", "b"]) }
        let failing = try DataChecks.run(try project(answers: answers), export: nil)
        #expect(status(failing, "labels.hlp") == .fail)
        #expect(abs(failing.checks.first { $0.name == "labels.hlp" }!.figure! - 1.0 / 3) < 1e-9)
        let lenient = try DataChecks.run(try project(checks: "  min_label_hlp: 0.3\n", answers: answers), export: nil)
        #expect(status(lenient, "labels.hlp") == .pass)
    }

    @Test("coverage: items with fewer than k labels, items without a consensus, labelers who hide in borderline")
    func coverage() throws {
        let thin = try DataChecks.run(try project(answers: { index in index < 10 ? ["a", "a"] : ["a", "a", "a"] }), export: nil)
        #expect(status(thin, "coverage.underlabeled") == .fail && thin.checks.first { $0.name == "coverage.underlabeled" }?.figure == 0.25)
        let torn = try DataChecks.run(try project(answers: { index in index < 12 ? ["a", "b", "c"] : ["a", "a", "a"] }), export: nil)
        #expect(status(torn, "coverage.unresolved") == .fail && torn.checks.first { $0.name == "coverage.unresolved" }?.figure == 0.3)
        #expect(status(torn, "coverage.underlabeled") == .pass)
        let hiding = try DataChecks.run(try project(answers: { index in index < 15 ? ["a", "a", "borderline"] : ["a", "a", "a"] }), export: nil)
        #expect(status(hiding, "coverage.special_per_labeler") == .fail)
        #expect(hiding.checks.first { $0.name == "coverage.special_per_labeler" }?.detail.contains("worst: cy") == true)
        let clean = try DataChecks.run(try project(), export: nil)
        #expect(["coverage.underlabeled", "coverage.unresolved", "coverage.special_per_labeler"].allSatisfy { status(clean, $0) == .pass })
    }

    @Test("metadata: items without a value in a slice field")
    func missingMetadata() throws {
        let report = try DataChecks.run(try project(condition: { $0 < 4 ? "" : "x" }), export: nil)
        #expect(status(report, "metadata.missing") == .fail)
        #expect(report.checks.first { $0.name == "metadata.missing" }?.figure == 0.1)
        let allowed = try DataChecks.run(try project(checks: "  max_missing_share: 0.1\n", condition: { $0 < 4 ? "" : "x" }), export: nil)
        #expect(status(allowed, "metadata.missing") == .pass)
    }

    @Test("without an export the split checks say they were skipped, and why")
    func skippedWithoutExport() throws {
        let report = try DataChecks.run(try project(), export: nil)
        for name in ["leakage.texts", "leakage.groups", "drift.labels", "drift.slices", "labels.per_split"] {
            #expect(status(report, name) == .skip)
        }
        #expect(report.passed)
    }

    @Test("a real export of a project passes, and a leaky one (no grouping) fails on its groups' texts")
    func realExport() throws {
        let project = try makeProject(in: temporaryFolder())
        var items = "id,text,cond,speaker\n", rows = "item,labeler,label\n"
        for index in 0..<200 {
            // Each speaker says the same sentence twice: grouped, the two stay in one split.
            items += "i\(index),sentence \(index / 2),\(index % 3 == 0 ? "x" : "y"),s\(index / 2)\n"
            for labeler in ["ana", "ben", "cy"] { rows += "i\(index),\(labeler),\(["a", "b"][(index / 2) % 2])\n" }
        }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [
            write(items, to: "items.csv", in: project.directory), write(rows, to: "answers.csv", in: project.directory)])
        var options = ExportOptions()
        options.groupBy = "speaker"
        let grouped = temporaryFolder().appendingPathComponent("grouped")
        try Exporter(project: project, options: options).run(to: grouped)
        let passing = try DataChecks.run(project, export: grouped.path)
        #expect(status(passing, "leakage.texts") == .pass && status(passing, "leakage.groups") == .pass)
        options.groupBy = nil
        let loose = temporaryFolder().appendingPathComponent("loose")
        try Exporter(project: project, options: options).run(to: loose)
        let failing = try DataChecks.run(project, export: loose.path)
        #expect(status(failing, "leakage.texts") == .fail && !failing.passed)
    }

    @Test("thresholds come from concord.yaml; an unknown or negative one is an error with its line")
    func thresholdsInConfig() throws {
        let config = try ConfigFile.parse("name: p\nlabels:\n  - name: a\nchecks:\n  max_label_drift: 0.1\n  min_label_hlp: 0.7\n", file: "c.yaml")
        #expect(config.checks.maxLabelDrift == 0.1 && config.checks.minLabelHLP == 0.7 && config.checks.maxSliceDrift == 0.03)
        #expect { try ConfigFile.parse("name: p\nlabels:\n  - name: a\nchecks:\n  max_lable_drift: 0.1\n", file: "c.yaml") } throws: {
            let error = $0 as? DataFileError
            return error?.line == 5 && error?.field == "checks.max_lable_drift" && "\($0)".contains("max_label_drift")
        }
        #expect { try ConfigFile.parse("name: p\nlabels:\n  - name: a\nchecks:\n  max_slice_drift: -1\n", file: "c.yaml") } throws: {
            ($0 as? DataFileError)?.line == 5
        }
    }

    @Test("the export line reader takes JSON's flat objects and refuses what is not one")
    func flatLines() {
        func values(_ line: String) -> [String?]? {
            let bytes = Array(line.utf8)
            return bytes.withUnsafeBufferPointer { FlatJSONLine.values(of: [Array("a".utf8), Array("b".utf8)], in: $0) }
        }
        #expect(values(#"{"a":"x\"y","b":-1.5e+3}"#)! == ["x\"y", "-1.5e+3"])
        #expect(values(#"{"a":null,"b":true}"#)! == [nil, "true"])
        #expect(values(#"{"\u0061":"unescaped key","c":0}"#)! == ["unescaped key", nil])
        #expect(values(#"{"a":"\ud83d\ude00"}"#)! == ["😀", nil])
        #expect(values("{\"a\":1\t,\"b\":2}")! == ["1", "2"])
        // Found in review: these were taken as values.
        for bad in [#"{"a":,"b":2}"#, #"{"a":tru}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":"x"} trailing"#, #"{"a":[1]}"#, #"{} x"#] {
            #expect(values(bad) == nil, "\(bad)")
        }
    }

    @Test("text keys: case, runs of whitespace and punctuation do not matter; words and their order do")
    func textKeys() {
        #expect(TextKey.of("Play some MUSIC!") == TextKey.of("play   some music"))
        #expect(TextKey.of("don't stop") == TextKey.of("dont stop"))
        #expect(TextKey.of("Ünïcode Straße") == TextKey.of("ünïcode straße"))
        #expect(TextKey.of("play some music") != TextKey.of("some play music"))
        #expect(TextKey.of("playsome music") != TextKey.of("play some music"))
        // Found in review: each scalar is mixed as four bytes, so one letter never hashes as two.
        #expect(TextKey.of("慡") != TextKey.of("aa") && TextKey.of("hi 汯") != TextKey.of("hi ol"))
        // Texts with no words (only emoji or punctuation) get no key: they cannot leak.
        #expect(TextKey.of("😀") == nil && TextKey.of("!!! ...") == nil && TextKey.of("ok") != nil)
    }
}
