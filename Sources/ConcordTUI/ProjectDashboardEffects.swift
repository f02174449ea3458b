import ConcordFormats
import ConcordServices
import ConcordStore

/// The dashboard's effects on a project; with a reviewer's session, Enter on a heatmap cell
/// opens its items for review.
public struct ProjectDashboardEffects: DashboardEffects {
    let project: Project
    let reviewer: ReviewSession?

    public init(project: Project, reviewer: ReviewSession?) {
        self.project = project
        self.reviewer = reviewer
    }

    public func load() throws -> DashboardData {
        try DashboardData.load(project)
    }

    public func review(_ filter: DisagreementQueue.Filter) throws -> (model: ReviewModel, effects: any ReviewEffects)? {
        guard let reviewer else { return nil }
        let effects = try ProjectReviewEffects(project: project, session: reviewer)
        return (try effects.model(queue: try DisagreementQueue.build(project, filter: filter), blind: false), effects)
    }
}
