import ConcordFormats
import ConcordServices

extension DashboardScreen {
    /// What the dashboard asks for; each comes back as a message.
    public enum Command: Sendable {
        /// Every figure of the project.
        case load
        /// The review screen over a heatmap cell's items; back with q.
        case openReview(DisagreementQueue.Filter)
    }
}
