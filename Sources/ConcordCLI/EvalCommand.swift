import ConcordStore
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import Foundation

struct EvalCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "A model's precision, recall, F1 and confusion matrix against the resolved reference.",
        discussion: """
            The reference is the label export gives an item: its adjudicated label, else the unanimous \
            answer, else a strict majority of at least --min-agreement. Predicted items without one are \
            counted as left out, by reason. Precision is null (—) for a class the model never predicts; \
            its recall and F1 are then 0. Macro-F1 averages the classes present in the reference or the \
            predictions. Without --model, every model is compared side by side.
            """)

    @Argument(help: "The project folder.") var project: String
    @Option(help: "A metadata field (or the group field) to report per value, e.g. condition.") var by: String?
    @Option(help: "Evaluate this model only (see `concord import-predictions --model`).") var model: String?
    @Option(help: "Minimum share of answers a majority must hold (as export).") var minAgreement = 0.5
    @Flag(help: "Print the report as JSON (full precision).") var json = false

    func validate() throws {
        guard minAgreement >= 0.5, minAgreement <= 1 else { throw ValidationError("--min-agreement is a share from 0.5 to 1") }
    }

    /// The JSON document: the chosen model's figures at the top level, and every model's in `models`.
    struct Report: Encodable {
        var evaluation: ModelEvaluation
        var models: [ModelEvaluation]

        func encode(to encoder: Encoder) throws {
            try evaluation.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(models, forKey: Key(stringValue: "models")!)
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    func execute() throws {
        let opened = try Project(path: project, access: .reading)
        var query = AgreementQuery(sliceField: by, withPredictions: true)
        query.model = model
        query.allModels = model == nil
        let loaded = try RatingTableLoader.load(opened, query)
        guard let chosen = loaded.model else {
            throw QueryError("no predictions in this project yet; import them with `concord import-predictions \(project) FILE` (columns item,prediction)")
        }
        let evaluations = (model == nil ? loaded.models : [chosen]).map { name in
            let (table, withoutAnswers) = loaded.withPredictions(of: name)
            return ModelEvaluation.run(table, model: name, minimumShare: minAgreement, specialCategories: loaded.specialCategories,
                                       sliceField: by, predictedWithoutAnswers: withoutAnswers)
        }
        let main = evaluations.first { $0.model == chosen }!
        guard main.items > 0 else {
            let why = main.left_out.filter { $0.key != "total" }.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \($0.value)" }
            throw QueryError("no item predicted by '\(chosen)' has a resolved reference yet (left out: \(why.isEmpty ? "none" : why.sorted().joined(separator: ", "))); label or adjudicate first")
        }
        if json { try printJSON(Report(evaluation: main, models: evaluations)); return }
        printSafe(EvalText.render(main, all: evaluations, project: opened))
    }
}

/// The evaluation as readable text.
enum EvalText {
    static func render(_ main: ModelEvaluation, all: [ModelEvaluation], project: Project) -> String {
        var out = ["\(project.config.name): model '\(main.model)' against the resolved reference"]
        out.append("  reference: \(main.reference)")
        out.append("  \(grouped(main.items)) items · accuracy \(Figure.value(main.accuracy)) · macro-F1 \(Figure.value(main.macro_f1))")
        out.append("  " + leftOutText(main))
        out.append("")
        out.append(labelTable(main.per_label).text)
        out.append("")
        out.append(confusionTable(main.confusion).text)
        for slice in main.per_slice ?? [] {
            out.append("")
            out.append("  \(slice.field) = \(slice.value): \(grouped(slice.items)) items · accuracy \(Figure.value(slice.accuracy)) · macro-F1 \(Figure.value(slice.macro_f1))")
            out.append(labelTable(slice.per_label).text)
        }
        if all.count > 1 {
            out.append("")
            out.append("  Every model side by side (F1 per class):")
            var table = TextTable(row: ["label"] + all.map(\.model))
            for (index, label) in main.per_label.enumerated() {
                table.add(row: [label.label] + all.map { Figure.value($0.per_label[index].f1) })
            }
            table.add(row: ["accuracy"] + all.map { Figure.value($0.accuracy) })
            table.add(row: ["macro-F1"] + all.map { Figure.value($0.macro_f1) })
            table.add(row: ["items"] + all.map { grouped($0.items) })
            out.append(table.text)
        }
        return out.joined(separator: "\n")
    }

    static func leftOutText(_ evaluation: ModelEvaluation) -> String {
        let total = evaluation.left_out["total"] ?? 0
        var text = "left out: \(grouped(total)) predicted items with no resolved reference"
        let reasons = evaluation.left_out.filter { $0.key != "total" }.sorted { $0.key < $1.key }
        if !reasons.isEmpty { text += " (" + reasons.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \(grouped($0.value))" }.joined(separator: ", ") + ")" }
        if evaluation.not_predicted > 0 { text += "; \(grouped(evaluation.not_predicted)) resolved items have no prediction" }
        return text
    }

    static func labelTable(_ labels: [ModelEvaluation.LabelFigures]) -> TextTable {
        var table = TextTable("label", "precision", "recall", "F1", "support", "TP", "FP", "FN")
        for label in labels where label.support > 0 || label.tp + label.fp > 0 {
            table.add(label.label, Figure.value(label.precision), Figure.value(label.recall), Figure.value(label.f1),
                      grouped(label.support), grouped(label.tp), grouped(label.fp), grouped(label.fn))
        }
        return table
    }

    /// Rows reference, columns prediction.
    static func confusionTable(_ confusion: ModelEvaluation.Confusion) -> TextTable {
        var table = TextTable(row: ["reference ↓ / model →"] + confusion.labels.map(AgreementText.abbreviate))
        for (index, row) in confusion.matrix.enumerated() {
            table.add(row: [confusion.labels[index]] + row.map { $0 == 0 ? "·" : grouped($0) })
        }
        return table
    }
}
