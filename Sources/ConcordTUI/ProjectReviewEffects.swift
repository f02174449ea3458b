import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore

/// The review screen's effects on a project, through a reviewer's session.
public final class ProjectReviewEffects: ReviewEffects {
    let project: Project
    let session: ReviewSession
    /// The guideline as it was when the screen opened: every decision records its version.
    let guideline: GuidelineVersion?

    public init(project: Project, session: ReviewSession) throws {
        self.project = project
        self.session = session
        guideline = try project.currentGuideline()
    }

    /// The screen's first model: the queue, with the project's labels and guideline.
    public func model(queue: [DisagreementQueue.Entry], blind: Bool) throws -> ReviewModel {
        var model = ReviewModel(projectName: project.config.name, reviewer: session.reviewer, labelSet: try project.labelSet(),
                                guidelineMarkdown: guideline?.content ?? "", queue: queue)
        model.blind = blind
        return model
    }

    public func load(itemID: Int64, blind: Bool) throws -> ReviewItem? {
        try session.load(itemID: itemID, blind: blind)
    }

    public func adjudicate(itemID: Int64, label: String, reason: AdjudicationReason) throws {
        try session.adjudicate(itemID: itemID, label: label, reason: reason, guideline: guideline, guidelinePath: project.config.guidelines)
    }

    public func revert(itemID: Int64) throws {
        try session.revert(itemID: itemID)
    }

    public func sendBack(itemID: Int64) throws {
        try session.sendBack(itemID: itemID, guideline: guideline, guidelinePath: project.config.guidelines)
    }

    public func noteGuidelineGap(itemID: Int64, note: String) throws {
        try session.noteGuidelineGap(itemID: itemID, note: note, guideline: guideline, guidelinePath: project.config.guidelines)
    }

    /// Every figure, without opening another review screen from it (one is open already).
    public var dashboard: any DashboardEffects { ProjectDashboardEffects(project: project, reviewer: nil) }
}
