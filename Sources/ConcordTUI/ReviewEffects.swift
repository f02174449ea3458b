import ConcordStore

/// What the review screen needs from outside the terminal UI: a reviewer's session on a project
/// in the program, a fake in tests.
public protocol ReviewEffects {
    /// The item with every answer, note and time; `blind` (the audit) leaves the answers out.
    func load(itemID: Int64, blind: Bool) throws -> ReviewItem?
    func adjudicate(itemID: Int64, label: String, reason: AdjudicationReason) throws
    func revert(itemID: Int64) throws
    func sendBack(itemID: Int64) throws
    func noteGuidelineGap(itemID: Int64, note: String) throws
    /// What the dashboard behind Tab is shown with.
    var dashboard: any DashboardEffects { get }
}

extension ReviewScreen {
    /// Carries out a command with the effects; the result comes back as a message.
    public static func perform(_ command: Command, with effects: any ReviewEffects,
                               now: @escaping @Sendable () -> Double) -> Completion<Message> {
        func written(_ body: () throws -> Void) -> Completion<Message> {
            .now(.written(command, EffectFailure.catching(body)))
        }
        switch command {
        case let .open(itemID, blind):
            return .now(.opened(itemID: itemID, EffectFailure.catching { try effects.load(itemID: itemID, blind: blind) }))
        case let .adjudicate(itemID, label, reason):
            return written { try effects.adjudicate(itemID: itemID, label: label, reason: reason) }
        case let .revert(itemID):
            return written { try effects.revert(itemID: itemID) }
        case let .sendBack(itemID):
            return written { try effects.sendBack(itemID: itemID) }
        case let .noteGuidelineGap(itemID, note):
            return written { try effects.noteGuidelineGap(itemID: itemID, note: note) }
        case let .openDashboard(projectName):
            let dashboard = effects.dashboard
            return .afterScreen { backend in
                ScreenRuntime<DashboardScreen>(model: DashboardModel(projectName: projectName), effects: dashboard,
                                               backend: backend, clock: now).run()
                return .dashboardClosed
            }
        }
    }
}
