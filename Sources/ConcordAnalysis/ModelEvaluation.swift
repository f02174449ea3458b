/// A model's predictions against the resolved reference (SPEC §4, "Model evaluation"): the label
/// an item is exported with (adjudicated, else unanimous, else a strict majority of at least the
/// minimum share). Per class precision, recall, F1, support, TP, FP and FN; the confusion matrix
/// (rows reference, columns prediction); accuracy and macro-F1; the same per slice value. Items
/// the model predicted but that have no resolved reference are counted under the reason.
public struct ModelEvaluation: Sendable, Codable {
    public struct LabelFigures: Sendable, Codable, Equatable {
        public var label: String
        /// Null when the model never predicted the class.
        @NullEncodable public var precision: Double?
        /// Null when the class never occurs in the reference.
        @NullEncodable public var recall: Double?
        @NullEncodable public var f1: Double?
        public var support: Int
        public var tp: Int
        public var fp: Int
        public var fn: Int
    }

    public struct Confusion: Sendable, Codable, Equatable {
        public var labels: [String]
        /// matrix[reference][prediction], in `labels` order.
        public var matrix: [[Int]]
    }

    public struct SliceFigures: Sendable, Codable {
        public var field: String
        public var value: String
        public var items: Int
        @NullEncodable public var accuracy: Double?
        @NullEncodable public var macro_f1: Double?
        public var per_label: [LabelFigures]
        public var confusion: Confusion
    }

    public var model: String
    /// How the reference was resolved, in words.
    public var reference: String
    public var min_agreement: Double
    /// Items scored: predicted, with a resolved reference.
    public var items: Int
    @NullEncodable public var accuracy: Double?
    @NullEncodable public var macro_f1: Double?
    public var per_label: [LabelFigures]
    public var confusion: Confusion
    /// Predicted items left out, by why they have no reference (and `total`).
    public var left_out: [String: Int]
    /// Items with a resolved reference that the model has no prediction for.
    public var not_predicted: Int
    public var per_slice: [SliceFigures]?

    /// Evaluates the predictions in `table.predictionOfItem`. `specialCategories` are the
    /// categories a consensus may not be (borderline, unintelligible: left out, as export does);
    /// `predictedWithoutAnswers` counts predicted items that have no answer at all (they are not
    /// in the table).
    public static func run(_ table: RatingTable, model: String, minimumShare: Double, specialCategories: Set<Int>,
                           sliceField: String?, predictedWithoutAnswers: Int = 0) -> ModelEvaluation {
        let k = table.categoryCount
        var overall = ConfusionMatrix(size: k)
        var bySlice = [ConfusionMatrix](repeating: ConfusionMatrix(size: k), count: sliceField == nil ? 0 : table.sliceValues.count)
        var leftOut: [String: Int] = [:]
        if predictedWithoutAnswers > 0 { leftOut[Consensus.LeftOut.no_answers.rawValue] = predictedWithoutAnswers }
        var notPredicted = 0
        var counts = [Int](repeating: 0, count: k)
        for item in 0..<table.itemCount {
            let prediction = Int(table.predictionOfItem[item])
            for c in counts.indices { counts[c] = 0 }
            for r in table.ratings(ofItem: item) { counts[Int(table.categoryOfRating[r])] += 1 }
            let adjudicated = Int(table.referenceOfItem[item])
            var consensus = Consensus.of(counts: counts, adjudicated: adjudicated >= 0 ? adjudicated : nil, minimumShare: minimumShare)
            if let category = consensus.category, specialCategories.contains(category) {
                consensus = .unresolved(Consensus.LeftOut(rawValue: table.categories[category]) ?? .tie_or_no_majority)
            }
            guard prediction >= 0 else {
                if consensus.category != nil { notPredicted += 1 }
                continue
            }
            guard let reference = consensus.category else {
                if case .unresolved(let why) = consensus { leftOut[why.rawValue, default: 0] += 1 }
                continue
            }
            overall.add(reference: reference, prediction: prediction)
            let slice = Int(table.sliceOfItem[item])
            if slice >= 0 && slice < bySlice.count { bySlice[slice].add(reference: reference, prediction: prediction) }
        }
        leftOut["total"] = leftOut.values.reduce(0, +)

        var adjudicatedRule = "adjudicated label, else unanimous answer, else a strict majority"
        if minimumShare > 0.5 { adjudicatedRule += " of at least \(Int((minimumShare * 100).rounded()))%" }
        let perSlice = sliceField.map { field in
            table.sliceValues.indices.filter { bySlice[$0].total > 0 }.map { s in
                SliceFigures(field: field, value: table.sliceValues[s], items: bySlice[s].total, accuracy: bySlice[s].accuracy,
                             macro_f1: bySlice[s].macroF1, per_label: labelFigures(bySlice[s], table.categories),
                             confusion: Confusion(labels: table.categories, matrix: bySlice[s].rows))
            }
        }
        return ModelEvaluation(model: model, reference: adjudicatedRule, min_agreement: minimumShare, items: overall.total,
                               accuracy: overall.accuracy, macro_f1: overall.macroF1,
                               per_label: labelFigures(overall, table.categories),
                               confusion: Confusion(labels: table.categories, matrix: overall.rows),
                               left_out: leftOut, not_predicted: notPredicted, per_slice: perSlice)
    }

    static func labelFigures(_ matrix: ConfusionMatrix, _ names: [String]) -> [LabelFigures] {
        names.indices.map { c in
            LabelFigures(label: names[c], precision: matrix.precision(c), recall: matrix.recall(c), f1: matrix.f1(c),
                         support: matrix.support(c), tp: matrix.truePositives(c), fp: matrix.falsePositives(c),
                         fn: matrix.falseNegatives(c))
        }
    }
}
