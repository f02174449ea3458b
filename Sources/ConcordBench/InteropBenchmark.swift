import ConcordFormats
import ConcordServices
import Foundation

/// `concord-bench interop`: importing 1M items and their ≈2.4M answers from a Label Studio JSON
/// export, against importing the same answers as one long-form CSV with each item's text and
/// metadata on its rows (the anchor, issue 14), in one run. Target: within 2× of the CSV import.
/// Concord's fastest path, an items file then an answers file, is printed too.
enum InteropBenchmark {
    static func run(items: Int, runs: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-interop-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = SyntheticProject(folder: folder, items: items)
        let export = folder.appendingPathComponent("label-studio-export.json")
        print("generating \(items) items and their answers, as CSV and as a Label Studio export, in \(folder.path) …")
        let longForm = folder.appendingPathComponent("answers-long-form.csv")
        let rows = try data.writeFiles(labelStudio: export, longForm: longForm)
        let bytes = (try FileManager.default.attributesOfItem(atPath: export.path)[.size] as? Int) ?? 0
        print("\(rows) answers; the Label Studio export is \(bytes >> 20) MB")
        print("each figure is the median of \(runs) runs; each run starts from an empty database\n")

        /// `someItems`: a long-form CSV names only the items that have answers.
        func timeImport(_ files: [String], _ options: ImportOptions, someItems: Bool = false) throws -> Double {
            try Measure.median(runs: runs) { run in
                let projectFolder = folder.appendingPathComponent("project-\(UUID().uuidString.prefix(8))")
                defer { try? FileManager.default.removeItem(at: projectFolder) }
                try data.writeProject(in: projectFolder)
                let project = try Project(path: projectFolder.path)
                Measure.settle()
                let seconds = try Measure.seconds { _ = try Importer(project: project, options: options).run(files: files) }
                let status = try project.store.status()
                guard someItems ? status.items <= items : status.items == items, status.annotations == rows else {
                    throw BenchError("import incomplete: \(status.items) items, \(status.annotations) answers")
                }
                return seconds
            }
        }
        let csv = try timeImport([longForm.path], ImportOptions(), someItems: true)
        let twoFiles = try timeImport([data.itemsCSV.path, data.answersCSV.path], ImportOptions())
        var options = ImportOptions()
        options.itemKey = "data.item"
        let labelStudio = try timeImport([export.path], options)
        print("import of the same items and answers      seconds   ratio   target")
        print(String(format: "  one long-form CSV with the text (anchor) %7.2f", csv))
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
        print(String(format: "(an items file, then an answers file: %.2f s, %.2f× faster than the long-form CSV)", twoFiles, csv / twoFiles))
        print(String(format: "of which reading the export alone (no database): %.2f s", readOnly))
        print(String(format: "peak RSS %.0f MB", Measure.peakRSSMegabytes()))
    }
}
