import ConcordTestSupport
import ConcordDomain
import ConcordAnalysis
import Testing

/// HLP as SPEC §4 defines it (issue 11): pairwise with each individual label weighted once, and
/// against the audit reference only, never pooled with adjudications from the review queue.
@Suite("HLP: pairwise and against the audit reference")
struct HLPTests {
    static func report(_ table: RatingTable) -> AgreementReport {
        var analysis = AgreementAnalysis()
        analysis.bootstrapReplicates = 0
        return analysis.run(table)
    }

    /// A random table: `items` items, each labeled by `raters(item)` of five raters with a label
    /// equal to the item's true class with probability `accuracy`, else a uniformly other class.
    static func simulated(items: Int, categories: Int, accuracy: Double, seed: UInt64,
                          raters: (Int, inout SeededGenerator) -> Int) -> (table: RatingTable, truth: [Int]) {
        var random = SeededGenerator(seed: seed)
        var table = RatingTable(categories: (0..<categories).map { "c\($0)" }, raters: (0..<5).map { "r\($0)" })
        var truth: [Int] = []
        for item in 0..<items {
            let real = Int(random.next() % UInt64(categories))
            truth.append(real)
            table.appendItem()
            for rater in 0..<raters(item, &random) {
                let right = random.nextUnit() < accuracy
                let other = (real + 1 + Int(random.next() % UInt64(categories - 1))) % categories
                table.appendRating(rater: rater, category: right ? real : other)
            }
        }
        return (table, truth)
    }

    @Test("each label scores the share of the other labels on its item that equal it; every label weighs once")
    func workedExample() {
        // Item 1: a a a b (n = 4): each a scores 2/3, the b 0. Item 2: a b: both 0. Item 3: b b: both 1.
        // Per label a: (3 × 2/3 + 0) / 4 labels = 0.5; b: (0 + 0 + 2) / 4 = 0.5; all: 4 / 8.
        // Specific agreement weighs item 1 by n_i − 1 instead: a = Σ n_a(n_a−1) / Σ n_a(n−1) = 6 / 10.
        let table = RatingTable.from(items: [[(0, 0), (1, 0), (2, 0), (3, 1)], [(0, 0), (1, 1)], [(0, 1), (1, 1)]],
                                     categories: ["a", "b"], raters: ["w", "x", "y", "z"])
        let report = Self.report(table)
        #expect(report.per_label[0].hlp == 0.5 && report.per_label[0].hlp_n == 4)
        #expect(report.per_label[1].hlp == 0.5 && report.per_label[1].hlp_n == 4)
        #expect(report.hlp == 0.5 && report.hlp_n == 8)
        #expect(abs(report.per_label[0].specific_agreement! - 0.6) < 1e-12)
        // The Wilson interval over the 8 labels (Wilson 1927; p = 0.5, n = 8: 0.2152–0.7848).
        #expect(abs(report.hlp_low! - 0.21521) < 1e-4 && abs(report.hlp_high! - 0.78479) < 1e-4)
    }

    @Test("with the same number of labels on every item, HLP per label equals specific agreement", arguments: [2, 3, 5])
    func constantLabelsEqualSpecificAgreement(raters: Int) {
        for seed in UInt64(1)...20 {
            let (table, _) = Self.simulated(items: 200, categories: 4, accuracy: 0.7, seed: seed) { _, _ in raters }
            let report = Self.report(table)
            for label in report.per_label {
                #expect(abs((label.hlp ?? -1) - (label.specific_agreement ?? -1)) < 1e-12, "seed \(seed), \(label.label)")
            }
        }
    }

    @Test("adjudications from the review queue leave pairwise HLP where it was")
    func adjudicationsNeverEnter() {
        let (table, truth) = Self.simulated(items: 3_000, categories: 5, accuracy: 0.69, seed: 5) { _, random in
            2 + Int(random.next() % 4)
        }
        var reviewed = table
        // The queue: exactly the items whose labels disagree, adjudicated to the truth.
        for item in 0..<table.itemCount {
            let labels = Set(table.ratings(ofItem: item).map { table.categoryOfRating[$0] })
            if labels.count > 1 { reviewed.setReference(truth[item], ofItem: item) }
        }
        let before = Self.report(table), after = Self.report(reviewed)
        #expect(after.adjudicated_items > 1_000)
        #expect(after.hlp == before.hlp && after.hlp_n == before.hlp_n)
        #expect(after.per_label.map(\.hlp) == before.per_label.map(\.hlp))
        #expect(after.hlp_reference == nil)
    }

    @Test("against a blind reference on a random sample, HLP estimates the labelers' true accuracy")
    func referenceIsUnbiased() throws {
        // Labelers right 69% of the time, 2–5 labels per item. The audit reference is the truth on
        // every 6th item (a sample independent of the labels).
        let (base, truth) = Self.simulated(items: 6_000, categories: 5, accuracy: 0.69, seed: 11) { _, random in
            2 + Int(random.next() % 4)
        }
        var table = base
        var right = 0, labels = 0
        for item in 0..<table.itemCount {
            for r in table.ratings(ofItem: item) where table.categoryOfRating[r] == truth[item] { right += 1 }
            labels += table.ratings(ofItem: item).count
            if item % 6 == 0 { table.setAudit(truth[item], ofItem: item) }
        }
        let accuracy = Double(right) / Double(labels)
        let reference = try #require(Self.report(table).hlp_reference)
        #expect(reference.items == 1_000)
        #expect(abs(reference.value - accuracy) < 0.03, "reference HLP \(reference.value), true accuracy \(accuracy)")
        #expect(reference.low < accuracy && accuracy < reference.high)
        // Pairwise HLP measures agreement between people, not accuracy: here well below it.
        #expect(Self.report(table).hlp! < accuracy - 0.1)
    }

    @Test("reference HLP per reference label and per slice; null until there is an audit")
    func referenceBreakdown() throws {
        // Item 0 (slice x): labels a a b, reference a → 2 of 3. Item 1 (slice y): b b, reference a → 0 of 2.
        // Item 2 (slice y): a b, reference b → 1 of 2. Item 3: a a, no audit.
        var table = RatingTable(categories: ["a", "b"], raters: ["p", "q", "r"])
        table.sliceValues = ["x", "y"]
        for (labels, audit, slice) in [([0, 0, 1], 0, 0), ([1, 1], 0, 1), ([0, 1], 1, 1), ([0, 0], -1, 1)] {
            table.appendItem(audit: audit, slice: slice)
            for (rater, label) in labels.enumerated() { table.appendRating(rater: rater, category: label) }
        }
        var analysis = AgreementAnalysis()
        analysis.bootstrapReplicates = 0
        analysis.sliceField = "s"
        let report = analysis.run(table)
        let overall = try #require(report.hlp_reference)
        #expect(abs(overall.value - 3.0 / 7) < 1e-12 && overall.n == 7 && overall.items == 3)
        #expect(abs(report.per_label[0].hlp_reference!.value - 2.0 / 5) < 1e-12)
        #expect(report.per_label[0].hlp_reference!.items == 2)
        #expect(report.per_label[1].hlp_reference!.value == 0.5)
        let slices = Dictionary(uniqueKeysWithValues: report.per_slice!.map { ($0.value, $0) })
        #expect(abs(slices["x"]!.hlp_reference!.value - 2.0 / 3) < 1e-12)
        #expect(slices["y"]!.hlp_reference!.value == 0.25 && slices["y"]!.hlp_reference!.n == 4)
        #expect(Self.report(RatingTable.from(items: [[(0, 0), (1, 0)]], categories: ["a"], raters: ["p", "q"])).hlp_reference == nil)
    }
}
