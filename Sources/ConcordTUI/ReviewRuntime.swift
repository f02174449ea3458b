import ConcordFormats
import ConcordServices
import ConcordStore

/// The review screen, run by the one screen runtime.
public typealias ReviewRuntime = ScreenRuntime<ReviewScreen>

extension ScreenRuntime where S == ReviewScreen {
    /// The review screen over `queue` on a project, through a reviewer's session. `blind`: the
    /// audit screen (the queue is the audit sample; no answers are shown).
    public convenience init(project: Project, session: ReviewSession, backend: TerminalBackend, queue: [DisagreementQueue.Entry],
                            blind: Bool = false) throws {
        let effects = try ProjectReviewEffects(project: project, session: session)
        self.init(model: try effects.model(queue: queue, blind: blind), effects: effects, backend: backend)
    }
}
