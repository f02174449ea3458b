import ArgumentParser
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import ConcordStore
import Foundation

/// How the CLI shows a what-if preview.
extension SchemaPreview {
    static func text(_ comparison: Comparison, labelsBefore: [String], labelsAfter: [String]) -> String {
        let change = comparison.change
        let title = change.kind == .merge ? "merge \(change.sources.joined(separator: " + ")) → \(change.target)"
                                          : "rename \(change.sources[0]) → \(change.target)"
        var lines = ["What if: \(title)",
                     "  \(grouped(comparison.items_affected)) items and \(grouped(comparison.answers_affected)) answers are affected; no annotation is rewritten.", ""]
        var table = TextTable("figure", "before", "after")
        table.add("Krippendorff's α", Figure.value(comparison.before.krippendorff_alpha), Figure.value(comparison.after.krippendorff_alpha))
        table.add("Gwet's AC1", Figure.value(comparison.before.gwet_ac1), Figure.value(comparison.after.gwet_ac1))
        table.add("percent agreement", Figure.value(comparison.before.percent_agreement), Figure.value(comparison.after.percent_agreement))
        table.add("HLP, all labels", Figure.value(comparison.before.hlp), Figure.value(comparison.after.hlp))
        lines.append(table.text)
        lines.append("")
        var labels = TextTable("label", "share before", "share after", "spec. agr. before", "after", "HLP before", "after")
        var seen = Set<String>()
        for label in (labelsBefore + labelsAfter) where seen.insert(label).inserted {
            let b = comparison.before.labels[label], a = comparison.after.labels[label]
            labels.add(label, Figure.percent(b?["share"] ?? nil), Figure.percent(a?["share"] ?? nil),
                       Figure.value(b?["specific_agreement"] ?? nil), Figure.value(a?["specific_agreement"] ?? nil),
                       Figure.value(b?["hlp"] ?? nil), Figure.value(a?["hlp"] ?? nil))
        }
        lines.append(labels.text)
        return lines.joined(separator: "\n")
    }
}

/// Shared by merge and rename: preview, then apply on --yes or a "y" at the prompt.
protocol SchemaChangeCommand: ConcordCommand {
    var project: String { get }
    var yes: Bool { get }
    var json: Bool { get }
    var identity: IdentityOptions { get }
    func change(_ labelSet: LabelSet) throws -> SchemaChange
}

extension SchemaChangeCommand {
    func execute() throws {
        let opened = try Project(path: project)
        let who = try identity.identify(opened)
        let current = try opened.labelSet()
        let proposed = try change(current)
        try proposed.validate(against: current)
        let comparison = try SchemaPreview.compare(opened, proposed)
        if json { try printJSON(comparison) } else {
            printSafe(SchemaPreview.text(comparison, labelsBefore: current.labels.map(\.name),
                                         labelsAfter: try proposed.apply(to: current).labels.map(\.name)))
        }
        var apply = yes
        if !apply && isatty(STDIN_FILENO) == 1 && !json {
            FileHandle.standardOutput.write(Data("\nApply this change? [y/N] ".utf8))
            apply = (readLine() ?? "").lowercased().hasPrefix("y")
        }
        guard apply else {
            printSafe("\nPreview only: nothing changed (pass --yes to apply).")
            return
        }
        // Anyone may look at the preview; only an admin changes what labels mean.
        try who.require(.manageProject)
        try opened.store.enroll(who.actor)
        let id = try opened.store.recordSchemaChange(proposed, by: who.person.name)
        printSafe("\nApplied as schema change \(id). Read figures from before it with --schema-version \(id - 1); undo it with `concord schema \(project) --revert \(id)`.")
    }
}

struct MergeCommand: SchemaChangeCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge labels into one, after a what-if preview (α, agreement, HLP, class balance before and after).",
        discussion: "Example: concord merge convabuse strongly_abusive very_strongly_abusive --into severely_abusive")

    @Argument(help: "The project folder.") var project: String
    @Argument(help: "The labels to merge (two or more).") var labels: [String]
    @Option(help: "The label they become (new, or one of them).") var into: String
    @Flag(help: "Apply without asking.") var yes = false
    @Flag(help: "Print the preview as JSON.") var json = false
    @OptionGroup var identity: IdentityOptions

    func change(_ labelSet: LabelSet) throws -> SchemaChange {
        SchemaChange(id: 0, kind: .merge, sources: labels, target: into)
    }
}

struct RenameCommand: SchemaChangeCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Rename a label, after a preview of what changes.")

    @Argument(help: "The project folder.") var project: String
    @Argument(help: "The label.") var from: String
    @Argument(help: "Its new name.") var to: String
    @Flag(help: "Apply without asking.") var yes = false
    @Flag(help: "Print the preview as JSON.") var json = false
    @OptionGroup var identity: IdentityOptions

    func change(_ labelSet: LabelSet) throws -> SchemaChange {
        SchemaChange(id: 0, kind: .rename, sources: [from], target: to)
    }
}

struct SchemaCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "List the label schema changes (merges, renames), or revert one.")

    @Argument(help: "The project folder.") var project: String
    @Option(help: "Revert this change.") var revert: Int64?
    @Flag(help: "Print the changes and the labels now as JSON.") var json = false
    @OptionGroup var identity: IdentityOptions

    /// `schema --json`.
    struct Listing: Encodable {
        struct Change: Encodable {
            var version: Int64
            var kind: String
            var sources: [String]
            var target: String
            var made_by: String?
            var reverted: Bool
        }
        var changes: [Change]
        var labels: [String]
    }

    func execute() throws {
        let opened = try Project(path: project, access: revert == nil ? .reading : .writing)
        if let revert {
            let by = try identity.enroll(opened, for: .manageProject).person.name
            try opened.store.revertSchemaChange(revert, by: by)
            printSafe("Schema change \(revert) reverted; labels read as before it.")
        }
        let entries = try opened.store.schemaChanges()
        if json {
            try printJSON(Listing(changes: entries.map {
                Listing.Change(version: $0.change.id, kind: $0.change.kind.rawValue, sources: $0.change.sources,
                               target: $0.change.target, made_by: $0.madeBy, reverted: $0.reverted)
            }, labels: try opened.labelSet().answerNames))
            return
        }
        var table = TextTable("version", "change", "by", "state")
        for entry in entries {
            let change = entry.change
            table.add(String(change.id), "\(change.kind.rawValue) \(change.sources.joined(separator: " + ")) → \(change.target)",
                      entry.madeBy ?? "", entry.reverted ? "reverted" : "in force")
        }
        printSafe(entries.isEmpty ? "No schema changes: labels are read as concord.yaml defines them." : table.text)
        printSafe("Labels now: " + (try opened.labelSet().answerNames.joined(separator: ", ")))
    }
}

struct RequeueCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "requeue",
        abstract: "Send the items labeled under a superseded guideline version back to the labelers.",
        discussion: "Every current answer made in round R is retracted (appended, attributed); assignment then serves those items again.")

    @Argument(help: "The project folder.") var project: String
    @Option(help: "The round: its number or guideline hash prefix (see `concord agreement`).") var round: String
    @OptionGroup var identity: IdentityOptions

    func execute() throws {
        let opened = try Project(path: project)
        let who = try identity.enroll(opened, for: .manageProject)
        let count = try opened.store.requeue(round: round, by: who.person.name, enteredBy: who.enteredBy?.name)
        printSafe("\(grouped(count)) answers from round \(round) taken back; their items go back to the labelers.")
    }
}
