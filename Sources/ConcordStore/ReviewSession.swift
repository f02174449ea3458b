import ConcordDomain

/// A reviewer's work: reading an item's answers, adjudicating, reverting, noting guideline gaps.
/// Everything is appended and attributed; nothing is rewritten.
public protocol ReviewSession: AnyObject, Sendable {
    var reviewer: String { get }
    /// The item with every answer, note and time; `blind` (the audit) leaves them out.
    func load(itemID: Int64, blind: Bool) throws -> ReviewItem?
    /// Sets the final label with a reason; an `audit` adjudication needs an audit-sample item.
    func adjudicate(itemID: Int64, label: String, reason: AdjudicationReason, note: String?,
                    guideline: GuidelineVersion?, guidelinePath: String?) throws
    func revert(itemID: Int64) throws
    /// Sends the item back for relabeling (its current answers are retracted, attributed).
    func sendBack(itemID: Int64, guideline: GuidelineVersion?, guidelinePath: String?) throws
    func noteGuidelineGap(itemID: Int64, note: String, guideline: GuidelineVersion?, guidelinePath: String?) throws
}

extension ReviewSession {
    public func load(itemID: Int64) throws -> ReviewItem? { try load(itemID: itemID, blind: false) }

    public func adjudicate(itemID: Int64, label: String, reason: AdjudicationReason,
                           guideline: GuidelineVersion?, guidelinePath: String?) throws {
        try adjudicate(itemID: itemID, label: label, reason: reason, note: nil, guideline: guideline, guidelinePath: guidelinePath)
    }
}

/// A reviewer's note that the guideline did not decide an item.
public struct GuidelineNote: Sendable, Equatable {
    public var item: String
    public var reviewer: String
    public var note: String
    /// The guideline version's hash, when one was in force.
    public var guideline: String?

    public init(item: String, reviewer: String, note: String, guideline: String?) {
        self.item = item
        self.reviewer = reviewer
        self.note = note
        self.guideline = guideline
    }
}
