import ConcordDomain
import ConcordIO
import ConcordStore

/// Runs the review screen against a review session.
public final class ReviewRuntime {
    public let project: Project
    public let session: ReviewSession
    public let backend: TerminalBackend
    public private(set) var model: ReviewModel
    private let guideline: GuidelineVersion?

    /// `blind`: the audit screen (the queue is the audit sample; no answers are shown).
    public init(project: Project, session: ReviewSession, backend: TerminalBackend, queue: [DisagreementQueue.Entry],
                blind: Bool = false) throws {
        self.project = project
        self.session = session
        self.backend = backend
        guideline = try project.currentGuideline()
        model = ReviewModel(projectName: project.config.name, reviewer: session.reviewer, labelSet: try project.labelSet(),
                            guidelineMarkdown: guideline?.content ?? "", queue: queue)
        model.blind = blind
    }

    public func run() {
        draw()
        while !model.quitting && !backend.interrupted {
            guard let key = backend.readKey(timeoutMilliseconds: 100) else { continue }
            handle(key)
        }
    }

    public func handle(_ key: Key) {
        if key != .resize { perform(ReviewScreen.update(&model, key)) }
        draw()
    }

    func draw() {
        let size = backend.size
        backend.draw(ReviewView.render(model, width: size.width, height: size.height))
    }

    private func perform(_ effects: [ReviewEffect]) {
        let path = project.config.guidelines
        for effect in effects {
            do {
                switch effect {
                case let .open(itemID):
                    model.current = try session.load(itemID: itemID, blind: model.blind)
                    model.mode = .item
                case let .adjudicate(itemID, label, reason):
                    try session.adjudicate(itemID: itemID, label: label, reason: reason, guideline: guideline, guidelinePath: path)
                case let .revert(itemID):
                    try session.revert(itemID: itemID)
                case let .sendBack(itemID):
                    try session.sendBack(itemID: itemID, guideline: guideline, guidelinePath: path)
                case let .guidelineNote(itemID, note):
                    try session.noteGuidelineGap(itemID: itemID, note: note, guideline: guideline, guidelinePath: path)
                case .dashboard:
                    var dashboard = DashboardModel(projectName: project.config.name, figures: try DashboardData.load(project))
                    DashboardRuntime.run(&dashboard, backend: backend)
                case .quit:
                    model.quitting = true
                }
            } catch {
                model.flash = "error: \(error)"
                return
            }
        }
    }
}
