import ConcordIO
import Foundation

/// `concord-bench export`: a 1M-item project exported stratified by label × condition and grouped
/// by speaker (target ≤ 5 s, SPEC §8). From the same run, when Python has scikit-learn:
/// `train_test_split(stratify=…)` (twice, for 80/10/10) on the same ids and strata, which neither
/// groups nor cleans nor writes files: a floor for the splitting alone.
enum ExportBenchmark {
    static func run(items: Int, runs: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-export-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (project, _) = try SyntheticProject(folder: folder, items: items).generateAndImport()
        var options = ExportOptions()
        options.stratifyBy = ["label", "condition"]
        options.groupBy = "speaker"
        var manifest: ExportManifest?
        let seconds = try Measure.median(runs: runs) { run in
            try Measure.seconds {
                manifest = try Exporter(project: project, options: options).run(to: folder.appendingPathComponent("out"), overwrite: true)
            }
        }
        let result = manifest!
        print("each figure is the median of \(runs) runs\n")
        print("export of \(items / 1000)k items, label × condition, grouped by speaker")
        print(String(format: "concord export                            %6.2f s   target ≤ 5 s  %@", seconds, seconds <= 5 ? "met" : "MISSED"))
        print("  \(result.items_exported) items in \(result.files.map { "\($0.split) \($0.rows)" }.joined(separator: ", ")); \(result.groups ?? 0) groups; largest stratum deviation \(result.max_stratum_deviation)")
        if let sklearn = try? scikitLearn(folder.appendingPathComponent("out").path) {
            print(String(format: "scikit-learn train_test_split ×2 (split only) %6.2f s   (scikit-learn %@)", sklearn.seconds, sklearn.version))
        } else {
            print("scikit-learn: not installed (pip install scikit-learn) — not compared")
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
        guard let python = Measure.which("python3") else { throw BenchError("no python3") }
        let parts = try Measure.capture(python, ["-c", script, exported]).split(separator: " ").map(String.init)
        guard parts.count >= 2, let seconds = Double(parts[0]) else { throw BenchError("scikit-learn run failed") }
        return (seconds, parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
