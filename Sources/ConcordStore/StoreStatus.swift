

/// Counts that say where a project stands.
public struct StoreStatus: Sendable, Equatable, Codable {
    public var items: Int
    public var labelers: Int
    /// Current answers (the latest answer of each labeler on each item).
    public var annotations: Int
    /// Every entry of the annotation log: answers, changes, undos and skips.
    public var events: Int
    /// Items by how many current answers they have: coverage[n] = items with n labels.
    public var coverage: [Int: Int]
    /// Of those, the items whose answers all agree: unanimous[n] (n ≥ 1). Adaptive overlap stops there.
    public var unanimous: [Int: Int] = [:]
    /// Of the rest (answers that disagree), the items a reviewer has settled: settled[n].
    public var settled: [Int: Int] = [:]
    /// Current answers per label name.
    public var labelCounts: [String: Int]
    /// Current answers per labeler name.
    public var labelerCounts: [String: Int]
    public var adjudicated: Int
    public var guidelineVersions: Int
    public var imports: Int

    public init(items: Int, labelers: Int, annotations: Int, events: Int, coverage: [Int: Int], labelCounts: [String: Int], labelerCounts: [String: Int], adjudicated: Int, guidelineVersions: Int, imports: Int) {
        self.items = items
        self.labelers = labelers
        self.annotations = annotations
        self.events = events
        self.coverage = coverage
        self.labelCounts = labelCounts
        self.labelerCounts = labelerCounts
        self.adjudicated = adjudicated
        self.guidelineVersions = guidelineVersions
        self.imports = imports
    }
}
