/// HLP against a reference (SPEC §4): the share of individual labels that equal the audit
/// reference, on the audit sample only. The audit sample is drawn uniformly at random and labeled
/// blind, so this is an unbiased estimate of how often a labeler gives the right answer; the
/// disagreement queue's adjudications are not (they are exactly the hard items) and never count.
public struct ReferenceCounts: Sendable, Equatable {
    /// Per reference category: labels on audited items of that reference, and those equal to it.
    public private(set) var matches: [Int]
    public private(set) var labels: [Int]
    public private(set) var items: [Int]

    public init(categoryCount: Int) {
        matches = Array(repeating: 0, count: categoryCount)
        labels = matches
        items = matches
    }

    /// Adds an audited item: its reference category and its labels' counts per category.
    public mutating func add(reference: Int, matching: Int, labels count: Int) {
        guard count > 0 else { return }
        matches[reference] += matching
        labels[reference] += count
        items[reference] += 1
    }

    public mutating func merge(_ other: ReferenceCounts) {
        for k in matches.indices {
            matches[k] += other.matches[k]
            labels[k] += other.labels[k]
            items[k] += other.items[k]
        }
    }

    /// The figure for one reference category, or over all of them; nil before any audit.
    public func figure(category k: Int? = nil) -> ReferenceHLP? {
        let matched = k.map { matches[$0] } ?? matches.reduce(0, +)
        let total = k.map { labels[$0] } ?? labels.reduce(0, +)
        let audited = k.map { items[$0] } ?? items.reduce(0, +)
        guard total > 0 else { return nil }
        return ReferenceHLP(Proportion(share: Double(matched) / Double(total), n: total), items: audited)
    }
}

/// HLP against the audit reference, as reports print it: the share with its Wilson interval over
/// the labels, how many labels, and on how many audited items. The labels on one item are not
/// independent, so the interval is optimistic.
public struct ReferenceHLP: Sendable, Codable, Equatable {
    public var value: Double
    public var low: Double
    public var high: Double
    /// Individual labels compared with the reference.
    public var n: Int
    /// Audited items they sit on.
    public var items: Int

    init(_ proportion: Proportion, items: Int) {
        value = proportion.value ?? 0
        low = proportion.low ?? 0
        high = proportion.high ?? 1
        n = proportion.n
        self.items = items
    }
}
