import ConcordDomain

/// What a rating table is read for: the categories it counts (in label-set order, special labels
/// last unless left out), the query, and how recorded labels map to labels now.
public struct RatingsRequest: Sendable {
    public var categories: [String]
    /// The ordered labels' category indices, lowest first (nil: a nominal scale).
    public var ordinalCategories: [Int]?
    public var query: AgreementQuery
    /// A recorded label → what it counts as now, after the schema changes in force.
    public var mapping: @Sendable (String) -> String
    /// The config's group field and slice fields (a slice may be either, or any metadata field).
    public var groupField: String?
    public var sliceFields: [String]

    public init(categories: [String], ordinalCategories: [Int]?, query: AgreementQuery,
                mapping: @escaping @Sendable (String) -> String, groupField: String?, sliceFields: [String]) {
        self.categories = categories
        self.ordinalCategories = ordinalCategories
        self.query = query
        self.mapping = mapping
        self.groupField = groupField
        self.sliceFields = sliceFields
    }
}
