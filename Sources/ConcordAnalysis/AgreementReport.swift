/// Every figure of SPEC §4 for one selection of a project's answers, as the `--json` document
/// (keys in snake_case, numbers at full precision, null where the data cannot define a figure).
public struct AgreementReport: Sendable, Codable {
    public struct PairKappa: Sendable, Codable, Equatable {
        public var a: String
        public var b: String
        public var n: Int
        @NullEncodable public var kappa: Double?
    }

    public struct LabelFigures: Sendable, Codable {
        public var label: String
        /// Answers with this label, and their share of all answers.
        public var n: Int
        @NullEncodable public var share: Double?
        @NullEncodable public var specific_agreement: Double?
        @NullEncodable public var hlp: Double?
        @NullEncodable public var hlp_low: Double?
        @NullEncodable public var hlp_high: Double?
        /// Individual labels behind the HLP figure.
        public var hlp_n: Int
        /// HLP against the audit reference on audited items whose reference is this label; null
        /// until there is an audit.
        @NullEncodable public var hlp_reference: ReferenceHLP?
    }

    public struct SliceFigures: Sendable, Codable {
        public var field: String
        public var value: String
        /// Items in the slice (with at least one answer), and their share of all such items.
        public var n: Int
        @NullEncodable public var share: Double?
        public var items_multi: Int
        @NullEncodable public var percent_agreement: Double?
        @NullEncodable public var krippendorff_alpha: Double?
        @NullEncodable public var hlp: Double?
        @NullEncodable public var hlp_low: Double?
        @NullEncodable public var hlp_high: Double?
        public var hlp_n: Int
        @NullEncodable public var hlp_reference: ReferenceHLP?
    }

    public struct RoundFigures: Sendable, Codable {
        public var round: Int
        public var guideline_version: String
        public var items: Int
        public var items_multi: Int
        @NullEncodable public var percent_agreement: Double?
        @NullEncodable public var krippendorff_alpha: Double?
    }

    public struct LabelerFigures: Sendable, Codable {
        public var labeler: String
        public var answers: Int
        /// Share of answers equal to the consensus of the other labelers (items where they have one).
        @NullEncodable public var consensus_agreement: Double?
        @NullEncodable public var consensus_low: Double?
        @NullEncodable public var consensus_high: Double?
        public var consensus_n: Int
        @NullEncodable public var median_seconds: Double?
        @NullEncodable public var borderline_share: Double?
        @NullEncodable public var unintelligible_share: Double?
        @NullEncodable public var mean_kappa: Double?
    }

    public var categories: [String]
    public var scale: String
    public var alpha_metric: String
    public var exclude_special: Bool
    @NullEncodable public var round: String?
    public var items: Int
    public var items_multi: Int
    public var labelers: Int
    public var annotations: Int
    @NullEncodable public var percent_agreement: Double?
    /// The primary α: ordinal on an ordered label set (over the scale labels), else nominal.
    @NullEncodable public var krippendorff_alpha: Double?
    @NullEncodable public var krippendorff_alpha_nominal: Double?
    @NullEncodable public var krippendorff_alpha_ordinal: Double?
    @NullEncodable public var alpha_low: Double?
    @NullEncodable public var alpha_high: Double?
    public var bootstrap_replicates: Int
    public var bootstrap_seed: UInt64
    @NullEncodable public var fleiss_kappa: Double?
    @NullEncodable public var gwet_ac1: Double?
    public var cohen_kappa: [PairKappa]
    /// Light's κ: the mean of the pairwise Cohen's κ.
    @NullEncodable public var mean_cohen_kappa: Double?
    /// Pairwise HLP: each individual label scores the share of the other labels on its item that
    /// equal it; the mean over labels. Adjudications never enter it.
    @NullEncodable public var hlp: Double?
    @NullEncodable public var hlp_low: Double?
    @NullEncodable public var hlp_high: Double?
    public var hlp_n: Int
    /// HLP against the audit reference (the blind labels of a random sample); null until there
    /// is an audit. Never pooled with the pairwise figure.
    @NullEncodable public var hlp_reference: ReferenceHLP?
    /// Items with an adjudicated label (the export's label; not an HLP reference).
    public var adjudicated_items: Int
    public var per_label: [LabelFigures]
    public var per_slice: [SliceFigures]?
    public var per_round: [RoundFigures]
    public var labeler_figures: [LabelerFigures]
    /// coincidence[c][k]: Krippendorff's coincidence matrix between labels (pairable items).
    public var coincidence: [[Double]]
    /// The sections left out because the reader may not see individual answers (a labeler):
    /// empty for reviewers and admins.
    public var withheld: [String] = []
    /// Each labeler's consistency with themselves (retests); null when there are none.
    @NullEncodable public var test_retest: TestRetestReport? = nil
    /// With adaptive overlap, the agreement of every item's first labels; null with a fixed k.
    @NullEncodable public var adaptive_overlap: AdaptiveOverlapFigures? = nil

    /// The report as a labeler may read it: aggregate figures, and their own row of the
    /// per-labeler figures; the per-pair κ and everyone else's figures are withheld.
    public func withIndividualFiguresWithheld(keeping labeler: String) -> AgreementReport {
        var report = self
        report.cohen_kappa = []
        report.labeler_figures = labeler_figures.filter { $0.labeler == labeler }
        report.withheld = ["cohen_kappa", "labeler_figures (other labelers)", "test_retest.per_labeler (other labelers)"]
        report.test_retest?.per_labeler.removeAll { $0.labeler != labeler }
        return report
    }
}
