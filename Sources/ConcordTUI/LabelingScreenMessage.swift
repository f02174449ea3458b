import ConcordStore

extension LabelingScreen {
    /// What can happen to the labeling screen: terminal input, and the results of its commands.
    public enum Message: Sendable {
        /// A key, with the time it arrived (seconds).
        case key(Key, at: Double)
        case resized
        /// No key for a moment: the time, to keep the claim on the item alive.
        case tick(at: Double)
        /// A signal asked the program to stop.
        case interrupted
        /// Where this session starts in the answer log: progress is counted from there.
        case sessionStarted(Result<Int64, EffectFailure>)
        /// The next item (nil: nothing left), with the time it was drawn.
        case nextLoaded(Result<AssignedItem?, EffectFailure>, at: Double)
        /// The answer on `itemID` taken back: the item to show again, with the time it was drawn.
        case undone(itemID: Int64, Result<AssignedItem?, EffectFailure>, at: Double)
        /// Items answered before this session, and items open to the labeler when it started.
        case progressCounted(Result<(answeredBefore: Int, openAtStart: Int), EffectFailure>)
        /// The result of a command that writes: an answer, a skip, a claim renewed or released.
        case written(Command, Result<Void, EffectFailure>)
        /// Back from the dashboard, at this time.
        case dashboardClosed(at: Double)
    }
}
