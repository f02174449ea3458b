import ArgumentParser
import ConcordIO
import ConcordMetrics
import Foundation

struct HLPCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "hlp",
        abstract: "Human-level performance per label and per slice value, with n and a Wilson 95% interval.",
        discussion: """
            HLP is the share of individual labels that match the reference: the adjudicated label \
            where there is one, else the other labelers (pairwise). Without --by, every slice field \
            of the config is reported.
            """)

    @OptionGroup var options: AgreementOptions

    struct Report: Encodable {
        var hlp: Double?
        var hlp_low: Double?
        var hlp_high: Double?
        var hlp_n: Int
        var per_label: [AgreementReport.LabelFigures]
        var per_slice: [AgreementReport.SliceFigures]
    }

    func execute() throws {
        let project = try Project(path: options.project)
        let fields = options.by.map { [$0] } ?? project.config.sliceFields
        var base: AgreementReport?
        var slices: [AgreementReport.SliceFigures] = []
        for field in fields.isEmpty ? [nil] : fields.map(Optional.some) {
            var query = options.query()
            query.sliceField = field
            let loaded = try RatingTableLoader.load(project, query)
            var analysis = AgreementAnalysis.configured(for: loaded, query: query)
            analysis.bootstrapReplicates = 0
            let report = analysis.run(loaded.table)
            if base == nil { base = report }
            slices += report.per_slice ?? []
        }
        let report = Report(hlp: base!.hlp, hlp_low: base!.hlp_low, hlp_high: base!.hlp_high, hlp_n: base!.hlp_n,
                            per_label: base!.per_label, per_slice: slices)
        if options.json { try printJSON(report); return }
        printSafe("\(project.config.name): human-level performance")
        printSafe("  all labels  \(Figure.value(report.hlp))  95% \(Figure.interval(report.hlp_low, report.hlp_high))  n = \(grouped(report.hlp_n))\n")
        var labels = TextTable("label", "HLP", "95% interval", "n", "share of answers")
        for label in report.per_label where label.n > 0 {
            labels.add(label.label, Figure.value(label.hlp), Figure.interval(label.hlp_low, label.hlp_high),
                       grouped(label.hlp_n), Figure.percent(label.share))
        }
        printSafe(labels.text)
        if !slices.isEmpty {
            var table = TextTable("slice", "HLP", "95% interval", "n", "share of items")
            for slice in slices {
                table.add("\(slice.field) = \(slice.value)", Figure.value(slice.hlp), Figure.interval(slice.hlp_low, slice.hlp_high),
                          grouped(slice.hlp_n), Figure.percent(slice.share))
            }
            printSafe("")
            printSafe(table.text)
        }
    }
}
