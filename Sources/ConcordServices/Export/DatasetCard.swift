/// The `README.md` dataset card: what the export holds, how it was made, what was left out and
/// why, and how to load it. (`--format hf` puts `HuggingFaceCard`'s front matter above it.)
enum DatasetCard {
    /// `classes`: the labels in class order, for the formats that number them (hf, label-studio).
    static func markdown(_ manifest: ExportManifest, project: Project, options: ExportOptions, classes: [String] = []) -> String {
        var lines = ["# \(manifest.project): dataset", ""]
        if !project.config.description.isEmpty { lines += [project.config.description, ""] }
        lines += ["Exported by Concord from the project's labels. Same database, options and seed give byte-identical files.", ""]
        lines += ["## Files", "", "| split | file | items | SHA-256 |", "|---|---|---|---|"]
        for file in manifest.files { lines.append("| \(file.split) | `\(file.file)` | \(file.rows) | `\(file.sha256.prefix(16))…` |") }
        lines += ["", contents(options, classes: classes), ""]
        lines += ["## Labels per split", "", "| label | " + manifest.files.map(\.split).joined(separator: " | ") + " |",
                  "|---|" + String(repeating: "---|", count: manifest.files.count)]
        let labels = Set(manifest.counts.values.flatMap(\.keys)).sorted()
        for label in labels {
            lines.append("| \(label) | " + manifest.files.map { String(manifest.counts[$0.split]?[label] ?? 0) }.joined(separator: " | ") + " |")
        }
        lines += ["", "## How it was made", ""]
        switch options.consensus {
        case .majority:
            lines.append("- **Label per item:** the adjudicated label; else the unanimous answer; else a strict majority holding at least \(Int(options.minAgreement * 100))% of the answers. Items with none of these are left out.")
        case .dawidSkene:
            lines.append("- **Label per item:** the adjudicated label; else the most probable label under a Dawid–Skene model of the labelers (each labeler's confusion matrix and the class priors, estimated by EM from every answer).")
        }
        lines.append("- **Special labels:** borderline → \(ExportOptions.policyText(options.borderline)), unintelligible → \(ExportOptions.policyText(options.unintelligible)).")
        let ratios = options.ratios.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }.joined(separator: "/")
        lines.append("- **Splits:** train/dev/test \(ratios), stratified by \(options.stratifyBy.joined(separator: " × ")); every stratum's count in every split is within one of its exact share unless groups prevent it (largest deviation here: \(manifest.max_stratum_deviation)).")
        if let group = options.groupBy {
            lines.append("- **Groups:** all items of a `\(group)` stay in one split (\(manifest.groups ?? 0) groups): no leakage between splits.")
        }
        if options.groupBy != nil && options.missingGroup == .own {
            lines.append("- **Items without a group** are each a group of their own (`--missing-group own`).")
        }
        lines.append("- **Balance:** \(options.balanceText) (applied to train only; dev and test keep the natural distribution).")
        if options.devTestAdjudicatedOnly { lines.append("- **Dev and test** hold adjudicated items only.") }
        lines.append("- **Seed:** \(options.seed). Guideline version: `\(manifest.guideline_version?.prefix(12) ?? "none")`. Schema: `\(manifest.schema_version)`.")
        lines += ["", "## How each split represents the whole", ""]
        lines.append("Shares of every label and of every value of each slice field, compared with the whole export; groups and their sizes. A deviation is the largest difference of a share from the whole's, in share points (0.010 = one percentage point).")
        lines.append("")
        let (header, rows) = manifest.representation.rows()
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: header.count))
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        for warning in manifest.representation.warnings { lines.append("\n**Warning:** \(warning)") }
        lines += ["", "## Left out", ""]
        if manifest.left_out.isEmpty {
            lines.append("Nothing: every item with answers is in a split.")
        } else {
            let reasons: [String: String] = [
                "no_answers": "no answers", "tie_or_no_majority": "the answers tie or have no strict majority",
                "below_min_agreement": "the majority holds less than the minimum share",
                "borderline": "the consensus is borderline", "unintelligible": "the consensus is unintelligible",
                "balanced_out_of_train": "removed from train by balancing",
            ]
            lines += ["| reason | items |", "|---|---|"]
            for (reason, count) in manifest.left_out.sorted(by: { $0.key < $1.key }) {
                lines.append("| \(reasons[reason] ?? reason) | \(count) |")
            }
        }
        lines += ["", "## Agreement", ""]
        func value(_ number: Double?) -> String { number.map { String(format: "%.3f", $0) } ?? "—" }
        lines.append("Krippendorff's α \(value(manifest.agreement.krippendorff_alpha)), Gwet's AC1 \(value(manifest.agreement.gwet_ac1)), percent agreement \(value(manifest.agreement.percent_agreement)) over \(manifest.agreement.items_multi) items with at least two answers.")
        lines += [""] + loading(options.format, files: manifest.files) + [""]
        return lines.joined(separator: "\n")
    }

    /// What a record (or a task) of the split files holds.
    static func contents(_ options: ExportOptions, classes: [String]) -> String {
        let group = options.groupBy != nil ? ", `group`" : ""
        let rest = "the item's metadata fields, `n_labels` (answers behind the label), `agreement` (share of answers equal to the label), `consensus` (adjudicated, unanimous, majority or dawid-skene)."
        let numbered = classes.enumerated().map { "\($0.offset) = `\($0.element)`" }.joined(separator: ", ")
        switch options.format {
        case .jsonl, .csv:
            return "Columns: `id`, `text`, `label`\(group), " + rest
        case .hf:
            return "Columns: `id`, `text`, `label` (the class index: \(numbered)), `label_name` (the label itself)\(group), " + rest
        case .labelStudio:
            return "Each file is a JSON array of Label Studio tasks. A task's `id` is the item's row id in the project; `data` holds `text`, `item` (the item id)\(group), and the item's metadata fields; `annotations` holds every labeler's current answer (`completed_by.email` is the labeler's name, `lead_time` the seconds the answer took, when known) and, marked `ground_truth`, the exported label, by `\(LabelStudioFile.consensusAnnotator)`. The choices are \(classes.map { "`\($0)`" }.joined(separator: ", ")); `\(LabelStudioConfig.fileName)` is the labeling interface they fit."
        }
    }

    /// How to load the files, for the format they are in.
    static func loading(_ format: ExportOptions.Format, files: [ExportManifest.File]) -> [String] {
        switch format {
        case .jsonl, .csv:
            let ext = format.rawValue
            return ["## Loading", "", "```python", "import pandas as pd",
                    ext == "jsonl" ? "train = pd.read_json(\"train.jsonl\", lines=True)" : "train = pd.read_csv(\"train.csv\", keep_default_na=False)",
                    "", "from datasets import load_dataset",
                    "ds = load_dataset(\"\(ext == "jsonl" ? "json" : "csv")\", data_files={\"train\": \"train.\(ext)\", \"validation\": \"dev.\(ext)\", \"test\": \"test.\(ext)\"})",
                    "```"]
        case .hf:
            var lines = ["## Loading", "", "```python", "from datasets import load_dataset",
                         "ds = load_dataset(\"path/to/this/folder\")  # splits train, validation (Concord's dev), test",
                         "ds[\"train\"].features[\"label\"].names     # the classes, in label-set order", "",
                         "import pandas as pd", "train = pd.read_json(\"\(format.fileName(forSplit: "train"))\", lines=True)", "```"]
            let empty = files.filter { $0.rows == 0 }.map { "`\(HuggingFaceCard.splitName($0.split))`" }
            if !empty.isEmpty && empty.count < files.count {
                lines += ["", "Empty, so not declared in the metadata above (`datasets` cannot load an empty split): \(empty.joined(separator: ", "))."]
            }
            return lines
        case .labelStudio:
            return ["## Importing into Label Studio", "",
                    "1. Create a project whose labeling interface is `\(LabelStudioConfig.fileName)` (Settings → Labeling Interface → Code).",
                    "2. Import `train.json`, `dev.json` and/or `test.json` into it.", "",
                    "Label Studio gives each annotation to the member whose email is its `completed_by.email` and refuses an email it does not know, unless it runs with `LABEL_STUDIO_ALLOW_IMPORT_TASKS_WITH_UNKNOWN_EMAILS=true` (then such annotations are the importing user's)."]
        }
    }
}
