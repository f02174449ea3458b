import ConcordFormats
import ConcordServices
import ConcordAnalysis
import ConcordStore

extension DashboardModel {
    /// Every figure of a project, computed the way `concord agreement`, `gap` and `eval` compute
    /// them (sliced by the first slice field of the config; the default model's predictions).
    public static func load(project: Project) throws -> DashboardModel {
        let field = project.config.sliceFields.first
        var query = AgreementQuery(sliceField: field, withPredictions: true)
        query.allModels = true
        let loaded = try RatingTableLoader.load(project, query)
        let report = AgreementAnalysis.configured(for: loaded, query: query).run(loaded.table)
        let model = loaded.model ?? defaultModelName
        let gap = GapAnalysis.run(loaded.table, sliceField: field, model: model)
        let evaluation = loaded.model.map { name in
            ModelEvaluation.run(loaded.table, model: name, minimumShare: 0.5, specialCategories: loaded.specialCategories,
                                sliceField: field, predictedWithoutAnswers: loaded.withPredictions(of: name).predictedWithoutAnswers)
        }
        let audit = try project.store.auditProgress()
        let status = try project.store.status()
        let k = project.config.labelersPerItem
        let progress = Progress(items: status.items, complete: status.coverage.filter { $0.key >= k }.map(\.value).reduce(0, +),
                                labelersPerItem: k,
                                perLabeler: status.labelerCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        var dashboard = DashboardModel(projectName: project.config.name, report: report,
                                       gap: gap.items_compared + gap.audited_items_compared > 0 ? gap : nil, progress: progress)
        dashboard.evaluation = evaluation
        dashboard.audit = (audit.sampled, audit.referenced)
        return dashboard
    }
}

/// Shows the dashboard until q, Esc or a signal.
public enum DashboardRuntime {
    /// `openReview` shows the review screen for a heatmap cell's items (on the same terminal) and
    /// returns when the reviewer leaves it; nil when nobody who may review is known.
    public static func run(_ model: inout DashboardModel, backend: TerminalBackend,
                           openReview: ((DisagreementQueue.Filter) throws -> Void)? = nil) {
        var needsDraw = true
        while !model.quitting && !backend.interrupted {
            if let filter = model.pendingReview {
                model.pendingReview = nil
                if let openReview {
                    do { try openReview(filter) } catch { model.selection = "cannot open the review screen: \(error)" }
                } else {
                    model.selection = (model.selection ?? "") + " — run with --as REVIEWER to review them"
                }
                needsDraw = true
            }
            if needsDraw {
                let size = backend.size
                backend.draw(DashboardView.render(model, width: size.width, height: size.height))
                needsDraw = false
            }
            guard let key = backend.readKey(timeoutMilliseconds: 100) else { continue }
            if key != .resize { DashboardScreen.update(&model, key) }
            needsDraw = true
        }
    }
}
