/// Model gap to human-level performance (SPEC §4): per label and per slice value, the model's
/// score and people's, the gap, the share of the data, and gap × share, sorted by gap × share:
/// the table that says which category to work on next.
///
/// Model and people are scored the same way, or the order means nothing:
/// - **Against each individual label** (every project). A label row compares the model's F1 for
///   the class, counted against every individual label (TP_k = Σ_i [pred_i = k]·n_ik,
///   FP_k = Σ_i [pred_i = k]·(n_i − n_ik), FN_k = Σ_i [pred_i ≠ k]·n_ik), with people's pairwise
///   HLP for the class, which is their pairwise F1 with each label weighted once. A slice row
///   compares the model's accuracy against each individual label with pairwise HLP. Only items
///   with a prediction and at least two labels count, for both.
/// - **Against the audit reference** (once there is an audit): on audited items, the model's F1
///   (label rows) or accuracy (slice rows) against the reference, beside people's, each of their
///   labels scored as a prediction of the reference.
/// Recall under the human label alone would let a model that answers one class everywhere score
/// 1 on that class and "beat" people; F1 does not.
public struct GapReport: Sendable, Codable {
    public enum Scoring: String, Sendable, Codable {
        /// Model and people against each individual label (pairwise HLP).
        case labels
        /// Model and people against the audit reference.
        case audit
    }

    public struct Row: Sendable, Codable {
        public var scoring: Scoring
        /// "label", or the slice field's name.
        public var category: String
        public var value: String
        /// "f1" for label rows, "accuracy" for slice rows: the figure both `model` and `hlp` are.
        public var metric: String
        /// What stands behind the row: individual labels (`labels` scoring) or audited items.
        public var references: Int
        /// The row's share of the data: of the labels (label rows, `labels` scoring), of the items
        /// (slice rows), of the audited items (`audit` scoring).
        @NullEncodable public var share: Double?
        @NullEncodable public var model: Double?
        @NullEncodable public var model_low: Double?
        @NullEncodable public var model_high: Double?
        @NullEncodable public var hlp: Double?
        @NullEncodable public var hlp_low: Double?
        @NullEncodable public var hlp_high: Double?
        public var hlp_n: Int
        /// HLP − model: positive where people do better.
        @NullEncodable public var gap: Double?
        @NullEncodable public var gap_x_share: Double?
    }

    /// The model whose predictions were scored.
    public var model: String
    /// Items that enter the `labels` rows: predicted, with at least two labels.
    public var items_compared: Int
    /// The model's accuracy against each individual label on those items, and pairwise HLP there.
    @NullEncodable public var model_accuracy: Double?
    @NullEncodable public var hlp: Double?
    /// Audited items with a prediction, and both accuracies against the audit reference.
    public var audited_items_compared: Int
    @NullEncodable public var model_accuracy_reference: Double?
    @NullEncodable public var hlp_reference: Double?
    /// `labels` rows first, then `audit` rows; each set sorted by gap × share, largest first.
    public var rows: [Row]
}

public enum GapAnalysis {
    public static func run(_ table: RatingTable, sliceField: String?, model: String = "model") -> GapReport {
        let k = table.categoryCount, sliceCount = sliceField == nil ? 0 : table.sliceValues.count
        // Against each individual label: people (pairwise HLP) and the model (a confusion matrix
        // whose references are the labels, each weighted once).
        var people = AgreementCounts(categoryCount: k), machine = ConfusionMatrix(size: k)
        var peopleBySlice = [AgreementCounts](repeating: AgreementCounts(categoryCount: k), count: sliceCount)
        var machineBySlice = [Tally](repeating: Tally(), count: sliceCount)
        var itemsBySlice = [Int](repeating: 0, count: sliceCount)
        // Against the audit reference: the model once per item, people once per label.
        var auditPeople = ConfusionMatrix(size: k), auditMachine = ConfusionMatrix(size: k)
        var auditPeopleBySlice = [Tally](repeating: Tally(), count: sliceCount)
        var auditMachineBySlice = auditPeopleBySlice
        var compared = 0
        var counts = [Int](repeating: 0, count: k)

        for item in 0..<table.itemCount {
            let prediction = Int(table.predictionOfItem[item])
            guard prediction >= 0 else { continue }
            let range = table.ratings(ofItem: item)
            for c in counts.indices { counts[c] = 0 }
            for r in range { counts[Int(table.categoryOfRating[r])] += 1 }
            let slice = Int(table.sliceOfItem[item])
            let inSlice = slice >= 0 && slice < sliceCount
            if range.count >= 2 {
                compared += 1
                people.add(counts: counts)
                for c in 0..<k where counts[c] > 0 { machine.add(reference: c, prediction: prediction, count: counts[c]) }
                if inSlice {
                    itemsBySlice[slice] += 1
                    peopleBySlice[slice].add(counts: counts)
                    machineBySlice[slice].add(matches: counts[prediction], of: range.count)
                }
            }
            let reference = Int(table.auditOfItem[item])
            if reference >= 0 && !range.isEmpty {
                auditMachine.add(reference: reference, prediction: prediction)
                for c in 0..<k where counts[c] > 0 { auditPeople.add(reference: reference, prediction: c, count: counts[c]) }
                if inSlice {
                    auditMachineBySlice[slice].add(matches: prediction == reference ? 1 : 0, of: 1)
                    auditPeopleBySlice[slice].add(matches: counts[reference], of: range.count)
                }
            }
        }

        var labelRows: [GapReport.Row] = [], auditRows: [GapReport.Row] = []
        let labels = machine.total, auditedItems = auditMachine.total
        for c in 0..<k where machine.support(c) > 0 {
            labelRows.append(.init(scoring: .labels, category: "label", value: table.categories[c], metric: "f1",
                                   references: machine.support(c), share: Double(machine.support(c)) / Double(labels),
                                   model: Proportion(estimate: machine.f1(c)), hlp: people.hlp(category: c)))
        }
        for c in 0..<k where auditMachine.support(c) > 0 {
            auditRows.append(.init(scoring: .audit, category: "label", value: table.categories[c], metric: "f1",
                                   references: auditMachine.support(c), share: Double(auditMachine.support(c)) / Double(auditedItems),
                                   model: Proportion(estimate: auditMachine.f1(c)),
                                   hlp: Proportion(estimate: auditPeople.f1(c)), hlpN: auditPeople.support(c)))
        }
        if let sliceField {
            for s in 0..<sliceCount where itemsBySlice[s] > 0 {
                labelRows.append(.init(scoring: .labels, category: sliceField, value: table.sliceValues[s], metric: "accuracy",
                                       references: machineBySlice[s].total, share: Double(itemsBySlice[s]) / Double(compared),
                                       model: machineBySlice[s].proportion, hlp: peopleBySlice[s].hlp))
            }
            for s in 0..<sliceCount where auditMachineBySlice[s].total > 0 {
                auditRows.append(.init(scoring: .audit, category: sliceField, value: table.sliceValues[s], metric: "accuracy",
                                       references: auditMachineBySlice[s].total,
                                       share: Double(auditMachineBySlice[s].total) / Double(auditedItems),
                                       model: auditMachineBySlice[s].proportion, hlp: auditPeopleBySlice[s].proportion))
            }
        }
        let order = { (a: GapReport.Row, b: GapReport.Row) in
            (a.gap_x_share ?? -.infinity, b.category, b.value) > (b.gap_x_share ?? -.infinity, a.category, a.value)
        }
        return GapReport(model: model, items_compared: compared, model_accuracy: machine.accuracy, hlp: people.hlp.value,
                         audited_items_compared: auditedItems, model_accuracy_reference: auditMachine.accuracy,
                         hlp_reference: auditPeople.accuracy,
                         rows: labelRows.sorted(by: order) + auditRows.sorted(by: order))
    }
}

extension GapReport.Row {
    init(scoring: GapReport.Scoring, category: String, value: String, metric: String, references: Int, share: Double,
         model: Proportion, hlp: Proportion, hlpN: Int? = nil) {
        let gap = model.value.flatMap { score in hlp.value.map { $0 - score } }
        self.init(scoring: scoring, category: category, value: value, metric: metric, references: references, share: share,
                  model: model.value, model_low: model.low, model_high: model.high,
                  hlp: hlp.value, hlp_low: hlp.low, hlp_high: hlp.high, hlp_n: hlpN ?? hlp.n,
                  gap: gap, gap_x_share: gap.map { $0 * share })
    }
}

/// Matches out of a total, for an accuracy with its Wilson interval.
struct Tally {
    var matches = 0
    var total = 0

    mutating func add(matches matched: Int, of count: Int) {
        matches += matched
        total += count
    }

    var proportion: Proportion { Proportion(share: total > 0 ? Double(matches) / Double(total) : nil, n: total) }
}
