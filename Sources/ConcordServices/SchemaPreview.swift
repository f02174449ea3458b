import ConcordAnalysis
import ConcordDomain
import ConcordStore

/// The what-if preview of a schema change: the figures before and after, and the items it touches.
public enum SchemaPreview {
    public struct Comparison: Encodable, Sendable {
        public var change: SchemaChange
        public var items_affected: Int
        public var answers_affected: Int
        public var before: Figures
        public var after: Figures
    }

    public struct Figures: Encodable, Sendable {
        public var krippendorff_alpha: Double?
        public var percent_agreement: Double?
        public var gwet_ac1: Double?
        public var hlp: Double?
        /// Per label: share of answers, specific agreement, HLP.
        public var labels: [String: [String: Double?]]
    }

    public static func compare(_ project: Project, _ change: SchemaChange) throws -> Comparison {
        let before = try RatingTableLoader.load(project, AgreementQuery())
        var whatIf = AgreementQuery()
        whatIf.whatIf = change
        let after = try RatingTableLoader.load(project, whatIf)
        var analysis = AgreementAnalysis()
        analysis.bootstrapReplicates = 0
        let sources = Set(change.sources.compactMap { before.table.categories.firstIndex(of: $0) })
        var items = 0, answers = 0
        for item in 0..<before.table.itemCount {
            let touched = before.table.ratings(ofItem: item).filter { sources.contains(Int(before.table.categoryOfRating[$0])) }.count
            if touched > 0 { items += 1; answers += touched }
        }
        func figures(_ report: AgreementReport) -> Figures {
            Figures(krippendorff_alpha: report.krippendorff_alpha, percent_agreement: report.percent_agreement, gwet_ac1: report.gwet_ac1,
                    hlp: report.hlp, labels: Dictionary(uniqueKeysWithValues: report.per_label.map {
                        ($0.label, ["share": $0.share, "specific_agreement": $0.specific_agreement, "hlp": $0.hlp])
                    }))
        }
        return Comparison(change: change, items_affected: items, answers_affected: answers,
                          before: figures(analysis.run(before.table)), after: figures(analysis.run(after.table)))
    }
}
