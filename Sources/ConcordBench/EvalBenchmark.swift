import ConcordSQLite
import ConcordStore
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import Foundation

/// `concord-bench eval`: a model's evaluation (precision, recall, F1, confusion, per condition)
/// with 1M predictions on the 1M-item × 3-labeler project, read from the database; target (issue
/// 11): ≤ 1 s. Printed beside it, from the same run: the sqlite3 shell reading the same rows (the
/// floor), and scikit-learn's metrics on the same reference and predictions.
enum EvalBenchmark {
    static func run(items: Int, runs: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-eval-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let synthetic = SyntheticProject(folder: folder, items: items)
        let (project, projectFolder) = try synthetic.generateAndImport()
        let predictions = folder.appendingPathComponent("predictions.csv")
        try writePredictions(answers: synthetic.answersCSV, items: items, to: predictions)
        let written = try PredictionImporter(project: project).run(file: predictions.path)
        print("\(written) predictions; each figure is the median of \(runs) runs\n")

        let (concord, peak, summary) = try Measure.child(["eval-child", projectFolder.path], runs: runs)
        let database = projectFolder.appendingPathComponent(SQLiteBackend.fileName).path
        var floor: Double?
        if let sqlite3 = Measure.which("sqlite3") {
            floor = try Measure.median(runs: runs) { _ in
                try Measure.command(sqlite3, [database, "SELECT item_id, labeler_id, label_id FROM answers; SELECT item_id, label_id FROM predictions"])
            }
        }
        let python = try ScikitLearnEval.time(database: database)

        print("eval on \(items / 1000)k items                     seconds   peak RSS   target")
        print("concord eval --by condition (JSON)       \(format(concord).leftPad(8))   \(String(format: "%4.0f MB", peak))   ≤ 1 s  \(concord <= 1 ? "met" : "MISSED")")
        if let floor { print("sqlite3 shell reading the same rows      \(format(floor).leftPad(8))   (the floor)") }
        print("scikit-learn \(python.version): metrics only       \(format(python.seconds).leftPad(8))   (load and consensus not counted; accuracy \(String(format: "%.6f", python.accuracy)), macro-F1 \(String(format: "%.6f", python.macroF1)))")
        print("\nconcord's figures: \(summary)")
    }

    /// A model that agrees with an item's first answer 70% of the time and else says a random
    /// label; items without an answer get a random prediction too.
    static func writePredictions(answers: URL, items: Int, to url: URL) throws {
        var first = [Int](repeating: -1, count: items)
        let labelIndex = Dictionary(uniqueKeysWithValues: SyntheticProject.labels.enumerated().map { ($1, $0) })
        for line in try String(contentsOf: answers, encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 3, let item = Int(fields[0].dropFirst(2)), first[item] < 0 else { continue }
            first[item] = labelIndex[String(fields[2])] ?? -1
        }
        var random = SeededGenerator(seed: 7)
        var text = "item,prediction\n"
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        for index in 0..<items {
            let guess = Int(random.next() % UInt64(SyntheticProject.labels.count))
            let label = first[index] >= 0 && random.nextUnit() < 0.7 ? first[index] : guess
            text += "it\(index),\(SyntheticProject.labels[label])\n"
            if text.utf8.count > 1 << 20 { try handle.write(contentsOf: Data(text.utf8)); text = "" }
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// The measured part, in a fresh process: open, load answers and predictions, evaluate per
    /// condition, encode the JSON report.
    static func child(project path: String) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let project = try Project(path: path, access: .reading)
        let query = AgreementQuery(sliceField: "condition", withPredictions: true)
        let loaded = try RatingTableLoader.load(project, query)
        let loadedAt = DispatchTime.now().uptimeNanoseconds
        let report = ModelEvaluation.run(loaded.table, model: loaded.model ?? "model", minimumShare: 0.5,
                                         specialCategories: loaded.specialCategories, sliceField: "condition")
        let json = try JSONEncoder().encode(report)
        Measure.reportChild(since: start)
        print(String(format: "open + read %.2f s, evaluate + JSON %.2f s; ", Double(loadedAt - start) / 1e9,
                     Double(DispatchTime.now().uptimeNanoseconds - loadedAt) / 1e9)
              + String(format: "%d items scored, accuracy %.6f, macro-F1 %.6f, %d left out, %d bytes of JSON",
                       report.items, report.accuracy ?? .nan, report.macro_f1 ?? .nan, report.left_out["total"] ?? 0, json.count))
    }
}

/// scikit-learn on the same data: reads answers and predictions (not timed), resolves each item's
/// reference as `concord eval` does (unanimous or strict majority; no adjudications here), then
/// times precision/recall/F1/support, the confusion matrix, accuracy and macro-F1.
enum ScikitLearnEval {
    static let script = """
        import sqlite3, sys, time
        import numpy as np
        from sklearn.metrics import precision_recall_fscore_support, confusion_matrix, accuracy_score, f1_score
        db = sqlite3.connect(sys.argv[1])
        rows = np.array(db.execute("SELECT item_id, label_id FROM answers").fetchall(), dtype=np.int64)
        pred = np.array(db.execute("SELECT item_id, label_id FROM predictions").fetchall(), dtype=np.int64)
        labels = int(max(rows[:, 1].max(), pred[:, 1].max())) + 1
        counts = np.zeros((int(rows[:, 0].max()) + 1, labels), dtype=np.int64)
        np.add.at(counts, (rows[:, 0], rows[:, 1]), 1)
        total = counts.sum(axis=1)
        best = counts.argmax(axis=1)
        resolved = 2 * counts.max(axis=1) > total
        y_pred_all = np.full(counts.shape[0], -1)
        y_pred_all[pred[:, 0]] = pred[:, 1]
        keep = resolved & (y_pred_all >= 0)
        y_true, y_pred = best[keep], y_pred_all[keep]
        start = time.perf_counter()
        precision_recall_fscore_support(y_true, y_pred, zero_division=0)
        confusion_matrix(y_true, y_pred)
        accuracy = accuracy_score(y_true, y_pred)
        macro = f1_score(y_true, y_pred, average="macro", zero_division=0)
        seconds = time.perf_counter() - start
        from importlib.metadata import version
        print(seconds, accuracy, macro, version("scikit-learn"))
        """

    static func time(database: String) throws -> (seconds: Double, accuracy: Double, macroF1: Double, version: String) {
        let python = try AnchorPython.python()
        let parts = try Measure.capture(python, ["-c", script, database]).split(separator: " ").map(String.init)
        guard parts.count >= 4, let seconds = Double(parts[0]), let accuracy = Double(parts[1]), let macro = Double(parts[2]) else {
            throw BenchError("python: \(parts)")
        }
        return (seconds, accuracy, macro, parts[3].trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
