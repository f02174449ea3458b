/// The thresholds of `concord check` (the `checks:` setting of concord.yaml). Every one has a
/// documented default; a project sets only the ones it wants to change. Shares are fractions
/// (0.02 = two percentage points).
public struct CheckThresholds: Sendable, Equatable {
    /// Exported items whose normalised text (case, whitespace, punctuation) is also in another split.
    public var maxLeakedItems = 0.0
    /// Groups with items in more than one split.
    public var maxLeakedGroups = 0.0
    /// Largest difference of a label's share in a split from its share in the whole export.
    public var maxLabelDrift = 0.02
    /// Largest difference of a slice value's share in a split from its share in the whole export.
    public var maxSliceDrift = 0.03
    /// Fewest items of any class in any split.
    public var minItemsPerClass = 1.0
    /// Lowest pairwise HLP of any label with at least `minLabelsForHLP` labels behind it.
    public var minLabelHLP = 0.5
    public var minLabelsForHLP = 20.0
    /// Share of items with fewer than k (`labelers_per_item`) labels.
    public var maxUnderlabeledShare = 0.05
    /// Share of items with answers that the consensus leaves unresolved (a tie, too weak a majority).
    public var maxUnresolvedShare = 0.2
    /// Largest share of one labeler's answers that are borderline or unintelligible.
    public var maxSpecialShare = 0.25
    /// Largest share of items without a value in a slice field.
    public var maxMissingShare = 0.0

    public init() {}

    /// The YAML key of each threshold, its default, and what it bounds: for parsing, `--help` and
    /// the README.
    public static var settings: [(key: String, keyPath: WritableKeyPath<CheckThresholds, Double>, meaning: String)] { [
        ("max_leaked_items", \.maxLeakedItems, "items whose normalised text is also in another split"),
        ("max_leaked_groups", \.maxLeakedGroups, "groups with items in two splits"),
        ("max_label_drift", \.maxLabelDrift, "largest |label share in a split − in the whole|"),
        ("max_slice_drift", \.maxSliceDrift, "largest |slice value share in a split − in the whole|"),
        ("min_items_per_class", \.minItemsPerClass, "fewest items of a class in a split"),
        ("min_label_hlp", \.minLabelHLP, "lowest pairwise HLP of a label"),
        ("min_labels_for_hlp", \.minLabelsForHLP, "labels a label needs before its HLP is checked"),
        ("max_underlabeled_share", \.maxUnderlabeledShare, "share of items that still need labels (fewer than k; adaptive: not settled yet)"),
        ("max_unresolved_share", \.maxUnresolvedShare, "share of labeled items without a consensus"),
        ("max_special_share", \.maxSpecialShare, "largest share of a labeler's answers that are borderline or unintelligible"),
        ("max_missing_share", \.maxMissingShare, "largest share of items without a value in a slice field"),
    ] }
}
