import ConcordStore

/// What the labeling screen needs from outside the terminal UI: a labeling session on a project
/// in the program, a fake in tests. Sendable: the progress count runs in the background.
public protocol LabelingEffects: Sendable {
    /// The newest entry of the answer log: where this session starts.
    func lastEventID() throws -> Int64
    /// Claims and returns the next item (nil: nothing left), passing over `skipping`.
    func next(skipping: Set<Int64>) throws -> AssignedItem?
    /// Writes the answer durably before returning.
    func answer(itemID: Int64, label: String, note: String?, seconds: Double) throws
    func skip(itemID: Int64, seconds: Double) throws
    /// Takes back this labeler's answer on the item; returns the item to show again.
    func retract(itemID: Int64) throws -> AssignedItem?
    /// Items answered before the session that started after log entry `start`, and items open then.
    func progress(since start: Int64) throws -> (answeredBefore: Int, openAtStart: Int)
    func renewClaim(itemID: Int64) throws
    func releaseClaims() throws
    /// What the dashboard behind Tab is shown with.
    var dashboard: any DashboardEffects { get }
}

extension LabelingScreen {
    /// Carries out a command with the effects; the result comes back as a message.
    public static func perform(_ command: Command, with effects: any LabelingEffects,
                               now: @escaping @Sendable () -> Double) -> Completion<Message> {
        func written(_ body: () throws -> Void) -> Completion<Message> {
            .now(.written(command, EffectFailure.catching(body)))
        }
        switch command {
        case .markSessionStart:
            return .now(.sessionStarted(EffectFailure.catching { try effects.lastEventID() }))
        case let .loadNext(skipping):
            let next = EffectFailure.catching { try effects.next(skipping: skipping) }
            return .now(.nextLoaded(next, at: now()))
        case let .answer(itemID, label, note, seconds):
            return written { try effects.answer(itemID: itemID, label: label, note: note, seconds: seconds) }
        case let .skip(itemID, seconds):
            return written { try effects.skip(itemID: itemID, seconds: seconds) }
        case let .undo(itemID):
            let item = EffectFailure.catching { try effects.retract(itemID: itemID) }
            return .now(.undone(itemID: itemID, item, at: now()))
        case let .countProgress(start):
            // It scans the answers (≈0.3 s at 2.4M): the first item is on screen meanwhile.
            return .inBackground { .progressCounted(EffectFailure.catching { try effects.progress(since: start) }) }
        case let .renewClaim(itemID):
            return written { try effects.renewClaim(itemID: itemID) }
        case let .openDashboard(projectName, audience):
            let dashboard = effects.dashboard
            return .afterScreen { backend in
                ScreenRuntime<DashboardScreen>(model: DashboardModel(projectName: projectName, audience: audience), effects: dashboard,
                                               backend: backend, clock: now).run()
                return .dashboardClosed(at: now())
            }
        case .quit:
            return written { try effects.releaseClaims() }
        }
    }
}
