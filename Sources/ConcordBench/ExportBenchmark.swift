import ConcordSQLite
import ConcordStore
import ConcordFormats
import ConcordServices
import Foundation

/// `concord-bench export`: a 1M-item project exported stratified by label × condition and grouped
/// by speaker (target ≤ 5 s, SPEC §8). From the same run, in the anchors' Python environment:
/// `train_test_split(stratify=…)` (twice, for 80/10/10) on the same ids and strata, which neither
/// groups nor cleans nor writes files: a floor for the splitting alone.
enum ExportBenchmark {
    static func run(items: Int, runs: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-export-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, projectFolder) = try SyntheticProject(folder: folder, items: items).generateAndImport()
        let out = folder.appendingPathComponent("out")
        // Concord: a fresh process per run, so its peak RSS is the export's alone.
        let (seconds, peak, summary) = try Measure.child(["export-child", projectFolder.path, out.path], runs: runs)
        print("each figure is the median of \(runs) runs\n")
        print("export of \(items / 1000)k items, label × condition, grouped by speaker")
        print(String(format: "concord export                            %6.2f s   %4.0f MB   target ≤ 5 s  %@", seconds, peak,
                     seconds <= 5 ? "met" : "MISSED"))
        print(summary)
        // concord check on the same project and export (target ≤ 3 s, issue 12).
        let (checkSeconds, checkPeak, checkSummary) = try Measure.child(["check-child", projectFolder.path, out.path], runs: runs)
        print(String(format: "concord check --export                    %6.2f s   %4.0f MB   target ≤ 3 s  %@", checkSeconds, checkPeak,
                     checkSeconds <= 3 ? "met" : "MISSED"))
        print(checkSummary)
        let sklearn = try scikitLearn(out.path)
        print(String(format: "scikit-learn train_test_split ×2 (split only) %6.2f s   (scikit-learn %@)", sklearn.seconds, sklearn.version))
    }

    /// `concord check` in a fresh process: every check, the export's files read whole.
    static func checkChild(project path: String, export: String) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let report = try DataChecks.run(try Project(path: path, access: .reading), export: export)
        Measure.reportChild(since: start)
        print("  " + report.checks.map { "\($0.name) \($0.status.rawValue)" }.joined(separator: ", "))
    }

    /// The measured part, in a fresh process: open the project, export it, summarise.
    static func child(project path: String, out: String) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let project = try Project(path: path, access: .reading)
        var options = ExportOptions()
        options.stratifyBy = ["label", "condition"]
        options.groupBy = "speaker"
        let result = try Exporter(project: project, options: options).run(to: URL(fileURLWithPath: out), overwrite: true)
        Measure.reportChild(since: start)
        print("  \(result.items_exported) items in \(result.files.map { "\($0.split) \($0.rows)" }.joined(separator: ", ")); \(result.groups ?? 0) groups; largest stratum deviation \(result.max_stratum_deviation)")
        for part in result.representation.splits {
            print(String(format: "  %@: %d groups, %.2f items/group, largest label deviation %.4f, condition %.4f", part.split,
                         part.groups ?? 0, part.items_per_group ?? 0, part.max_label_deviation ?? .nan, part.max_field_deviation["condition"] ?? 0))
        }
    }

    static func scikitLearn(_ exported: String) throws -> (seconds: Double, version: String) {
        let script = """
            import json, sys, time
            import sklearn
            from sklearn.model_selection import train_test_split
            ids, strata = [], []
            for split in ("train", "dev", "test"):
                for line in open(f"{sys.argv[1]}/{split}.jsonl", encoding="utf-8"):
                    r = json.loads(line)
                    ids.append(r["id"]); strata.append(r["label"] + "|" + r["condition"])
            start = time.perf_counter()
            train, rest, _, rest_strata = train_test_split(ids, strata, test_size=0.2, stratify=strata, random_state=42)
            dev, test = train_test_split(rest, test_size=0.5, stratify=rest_strata, random_state=42)
            print(time.perf_counter() - start, sklearn.__version__)
            """
        let python = try AnchorPython.python()
        let parts = try Measure.capture(python, ["-c", script, exported]).split(separator: " ").map(String.init)
        guard parts.count >= 2, let seconds = Double(parts[0]) else { throw BenchError("scikit-learn run failed") }
        return (seconds, parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
