import ConcordSQLite
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTUI
import Foundation

/// `concord-bench label`: on a 1M-item project (with its ≈2.4M answers), the time from opening
/// the project to the first item drawn (target ≤ 300 ms), and keystroke → durable write → next
/// item drawn (target p99 ≤ 10 ms). Drives the real labeling runtime and database, in a fresh
/// process; keys go to the runtime directly and frames to a backend that only notes them.
enum LabelBenchmark {
    static func run(items: Int, keystrokes: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-label-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, projectFolder) = try SyntheticProject(folder: folder, items: items).generateAndImport()
        let output = try Measure.capture(CommandLine.arguments[0], ["label-child", projectFolder.path, String(keystrokes)])
        print(output)
        // The same project with adaptive overlap, then retests too (issue 15). The first open of
        // each builds what it needs once: the items that disagree (from every answer), and an
        // index of each labeler's answers; the next open only looks at what changed.
        let config = projectFolder.appendingPathComponent(ConfigFile.fileName)
        let fixed = try String(contentsOf: config, encoding: .utf8)
        for (setting, run) in [("labelers_per_item: 2..4", "first open"), ("labelers_per_item: 2..4\nretest: 0.05\nretest_after: 20", "first open"),
                               ("labelers_per_item: 2..4\nretest: 0.05\nretest_after: 20", "next open")] {
            try fixed.replacingOccurrences(of: #"(?m)^labelers_per_item: \d+"#, with: setting, options: .regularExpression)
                .write(to: config, atomically: true, encoding: .utf8)
            print("\nwith \(setting.replacingOccurrences(of: "\n", with: ", ")) (\(run))")
            print(try Measure.capture(CommandLine.arguments[0], ["label-child", projectFolder.path, String(keystrokes)]))
        }
    }

    /// The measured part, in a fresh process.
    static func child(project path: String, keystrokes: Int) throws {
        let savedBefore = try savedByBench(Project(path: path, access: .reading))
        let start = DispatchTime.now().uptimeNanoseconds
        let project = try Project(path: path)
        let session = try project.store.labelingSession(labeler: "bench", labelersPerItem: project.config.labelersPerItem,
                                                        retest: project.config.retest)
        let backend = FrameCounter()
        var firstFrame: UInt64?
        backend.onDraw = { if firstFrame == nil { firstFrame = DispatchTime.now().uptimeNanoseconds } }
        let runtime = try LabelingRuntime(project: project, session: session, backend: backend)
        runtime.start()
        let open = Double(firstFrame! - start) / 1e6

        var latencies: [Double] = []
        latencies.reserveCapacity(keystrokes)
        for index in 0..<keystrokes {
            let key = Character(String(index % 8 + 1))
            let before = DispatchTime.now().uptimeNanoseconds
            runtime.handle(.char(key))
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - before) / 1e6)
        }
        try session.releaseClaims()
        let saved = try savedByBench(Project(path: path, access: .reading)) - savedBefore
        guard saved == keystrokes else { throw BenchError("\(saved) answers and retests saved for \(keystrokes) keystrokes") }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(p * Double(latencies.count)))] }
        print("labeling on \(project.config.name), \(keystrokes) keystrokes, each answer committed before the next frame")
        print(String(format: "open → first item drawn            %7.1f ms   target ≤ 300 ms  %@", open, open <= 300 ? "met" : "MISSED"))
        print(String(format: "keystroke → saved → next drawn  p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   target p99 ≤ 10 ms  %@",
                     percentile(0.5), percentile(0.99), latencies.last!, percentile(0.99) <= 10 ? "met" : "MISSED"))
    }

    /// The answers and retests of the benchmark's labeler (it labels the project more than once).
    static func savedByBench(_ project: Project) throws -> Int {
        try (project.store.status().labelerCounts["bench"] ?? 0) + project.store.retests().filter { $0.labeler == "bench" }.count
    }

    /// An 80×24 terminal that only counts as drawn: the benchmark times the runtime and the
    /// database, not a real terminal, and feeds keys itself (so none are ever read here).
    final class FrameCounter: TerminalBackend {
        let size = (width: 80, height: 24)
        let interrupted = false
        var onDraw: (() -> Void)?

        func draw(_ grid: CellGrid) { onDraw?() }
        func readKey(timeoutMilliseconds: Int) -> Key? { nil }
    }
}
