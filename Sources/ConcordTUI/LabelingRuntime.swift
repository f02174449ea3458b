import ConcordFormats
import ConcordServices
import ConcordStore

/// The labeling screen, run by the one screen runtime.
public typealias LabelingRuntime = ScreenRuntime<LabelingScreen>

extension ScreenRuntime where S == LabelingScreen {
    /// The labeling screen on a project, through a labeler's session. `readsAnswers`: whether the
    /// labeler may read individual figures (a reviewer or admin labeling) on the dashboard behind Tab.
    public convenience init(project: Project, session: LabelingSession, backend: TerminalBackend, readsAnswers: Bool = false,
                            clock: @escaping @Sendable () -> Double = MonotonicClock.seconds) throws {
        let effects = try ProjectLabelingEffects(project: project, session: session)
        self.init(model: try effects.model(readsAnswers: readsAnswers), effects: effects, backend: backend, clock: clock)
    }
}
