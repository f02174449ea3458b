import ConcordFormats
import ConcordServices

/// What the dashboard needs from outside the terminal UI: a project's figures in the program, a
/// fake in tests.
public protocol DashboardEffects {
    /// Every figure the dashboard shows.
    func load() throws -> DashboardData
    /// The review screen over a heatmap cell's items, ready to show; nil when nobody who may
    /// review is known.
    func review(_ filter: DisagreementQueue.Filter) throws -> (model: ReviewModel, effects: any ReviewEffects)?
}

extension DashboardScreen {
    /// Carries out a command with the effects; the result comes back as a message.
    public static func perform(_ command: Command, with effects: any DashboardEffects,
                               now: @escaping @Sendable () -> Double) -> Completion<Message> {
        switch command {
        case .load:
            return .now(.loaded(EffectFailure.catching { try effects.load() }))
        case let .openReview(filter):
            let review: (model: ReviewModel, effects: any ReviewEffects)
            switch EffectFailure.catching({ try effects.review(filter) }) {
            case let .success(ready?): review = ready
            case .success(nil): return .now(.reviewClosed(.failure(EffectFailure("nobody who may review is known"))))
            case let .failure(failure): return .now(.reviewClosed(.failure(failure)))
            }
            return .afterScreen { backend in
                ScreenRuntime<ReviewScreen>(model: review.model, effects: review.effects, backend: backend, clock: now).run()
                return .reviewClosed(.success(()))
            }
        }
    }
}
