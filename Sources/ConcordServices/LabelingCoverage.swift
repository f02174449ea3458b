import ConcordAnalysis
import ConcordDomain
import ConcordStore

/// How far labeling has come under the project's `labelers_per_item`: items that need no more
/// labels, and, with adaptive overlap, the labels it saved against a fixed k at its maximum.
public struct LabelingCoverage: Sendable, Equatable, Codable {
    public var labelers_per_item: String
    public var adaptive: Bool
    /// The most labels an item gets (k when it is fixed).
    public var maximum: Int
    public var items: Int
    /// Items that need no more labels: k of them, or (adaptive) agreeing answers at the minimum
    /// or more, or the maximum.
    public var items_complete: Int
    /// Items whose answers disagree and that wait for a tie-breaker (adaptive only).
    public var items_awaiting_tie_breaker: Int
    /// Labels a fixed k at the maximum would still have asked of the complete items.
    public var labels_saved: Int
    /// `labels_saved` against what a fixed k at the maximum needs for the complete items.
    @NullEncodable public var labels_saved_share: Double?

    public init(status: StoreStatus, plan: LabelsPerItem) {
        labelers_per_item = plan.description
        adaptive = plan.isAdaptive
        maximum = plan.maximum
        items = status.items
        var complete = 0, awaiting = 0, saved = 0
        for (answers, count) in status.coverage where answers > 0 {
            // A reviewer's label settles an item as agreeing answers do: no more are asked.
            let agreeing = status.unanimous[answers] ?? 0, settled = plan.isAdaptive ? status.settled[answers] ?? 0 : 0
            for (unanimous, share) in [(true, agreeing + settled), (false, count - agreeing - settled)] where share > 0 {
                if plan.isComplete(answers: answers, unanimous: unanimous) {
                    complete += share
                    saved += share * plan.saved(answers: answers, unanimous: unanimous)
                } else if answers >= plan.minimum {
                    awaiting += share
                }
            }
        }
        items_complete = complete
        items_awaiting_tie_breaker = awaiting
        labels_saved = saved
        labels_saved_share = complete == 0 ? nil : Double(saved) / Double(complete * plan.maximum)
    }
}
