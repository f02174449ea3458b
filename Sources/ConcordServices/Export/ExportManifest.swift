import ConcordStore
import ConcordFormats
import ConcordDomain
import ConcordAnalysis

/// `manifest.json`: everything needed to know what an export holds and to reproduce it. It has
/// no timestamp, so the same database, options and seed give a byte-identical manifest too.
public struct ExportManifest: Codable, Sendable {
    public struct Options: Codable, Sendable {
        public var format: String
        public var ratios: [Double]
        public var seed: UInt64
        public var stratify_by: [String]
        @NullEncodable public var group_by: String?
        public var missing_group: String
        public var balance: String
        public var min_agreement: Double
        public var borderline: String
        public var unintelligible: String
        public var dev_test: String
        /// How labels were chosen where no reviewer adjudicated: majority or dawid-skene.
        public var consensus: String
    }

    public struct File: Codable, Sendable {
        public var split: String
        public var file: String
        public var rows: Int
        public var sha256: String
    }

    public struct StratumDeviation: Codable, Sendable {
        public var stratum: String
        public var split: String
        public var count: Int
        public var exact: Double
        public var deviation: Double
    }

    public struct Agreement: Codable, Sendable {
        public var items_multi: Int
        @NullEncodable public var krippendorff_alpha: Double?
        @NullEncodable public var percent_agreement: Double?
        @NullEncodable public var gwet_ac1: Double?
    }

    public var concord_export_format: Int
    public var project: String
    public var options: Options
    public var files: [File]
    /// Items per split and label.
    public var counts: [String: [String: Int]]
    /// Items per split and stratum (when strata include fields beyond the label).
    public var counts_by_stratum: [String: [String: Int]]?
    /// The largest |count − exact share| over strata and splits, and every stratum's detail.
    public var max_stratum_deviation: Double
    public var stratification: [StratumDeviation]
    @NullEncodable public var groups: Int?
    /// How each split represents the whole: label and field shares, groups, deviations.
    public var representation: SplitRepresentation
    public var items_with_answers: Int
    public var items_exported: Int
    public var left_out: [String: Int]
    public var agreement: Agreement
    @NullEncodable public var guideline_version: String?
    public var schema_version: String
    public var schema_changes: [String]
}
