/// What a project's `concord.yaml` says: the label set, how many labels each item needs, the
/// guideline file, and which metadata fields are slices or the group key.
public struct ProjectConfig: Sendable, Equatable {
    public var name: String
    public var description: String
    public var labelSet: LabelSet
    /// Labels wanted per item: a fixed k, or a range for adaptive overlap. Assignment stops
    /// serving an item once it has what it needs.
    public var labelersPerItem: LabelsPerItem
    /// Items shown again to the same labeler, blind, to measure their consistency.
    public var retest = RetestPolicy.off
    /// Path of the guideline Markdown file, relative to the config file.
    public var guidelines: String?
    /// Metadata fields that act as slices in every per-category figure.
    public var sliceFields: [String]
    /// Metadata field that groups items (speaker, document, patient) for leakage-free splits.
    public var groupField: String?
    /// Files (relative to the config) imported when the project's database is first created.
    public var seedData: [String]
    /// Thresholds of `concord check`.
    public var checks = CheckThresholds()
    /// Who is at the keyboard: the OS account (default), or whoever `--as` declares.
    public var identity = IdentityMode.accounts

    public init(
        name: String, description: String = "", labelSet: LabelSet, labelersPerItem: LabelsPerItem = 3,
        guidelines: String? = nil, sliceFields: [String] = [], groupField: String? = nil, seedData: [String] = []
    ) throws {
        self.name = name
        self.description = description
        self.labelSet = labelSet
        self.labelersPerItem = labelersPerItem
        self.guidelines = guidelines
        self.sliceFields = sliceFields
        self.groupField = groupField
        self.seedData = seedData
        for field in sliceFields + (groupField.map { [$0] } ?? []) {
            if let problem = Names.problem(field) { throw ConfigError.invalid("the field name '\(Names.inert(field))' \(problem)") }
        }
        if let groupField, sliceFields.contains(groupField) {
            throw ConfigError.invalid("'\(groupField)' is the group field; it cannot also be a slice field")
        }
    }

    /// Metadata fields the project knows by name: slices, then the group field.
    public var declaredFields: [String] { sliceFields + (groupField.map { [$0] } ?? []) }
}
