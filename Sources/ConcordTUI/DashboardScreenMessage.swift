import ConcordFormats
import ConcordServices

extension DashboardScreen {
    /// What can happen to the dashboard: terminal input, and the results of its commands.
    public enum Message: UntimedInputMessage, Sendable {
        case key(Key)
        case resized
        /// A signal asked the program to stop.
        case interrupted
        case loaded(Result<DashboardData, EffectFailure>)
        /// Back from the review screen, or why it could not be opened.
        case reviewClosed(Result<Void, EffectFailure>)
    }
}
