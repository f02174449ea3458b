import ConcordSQLite
import ConcordStore
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import Foundation

/// `concord-bench agreement`: every agreement figure on a 1M-item × 3-labeler project with 20%
/// of answers missing (≈2.4M answers), read from the database; targets (SPEC §8, issue 3):
/// ≤ 1 s and ≤ 300 MB RSS. Printed beside it, from the same run: the sqlite3 shell reading the
/// same rows (the floor), and the Python `krippendorff` package's α on the same data.
enum AgreementBenchmark {
    static func run(items: Int, runs: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-agreement-\(getpid())")
        // CONCORD_BENCH_KEEP=1 keeps the generated project for profiling.
        let keep = ProcessInfo.processInfo.environment["CONCORD_BENCH_KEEP"] == "1"
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } else { print("kept \(folder.path)") } }
        let (project, projectFolder) = try SyntheticProject(folder: folder, items: items).generateAndImport()
        let rows = try project.store.status().annotations
        print("\(rows) answers; each figure is the median of \(runs) runs\n")

        // Concord: a fresh process per run, so its peak RSS is the report's alone.
        let (concord, peak, summary) = try Measure.child(["agreement-child", projectFolder.path], runs: runs)

        var floor: Double?
        if let sqlite3 = Measure.which("sqlite3") {
            floor = try Measure.median(runs: runs) { _ in
                try Measure.command(sqlite3, [projectFolder.appendingPathComponent(SQLiteBackend.fileName).path,
                                              "SELECT item_id, labeler_id, label_id FROM answers"])
            }
        }
        let python = try PythonKrippendorff.time(database: projectFolder.appendingPathComponent(SQLiteBackend.fileName).path)

        print("agreement on \(items / 1000)k items              seconds   peak RSS   target")
        print("concord: every figure, --by condition     \(format(concord).leftPad(8))   \(String(format: "%4.0f MB", peak))   ≤ 1 s, ≤ 300 MB  \(concord <= 1 && peak <= 300 ? "met" : "MISSED")")
        if let floor { print("sqlite3 shell reading the same rows       \(format(floor).leftPad(8))   (the floor)") }
        print("python krippendorff \(python.version): α nominal only  \(format(python.seconds).leftPad(8))   (load from SQLite not counted; α = \(String(format: "%.6f", python.alpha)))")
        print("\nconcord's figures: \(summary)")

        // For information: the same project labeled adaptively (labelers_per_item: 2..4), where
        // the report adds every item's first two labels, read in the order they were given.
        let config = projectFolder.appendingPathComponent(ConfigFile.fileName)
        try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: #"(?m)^labelers_per_item: \d+"#, with: "labelers_per_item: 2..4", options: .regularExpression)
            .write(to: config, atomically: true, encoding: .utf8)
        let (adaptive, adaptivePeak, _) = try Measure.child(["agreement-child", projectFolder.path], runs: runs)
        print("with labelers_per_item: 2..4 (the first two labels' figures too)  \(format(adaptive).leftPad(8))   \(String(format: "%4.0f MB", adaptivePeak))   (for information)")
    }

    /// The measured part, in a fresh process: load every answer, compute every figure (with
    /// slices by condition and a 1,000-replicate bootstrap), encode the JSON report.
    static func child(project path: String) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let project = try Project(path: path, access: .reading)
        let query = AgreementQuery(sliceField: "condition")
        let loaded = try RatingTableLoader.load(project, query)
        let loadedAt = DispatchTime.now().uptimeNanoseconds
        var report = AgreementAnalysis.configured(for: loaded, query: query).run(loaded.table)
        // What `concord agreement` adds: test–retest (none here: it must cost nothing) and, on an
        // adaptive project, the first labels' figures.
        report.test_retest = try RatingTableLoader.testRetest(project, query, categories: report.categories)
        report.adaptive_overlap = try RatingTableLoader.adaptiveOverlap(project, query)
        let json = try JSONEncoder().encode(report)
        Measure.reportChild(since: start)
        print(String(format: "open + read %.2f s, compute + JSON %.2f s; ", Double(loadedAt - start) / 1e9,
                     Double(DispatchTime.now().uptimeNanoseconds - loadedAt) / 1e9)
              + String(format: "α %.4f [%.4f, %.4f], κ %.4f, AC1 %.4f, %d pairs, %d slices, %d bytes of JSON",
                     report.krippendorff_alpha ?? .nan, report.alpha_low ?? .nan, report.alpha_high ?? .nan,
                     report.fleiss_kappa ?? .nan, report.gwet_ac1 ?? .nan, report.cohen_kappa.count,
                     report.per_slice?.count ?? 0, json.count))
    }
}

/// The Python `krippendorff` package (PyPI, in the anchors' environment) on the same answers: reads the
/// answers into a raters × items matrix (not timed), then times `krippendorff.alpha` alone.
enum PythonKrippendorff {
    static let script = """
        import sqlite3, sys, time
        import numpy as np, krippendorff
        db = sqlite3.connect(sys.argv[1])
        rows = np.array(db.execute("SELECT item_id, labeler_id, label_id FROM answers").fetchall(), dtype=np.int64)
        items = np.unique(rows[:, 0], return_inverse=True)[1]
        raters = np.unique(rows[:, 1], return_inverse=True)[1]
        matrix = np.full((raters.max() + 1, items.max() + 1), np.nan)
        matrix[raters, items] = rows[:, 2]
        start = time.perf_counter()
        alpha = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        from importlib.metadata import version
        print(time.perf_counter() - start, alpha, version("krippendorff"))
        """

    static func time(database: String) throws -> (seconds: Double, alpha: Double, version: String) {
        let python = try AnchorPython.python()
        let output = try Measure.capture(python, ["-c", script, database])
        let parts = output.split(separator: " ").map(String.init)
        guard parts.count >= 2, let seconds = Double(parts[0]), let alpha = Double(parts[1]) else {
            throw BenchError("python: \(output)")
        }
        return (seconds, alpha, parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespacesAndNewlines) : "?")
    }
}
