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
    /// HLP per category: matches and comparisons, mixing adjudicated items (individual labels
    /// against the reference, by reference category) and the others (pairs, as specific agreement),
    /// and how many individual labels stand behind each.
    public private(set) var hlpMatches: [Double]
    public private(set) var hlpComparisons: [Double]
    public private(set) var hlpLabels: [Int]
    /// HLP over all categories, pooled the same way.
    public private(set) var hlpMatchesAll = 0.0
    public private(set) var hlpComparisonsAll = 0.0
    public private(set) var hlpLabelsAll = 0

    public init(categoryCount: Int) {
        self.categoryCount = categoryCount
        classShareSum = Array(repeating: 0, count: categoryCount)
        coincidence = Array(repeating: 0, count: categoryCount * categoryCount)
        agreeingPairs = Array(repeating: 0, count: categoryCount)
        possiblePairs = Array(repeating: 0, count: categoryCount)
        hlpMatches = Array(repeating: 0, count: categoryCount)
        hlpComparisons = Array(repeating: 0, count: categoryCount)
        hlpLabels = Array(repeating: 0, count: categoryCount)
    }

    /// Adds one item given its counts per category (`counts[k]` = n_ik), the categories that are
    /// non-zero (for speed on large K), and its adjudicated reference category if any.
    public mutating func add(counts: UnsafeBufferPointer<Int32>, present: ArraySlice<Int>, reference: Int? = nil) {
        var n = 0
        for k in present { n += Int(counts[k]) }
        guard n > 0 else { return }
        itemsRated += 1
        ratings += n
        let total = Double(n)
        for k in present { classShareSum[k] += Double(counts[k]) / total }

        if let reference, reference >= 0 {
            // Individual labels against the adjudicated label.
            let matches = Double(counts[reference])
            hlpMatches[reference] += matches
            hlpComparisons[reference] += total
            hlpLabels[reference] += n
            hlpMatchesAll += matches
            hlpComparisonsAll += total
            hlpLabelsAll += n
        }
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
            if reference == nil || reference! < 0 {
                hlpMatches[k] += nk * (nk - 1)
                hlpComparisons[k] += nk * (total - 1)
                hlpLabels[k] += Int(counts[k])
            }
            // Coincidences: each ordered pair of values within the unit, weighted 1/(m_u − 1).
            for c in present {
                let nc = Double(counts[c])
                coincidence[k * categoryCount + c] += (c == k ? nk * (nk - 1) : nk * nc) / (total - 1)
            }
        }
        percentAgreementSum += agreeing / pairs
        if reference == nil || reference! < 0 {
            hlpMatchesAll += agreeing
            hlpComparisonsAll += pairs
            hlpLabelsAll += n
        }
    }

    /// Convenience for tests: adds an item from its counts array.
    public mutating func add(counts: [Int], reference: Int? = nil) {
        let wide = counts.map(Int32.init)
        let present = Array(counts.indices.filter { counts[$0] > 0 })
        wide.withUnsafeBufferPointer { add(counts: $0, present: present[...], reference: reference) }
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
            hlpMatches[k] += other.hlpMatches[k]
            hlpComparisons[k] += other.hlpComparisons[k]
            hlpLabels[k] += other.hlpLabels[k]
        }
        for index in coincidence.indices { coincidence[index] += other.coincidence[index] }
        hlpMatchesAll += other.hlpMatchesAll
        hlpComparisonsAll += other.hlpComparisonsAll
        hlpLabelsAll += other.hlpLabelsAll
    }
}
