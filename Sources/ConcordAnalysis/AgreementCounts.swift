/// The sufficient statistics of SPEC §4 for a set of items: every coefficient (percent agreement,
/// Fleiss' κ, Gwet's AC1, Krippendorff's α, specific agreement, HLP) is a pure function of these
/// sums. Items are added one at a time as their per-category counts n_ik.
public struct AgreementCounts: Sendable, Equatable {
    public let categoryCount: Int
    /// Items with at least one rating, and with at least two (the pairable ones).
    public private(set) var itemsRated = 0
    public private(set) var itemsMulti = 0
    /// Ratings on all items, and on pairable items only.
    public private(set) var ratings = 0
    public private(set) var ratingsMulti = 0
    /// Σ over pairable items of Σ_k n_ik(n_ik−1) / (n_i(n_i−1)).
    public private(set) var percentAgreementSum = 0.0
    /// Σ over rated items of n_ik / n_i, per category (π_k × itemsRated).
    public private(set) var classShareSum: [Double]
    /// Krippendorff's coincidence matrix o_ck (row-major, K×K), over pairable items.
    public private(set) var coincidence: [Double]
    /// Specific agreement per category: Σ n_ik(n_ik−1) and Σ n_ik(n_i−1), over pairable items.
    public private(set) var agreeingPairs: [Double]
    public private(set) var possiblePairs: [Double]
    /// Pairwise HLP per category, each individual label weighted once: on a pairable item every
    /// label of category k scores the share of the *other* labels that equal it, (n_ik−1)/(n_i−1).
    /// `hlpScore[k]` sums those scores over the labels of k, and `hlpLabels[k]` counts the labels.
    /// Adjudications never enter it: they are not a sample of the items (SPEC §4).
    public private(set) var hlpScore: [Double]
    public private(set) var hlpLabels: [Int]
    /// The same over every category.
    public private(set) var hlpScoreAll = 0.0
    public private(set) var hlpLabelsAll = 0

    public init(categoryCount: Int) {
        self.categoryCount = categoryCount
        classShareSum = Array(repeating: 0, count: categoryCount)
        coincidence = Array(repeating: 0, count: categoryCount * categoryCount)
        agreeingPairs = Array(repeating: 0, count: categoryCount)
        possiblePairs = Array(repeating: 0, count: categoryCount)
        hlpScore = Array(repeating: 0, count: categoryCount)
        hlpLabels = Array(repeating: 0, count: categoryCount)
    }

    /// Adds one item given its counts per category (`counts[k]` = n_ik) and the categories that are
    /// non-zero (for speed on large K).
    public mutating func add(counts: UnsafeBufferPointer<Int32>, present: ArraySlice<Int>) {
        var n = 0
        for k in present { n += Int(counts[k]) }
        guard n > 0 else { return }
        itemsRated += 1
        ratings += n
        let total = Double(n)
        for k in present { classShareSum[k] += Double(counts[k]) / total }

        guard n >= 2 else { return }
        itemsMulti += 1
        ratingsMulti += n
        let pairs = total * (total - 1)
        var agreeing = 0.0
        for k in present {
            let nk = Double(counts[k])
            agreeing += nk * (nk - 1)
            agreeingPairs[k] += nk * (nk - 1)
            possiblePairs[k] += nk * (total - 1)
            hlpScore[k] += nk * (nk - 1) / (total - 1)
            hlpLabels[k] += Int(counts[k])
            // Coincidences: each ordered pair of values within the unit, weighted 1/(m_u − 1).
            for c in present {
                let nc = Double(counts[c])
                coincidence[k * categoryCount + c] += (c == k ? nk * (nk - 1) : nk * nc) / (total - 1)
            }
        }
        percentAgreementSum += agreeing / pairs
        hlpScoreAll += agreeing / (total - 1)
        hlpLabelsAll += n
    }

    /// Convenience for tests: adds an item from its counts array.
    public mutating func add(counts: [Int]) {
        let wide = counts.map(Int32.init)
        let present = Array(counts.indices.filter { counts[$0] > 0 })
        wide.withUnsafeBufferPointer { add(counts: $0, present: present[...]) }
    }

    /// Adds another set of counts (e.g. to total the slices).
    public mutating func merge(_ other: AgreementCounts) {
        precondition(other.categoryCount == categoryCount)
        itemsRated += other.itemsRated
        itemsMulti += other.itemsMulti
        ratings += other.ratings
        ratingsMulti += other.ratingsMulti
        percentAgreementSum += other.percentAgreementSum
        for k in 0..<categoryCount {
            classShareSum[k] += other.classShareSum[k]
            agreeingPairs[k] += other.agreeingPairs[k]
            possiblePairs[k] += other.possiblePairs[k]
            hlpScore[k] += other.hlpScore[k]
            hlpLabels[k] += other.hlpLabels[k]
        }
        for index in coincidence.indices { coincidence[index] += other.coincidence[index] }
        hlpScoreAll += other.hlpScoreAll
        hlpLabelsAll += other.hlpLabelsAll
    }

    /// Pairwise HLP of category k (nil before any pairable label of k), with its Wilson interval
    /// over the labels. Labels on one item are not independent, so the interval is optimistic.
    public func hlp(category k: Int) -> Proportion {
        Proportion(share: hlpLabels[k] > 0 ? hlpScore[k] / Double(hlpLabels[k]) : nil, n: hlpLabels[k])
    }

    /// Pairwise HLP over every category.
    public var hlp: Proportion {
        Proportion(share: hlpLabelsAll > 0 ? hlpScoreAll / Double(hlpLabelsAll) : nil, n: hlpLabelsAll)
    }
}
