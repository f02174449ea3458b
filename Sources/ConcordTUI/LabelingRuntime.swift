import ConcordDomain
import ConcordIO
import ConcordStore
import Dispatch

/// Runs the labeling screen: draws the model, turns keys into events, performs the screen's
/// effects against the labeling session, and feeds the results back. Every effect is performed
/// before the next frame is drawn, so an answer is committed before the next item appears.
public final class LabelingRuntime {
    public let project: Project
    public let session: LabelingSession
    public let backend: TerminalBackend
    public private(set) var model: LabelingModel
    private let guideline: GuidelineVersion?
    private let clock: @Sendable () -> Double
    private let progressInbox = Inbox<(Int, Int)>()
    /// Whether the labeler may read individual figures (a reviewer or admin labeling): otherwise
    /// the dashboard behind Tab withholds the per-pair κ and other labelers' rows.
    private let readsAnswers: Bool

    public init(project: Project, session: LabelingSession, backend: TerminalBackend, readsAnswers: Bool = false,
                clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) throws {
        self.project = project
        self.readsAnswers = readsAnswers
        self.session = session
        self.backend = backend
        self.clock = clock
        guideline = try project.currentGuideline()
        model = LabelingModel(projectName: project.config.name, labeler: session.labeler,
                              guidelineVersion: guideline?.shortHash, guidelineMarkdown: guideline?.content ?? "",
                              labelSet: try project.labelSet())
    }

    /// Shows the first item, then handles keys until the labeler quits or a signal arrives.
    /// Claims are released on every way out.
    public func run() throws {
        defer { try? session.releaseClaims() }
        try start()
        var lastRenewal = clock()
        while !model.quitting {
            if backend.interrupted { break }
            // Keep the claim on the item on screen alive while the labeler is here.
            if let item = model.item, clock() - lastRenewal > session.claimDuration / 3 {
                try? session.renewClaim(itemID: item.id)
                lastRenewal = clock()
            }
            if let progress = progressInbox.take() {
                _ = LabelingScreen.update(&model, .progressLoaded(answeredBefore: progress.0, openAtStart: progress.1))
                draw()
            }
            guard let key = backend.readKey(timeoutMilliseconds: 100) else { continue }
            handle(key)
        }
    }

    /// The first item drawn, and the progress counted in the background (it scans the answers).
    public func start() throws {
        let sessionStart = try session.lastEventID()
        perform([.loadNext(skipping: [])])
        draw()
        let session = self.session, inbox = progressInbox
        DispatchQueue.global(qos: .utility).async {
            if let progress = try? session.progress(since: sessionStart) {
                inbox.put((progress.answeredBefore, progress.openAtStart))
            }
        }
    }

    /// One key: update, perform the effects (durably), draw.
    public func handle(_ key: Key) {
        if key == .resize { draw(); return }
        let effects = LabelingScreen.update(&model, .key(key, at: clock()))
        perform(effects)
        draw()
    }

    public func draw() {
        let size = backend.size
        backend.draw(LabelingView.render(model, width: size.width, height: size.height))
    }

    private func perform(_ effects: [LabelingEffect]) {
        for effect in effects {
            do {
                switch effect {
                case let .answer(itemID, label, note, seconds):
                    try session.answer(itemID: itemID, label: label, note: note, seconds: seconds,
                                       guideline: guideline, guidelinePath: project.config.guidelines)
                case let .skip(itemID, seconds):
                    try session.skip(itemID: itemID, seconds: seconds, guideline: guideline, guidelinePath: project.config.guidelines)
                case let .undo(itemID):
                    let item = try session.retract(itemID: itemID, guideline: guideline, guidelinePath: project.config.guidelines)
                    _ = LabelingScreen.update(&model, .itemLoaded(item, at: clock()))
                    model.flash = "undone: answer it again"
                case let .loadNext(skipping):
                    let item = try session.next(skipping: skipping)
                    _ = LabelingScreen.update(&model, .itemLoaded(item, at: clock()))
                case .dashboard:
                    let dashboard = DashboardModel(projectName: project.config.name,
                                                   audience: readsAnswers ? .everyFigure : .labeler(session.labeler))
                    DashboardRuntime(model: dashboard, effects: ProjectDashboardEffects(project: project, reviewer: nil),
                                     backend: backend, clock: clock).run()
                    // The time away does not count as time spent on the item.
                    model.shownAt = clock()
                case .quit:
                    model.quitting = true
                }
            } catch {
                // Nothing after a failed effect runs (no next item over an unsaved answer); the
                // screen decides what to show and how to try again.
                _ = LabelingScreen.update(&model, .effectFailed(effect, message: "\(error)"))
                return
            }
        }
    }
}

/// A one-slot mailbox between a background task and the event loop.
final class Inbox<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let lock = DispatchSemaphore(value: 1)

    func put(_ new: Value) {
        lock.wait(); value = new; lock.signal()
    }

    func take() -> Value? {
        lock.wait(); defer { lock.signal() }
        let taken = value
        value = nil
        return taken
    }
}
