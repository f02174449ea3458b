import ConcordStore
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import Foundation

struct HLPCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "hlp",
        abstract: "Human-level performance per label and per slice value, with n and a Wilson 95% interval.",
        discussion: """
            Two figures, never pooled. Pairwise HLP: each individual label on an item with at least two \
            labels scores the share of the other labels there that equal it; HLP is the mean over labels \
            (per label: over the labels of that class; per slice: over the labels of its items). It \
            equals specific agreement when every item has the same number of labels. HLP against the \
            audit reference: the share of individual labels on audited items that equal the reviewer's \
            blind label (concord audit, review --audit), per reference label and per slice; null until \
            there is an audit. Adjudications from the disagreement queue enter neither: that queue holds \
            exactly the items people disagreed on. The Wilson intervals treat labels as independent; \
            labels on one item are not, so the intervals are optimistic. Without --by, every slice \
            field of the config is reported.
            """)

    @OptionGroup var options: AgreementOptions

    struct Report: Encodable {
        var hlp: Double?
        var hlp_low: Double?
        var hlp_high: Double?
        var hlp_n: Int
        var hlp_reference: ReferenceHLP?
        var per_label: [AgreementReport.LabelFigures]
        var per_slice: [AgreementReport.SliceFigures]

        enum CodingKeys: String, CodingKey { case hlp, hlp_low, hlp_high, hlp_n, hlp_reference, per_label, per_slice }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(hlp, forKey: .hlp)
            try container.encode(hlp_low, forKey: .hlp_low)
            try container.encode(hlp_high, forKey: .hlp_high)
            try container.encode(hlp_n, forKey: .hlp_n)
            try container.encode(hlp_reference, forKey: .hlp_reference)
            try container.encode(per_label, forKey: .per_label)
            try container.encode(per_slice, forKey: .per_slice)
        }
    }

    func execute() throws {
        let project = try Project(path: options.project, access: .reading)
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
                            hlp_reference: base!.hlp_reference, per_label: base!.per_label, per_slice: slices)
        if options.json { try printJSON(report); return }
        printSafe("\(project.config.name): human-level performance")
        printSafe("  pairwise            \(Figure.value(report.hlp))  95% \(Figure.interval(report.hlp_low, report.hlp_high))  n = \(grouped(report.hlp_n)) labels")
        if let reference = report.hlp_reference {
            printSafe("  vs audit reference  \(Figure.value(reference.value))  95% \(Figure.interval(reference.low, reference.high))  n = \(grouped(reference.n)) labels on \(grouped(reference.items)) audited items")
        }
        printSafe(HLPText.note(report.hlp_reference) + "\n")
        var labels = TextTable("label", "HLP", "95% interval", "n", "HLP vs ref.", "95% interval", "n", "share of answers")
        for label in report.per_label where label.n > 0 || label.hlp_reference != nil {
            labels.add(label.label, Figure.value(label.hlp), Figure.interval(label.hlp_low, label.hlp_high), grouped(label.hlp_n),
                       Figure.value(label.hlp_reference?.value), Figure.interval(label.hlp_reference?.low, label.hlp_reference?.high),
                       grouped(label.hlp_reference?.n ?? 0), Figure.percent(label.share))
        }
        printSafe(labels.text)
        if !slices.isEmpty {
            var table = TextTable("slice", "HLP", "95% interval", "n", "HLP vs ref.", "95% interval", "n", "share of items")
            for slice in slices {
                table.add("\(slice.field) = \(slice.value)", Figure.value(slice.hlp), Figure.interval(slice.hlp_low, slice.hlp_high),
                          grouped(slice.hlp_n), Figure.value(slice.hlp_reference?.value),
                          Figure.interval(slice.hlp_reference?.low, slice.hlp_reference?.high), grouped(slice.hlp_reference?.n ?? 0),
                          Figure.percent(slice.share))
            }
            printSafe("")
            printSafe(table.text)
        }
    }
}

/// The sentence that says which HLP a report shows.
enum HLPText {
    static func note(_ reference: ReferenceHLP?) -> String {
        let pairwise = "  (HLP pairwise: each label scored by the other labels on its item, weighted once; n = labels."
        guard let reference else {
            return pairwise + "\n   No audit yet, so no HLP against a reference: `concord audit PROJECT --sample N`.)"
        }
        return pairwise + "\n   HLP vs ref.: labels equal to a reviewer's blind label on \(grouped(reference.items)) randomly sampled items;"
            + " per label, by the reference label.)"
    }
}
