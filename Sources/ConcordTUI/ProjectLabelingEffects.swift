import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore

/// The labeling screen's effects on a project, through a labeler's session.
public final class ProjectLabelingEffects: LabelingEffects {
    let project: Project
    let session: LabelingSession
    /// The guideline as it was when the screen opened: every answer records its version.
    let guideline: GuidelineVersion?

    public init(project: Project, session: LabelingSession) throws {
        self.project = project
        self.session = session
        guideline = try project.currentGuideline()
    }

    /// The screen's first model: the project's labels and guideline, no item yet.
    public func model(readsAnswers: Bool) throws -> LabelingModel {
        LabelingModel(projectName: project.config.name, labeler: session.labeler, guidelineVersion: guideline?.shortHash,
                      guidelineMarkdown: guideline?.content ?? "", labelSet: try project.labelSet(),
                      readsAnswers: readsAnswers, claimDuration: session.claimDuration)
    }

    public func lastEventID() throws -> Int64 {
        try session.lastEventID()
    }

    public func next(skipping: Set<Int64>) throws -> AssignedItem? {
        try session.next(skipping: skipping)
    }

    public func answer(itemID: Int64, label: String, note: String?, seconds: Double) throws {
        try session.answer(itemID: itemID, label: label, note: note, seconds: seconds, guideline: guideline,
                           guidelinePath: project.config.guidelines)
    }

    public func skip(itemID: Int64, seconds: Double) throws {
        try session.skip(itemID: itemID, seconds: seconds, guideline: guideline, guidelinePath: project.config.guidelines)
    }

    public func retract(itemID: Int64) throws -> AssignedItem? {
        try session.retract(itemID: itemID, guideline: guideline, guidelinePath: project.config.guidelines)
    }

    public func progress(since start: Int64) throws -> (answeredBefore: Int, openAtStart: Int) {
        try session.progress(since: start)
    }

    public func renewClaim(itemID: Int64) throws {
        try session.renewClaim(itemID: itemID)
    }

    public func releaseClaims() throws {
        try session.releaseClaims()
    }

    /// Every figure, without opening a review screen from it (the labeler is labeling).
    public var dashboard: any DashboardEffects { ProjectDashboardEffects(project: project, reviewer: nil) }
}
