import ConcordSQLite
import ConcordStore
import ConcordDomain
import ConcordFormats
import ConcordServices
import Foundation

/// `concord-bench splits`: how well a grouped export represents the whole, beside the anchor,
/// scikit-learn's StratifiedGroupKFold, on the same items (issue 12). ConvAbuse's first answers,
/// grouped by conversation, over seeds 1, 2, 7 and 99: per split, CarbonBot's share, the largest
/// label-share deviation and items per group. Quality, not speed: `concord-bench export` times.
enum SplitsBenchmark {
    static let seeds: [UInt64] = [1, 2, 7, 99]

    static func run() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/convabuse/convabuse_long.csv")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-splits-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let projectFolder = folder.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: projectFolder, withIntermediateDirectories: true)
        let config = try ProjectConfig(name: "ConvAbuse", labelSet: try LabelSet.withDefaultHotkeys(
            names: ["not_abusive", "ambiguous", "mildly_abusive", "strongly_abusive", "very_strongly_abusive"], specials: []),
            sliceFields: ["bot", "split"])
        try ConfigFile.render(config).write(to: projectFolder.appendingPathComponent(ConfigFile.fileName), atomically: true, encoding: .utf8)
        let project = try Project(path: projectFolder.path)
        var importOptions = ImportOptions(itemColumn: "item_id", labelerColumn: "annotator_id", filters: [("repeat", "0")])
        importOptions.metadataColumns = ["bot", "split", "conv_id"]
        _ = try Importer(project: project, options: importOptions).run(files: [data.path])

        // The items Concord exports, with their label, bot and conversation: the anchor splits the same.
        var options = ExportOptions()
        options.groupBy = "conv_id"
        let out = folder.appendingPathComponent("export")
        _ = try Exporter(project: project, options: options).run(to: out)
        var rows = "label,bot,group\n"
        for split in Exporter.splitNames {
            for line in try String(contentsOf: out.appendingPathComponent("\(split).jsonl"), encoding: .utf8).split(separator: "\n") {
                let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                rows += "\(record["label"]!),\(record["bot"]!),\(record["group"]!)\n"
            }
        }
        let table = folder.appendingPathComponent("items.csv")
        try rows.write(to: table, atomically: true, encoding: .utf8)

        print("ConvAbuse grouped by conversation: per split, CarbonBot's share | largest label-share deviation | items per group")
        print("seed  splitter                 train                  dev                    test")
        for seed in seeds {
            options.seed = seed
            let representation = try Exporter(project: project, options: options).preview().representation
            let concord = representation.splits.map { part in
                String(format: "%.3f | %.3f | %.2f", part.fields["bot"]?["CarbonBot"] ?? 0, part.max_label_deviation ?? .nan, part.items_per_group ?? 0)
            }
            print(String(format: "%4d  concord                  ", seed) + concord.joined(separator: "   "))
            print("      StratifiedGroupKFold     " + (try scikitLearn(table.path, seed: seed)).joined(separator: "   "))
        }
        let whole = try Exporter(project: project, options: options).preview().representation.whole
        print(String(format: "whole: CarbonBot %.3f, %.2f items per group", whole.fields["bot"]?["CarbonBot"] ?? 0, whole.items_per_group ?? 0))
    }

    /// StratifiedGroupKFold(n_splits=10, shuffle=True, random_state=seed) stratified by label:
    /// fold 0 is test, fold 1 dev, the other eight train (80/10/10).
    static func scikitLearn(_ table: String, seed: UInt64) throws -> [String] {
        let script = """
            import csv, sys
            import numpy as np
            from collections import Counter
            from sklearn.model_selection import StratifiedGroupKFold
            rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
            y = np.array([r["label"] for r in rows]); g = np.array([r["group"] for r in rows])
            bot = np.array([r["bot"] for r in rows])
            whole = {k: v / len(y) for k, v in Counter(y).items()}
            folds = [test for _, test in StratifiedGroupKFold(n_splits=10, shuffle=True, random_state=int(sys.argv[2])).split(y, y, g)]
            parts = [np.concatenate(folds[2:]), folds[1], folds[0]]
            out = []
            for part in parts:
                shares = Counter(y[part])
                deviation = max(abs(shares.get(k, 0) / len(part) - whole[k]) for k in whole)
                out.append("%.3f | %.3f | %.2f" % ((bot[part] == "CarbonBot").mean(), deviation, len(part) / len(set(g[part]))))
            print("\\t".join(out))
            """
        let python = try AnchorPython.python()
        let output = try Measure.capture(python, ["-c", script, table, String(seed)])
        return output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").map(String.init)
    }
}
