/// The YAML front matter of an `--format hf` dataset card: what lets `datasets.load_dataset(DIR)`
/// load the folder as it is. One config, `default`, whose `data_files` name each split's file, and
/// the features, the label among them as a ClassLabel whose names are the label set in order.
///
/// `dataset_info.splits` is left out on purpose: `datasets` checks the counts written there against
/// the files it reads and refuses to load when they differ.
enum HuggingFaceCard {
    /// The split name `datasets` uses for a Concord split: Concord's dev is its validation.
    static func splitName(_ split: String) -> String { split == "dev" ? "validation" : split }

    /// `columns` are the files' columns in order (`DatasetFile.header`); every value that comes
    /// from the project is quoted, so no name can break the YAML.
    static func frontMatter(title: String, files: [ExportManifest.File], columns: [String], classNames: [String]) -> String {
        var lines = ["---", "pretty_name: \(YAMLScalar.quoted(title))", "configs:", "- config_name: default", "  data_files:"]
        // `datasets` cannot load an empty split ("corresponds to no data"), so one is not declared.
        let declared = files.filter { $0.rows > 0 }
        for file in declared.isEmpty ? files : declared {
            lines += ["  - split: \(splitName(file.split))", "    path: \(YAMLScalar.quoted(file.file))"]
        }
        lines += ["dataset_info:", "  config_name: default", "  features:"]
        for column in columns {
            lines.append("  - name: \(YAMLScalar.quoted(column))")
            // A metadata field with one of these names is written as `meta_NAME`: the names are the file's own.
            switch column {
            case "label":
                // Keys as strings, as the Hub writes them.
                lines += ["    dtype:", "      class_label:", "        names:"]
                lines += classNames.enumerated().map { "          \"\($0.offset)\": \(YAMLScalar.quoted($0.element))" }
            case "n_labels": lines.append("    dtype: int64")
            case "agreement": lines.append("    dtype: float64")
            default: lines.append("    dtype: string")
            }
        }
        return (lines + ["---", ""]).joined(separator: "\n")
    }
}
