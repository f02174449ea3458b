import ArgumentParser
import ConcordIO
import ConcordMetrics
import Foundation

struct GapCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "gap",
        abstract: "The model's gap to human-level performance per label and slice, sorted by gap × share.",
        discussion: "Import predictions first: concord import-predictions PROJECT predictions.csv (item,prediction).")

    @OptionGroup var options: AgreementOptions

    func execute() throws {
        let project = try Project(path: options.project)
        let field = options.by ?? project.config.sliceFields.first
        var query = options.query(withPredictions: true)
        query.sliceField = field
        let loaded = try RatingTableLoader.load(project, query)
        let report = GapAnalysis.run(loaded.table, sliceField: field)
        if options.json { try printJSON(report); return }
        guard report.items_compared > 0 else {
            throw QueryError("no predictions in this project yet; import them with `concord import-predictions \(options.project) FILE` (columns item,prediction)")
        }
        printSafe(GapText.render(report, project: project))
    }
}

/// The gap table as readable text.
enum GapText {
    static func render(_ report: GapReport, project: Project) -> String {
        var lines = ["\(project.config.name): model gap to human-level performance"]
        lines.append("  model \(Figure.value(report.model_accuracy)) · people (HLP) \(Figure.value(report.hlp)) on \(grouped(report.items_compared)) items, both scored against the adjudicated label, else each individual label\n")
        var table = TextTable("category", "references", "share", "model", "HLP", "gap", "gap × share")
        for row in report.rows {
            let name = row.category == "label" ? row.value : "\(row.category) = \(row.value)"
            table.add(name, grouped(row.references), Figure.percent(row.share), Figure.value(row.model_accuracy),
                      Figure.value(row.hlp), Figure.value(row.gap), Figure.value(row.gap_x_share, digits: 4))
        }
        lines.append(table.text)
        lines.append("\n  Work first on the categories at the top: a large gap on a large share of the data.")
        return lines.joined(separator: "\n")
    }
}

struct ImportPredictionsCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-predictions",
        abstract: "Import a model's predictions (item,prediction) for `concord gap`.")

    @Argument(help: "The project folder.") var project: String
    @Argument(help: "CSV or JSONL with an item column and a prediction column.") var file: String
    @Option(name: .customLong("item-col"), help: "Item column (default: item, id or item_id).") var itemColumn: String?
    @Option(name: .customLong("prediction-col"), help: "Prediction column (default: prediction).") var predictionColumn: String?

    func execute() throws {
        let opened = try Project(path: project)
        let written = try PredictionImporter(project: opened, itemColumn: itemColumn, predictionColumn: predictionColumn).run(file: file)
        printSafe("\(file): \(grouped(written)) predictions")
    }
}
