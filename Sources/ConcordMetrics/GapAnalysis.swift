/// Model gap to human-level performance (SPEC §4): per label and per slice value, the model's
/// accuracy against the reference, HLP, the gap, the share of the data, and gap × share, sorted
/// by gap × share: the table that says which category to work on next.
///
/// The reference of an item is its adjudicated label, else the strict majority of its answers;
/// items with neither (ties, single answers without adjudication) have no reference and are left
/// out. HLP comes from `AgreementCounts` (against the adjudicated label, else pairwise).
public struct GapReport: Sendable, Codable {
    public struct Row: Sendable, Codable {
        /// "label", or the slice field's name.
        public var category: String
        public var value: String
        /// Items whose reference is this label (or that are in this slice), and their share.
        public var items: Int
        public var share: Double?
        /// Of those, items with a prediction, and the share predicted right.
        public var predicted: Int
        public var model_accuracy: Double?
        public var model_low: Double?
        public var model_high: Double?
        public var hlp: Double?
        public var hlp_low: Double?
        public var hlp_high: Double?
        public var hlp_n: Int
        public var gap: Double?
        public var gap_x_share: Double?
    }

    public var items_with_reference: Int
    public var items_predicted: Int
    public var model_accuracy: Double?
    public var hlp: Double?
    public var rows: [Row]
}

public enum GapAnalysis {
    public static func run(_ table: RatingTable, sliceField: String?) -> GapReport {
        let k = table.categoryCount
        var countsByLabel = AgreementCounts(categoryCount: k)
        var countsBySlice = [AgreementCounts](repeating: AgreementCounts(categoryCount: k), count: table.sliceValues.count)
        var itemsByLabel = [Int](repeating: 0, count: k), predictedByLabel = [Int](repeating: 0, count: k)
        var correctByLabel = [Int](repeating: 0, count: k)
        var itemsBySlice = [Int](repeating: 0, count: table.sliceValues.count)
        var predictedBySlice = itemsBySlice, correctBySlice = itemsBySlice
        var withReference = 0, predicted = 0, correct = 0
        var counts = [Int](repeating: 0, count: k)

        for item in 0..<table.itemCount {
            let range = table.ratings(ofItem: item)
            for c in counts.indices { counts[c] = 0 }
            for r in range { counts[Int(table.categoryOfRating[r])] += 1 }
            let adjudicated = Int(table.referenceOfItem[item])
            countsByLabel.add(counts: counts, reference: adjudicated >= 0 ? adjudicated : nil)
            let slice = Int(table.sliceOfItem[item])
            if slice >= 0 { countsBySlice[slice].add(counts: counts, reference: adjudicated >= 0 ? adjudicated : nil) }

            let reference = adjudicated >= 0 ? adjudicated : strictMajority(counts, total: range.count)
            guard let reference else { continue }
            withReference += 1
            itemsByLabel[reference] += 1
            if slice >= 0 { itemsBySlice[slice] += 1 }
            let prediction = Int(table.predictionOfItem[item])
            guard prediction >= 0 else { continue }
            let right = prediction == reference ? 1 : 0
            predicted += 1; correct += right
            predictedByLabel[reference] += 1; correctByLabel[reference] += right
            if slice >= 0 { predictedBySlice[slice] += 1; correctBySlice[slice] += right }
        }

        func row(_ category: String, _ value: String, items: Int, predicted: Int, correct: Int, hlp: Proportion) -> GapReport.Row {
            let model = Proportion(share: predicted > 0 ? Double(correct) / Double(predicted) : nil, n: predicted)
            let share = withReference > 0 ? Double(items) / Double(withReference) : nil
            let gap = model.value.flatMap { accuracy in hlp.value.map { $0 - accuracy } }
            return GapReport.Row(
                category: category, value: value, items: items, share: share, predicted: predicted,
                model_accuracy: model.value, model_low: model.low, model_high: model.high,
                hlp: hlp.value, hlp_low: hlp.low, hlp_high: hlp.high, hlp_n: hlp.n,
                gap: gap, gap_x_share: gap.flatMap { g in share.map { g * $0 } })
        }
        var rows: [GapReport.Row] = []
        for c in 0..<k where itemsByLabel[c] > 0 {
            let hlp = Proportion(share: countsByLabel.hlpComparisons[c] > 0 ? countsByLabel.hlpMatches[c] / countsByLabel.hlpComparisons[c] : nil,
                                 n: countsByLabel.hlpLabels[c])
            rows.append(row("label", table.categories[c], items: itemsByLabel[c], predicted: predictedByLabel[c],
                            correct: correctByLabel[c], hlp: hlp))
        }
        if let sliceField {
            for s in table.sliceValues.indices where itemsBySlice[s] > 0 {
                let counts = countsBySlice[s]
                let hlp = Proportion(share: counts.hlpComparisonsAll > 0 ? counts.hlpMatchesAll / counts.hlpComparisonsAll : nil,
                                     n: counts.hlpLabelsAll)
                rows.append(row(sliceField, table.sliceValues[s], items: itemsBySlice[s], predicted: predictedBySlice[s],
                                correct: correctBySlice[s], hlp: hlp))
            }
        }
        rows.sort { ($0.gap_x_share ?? -.infinity, $1.value) > ($1.gap_x_share ?? -.infinity, $0.value) }
        let overallHLP = countsByLabel.hlpComparisonsAll > 0 ? countsByLabel.hlpMatchesAll / countsByLabel.hlpComparisonsAll : nil
        return GapReport(items_with_reference: withReference, items_predicted: predicted,
                         model_accuracy: predicted > 0 ? Double(correct) / Double(predicted) : nil,
                         hlp: overallHLP, rows: rows)
    }

    /// The label more than half of the answers agree on, if any.
    static func strictMajority(_ counts: [Int], total: Int) -> Int? {
        guard total > 0 else { return nil }
        for (category, count) in counts.enumerated() where 2 * count > total { return category }
        return nil
    }
}
