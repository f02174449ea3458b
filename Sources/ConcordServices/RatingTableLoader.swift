import ConcordFormats
import ConcordAnalysis
import ConcordDomain
import ConcordStore

/// Reads a project's current answers into a `RatingTable` for a query: the project decides the
/// categories and what recorded labels count as now; the store reads the answers.
public enum RatingTableLoader {
    public typealias Loaded = LoadedRatings

    public static func load(_ project: Project, _ query: AgreementQuery) throws -> Loaded {
        let labelSet = try project.labelSet(asOf: query.schemaVersion, whatIf: query.whatIf)
        let mapping = try project.labelMapping(asOf: query.schemaVersion, whatIf: query.whatIf)
        var categories = labelSet.labels.map(\.name)
        if !query.excludeSpecial { categories += labelSet.specials.map(\.rawValue) }
        let ordinal: [Int]? = labelSet.scale == .ordinal ? Array(labelSet.labels.indices) : nil
        return try project.store.ratings(RatingsRequest(
            categories: categories, ordinalCategories: ordinal, query: query, mapping: mapping,
            groupField: project.config.groupField, sliceFields: project.config.sliceFields))
    }

    /// Each labeler's consistency with themselves: their retests against their first answers,
    /// read with the query's labels (schema changes applied; special labels left out when the
    /// query leaves them out). nil when the project has no retests.
    public static func testRetest(_ project: Project, _ query: AgreementQuery, categories: [String]) throws -> TestRetestReport? {
        let retests = try project.store.retests()
        guard !retests.isEmpty else { return nil }
        let mapping = try project.labelMapping(asOf: query.schemaVersion, whatIf: query.whatIf)
        let index = Dictionary(categories.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }
        let pairs = retests.compactMap { retest -> (labeler: String, first: Int, repeated: Int)? in
            guard let first = retest.first.flatMap({ index[mapping($0)] }), let repeated = index[mapping(retest.repeated)] else { return nil }
            return (retest.labeler, first, repeated)
        }
        return TestRetestReport.measure(pairs, categoryCount: categories.count)
    }

    /// With adaptive overlap, the agreement among every item's first labels (the minimum of the
    /// range), which adaptive overlap did not choose; nil with a fixed k.
    public static func adaptiveOverlap(_ project: Project, _ query: AgreementQuery) throws -> AdaptiveOverlapFigures? {
        let plan = project.config.labelersPerItem
        guard plan.isAdaptive else { return nil }
        var first = query
        first.firstAnswersPerItem = plan.minimum
        first.sliceField = nil
        first.withPredictions = false
        let loaded = try load(project, first)
        var analysis = AgreementAnalysis.configured(for: loaded, query: first)
        analysis.bootstrapReplicates = 0  // only α and agreement are reported
        let report = analysis.run(loaded.table)
        return AdaptiveOverlapFigures(labelersPerItem: plan.description, firstLabels: plan.minimum, firstLabelsReport: report)
    }

    /// How many items have no value in `field` (a slice field, the group field or metadata).
    public static func itemsWithoutValue(_ project: Project, field: String) throws -> Int {
        try project.store.itemsWithoutValue(field: field, isGroup: field == project.config.groupField)
    }
}

extension AgreementAnalysis {
    /// The analysis of a loaded table: the query's slice field, round and special-label choice,
    /// and which categories are borderline and unintelligible.
    public static func configured(for loaded: RatingTableLoader.Loaded, query: AgreementQuery) -> AgreementAnalysis {
        var analysis = AgreementAnalysis()
        analysis.sliceField = query.sliceField
        analysis.excludeSpecial = query.excludeSpecial
        analysis.roundLabel = loaded.roundLabel
        analysis.borderlineCategory = loaded.borderlineCategory
        analysis.unintelligibleCategory = loaded.unintelligibleCategory
        return analysis
    }
}
