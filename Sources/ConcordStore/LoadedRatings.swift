import ConcordAnalysis
import ConcordDomain

/// What reading a project's answers gives: the rating table, and what the reports say about it.
public struct LoadedRatings: Sendable {
    public var table: RatingTable
    /// The round read, as "R (hash)", when the query named one.
    public var roundLabel: String?
    /// Answers whose label is not in the config's label set (e.g. after the config changed).
    public var answersOutsideLabelSet: Int
    public var borderlineCategory: Int?
    public var unintelligibleCategory: Int?
    /// The model whose predictions the table holds (nil: none loaded or none imported).
    public var model: String?
    /// The categories a consensus may not be (they are left out, as export leaves them out).
    public var specialCategories: Set<Int> { Set([borderlineCategory, unintelligibleCategory].compactMap { $0 }) }
    /// Every model with predictions, and (with `allModels`) each one's predictions by item id.
    public var models: [String] = []
    public var predictionsByItemID: [String: [Int]] = [:]

    public init(table: RatingTable, roundLabel: String?, answersOutsideLabelSet: Int, borderlineCategory: Int?,
                unintelligibleCategory: Int?, model: String?, models: [String], predictionsByItemID: [String: [Int]]) {
        self.table = table
        self.roundLabel = roundLabel
        self.answersOutsideLabelSet = answersOutsideLabelSet
        self.borderlineCategory = borderlineCategory
        self.unintelligibleCategory = unintelligibleCategory
        self.model = model
        self.models = models
        self.predictionsByItemID = predictionsByItemID
    }

    /// The table with `model`'s predictions in place, and how many of its predicted items have
    /// no counted answer (they are not in the table).
    public func withPredictions(of model: String) -> (table: RatingTable, predictedWithoutAnswers: Int) {
        guard let byItemID = predictionsByItemID[model] else { return (table, 0) }
        var copy = table, inTable = 0
        for item in 0..<copy.itemCount {
            let id = copy.itemID(ofItem: item)
            let prediction = id < byItemID.count ? byItemID[id] : -1
            copy.setPrediction(prediction, ofItem: item)
            if prediction >= 0 { inTable += 1 }
        }
        return (copy, byItemID.lazy.filter { $0 >= 0 }.count - inTable)
    }
}
