import ConcordStore
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import Foundation

struct GapCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "gap",
        abstract: "The model's gap to human-level performance per label and slice, sorted by gap × share.",
        discussion: """
            Model and people are scored the same way. Against each individual label: label rows compare \
            the model's F1 for the class with people's pairwise HLP for it (their pairwise F1, each label \
            weighted once); slice rows compare accuracy with pairwise HLP. After an audit (concord audit), \
            a second set of rows scores both against the audit reference. Import predictions first: \
            concord import-predictions PROJECT predictions.csv [--model NAME].
            """)

    @OptionGroup var options: AgreementOptions
    @Option(help: "Whose predictions (default: the model named 'model', else the only one).") var model: String?

    func execute() throws {
        let project = try Project(path: options.project, access: .reading)
        let field = options.by ?? project.config.sliceFields.first
        var query = options.query(withPredictions: true)
        query.sliceField = field
        query.model = model
        let loaded = try RatingTableLoader.load(project, query)
        guard let chosen = loaded.model else {
            throw QueryError("no predictions in this project yet; import them with `concord import-predictions \(options.project) FILE` (columns item,prediction)")
        }
        let report = GapAnalysis.run(loaded.table, sliceField: field, model: chosen)
        if options.json { try printJSON(report); return }
        printSafe(GapText.render(report, project: project))
    }
}

/// The gap table as readable text: one table per scoring, each saying how it scores.
enum GapText {
    static func render(_ report: GapReport, project: Project) -> String {
        var lines = ["\(project.config.name): gap between model '\(report.model)' and human-level performance"]
        let sets: [(GapReport.Scoring, String)] = [
            (.labels, "Against each individual label, on \(grouped(report.items_compared)) items with a prediction and ≥ 2 labels: "
                + "model accuracy \(Figure.value(report.model_accuracy)), people (pairwise HLP) \(Figure.value(report.hlp)).\n"
                + "  Label rows: the model's F1 vs people's pairwise HLP for the class (their F1, each label weighted once);\n"
                + "  slice rows: accuracy vs pairwise HLP. Share: of the labels (labels), of the items (slices)."),
            (.audit, "Against the audit reference, on \(grouped(report.audited_items_compared)) audited items: "
                + "model accuracy \(Figure.value(report.model_accuracy_reference)), people \(Figure.value(report.hlp_reference)).\n"
                + "  Label rows: F1 of the model and of people's labels for the reference class; slice rows: accuracy.\n"
                + "  Share: of the audited items."),
        ]
        for (scoring, heading) in sets {
            let rows = report.rows.filter { $0.scoring == scoring }
            guard !rows.isEmpty else { continue }
            lines.append("")
            lines.append("  " + heading)
            var table = TextTable("category", "scored", "n", "share", "model", "HLP", "gap", "gap × share")
            for row in rows {
                let name = row.category == "label" ? row.value : "\(row.category) = \(row.value)"
                table.add(name, row.metric, grouped(row.references), Figure.percent(row.share), Figure.value(row.model),
                          Figure.value(row.hlp), Figure.value(row.gap), Figure.value(row.gap_x_share, digits: 4))
            }
            lines.append(table.text)
        }
        if report.audited_items_compared == 0 {
            lines.append("\n  No audit yet: `concord audit PROJECT --sample N` draws items for a blind reference.")
        }
        lines.append("\n  Work first on the categories at the top: a large gap on a large share of the data.")
        return lines.joined(separator: "\n")
    }
}

struct ImportPredictionsCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-predictions",
        abstract: "Import a model's predictions (item,prediction) for `concord eval` and `concord gap`.")

    @Argument(help: "The project folder.") var project: String
    @Argument(help: "CSV or JSONL with an item column and a prediction column.") var file: String
    @Option(name: .customLong("item-col"), help: "Item column (default: item, id or item_id).") var itemColumn: String?
    @Option(name: .customLong("prediction-col"), help: "Prediction column (default: prediction).") var predictionColumn: String?
    @Option(help: "The model's name; each model keeps its own predictions.") var model = "model"

    func validate() throws {
        guard !model.isEmpty, !model.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError("--model needs a name without control characters")
        }
    }

    func execute() throws {
        let opened = try Project(path: project)
        _ = try IdentityOptions.enroll(opened, for: .manageProject)
        let written = try PredictionImporter(project: opened, itemColumn: itemColumn, predictionColumn: predictionColumn,
                                             model: model).run(file: file)
        printSafe("\(file): \(grouped(written)) predictions of model '\(model)'")
    }
}
