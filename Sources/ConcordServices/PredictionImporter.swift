import ConcordAnalysis
import ConcordFormats
import ConcordDomain
import ConcordStore

/// Imports a model's predictions (`item,prediction`) under the model's name, for `eval` and the
/// gap-to-HLP table. Same rules as every import: one transaction, errors located by file, line
/// and field, and an item's later prediction from the same model replaces its earlier one
/// (predictions are not annotations; they have no log).
public struct PredictionImporter {
    public let project: Project
    public var itemColumn: String?
    public var predictionColumn: String?
    public var model: String

    public init(project: Project, itemColumn: String? = nil, predictionColumn: String? = nil,
                model: String = defaultModelName) {
        self.project = project
        self.model = model
        self.itemColumn = itemColumn
        self.predictionColumn = predictionColumn
    }

    /// Returns how many predictions were written.
    public func run(file: String) throws -> Int {
        try project.store.importPredictions(file: file, itemColumn: itemColumn, predictionColumn: predictionColumn,
                                            model: model, answers: project.config.labelSet.answerNames)
    }
}
