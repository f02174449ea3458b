import ConcordFormats
import ConcordServices
import Foundation

/// `concord-bench interop`: importing 1M items and their ≈2.4M answers from a Label Studio JSON
/// export, against importing the same items and answers from Concord's own CSV files (the
/// anchor), in one run. Target: within 2× of the CSV import.
enum InteropBenchmark {
    static func run(items: Int, runs: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-interop-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = SyntheticProject(folder: folder, items: items)
        let export = folder.appendingPathComponent("label-studio-export.json")
        print("generating \(items) items and their answers, as CSV and as a Label Studio export, in \(folder.path) …")
        let rows = try data.writeFiles(labelStudio: export)
        let bytes = (try FileManager.default.attributesOfItem(atPath: export.path)[.size] as? Int) ?? 0
        print("\(rows) answers; the Label Studio export is \(bytes >> 20) MB")
        print("each figure is the median of \(runs) runs; each run starts from an empty database\n")

        func timeImport(_ files: [String], _ options: ImportOptions) throws -> Double {
            try Measure.median(runs: runs) { run in
                let projectFolder = folder.appendingPathComponent("project-\(UUID().uuidString.prefix(8))")
                defer { try? FileManager.default.removeItem(at: projectFolder) }
                try data.writeProject(in: projectFolder)
                let project = try Project(path: projectFolder.path)
                Measure.settle()
                let seconds = try Measure.seconds { _ = try Importer(project: project, options: options).run(files: files) }
                let status = try project.store.status()
                guard status.items == items, status.annotations == rows else {
                    throw BenchError("import incomplete: \(status.items) items, \(status.annotations) answers")
                }
                return seconds
            }
        }
        let csv = try timeImport([data.itemsCSV.path, data.answersCSV.path], ImportOptions())
        var options = ImportOptions()
        options.itemKey = "data.item"
        let labelStudio = try timeImport([export.path], options)
        print("import of the same items and answers      seconds   ratio   target")
        print(String(format: "  Concord's CSV files (anchor)            %7.2f", csv))
        print(String(format: "  a Label Studio JSON export              %7.2f   %4.2f×   ≤ 2×  %@", labelStudio, labelStudio / csv,
                     labelStudio / csv <= 2 ? "met" : "MISSED"))
        let readOnly = try Measure.median(runs: runs) { _ in
            try Measure.seconds {
                var context = RecordFormats.Context()
                context.options = options
                var reader = try RecordFormats.reader(for: export.path, context: context)
                var values: [String?] = []
                while try reader.next(into: &values) != nil {}
            }
        }
        print(String(format: "of which reading the export alone (no database): %.2f s", readOnly))
        print(String(format: "peak RSS %.0f MB", Measure.peakRSSMegabytes()))
    }
}
