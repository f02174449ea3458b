import ConcordTestSupport
import ConcordDomain
import ConcordAnalysis
import Testing

@Suite("Agreement: properties")
struct AgreementPropertyTests {
    static func report(_ table: RatingTable, replicates: Int = 0, seed: UInt64 = 1) -> AgreementReport {
        var analysis = AgreementAnalysis()
        analysis.bootstrapReplicates = replicates
        analysis.bootstrapSeed = seed
        return analysis.run(table)
    }

    /// Items × raters with a given answer function; `nil` = missing.
    static func table(items: Int, raters: Int, categories: Int, ordinal: Bool = false,
                      _ answer: (Int, Int) -> Int?) -> RatingTable {
        RatingTable.from(items: (0..<items).map { item in
            (0..<raters).compactMap { rater in answer(item, rater).map { (rater, $0) } }
        }, categories: (0..<categories).map { "c\($0)" }, raters: (0..<raters).map { "r\($0)" }, ordinal: ordinal)
    }

    @Test("perfect agreement gives 1 for every coefficient")
    func perfect() {
        let report = Self.report(Self.table(items: 60, raters: 3, categories: 4) { item, rater in
            rater == 2 && item % 3 == 0 ? nil : item % 4
        })
        #expect(report.krippendorff_alpha == 1)
        #expect(report.fleiss_kappa == 1)
        #expect(report.gwet_ac1 == 1)
        #expect(report.percent_agreement == 1)
        #expect(report.cohen_kappa.allSatisfy { $0.kappa == 1 })
        #expect(report.per_label.allSatisfy { $0.specific_agreement == 1 && $0.hlp == 1 })
    }

    @Test("labels drawn independently of the item give ≈ 0")
    func independent() {
        var random = SeededGenerator(seed: 99)
        let report = Self.report(Self.table(items: 20_000, raters: 3, categories: 5) { _, _ in
            Int(random.next() % 5)
        })
        #expect(abs(report.krippendorff_alpha!) < 0.02)
        #expect(abs(report.fleiss_kappa!) < 0.02)
        #expect(abs(report.gwet_ac1!) < 0.02)
        #expect(abs(report.mean_cohen_kappa!) < 0.02)
    }

    @Test("results do not change when labelers or items are reordered")
    func orderInvariant() {
        var random = SeededGenerator(seed: 5)
        var answers: [[Int?]] = []
        for _ in 0..<300 {
            let truth = Int(random.next() % 4)
            answers.append((0..<4).map { _ in random.nextUnit() < 0.15 ? nil : (random.nextUnit() < 0.7 ? truth : Int(random.next() % 4)) })
        }
        let original = Self.report(Self.table(items: 300, raters: 4, categories: 4) { answers[$0][$1] })
        let itemOrder = Array((0..<300).reversed())
        let raterOrder = [2, 0, 3, 1]
        let shuffled = Self.report(Self.table(items: 300, raters: 4, categories: 4) { answers[itemOrder[$0]][raterOrder[$1]] })
        for (a, b) in [(original.krippendorff_alpha, shuffled.krippendorff_alpha), (original.fleiss_kappa, shuffled.fleiss_kappa),
                       (original.gwet_ac1, shuffled.gwet_ac1), (original.percent_agreement, shuffled.percent_agreement),
                       (original.mean_cohen_kappa, shuffled.mean_cohen_kappa), (original.hlp, shuffled.hlp)] {
            #expect(abs(a! - b!) < 1e-12)
        }
        #expect(original.per_label.map(\.specific_agreement) == shuffled.per_label.map(\.specific_agreement))
    }

    @Test("ordinal α rewards near misses that nominal α does not")
    func ordinalNearMisses() {
        // Same amount of disagreement; once between neighbours, once across the scale.
        func table(near: Bool) -> RatingTable {
            Self.table(items: 200, raters: 2, categories: 5, ordinal: true) { item, rater in
                let truth = item % 5
                guard rater == 1, item % 4 == 0 else { return truth }
                return near ? (truth == 4 ? 3 : truth + 1) : (truth <= 2 ? 4 : 0)
            }
        }
        let near = Self.report(table(near: true)), far = Self.report(table(near: false))
        #expect(abs(near.krippendorff_alpha_nominal! - far.krippendorff_alpha_nominal!) < 0.02)
        #expect(near.krippendorff_alpha_ordinal! > far.krippendorff_alpha_ordinal! + 0.3)
        #expect(near.krippendorff_alpha_ordinal! > near.krippendorff_alpha_nominal!)
    }

    @Test("too little data gives no figure, with its n, rather than a made-up number")
    func tooLittleData() {
        let single = Self.report(Self.table(items: 3, raters: 1, categories: 3) { item, _ in item % 3 })
        #expect(single.items == 3 && single.items_multi == 0)
        #expect(single.krippendorff_alpha == nil)
        #expect(single.percent_agreement == nil)
        #expect(single.fleiss_kappa == nil)
        #expect(single.cohen_kappa.isEmpty)
        #expect(single.hlp == nil && single.hlp_n == 0)
        // One category only: chance agreement is 1, κ and α are undefined.
        let constant = Self.report(Self.table(items: 10, raters: 2, categories: 3) { _, _ in 0 })
        #expect(constant.krippendorff_alpha == nil)
        #expect(constant.fleiss_kappa == nil)
        #expect(constant.percent_agreement == 1)
    }

    @Test("the bootstrap interval is reproducible for a seed and brackets α")
    func bootstrap() {
        var random = SeededGenerator(seed: 11)
        let table = Self.table(items: 2_000, raters: 3, categories: 4) { item, _ in
            random.nextUnit() < 0.8 ? item % 4 : Int(random.next() % 4)
        }
        let first = Self.report(table, replicates: 500, seed: 7)
        let again = Self.report(table, replicates: 500, seed: 7)
        let other = Self.report(table, replicates: 500, seed: 8)
        #expect(first.alpha_low == again.alpha_low && first.alpha_high == again.alpha_high)
        #expect(first.alpha_low != other.alpha_low)
        #expect(first.alpha_low! < first.krippendorff_alpha! && first.krippendorff_alpha! < first.alpha_high!)
        // About ±2 standard errors of α on 2,000 items: a few hundredths wide, not zero, not huge.
        let width = first.alpha_high! - first.alpha_low!
        #expect(width > 0.01 && width < 0.1)
    }

    @Test("leave-one-out consensus: a labeler who always dissents scores 0, the others 1")
    func consensus() {
        let report = Self.report(Self.table(items: 30, raters: 3, categories: 3) { item, rater in
            rater == 2 ? (item + 1) % 3 : item % 3
        })
        let byName = Dictionary(uniqueKeysWithValues: report.labeler_figures.map { ($0.labeler, $0) })
        #expect(byName["r2"]!.consensus_agreement == 0)
        // For r0 the others are r1 (agrees) and r2 (dissents): a tie, so no consensus.
        #expect(byName["r0"]!.consensus_n == 0)
        #expect(byName["r2"]!.consensus_n == 30)
    }

    @Test("model gap: label rows compare the model's F1 with pairwise HLP, gap × share, sorted")
    func gap() {
        // 4 items of a (unanimous a,a), the model says b on two of them; 4 items of b (b,b), all right.
        var table = RatingTable(categories: ["a", "b"], raters: ["x", "y"])
        for item in 0..<8 {
            let label = item < 4 ? 0 : 1
            let prediction = item < 2 ? 1 : label
            table.appendItem(prediction: prediction)
            table.appendRating(rater: 0, category: label)
            table.appendRating(rater: 1, category: label)
        }
        let report = GapAnalysis.run(table, sliceField: nil)
        #expect(report.items_compared == 8)
        #expect(report.model_accuracy == 0.75)  // 12 of 16 individual labels
        #expect(report.rows.map(\.value) == ["a", "b"])
        // a: TP = 2 items × 2 labels, FP = 0, FN = 2 × 2 → F1 = 8 / 12; b: TP = 8, FP = 4, FN = 0 → 16 / 20.
        #expect(abs(report.rows[0].model! - 8.0 / 12) < 1e-12)
        #expect(report.rows[0].metric == "f1")
        #expect(report.rows[0].hlp == 1)
        #expect(abs(report.rows[0].gap_x_share! - (1 - 8.0 / 12) * 0.5) < 1e-12)
        #expect(abs(report.rows[1].gap! - 0.2) < 1e-12)
    }

    @Test("model gap without adjudication: the model's F1 counts each individual label once, like HLP")
    func gapPairwise() {
        // One item labeled a, a, b; the model says a. Model on a: TP 2, FP 1, FN 0 → F1 4/5; on b:
        // TP 0, FP 0, FN 1 → F1 0. People, pairwise: each a scores 1/2, the b scores 0.
        var table = RatingTable(categories: ["a", "b"], raters: ["x", "y", "z"])
        table.appendItem(prediction: 0)
        table.appendRating(rater: 0, category: 0); table.appendRating(rater: 1, category: 0); table.appendRating(rater: 2, category: 1)
        let report = GapAnalysis.run(table, sliceField: nil)
        #expect(abs(report.model_accuracy! - 2.0 / 3.0) < 1e-12)
        #expect(abs(report.hlp! - 1.0 / 3.0) < 1e-12)
        let a = report.rows.first { $0.value == "a" }!
        #expect(abs(a.model! - 0.8) < 1e-12 && a.references == 2 && a.hlp == 0.5)
        let b = report.rows.first { $0.value == "b" }!
        #expect(b.model == 0 && b.references == 1 && b.hlp == 0)
    }
}
