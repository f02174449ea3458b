/// The items of a rating table grouped by their answers: items on which the same labelers gave
/// the same answers (in the same order) form one pattern, kept once with how many items share it.
/// Dawid–Skene gives such items the same posterior at every step, so its EM can run over the
/// patterns, weighted by their counts, and hand each item its pattern's posterior at the end:
/// 1M items from 3 labelers over 5 classes have at most 5³ = 125 patterns.
struct AnswerPatterns: Sendable {
    /// Ratings of pattern p are `start[p] ..< start[p + 1]`, as in `RatingTable`.
    var start: [Int32] = [0]
    var raterOf: [Int32] = []
    var categoryOf: [Int16] = []
    /// How many items have the pattern.
    var weight: [Double] = []
    /// patternOfItem[item]: the item's pattern (-1: the item has no answers).
    var patternOfItem: [Int32]

    var count: Int { weight.count }

    init(_ table: RatingTable) {
        patternOfItem = [Int32](repeating: -1, count: table.itemCount)
        // A 64-bit fingerprint finds the candidate; the ratings are compared before it is trusted.
        var byFingerprint: [UInt64: Int32] = [:]
        let itemStart = table.ratingStart, raters = table.raterOfRating, categories = table.categoryOfRating
        for item in 0..<table.itemCount {
            let from = Int(itemStart[item]), to = Int(itemStart[item + 1])
            guard to > from else { continue }
            var fingerprint: UInt64 = 0xCBF2_9CE4_8422_2325
            for r in from..<to {
                fingerprint = (fingerprint ^ (UInt64(UInt32(bitPattern: raters[r])) << 16 | UInt64(UInt16(bitPattern: categories[r]))))
                    &* 0x0000_0100_0000_01B3
                fingerprint ^= fingerprint >> 29
            }
            if let known = byFingerprint[fingerprint] {
                let p = Int(known), pFrom = Int(start[p]), pTo = Int(start[p + 1])
                if pTo - pFrom == to - from,
                   (0..<(to - from)).allSatisfy({ raterOf[pFrom + $0] == raters[from + $0] && categoryOf[pFrom + $0] == categories[from + $0] }) {
                    weight[p] += 1
                    patternOfItem[item] = known
                    continue
                }
            }
            // A new pattern (or, astronomically rarely, a fingerprint shared by different answers:
            // the item then keeps a pattern of its own).
            let p = Int32(weight.count)
            if byFingerprint[fingerprint] == nil { byFingerprint[fingerprint] = p }
            raterOf.append(contentsOf: raters[from..<to])
            categoryOf.append(contentsOf: categories[from..<to])
            start.append(Int32(raterOf.count))
            weight.append(1)
            patternOfItem[item] = p
        }
    }

    func ratings(ofPattern p: Int) -> Range<Int> { Int(start[p])..<Int(start[p + 1]) }
}
