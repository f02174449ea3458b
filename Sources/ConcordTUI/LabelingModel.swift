import ConcordDomain
import ConcordStore

/// Everything the labeling screen shows, and nothing else: the item, the labeler's own progress,
/// the labels. Other labelers' answers are never part of it (labeling is blind).
public struct LabelingModel: Sendable {
    public enum Mode: Equatable, Sendable {
        case labeling
        /// Typing a note for reviewers; it is saved with the next answer.
        case note(String)
        /// Reading the guideline, scrolled to a line.
        case guideline(scroll: Int)
    }

    public var projectName: String
    public var labeler: String
    public var guidelineVersion: String?
    public var guidelineMarkdown: String
    public var labelSet: LabelSet
    /// Whether the labeler may read individual figures (a reviewer or admin labeling): otherwise
    /// the dashboard behind Tab withholds the per-pair κ and other labelers' rows.
    public var readsAnswers = false
    /// How long a claim on an item lasts (seconds): it is renewed every third of that.
    public var claimDuration: Double = 15 * 60
    /// When the claim on the item on screen was taken or last renewed.
    public var claimRenewedAt: Double = 0

    public var mode: Mode = .labeling
    /// No item is left for this labeler (the screen says so).
    public var finished = false
    /// The item on screen; nil while the next one is being fetched.
    public var item: AssignedItem?
    /// When the item was first drawn (seconds on the runtime's clock): the answer's time is from
    /// here. Reset on coming back from the dashboard: time away is not time on the item.
    public var shownAt: Double = 0
    /// How far the item text is scrolled (long texts).
    public var textScroll = 0
    public var pendingNote: String?
    /// Items answered in this session, most recent last: what `u` (undo) walks back through.
    public var answeredThisSession: [Int64] = []
    /// Items passed over with `s` in this session: not served again.
    public var skipped: Set<Int64> = []
    /// Answered before this session and still open to this labeler (known shortly after start).
    public var answeredBefore: Int?
    public var openAtStart: Int?
    /// The item taken off the screen while its answer, skip or undo is being written: put back
    /// if the write fails.
    public var leaving: AssignedItem?
    /// What failed to be written or read (a full disk, a lost mount), done again by Enter.
    public var retry: LabelingScreen.Command?
    /// A one-line message (e.g. "saved", an error).
    public var flash: String?
    public var quitting = false

    public init(projectName: String, labeler: String, guidelineVersion: String?, guidelineMarkdown: String, labelSet: LabelSet,
                readsAnswers: Bool = false, claimDuration: Double = 15 * 60) {
        self.projectName = projectName
        self.labeler = labeler
        self.guidelineVersion = guidelineVersion
        self.guidelineMarkdown = guidelineMarkdown
        self.labelSet = labelSet
        self.readsAnswers = readsAnswers
        self.claimDuration = claimDuration
    }

    /// "item 37 of 500": this item's position among the labeler's answered plus open items.
    public var position: (current: Int, total: Int)? {
        guard let before = answeredBefore, let open = openAtStart, before + open > 0 else { return nil }
        let total = before + open
        return (max(1, min(before + answeredThisSession.count + 1, total)), total)
    }
}
