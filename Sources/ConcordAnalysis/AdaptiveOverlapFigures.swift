/// Agreement under adaptive overlap (`labelers_per_item: 2..4`). An item got more than the
/// minimum number of labels only because its first answers disagreed, so figures over all
/// answers weigh items by how hard they were, not as a fixed k would. Every item's first
/// `first_labels` answers were asked regardless of what they said: agreement among those is the
/// unbiased figure.
public struct AdaptiveOverlapFigures: Sendable, Codable, Equatable {
    public var labelers_per_item: String
    /// How many answers per item the unbiased figures read: the minimum of the range.
    public var first_labels: Int
    /// Items with at least two of those answers.
    public var items: Int
    @NullEncodable public var percent_agreement: Double?
    @NullEncodable public var krippendorff_alpha: Double?
    public var note: String

    public init(labelersPerItem: String, firstLabels: Int, firstLabelsReport: AgreementReport) {
        labelers_per_item = labelersPerItem
        first_labels = firstLabels
        items = firstLabelsReport.items_multi
        percent_agreement = firstLabelsReport.percent_agreement
        krippendorff_alpha = firstLabelsReport.krippendorff_alpha
        note = "labeled adaptively (\(labelersPerItem)): items got more than \(firstLabels) labels only when their first "
            + "\(firstLabels) disagreed, so figures over all answers are biased; agreement among each item's first "
            + "\(firstLabels) labels is the unbiased figure"
    }
}
