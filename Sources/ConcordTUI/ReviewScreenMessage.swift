import ConcordStore

extension ReviewScreen {
    /// What can happen to the review screen: terminal input, and the results of its commands.
    public enum Message: UntimedInputMessage, Sendable {
        case key(Key)
        case resized
        /// A signal asked the program to stop.
        case interrupted
        /// The item loaded for `open` (nil: no such item).
        case opened(itemID: Int64, Result<ReviewItem?, EffectFailure>)
        /// The result of a command that writes (an adjudication, a revert, a send-back, a note).
        case written(Command, Result<Void, EffectFailure>)
        /// Back from the dashboard.
        case dashboardClosed
    }
}
