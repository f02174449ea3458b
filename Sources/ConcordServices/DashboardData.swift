import ConcordAnalysis
import ConcordStore

/// Every figure the dashboard shows, computed the way `concord agreement`, `gap` and `eval`
/// compute them (sliced by the first slice field of the config; the default model's predictions).
/// Read here, outside the terminal UI, which only receives the result.
public struct DashboardData: Sendable {
    /// How far labeling has come: items that need no more labels (and what adaptive overlap
    /// saved), and answers per labeler.
    public struct Progress: Sendable {
        public var coverage: LabelingCoverage
        public var perLabeler: [(name: String, answers: Int)]

        public init(coverage: LabelingCoverage, perLabeler: [(name: String, answers: Int)]) {
            self.coverage = coverage
            self.perLabeler = perLabeler
        }
    }

    public var report: AgreementReport
    /// The model's gap to HLP; nil when no item has both predictions and answers to compare.
    public var gap: GapReport?
    /// The model's precision, recall, F1 and confusion against the resolved reference.
    public var evaluation: ModelEvaluation?
    public var progress: Progress
    /// How far the audit sample has been labeled blind.
    public var audit: (sampled: Int, referenced: Int)

    public init(report: AgreementReport, gap: GapReport?, evaluation: ModelEvaluation?, progress: Progress,
                audit: (sampled: Int, referenced: Int)) {
        self.report = report
        self.gap = gap
        self.evaluation = evaluation
        self.progress = progress
        self.audit = audit
    }

    public static func load(_ project: Project) throws -> DashboardData {
        let field = project.config.sliceFields.first
        var query = AgreementQuery(sliceField: field, withPredictions: true)
        query.allModels = true
        let loaded = try RatingTableLoader.load(project, query)
        var report = AgreementAnalysis.configured(for: loaded, query: query).run(loaded.table)
        report.test_retest = try RatingTableLoader.testRetest(project, query, categories: report.categories)
        report.adaptive_overlap = try RatingTableLoader.adaptiveOverlap(project, query)
        let model = loaded.model ?? defaultModelName
        let gap = GapAnalysis.run(loaded.table, sliceField: field, model: model)
        let evaluation = loaded.model.map { name in
            ModelEvaluation.run(loaded.table, model: name, minimumShare: 0.5, specialCategories: loaded.specialCategories,
                                sliceField: field, predictedWithoutAnswers: loaded.withPredictions(of: name).predictedWithoutAnswers)
        }
        let audit = try project.store.auditProgress()
        let status = try project.store.status()
        let progress = Progress(coverage: LabelingCoverage(status: status, plan: project.config.labelersPerItem),
                                perLabeler: status.labelerCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return DashboardData(report: report, gap: gap.items_compared + gap.audited_items_compared > 0 ? gap : nil,
                             evaluation: evaluation, progress: progress, audit: (audit.sampled, audit.referenced))
    }

    /// The figures as a labeler may read them: aggregates and their own row (see
    /// `AgreementReport.withIndividualFiguresWithheld`).
    public func withIndividualFiguresWithheld(keeping labeler: String) -> DashboardData {
        var data = self
        data.report = report.withIndividualFiguresWithheld(keeping: labeler)
        return data
    }
}
