extension LabelingScreen {
    /// What the labeling screen asks for. Each comes back as a message; the next item is asked
    /// for only once the answer or skip before it is written (durably).
    public enum Command: Equatable, Sendable {
        /// Note where this session starts in the answer log.
        case markSessionStart
        case loadNext(skipping: Set<Int64>)
        case answer(itemID: Int64, label: String, note: String?, seconds: Double)
        case skip(itemID: Int64, seconds: Double)
        /// Retract this labeler's answer on the item and show it again.
        case undo(itemID: Int64)
        /// Count the labeler's progress since the session's start (slow: done in the background).
        case countProgress(since: Int64)
        /// Keep the claim on the item on screen alive.
        case renewClaim(itemID: Int64)
        /// Show the project's dashboard as this audience may read it; back with q.
        case openDashboard(projectName: String, audience: DashboardModel.Audience)
        /// Release the claims and leave.
        case quit
    }

}

extension LabelingScreen.Command {
    /// The item a command writes for, if any.
    public var itemID: Int64? {
        switch self {
        case let .answer(itemID, _, _, _), let .skip(itemID, _), let .undo(itemID), let .renewClaim(itemID): return itemID
        case .markSessionStart, .loadNext, .countProgress, .openDashboard, .quit: return nil
        }
    }
}
