import ConcordDomain
import Foundation

/// One labeler's work on a project: which item comes next, and writing their answers. Every
/// write is durable before it returns: an answer is on disk before the next item shows.
public protocol LabelingSession: AnyObject, Sendable {
    var labeler: String { get }
    var labelersPerItem: LabelsPerItem { get }
    var retest: RetestPolicy { get }
    /// How long an unanswered claim holds an item for its labeler (renewed while it is shown).
    var claimDuration: TimeInterval { get }
    /// Claims and returns the next item, or nil when nothing is left for this labeler. `skipped`
    /// items (passed over in this session) are not served again.
    func next(skipping skipped: Set<Int64>) throws -> AssignedItem?
    func answer(itemID: Int64, label: String, note: String?, seconds: Double?,
                guideline: GuidelineVersion?, guidelinePath: String?) throws
    func skip(itemID: Int64, seconds: Double?, guideline: GuidelineVersion?, guidelinePath: String?) throws
    /// Takes back the labeler's latest answer; returns its item, claimed again.
    func retract(itemID: Int64, guideline: GuidelineVersion?, guidelinePath: String?) throws -> AssignedItem?
    /// Keeps the labeler's claim on the item they are looking at.
    func renewClaim(itemID: Int64) throws
    /// Lets go of every item this labeler holds (on quit).
    func releaseClaims() throws
    /// The newest event in the log (progress counts from it).
    func lastEventID() throws -> Int64
    /// Answers by this labeler since event `start`, and items open to them when it began.
    func progress(since start: Int64) throws -> (answeredBefore: Int, openAtStart: Int)
}

extension LabelingSession {
    public func next() throws -> AssignedItem? { try next(skipping: []) }

    public func progress() throws -> (answered: Int, open: Int) {
        let now = try progress(since: Int64.max)
        return (now.answeredBefore, now.openAtStart)
    }
}
