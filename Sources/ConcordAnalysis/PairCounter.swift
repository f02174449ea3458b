/// Confusion matrices of every pair of raters over the items both rated, for Cohen's κ.
struct PairCounter {
    let raterCount: Int
    let categoryCount: Int
    /// Pair (a < b) → index of its K×K block in `confusion`; -1 until the pair first co-rates.
    /// Dense for up to 2,048 raters (16 MB); a dictionary beyond, where most pairs never meet.
    private var slot: [Int32]
    private var sparseSlot: [Int: Int32] = [:]
    private var dense: Bool { raterCount <= 2_048 }
    private var confusion: [Int] = []
    private var pairsInOrder: [(Int, Int)] = []

    init(raterCount: Int, categoryCount: Int) {
        self.raterCount = raterCount
        self.categoryCount = categoryCount
        slot = raterCount <= 2_048 ? [Int32](repeating: -1, count: raterCount * raterCount) : []
    }

    mutating func add(_ table: RatingTable, _ range: Range<Int>) {
        guard range.count >= 2 else { return }
        for first in range {
            for second in (first + 1)..<range.upperBound {
                var a = Int(table.raterOfRating[first]), b = Int(table.raterOfRating[second])
                var ca = Int(table.categoryOfRating[first]), cb = Int(table.categoryOfRating[second])
                if a == b { continue }
                if a > b { swap(&a, &b); swap(&ca, &cb) }
                var index = Int(dense ? slot[a * raterCount + b] : (sparseSlot[a * raterCount + b] ?? -1))
                if index < 0 {
                    index = pairsInOrder.count
                    if dense { slot[a * raterCount + b] = Int32(index) } else { sparseSlot[a * raterCount + b] = Int32(index) }
                    pairsInOrder.append((a, b))
                    confusion.append(contentsOf: repeatElement(0, count: categoryCount * categoryCount))
                }
                confusion[index * categoryCount * categoryCount + ca * categoryCount + cb] += 1
            }
        }
    }

    /// κ of every pair that rated at least one item in common, ordered by rater names.
    func kappas(raters: [String]) -> [AgreementReport.PairKappa] {
        let block = categoryCount * categoryCount
        return pairsInOrder.enumerated().map { index, pair in
            let matrix = Array(confusion[(index * block)..<((index + 1) * block)])
            return AgreementReport.PairKappa(a: raters[pair.0], b: raters[pair.1], n: matrix.reduce(0, +),
                                             kappa: CohenKappa.kappa(confusion: matrix, categoryCount: categoryCount))
        }.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    /// Mean κ of one rater with each other rater they share items with.
    func meanKappa(of rater: Int, in kappas: [AgreementReport.PairKappa], raters: [String]) -> Double? {
        let name = raters[rater]
        let own = kappas.filter { $0.a == name || $0.b == name }.compactMap(\.kappa)
        return own.isEmpty ? nil : own.reduce(0, +) / Double(own.count)
    }
}

/// One rater's figures: agreement with the leave-one-out consensus, speed, special labels.
struct LabelerAccumulator {
    var answers = 0
    var consensusMatches = 0
    var consensusItems = 0
    var seconds: [Float] = []
    var borderline = 0
    var unintelligible = 0

    /// `counts` are the item's counts including this rater's own answer `own`.
    mutating func add(own: Int, counts: UnsafeMutableBufferPointer<Int32>, present: [Int], seconds value: Float,
                      borderline borderlineCategory: Int?, unintelligible unintelligibleCategory: Int?) {
        answers += 1
        if !value.isNaN { seconds.append(value) }
        if own == borderlineCategory { borderline += 1 }
        if own == unintelligibleCategory { unintelligible += 1 }
        // The others' consensus: their most frequent answer, when it is unique.
        var best = -1, bestCount: Int32 = 0, tied = false
        for c in present {
            let others = counts[c] - (c == own ? 1 : 0)
            if others > bestCount { best = c; bestCount = others; tied = false }
            else if others == bestCount && others > 0 { tied = true }
        }
        guard best >= 0, !tied else { return }
        consensusItems += 1
        if best == own { consensusMatches += 1 }
    }

    func figures(name: String, meanKappa: Double?) -> AgreementReport.LabelerFigures {
        let consensus = Proportion(share: consensusItems > 0 ? Double(consensusMatches) / Double(consensusItems) : nil,
                                   n: consensusItems)
        var sorted = seconds
        sorted.sort()
        let median: Double? = sorted.isEmpty ? nil : sorted.count % 2 == 1
            ? Double(sorted[sorted.count / 2])
            : (Double(sorted[sorted.count / 2 - 1]) + Double(sorted[sorted.count / 2])) / 2
        func share(_ count: Int) -> Double? { answers > 0 ? Double(count) / Double(answers) : nil }
        return AgreementReport.LabelerFigures(
            labeler: name, answers: answers,
            consensus_agreement: consensus.value, consensus_low: consensus.low, consensus_high: consensus.high,
            consensus_n: consensus.n, median_seconds: median,
            borderline_share: share(borderline), unintelligible_share: share(unintelligible), mean_kappa: meanKappa)
    }
}
