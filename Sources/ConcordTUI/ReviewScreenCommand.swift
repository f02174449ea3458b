import ConcordStore

extension ReviewScreen {
    /// What the review screen asks for. Each comes back as a message; the next item is opened
    /// only once the adjudication or send-back before it is written.
    public enum Command: Equatable, Sendable {
        /// Load the item with every answer, or `blind` (the audit) with none, and show it.
        case open(itemID: Int64, blind: Bool)
        case adjudicate(itemID: Int64, label: String, reason: AdjudicationReason)
        case revert(itemID: Int64)
        case sendBack(itemID: Int64)
        case noteGuidelineGap(itemID: Int64, note: String)
        /// Show the project's dashboard; back with q.
        case openDashboard(projectName: String)
    }
}
