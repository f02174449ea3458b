import ConcordDomain

/// Which answers a report reads: all of them, one round's, with or without the special labels,
/// and which metadata field (if any) splits them into slices.
public struct AgreementQuery: Sendable {
    /// A metadata field (or the group field) whose values become slices.
    public var sliceField: String?
    /// A round: its number (1 = the first guideline version seen) or a guideline hash prefix.
    public var round: String?
    /// Leave `borderline` and `unintelligible` answers out (K shrinks accordingly).
    public var excludeSpecial: Bool
    /// Load model predictions too (for the gap table and evaluation).
    public var withPredictions: Bool
    /// Whose predictions: a model's name; nil: the model named `model`, else the only one.
    public var model: String?
    /// Load every model's predictions (evaluation side by side); the table holds `model`'s.
    public var allModels = false
    /// Read the labels as of this schema version (a schema change id; 0: before any change;
    /// nil: with every change in force).
    public var schemaVersion: Int64?
    /// One more change, not recorded: the what-if preview of a merge or rename.
    public var whatIf: SchemaChange?
    /// Only each item's first n answers, in the order they were given: under adaptive overlap,
    /// the answers every item got, before disagreement asked for more.
    public var firstAnswersPerItem: Int?

    public init(sliceField: String? = nil, round: String? = nil, excludeSpecial: Bool = false, withPredictions: Bool = false) {
        self.sliceField = sliceField
        self.round = round
        self.excludeSpecial = excludeSpecial
        self.withPredictions = withPredictions
    }
}

/// A query that names something the project does not have.
public struct QueryError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
