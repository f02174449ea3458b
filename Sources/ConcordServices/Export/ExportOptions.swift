import ConcordDomain

/// How `concord export` cleans, splits, balances and writes a dataset.
public struct ExportOptions: Sendable, Equatable {
    public enum Format: String, Sendable, Codable, CaseIterable {
        case jsonl, csv
        /// A Hugging Face dataset folder: JSON Lines under `data/`, and a card whose YAML declares
        /// the splits and the label as a ClassLabel, so `datasets.load_dataset(DIR)` loads it as it is.
        case hf
        /// Label Studio tasks: every labeler's answer as an annotation, the exported label as the ground truth.
        case labelStudio = "label-studio"

        /// The file a split is written to, relative to the export folder. hf: `data/SPLIT.jsonl`,
        /// the Hub's layout, which keeps the data apart from manifest.json and the card; named by
        /// the split names `datasets` uses (Concord's dev is its validation), so that even without
        /// the card's metadata `datasets` finds each split by its file name.
        public func fileName(forSplit split: String) -> String {
            switch self {
            case .jsonl, .csv: return "\(split).\(rawValue)"
            case .hf: return "data/\(HuggingFaceCard.splitName(split)).jsonl"
            case .labelStudio: return "\(split).json"
            }
        }
    }
    public enum Balance: Sendable, Equatable {
        case none
        /// Every class in train down to the smallest class's count.
        case undersample
        /// No class in train above R × the smallest class's count.
        case cap(Double)
    }
    public enum SpecialPolicy: Sendable, Equatable {
        case drop
        case keep
        /// Count the item as this label instead.
        case map(String)
    }

    /// What to do with an item that has no value in the group field.
    public enum MissingGroup: String, Sendable, Equatable, CaseIterable {
        /// Refuse the export: a missing group silently leaks whatever the group was meant to hold together.
        case error
        /// Keep each such item in a group of its own.
        case own
    }

    public var format: Format = .jsonl
    /// Train, dev, test shares (any positive numbers; normalised).
    public var ratios: [Double] = [80, 10, 10]
    public var seed: UInt64 = 42
    /// Strata: "label" and/or metadata fields.
    public var stratifyBy: [String] = ["label"]
    /// Metadata field (or the config's group field) whose items stay in one split; nil: none.
    public var groupBy: String?
    public var missingGroup: MissingGroup = .error
    public var balance: Balance = .none
    /// Minimum share of labels that must agree for a majority consensus (strict majority always).
    public var minAgreement: Double = 0.5
    public var borderline: SpecialPolicy = .drop
    public var unintelligible: SpecialPolicy = .drop
    /// Dev and test only from adjudicated items (the rest go to train).
    public var devTestAdjudicatedOnly = false
    /// How an item's label is chosen when no reviewer adjudicated it: majority vote (a strict
    /// majority of at least `minAgreement`), or Dawid–Skene's most probable label.
    public var consensus: ConsensusLabels.Method = .majority

    public init() {}

    public var balanceText: String {
        switch balance {
        case .none: return "none"
        case .undersample: return "undersample"
        case .cap(let ratio): return "cap:\(ratio)"
        }
    }

    /// What happens to items whose consensus is `special`.
    func policy(for special: SpecialLabel) -> SpecialPolicy { special == .borderline ? borderline : unintelligible }

    static func policyText(_ policy: SpecialPolicy) -> String {
        switch policy {
        case .drop: return "drop"
        case .keep: return "keep"
        case .map(let label): return "map:\(label)"
        }
    }
}
