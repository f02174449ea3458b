import ConcordSQLite
import ConcordStore
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordTUI
import Foundation

/// `concord-bench import`: Concord's import of 1M items and ≈2.4M long-form answers, against the
/// sqlite3 shell's `.import` of the same files into a plain table (the anchor), in one run.
/// Target (SPEC §8): within 2× of the anchor.
enum ImportBenchmark {
    static func run(items: Int, runs: Int) throws {
        guard let sqlite3 = Measure.which("sqlite3") else { throw BenchError("the sqlite3 shell is needed as the anchor (apt-get install sqlite3)") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-import-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = SyntheticProject(folder: folder, items: items)
        print("generating \(items) items and their answers in \(folder.path) …")
        let rows = try data.writeFiles()
        let itemBytes = (try FileManager.default.attributesOfItem(atPath: data.itemsCSV.path)[.size] as? Int) ?? 0
        let answerBytes = (try FileManager.default.attributesOfItem(atPath: data.answersCSV.path)[.size] as? Int) ?? 0
        print("items.csv \(items) rows, \(itemBytes >> 20) MB; answers.csv \(rows) rows, \(answerBytes >> 20) MB")
        print("each figure is the median of \(runs) runs; each run starts from an empty database\n")

        func anchor(_ csv: URL, table: String) throws -> Double {
            try Measure.median(runs: runs) { run in
                let database = folder.appendingPathComponent("anchor-\(table)-\(run).sqlite")
                defer { try? FileManager.default.removeItem(at: database) }
                Measure.settle()
                return try Measure.command(sqlite3, [database.path], stdin: ".mode csv\n.import \(csv.path) \(table)\n")
            }
        }
        let anchorItems = try anchor(data.itemsCSV, table: "items")
        let anchorAnswers = try anchor(data.answersCSV, table: "answers")

        var concordItems: [Double] = [], concordAnswers: [Double] = []
        for run in 0..<runs {
            let projectFolder = folder.appendingPathComponent("project-\(run)")
            try data.writeProject(in: projectFolder)
            let project = try Project(path: projectFolder.path)
            Measure.settle()
            concordItems.append(try Measure.seconds {
                _ = try Importer(project: project, options: ImportOptions()).run(files: [data.itemsCSV.path])
            })
            Measure.settle()
            concordAnswers.append(try Measure.seconds {
                _ = try Importer(project: project, options: ImportOptions()).run(files: [data.answersCSV.path])
            })
            let status = try project.store.status()
            guard status.items == items, status.annotations == rows else {
                throw BenchError("import incomplete: \(status.items) items, \(status.annotations) answers")
            }
            try? FileManager.default.removeItem(at: projectFolder)
        }
        let parseItems = try Measure.median(runs: runs) { _ in try Measure.seconds { try parseOnly(data.itemsCSV.path) } }
        let parseAnswers = try Measure.median(runs: runs) { _ in try Measure.seconds { try parseOnly(data.answersCSV.path) } }

        print("import                         concord   sqlite3 .import   ratio   target")
        line("\(items / 1000)k-item CSV", concordItems.sorted()[runs / 2], anchorItems)
        line("\(rows / 1000)k-row long-form CSV", concordAnswers.sorted()[runs / 2], anchorAnswers)
        print("\nof which reading the CSV alone: items \(format(parseItems)), answers \(format(parseAnswers))")
        print(String(format: "peak RSS %.0f MB", Measure.peakRSSMegabytes()))

        // Not a target: a long-form file in no useful order (e.g. exported by time) takes the
        // slower paths (random b-tree writes, the key map); measured once so a regression shows.
        let shuffled = folder.appendingPathComponent("answers-shuffled.csv")
        try shuffleRows(of: data.answersCSV, to: shuffled)
        let projectFolder = folder.appendingPathComponent("project-shuffled")
        try data.writeProject(in: projectFolder)
        let project = try Project(path: projectFolder.path)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [data.itemsCSV.path])
        Measure.settle()
        let concordShuffled = try Measure.seconds {
            _ = try Importer(project: project, options: ImportOptions()).run(files: [shuffled.path])
        }
        try? FileManager.default.removeItem(at: projectFolder)

        print("\nthe same answers in shuffled row order: \(format(concordShuffled)) (1 run, not a target)")
    }

    /// The file's header, then its lines in a seeded random order.
    private static func shuffleRows(of source: URL, to target: URL) throws {
        let text = try String(contentsOf: source, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst()
        var random = SeededGenerator(seed: 7)
        lines.shuffle(using: &random)
        try ([header] + lines).joined(separator: "\n").appending("\n").write(to: target, atomically: false, encoding: .utf8)
    }

    /// Reads every record of a file with Concord's CSV reader, writing nothing.
    private static func parseOnly(_ path: String) throws {
        var reader = try CSVReader(path: path)
        var values: [String?] = []
        var count = 0
        while try reader.next(into: &values) != nil { count += 1 }
        guard count > 0 else { throw BenchError("no records in \(path)") }
    }

    private static func line(_ name: String, _ ours: Double, _ anchor: Double) {
        let ratio = ours / anchor
        let padded = name.padding(toLength: 28, withPad: " ", startingAt: 0)
        print("\(padded)  \(format(ours).leftPad(8))   \(format(anchor).leftPad(15))   \(String(format: "%.2f×", ratio).leftPad(5))   ≤ 2×  \(ratio <= 2 ? "met" : "MISSED")")
    }
}

