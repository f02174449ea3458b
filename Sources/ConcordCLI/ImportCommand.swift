import ConcordAnalysis
import ConcordStore
import ArgumentParser
import ConcordFormats
import ConcordServices
import Foundation

struct ImportCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import items or answers: CSV, JSONL, a Label Studio JSON export or Prodigy JSONL.",
        discussion: """
            The format is recognised from the file's content, not its name. A CSV or JSONL file with a \
            labeler column is read as answers (item,labeler,label[,note,seconds]); otherwise as items (id, \
            text, and every other column as metadata). A Label Studio export's annotations and a Prodigy \
            file's decisions are answers too (see the README's Interop section). All files land in one \
            transaction, or none does. Importing the same file again changes nothing.
            Example: concord import convabuse convabuse_long.csv --item-col item_id --labeler-col annotator_id --where repeat=0
            """)

    @Argument(help: "The project folder.") var project: String
    @Argument(help: "The files: CSV, JSONL, Label Studio JSON or Prodigy JSONL (recognised by content).") var files: [String]
    @Option(name: .customLong("id-col"), help: "Item id column of an items file (default: id).") var idColumn: String?
    @Option(name: .customLong("item-col"), help: "Item column of an annotation file (default: item, id or item_id).") var itemColumn: String?
    @Option(name: .customLong("labeler-col"), help: "Labeler column (default: labeler).") var labelerColumn: String?
    @Option(name: .customLong("label-col"), help: "Label column (default: label).") var labelColumn: String?
    @Option(name: .customLong("note-col"), help: "Note column (default: note).") var noteColumn: String?
    @Option(name: .customLong("time-col"), help: "Seconds-taken column (default: seconds or time).") var timeColumn: String?
    @Option(name: .customLong("text-col"), help: "Item text column (default: text).") var textColumn: String?
    @Option(name: .customLong("group-col"), help: "Group column (default: the config's group field).") var groupColumn: String?
    @Option(name: .customLong("meta-cols"), help: "Annotation files: columns kept as item metadata (default: the config's slices).") var metaColumns: String?
    @Option(name: .customLong("where"), help: "Import only rows where COLUMN=VALUE (repeatable).") var filters: [String] = []
    @Flag(help: "An answers file without a text column creates the items it names, with empty text (for analysis only).")
    var createItems = false
    @Option(help: "Label Studio or Prodigy: the JSON path of the item id (default: the task's id; Prodigy's _input_hash), e.g. data.source_id.")
    var itemKey: String?
    @Option(help: "Label Studio: the JSON path of the item's text (default: data.text, else the only string field).") var textKey: String?
    @Option(help: "Label Studio: the choices control whose answers are the labels, when there are several.") var fromName: String?
    @Option(help: "Prodigy, binary decisions: the label a rejected line counts as (default: such a line is refused).") var rejectAs: String?
    @Option(name: .customLong("repeat-col"), help: "A column marking repeated answers (not 0 or empty): kept apart as retests, for test–retest; never replacing the first answer.")
    var repeatColumn: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func execute() throws {
        let opened = try Project(path: project)
        _ = try IdentityOptions.enroll(opened, for: .manageProject)
        let parsedFilters = try filters.map { filter -> (column: String, value: String) in
            guard let equals = filter.firstIndex(of: "=") else {
                throw ValidationError("--where takes COLUMN=VALUE, got '\(filter)'")
            }
            return (String(filter[..<equals]), String(filter[filter.index(after: equals)...]))
        }
        var options = ImportOptions(
            idColumn: idColumn, itemColumn: itemColumn, labelerColumn: labelerColumn, labelColumn: labelColumn,
            noteColumn: noteColumn, timeColumn: timeColumn, textColumn: textColumn, groupColumn: groupColumn,
            metadataColumns: metaColumns.map { $0.split(separator: ",").map(String.init) }, filters: parsedFilters)
        options.createItems = createItems
        options.itemKey = itemKey
        options.textKey = textKey
        options.fromName = fromName
        options.rejectAs = rejectAs
        options.repeatColumn = repeatColumn
        let progress = Console.Progress("importing")
        let importer = Importer(project: opened, options: options) { progress.update($0, of: $1) }
        let reports = try importer.run(files: files)
        progress.finish()
        if json { try printJSON(reports); return }
        for report in reports {
            if report.alreadyImported {
                printSafe("\(report.file): already imported (same content); nothing to do")
                continue
            }
            var parts = ["\(grouped(report.rows)) rows"]
            if report.filteredOut > 0 { parts.append("\(grouped(report.filteredOut)) left out by --where") }
            parts.append("\(grouped(report.itemsAdded)) items added")
            if report.itemsUnchanged > 0 { parts.append("\(grouped(report.itemsUnchanged)) item rows already known") }
            if report.form == .annotations {
                parts.append("\(grouped(report.eventsAdded)) annotations added")
                if report.eventsUnchanged > 0 { parts.append("\(grouped(report.eventsUnchanged)) unchanged") }
                if report.labelersAdded > 0 { parts.append("\(report.labelersAdded) new labelers") }
                if report.retestsAdded > 0 { parts.append("\(grouped(report.retestsAdded)) repeats kept apart as retests") }
            }
            if report.predictionsAdded > 0 { parts.append("\(grouped(report.predictionsAdded)) model predictions") }
            let kind = ["csv", "jsonl"].contains(report.format) ? report.form.rawValue : "\(report.format) \(report.form.rawValue)"
            printSafe("\(report.file) (\(kind)): " + parts.joined(separator: ", "))
            if !report.ignoredColumns.isEmpty {
                Console.note("  columns not imported: \(report.ignoredColumns.joined(separator: ", ")) (keep them as item metadata with --meta-cols)")
            }
        }
    }
}
