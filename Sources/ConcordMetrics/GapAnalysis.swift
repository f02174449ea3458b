/// Model gap to human-level performance (SPEC §4): per label and per slice value, the model's
/// accuracy against the reference, HLP, the gap, the share of the data, and gap × share, sorted
/// by gap × share: the table that says which category to work on next.
///
/// The model is scored exactly as HLP scores a person, so the two can be compared: against the
/// adjudicated label where there is one, else against each individual label of the item (the
/// share of its labels that equal the prediction, as HLP is the share of labels that equal
/// another labeler's). Scoring the model against a majority of three while scoring people
/// against one other person would flatter the model. Only items that enter HLP count (adjudicated,
/// or at least two labels).
public struct GapReport: Sendable, Codable {
    public struct Row: Sendable, Codable {
        /// "label", or the slice field's name.
        public var category: String
        public var value: String
        /// References behind the row (individual labels, or adjudicated items) and their share.
        public var references: Int
        @NullEncodable public var share: Double?
        /// Share of those references the model's prediction matches.
        @NullEncodable public var model_accuracy: Double?
        @NullEncodable public var model_low: Double?
        @NullEncodable public var model_high: Double?
        @NullEncodable public var hlp: Double?
        @NullEncodable public var hlp_low: Double?
        @NullEncodable public var hlp_high: Double?
        public var hlp_n: Int
        @NullEncodable public var gap: Double?
        @NullEncodable public var gap_x_share: Double?
    }

    /// Items that enter the comparison: predicted, and adjudicated or with at least two labels.
    public var items_compared: Int
    @NullEncodable public var model_accuracy: Double?
    @NullEncodable public var hlp: Double?
    public var rows: [Row]
}

public enum GapAnalysis {
    public static func run(_ table: RatingTable, sliceField: String?) -> GapReport {
        let k = table.categoryCount
        var hlpByLabel = AgreementCounts(categoryCount: k)
        var hlpBySlice = [AgreementCounts](repeating: AgreementCounts(categoryCount: k), count: table.sliceValues.count)
        var model = ModelScore(buckets: k), modelBySlice = ModelScore(buckets: table.sliceValues.count)
        var compared = 0
        var counts = [Int](repeating: 0, count: k)

        for item in 0..<table.itemCount {
            let prediction = Int(table.predictionOfItem[item])
            let range = table.ratings(ofItem: item)
            let adjudicated = Int(table.referenceOfItem[item])
            guard prediction >= 0, adjudicated >= 0 || range.count >= 2 else { continue }
            compared += 1
            for c in counts.indices { counts[c] = 0 }
            for r in range { counts[Int(table.categoryOfRating[r])] += 1 }
            let reference = adjudicated >= 0 ? adjudicated : nil
            hlpByLabel.add(counts: counts, reference: reference)
            let slice = Int(table.sliceOfItem[item])
            if slice >= 0 { hlpBySlice[slice].add(counts: counts, reference: reference) }
            if let reference {
                model.add(bucket: reference, references: 1, matches: prediction == reference ? 1 : 0)
                if slice >= 0 { modelBySlice.add(bucket: slice, references: 1, matches: prediction == reference ? 1 : 0) }
            } else {
                for c in 0..<k where counts[c] > 0 {
                    model.add(bucket: c, references: counts[c], matches: c == prediction ? counts[c] : 0)
                }
                if slice >= 0 { modelBySlice.add(bucket: slice, references: range.count, matches: counts[prediction]) }
            }
        }

        func row(_ category: String, _ value: String, _ score: ModelScore, _ bucket: Int, hlp: Proportion) -> GapReport.Row {
            let accuracy = Proportion(share: score.accuracy(bucket), n: score.references[bucket])
            let share = score.total > 0 ? Double(score.references[bucket]) / Double(score.total) : nil
            let gap = accuracy.value.flatMap { value in hlp.value.map { $0 - value } }
            return GapReport.Row(
                category: category, value: value, references: score.references[bucket], share: share,
                model_accuracy: accuracy.value, model_low: accuracy.low, model_high: accuracy.high,
                hlp: hlp.value, hlp_low: hlp.low, hlp_high: hlp.high, hlp_n: hlp.n,
                gap: gap, gap_x_share: gap.flatMap { g in share.map { g * $0 } })
        }
        var rows: [GapReport.Row] = []
        for c in 0..<k where model.references[c] > 0 {
            let hlp = Proportion(share: hlpByLabel.hlpComparisons[c] > 0 ? hlpByLabel.hlpMatches[c] / hlpByLabel.hlpComparisons[c] : nil,
                                 n: hlpByLabel.hlpLabels[c])
            rows.append(row("label", table.categories[c], model, c, hlp: hlp))
        }
        if let sliceField {
            for s in table.sliceValues.indices where modelBySlice.references[s] > 0 {
                let counts = hlpBySlice[s]
                let hlp = Proportion(share: counts.hlpComparisonsAll > 0 ? counts.hlpMatchesAll / counts.hlpComparisonsAll : nil,
                                     n: counts.hlpLabelsAll)
                rows.append(row(sliceField, table.sliceValues[s], modelBySlice, s, hlp: hlp))
            }
        }
        rows.sort { ($0.gap_x_share ?? -.infinity, $1.value) > ($1.gap_x_share ?? -.infinity, $0.value) }
        return GapReport(items_compared: compared,
                         model_accuracy: model.total > 0 ? Double(model.matches.reduce(0, +)) / Double(model.total) : nil,
                         hlp: hlpByLabel.hlpComparisonsAll > 0 ? hlpByLabel.hlpMatchesAll / hlpByLabel.hlpComparisonsAll : nil,
                         rows: rows)
    }
}

/// The model's matches and references per bucket (a label, or a slice value).
struct ModelScore {
    var references: [Int]
    var matches: [Int]
    var total: Int { references.reduce(0, +) }

    init(buckets: Int) {
        references = [Int](repeating: 0, count: buckets)
        matches = references
    }

    mutating func add(bucket: Int, references count: Int, matches matched: Int) {
        references[bucket] += count
        matches[bucket] += matched
    }

    func accuracy(_ bucket: Int) -> Double? {
        references[bucket] > 0 ? Double(matches[bucket]) / Double(references[bucket]) : nil
    }
}
