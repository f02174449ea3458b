import ConcordAnalysis
import ConcordStore
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordTUI
import Foundation

struct ExportCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write cleaned, stratified, group-aware, reproducible train/dev/test splits with a manifest and a dataset card.",
        discussion: """
            Each item gets its adjudicated label, else the unanimous answer, else a strict majority \
            with at least --min-agreement of the answers; the rest is left out and counted by reason \
            in manifest.json. The same database, options and seed give byte-identical files.
            Formats: jsonl (default) and csv write train, dev and test files. hf writes a Hugging Face \
            dataset folder (data/train.jsonl, data/validation.jsonl, data/test.jsonl, and a README.md \
            whose metadata declares the splits and the label as a ClassLabel) that \
            datasets.load_dataset(DIR) loads as it is. label-studio writes Label Studio tasks \
            (train.json, dev.json, test.json) with every labeler's answer as an annotation and the \
            exported label as the ground truth, and the project's labeling interface (label_config.xml).
            Example: concord export Projects/voice-assistant --out exports/v1 --stratify-by label,condition --balance cap:3
            Example: concord export Projects/voice-assistant --out exports/hf --format hf
            """)

    @Argument(help: "The project folder.") var project: String
    @Option(help: "The folder to create (it must not exist, unless --force).") var out: String
    @Option(help: "JSONL or CSV files, a Hugging Face dataset folder (hf), or Label Studio tasks (label-studio).")
    var format: ExportOptions.Format = .jsonl
    @Option(help: "Train, dev and test shares, e.g. 80,10,10.") var ratios = SplitRatios(argument: "80,10,10")!
    @Option(help: "Seed of the split.") var seed: UInt64 = 42
    @Option(help: "Strata: label and/or metadata fields, comma-separated.") var stratifyBy: String = "label"
    @Option(help: "Keep each value of this field in one split (default: the config's group field; 'none' to turn off).") var groupBy: String?
    @Option(help: "An item without a value in the group field: error (refuse the export) or own (a group of its own).")
    var missingGroup: ExportOptions.MissingGroup = .error
    @Option(help: "none, undersample, or cap:R (train only).") var balance: ExportOptions.Balance = .none
    @Option(help: "Minimum share of answers behind a majority label.") var minAgreement: Double = 0.5
    @Option(help: "drop, keep, or map:LABEL for items whose consensus is borderline.") var borderline: ExportOptions.SpecialPolicy = .drop
    @Option(help: "drop or keep for items whose consensus is unintelligible.") var unintelligible: ExportOptions.SpecialPolicy = .drop
    @Option(name: .customLong("dev-test"), help: "Which items dev and test may hold.") var devTest: DevTestItems = .any
    @Option(help: "How an item's label is chosen where no reviewer adjudicated: majority (with --min-agreement) or dawid-skene.")
    var consensus: ConsensusLabels.Method = .majority
    @Flag(help: "Replace --out if it holds an earlier export (never any other folder).") var force = false
    @Flag(help: "Print the manifest as JSON.") var json = false
    @Flag(help: "Print how each split would represent the whole, and write nothing.") var dryRun = false

    func validate() throws {
        if case .map = unintelligible { throw ValidationError("--unintelligible is drop or keep") }
        guard ratios.shares.reduce(0, +) > 0 else { throw ValidationError("--ratios needs a share above 0") }
        guard (0...1).contains(minAgreement) else { throw ValidationError("--min-agreement is a share between 0 and 1") }
    }

    func execute() throws {
        let opened = try Project(path: project, access: .reading)
        // A dataset holds each item's label: an item one person labeled shows their answer.
        try IdentityOptions.identify(opened).require(.readAnswers)
        var options = ExportOptions()
        options.format = format
        options.ratios = ratios.shares
        options.seed = seed
        options.stratifyBy = stratifyBy.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        options.groupBy = groupBy == "none" ? nil : (groupBy ?? opened.config.groupField)
        options.balance = balance
        options.minAgreement = minAgreement
        options.borderline = borderline
        options.unintelligible = unintelligible
        options.devTestAdjudicatedOnly = devTest == .adjudicatedOnly
        options.consensus = consensus
        options.missingGroup = missingGroup

        let exporter = Exporter(project: opened, options: options)
        if dryRun {
            let preview = try exporter.preview()
            if json { try printJSON(preview.representation); return }
            printSafe("Dry run: \(grouped(preview.itemsExported)) of \(grouped(preview.itemsWithAnswers)) items would be exported; nothing was written.")
            printSafe("  " + Exporter.splitNames.map { "\($0) \(grouped(preview.rows[$0] ?? 0))" }.joined(separator: " · "))
            printLeftOut(preview.leftOut)
            printRepresentation(preview.representation)
            return
        }
        // A signal (Ctrl-C, kill, a dropped ssh session) removes the unfinished export.
        InterruptedExport.removeOnSignals()
        let manifest = try exporter.run(to: URL(fileURLWithPath: out), overwrite: force)
        if json { try printJSON(manifest); return }
        printSafe("Exported \(grouped(manifest.items_exported)) of \(grouped(manifest.items_with_answers)) items to \(out)/")
        let width = max(12, manifest.files.map(\.file.count).max() ?? 0)
        for file in manifest.files { printSafe("  \(file.file.padding(toLength: width, withPad: " ", startingAt: 0)) \(grouped(file.rows).leftPad(9)) items") }
        printLeftOut(manifest.left_out)
        printRepresentation(manifest.representation)
        printSafe("  manifest.json and README.md say what is in it, how it was made and what was left out")
        if format == .labelStudio { printSafe("  \(LabelStudioConfig.fileName) is the Label Studio labeling interface the tasks fit") }
    }

    private func printLeftOut(_ leftOut: [String: Int]) {
        guard !leftOut.isEmpty else { return }
        printSafe("  left out: " + leftOut.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }.joined(separator: " · "))
    }

    /// Per split: groups, sizes and the largest share deviations from the whole.
    private func printRepresentation(_ representation: SplitRepresentation) {
        let (header, rows) = representation.rows()
        var table = TextTable(row: header)
        for row in rows { table.add(row: row) }
        printSafe("")
        printSafe(table.text)
        for warning in representation.warnings { Console.note("warning: \(warning)") }
    }
}
