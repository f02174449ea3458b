import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore

/// The review screen: the disagreement queue, and one item at a time with every answer, note and
/// time (names shown: reviewers only). A label key picks the final label, then a digit the reason.
public struct ReviewModel: Sendable {
    public enum Mode: Equatable, Sendable {
        case queue
        case item
        /// A label was chosen; waiting for the reason code.
        case reason(label: String)
        /// Typing a "guideline unclear" note.
        case note(String)
        case guideline(scroll: Int)
    }

    public var projectName: String
    public var reviewer: String
    public var labelSet: LabelSet
    public var guidelineMarkdown: String
    public var queue: [DisagreementQueue.Entry]
    public var selected = 0
    public var mode: Mode = .queue
    public var current: ReviewItem?
    public var adjudicatedThisSession = 0
    public var flash: String?
    public var quitting = false
    /// The audit: items of the audit sample, labeled without seeing anyone's answers. A label key
    /// records the audit reference at once; nothing that shows other answers is reachable.
    public var blind = false

    public init(projectName: String, reviewer: String, labelSet: LabelSet, guidelineMarkdown: String, queue: [DisagreementQueue.Entry]) {
        self.projectName = projectName
        self.reviewer = reviewer
        self.labelSet = labelSet
        self.guidelineMarkdown = guidelineMarkdown
        self.queue = queue
    }
}
