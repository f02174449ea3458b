import ConcordTestSupport
import ConcordAnalysis
import Testing

/// Agreement figures against published worked examples. Each test cites where the data and the
/// expected figures were printed; none of the expected values comes from this code.
@Suite("Agreement: published worked examples")
struct PublishedExamplesTests {
    /// Units as columns of rater rows; nil = missing. Categories are the values 1...K.
    static func table(raters rows: [[Int?]], categories k: Int, ordinal: Bool = false) -> RatingTable {
        let units = rows[0].count
        var items: [[(rater: Int, category: Int)]] = []
        for unit in 0..<units {
            items.append(rows.indices.compactMap { r in rows[r][unit].map { (r, $0 - 1) } })
        }
        return RatingTable.from(items: items, categories: (1...k).map(String.init),
                                raters: rows.indices.map { "r\($0)" }, ordinal: ordinal)
    }

    /// Per-unit category counts (each row one unit); raters are anonymous.
    static func table(counts: [[Int]]) -> RatingTable {
        let items = counts.map { row in
            row.enumerated().flatMap { category, count in (0..<count).map { (rater: $0, category: category) } }
        }
        let raters = counts.map { $0.reduce(0, +) }.max()!
        return RatingTable.from(items: items, categories: (1...counts[0].count).map(String.init),
                                raters: (0..<raters).map { "r\($0)" })
    }

    static func run(_ table: RatingTable) -> AgreementReport {
        var analysis = AgreementAnalysis()
        analysis.bootstrapReplicates = 0
        return analysis.run(table)
    }

    /// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    /// Communication, University of Pennsylvania (repository.upenn.edu/asc_papers/43): the
    /// 4 observers × 12 units example with missing data. Published: α nominal .743, ordinal .815.
    /// Its coincidence matrix is worked out in the same paper.
    static let krippendorff2011: [[Int?]] = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, nil],
        [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
    ]

    @Test("Krippendorff (2011): nominal α = .743, ordinal α = .815, and the coincidence matrix")
    func krippendorff() {
        let report = Self.run(Self.table(raters: Self.krippendorff2011, categories: 5, ordinal: true))
        #expect(abs(report.krippendorff_alpha_nominal! - 0.743) < 0.0005)
        #expect(abs(report.krippendorff_alpha_nominal! - 113.0 / 152.0) < 1e-12)
        #expect(abs(report.krippendorff_alpha_ordinal! - 0.815) < 0.0005)
        #expect(report.alpha_metric == "ordinal")
        #expect(report.krippendorff_alpha == report.krippendorff_alpha_ordinal)
        let expected: [[Double]] = [[7, 4.0 / 3, 1.0 / 3, 1.0 / 3, 0], [4.0 / 3, 10, 4.0 / 3, 1.0 / 3, 0],
                                    [1.0 / 3, 4.0 / 3, 8, 1.0 / 3, 0], [1.0 / 3, 1.0 / 3, 1.0 / 3, 4, 0], [0, 0, 0, 0, 3]]
        for c in 0..<5 { for k in 0..<5 { #expect(abs(report.coincidence[c][k] - expected[c][k]) < 1e-12) } }
        // Unit 12 has one value: not pairable (n = 40 pairable values, 11 units).
        #expect(report.items_multi == 11)
        #expect(report.items == 12)
    }

    /// Gwet, K. L. (2014). Handbook of Inter-Rater Reliability, 4th ed., p. 120, as `cac.raw4raters`
    /// in Gwet's R package irrCAC; outputs printed in its README / overview vignette
    /// (github.com/kgwet/irrCAC): pa 0.8181818; Fleiss' generalised κ 0.76117 (pe 0.2387153);
    /// AC1 0.77544 (pe 0.1903212); Krippendorff's α 0.74342. Same data as Krippendorff (2011).
    @Test("Gwet (2014) / irrCAC: generalised Fleiss' κ = 0.76117, AC1 = 0.77544, pa = 0.8181818")
    func gwetHandbook() {
        let report = Self.run(Self.table(raters: Self.krippendorff2011, categories: 5))
        #expect(abs(report.percent_agreement! - 0.8181818) < 5e-8)
        #expect(abs(report.fleiss_kappa! - 0.76117) < 5e-6)
        #expect(abs(report.gwet_ac1! - 0.77544) < 5e-6)
        #expect(abs(report.krippendorff_alpha! - 0.74342) < 5e-6)
    }

    /// Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
    /// Bulletin 76(5), 378–382: 30 patients × 6 psychiatrists, 5 diagnoses. Published κ = .430;
    /// R irr::kappam.fleiss(diagnoses) prints 0.4302445 (as recorded in statsmodels'
    /// stats/tests/test_inter_rater.py, which holds the data).
    static let fleiss1971: [[Int]] = [
        [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
        [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
        [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
        [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
        [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
        [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
    ]

    @Test("Fleiss (1971): κ = .430 (irr: 0.4302445), equal to the generalised form when n_i is constant")
    func fleiss() {
        let report = Self.run(Self.table(counts: Self.fleiss1971))
        #expect(abs(report.fleiss_kappa! - 0.4302445) < 5e-8)
        #expect(abs(report.percent_agreement! - 0.5555555555555556) < 1e-12)
    }

    /// Gwet's irrCAC README, `distrib.6raters` (the first 15 subjects of Fleiss 1971):
    /// gwet.ac1.dist 0.4448007 (pa 0.5511111), fleiss.kappa.dist 0.4139265.
    @Test("Gwet / irrCAC on Fleiss' first 15 subjects: AC1 = 0.4448007, κ = 0.4139265")
    func gwetDistribution() {
        let report = Self.run(Self.table(counts: Array(Self.fleiss1971.prefix(15))))
        #expect(abs(report.gwet_ac1! - 0.4448007) < 5e-8)
        #expect(abs(report.fleiss_kappa! - 0.4139265) < 5e-8)
        #expect(abs(report.percent_agreement! - 0.5511111) < 5e-8)
    }

    /// Wikipedia, "Fleiss' kappa", worked example: 10 subjects × 14 raters, 5 categories: κ = 0.210.
    @Test("Wikipedia's Fleiss' κ example: 0.210")
    func fleissWikipedia() {
        let counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
        #expect(abs(Self.run(Self.table(counts: counts)).fleiss_kappa! - 0.210) < 0.0005)
    }

    /// Wikipedia, "Krippendorff's alpha", 3 coders × 15 units: nominal α = 0.691 (the PyPI
    /// `krippendorff` package's tests assert 0.691358).
    @Test("Wikipedia's Krippendorff example: nominal α = 0.691358")
    func krippendorffWikipedia() {
        let rows: [[Int?]] = [
            [nil, nil, nil, nil, nil, 3, 4, 1, 2, 1, 1, 3, 3, nil, 3],
            [1, nil, 2, 1, 3, 3, 4, 3, nil, nil, nil, nil, nil, nil, nil],
            [nil, nil, 2, 1, 3, 4, 4, nil, 2, 1, 1, 3, 3, nil, 4],
        ]
        let report = Self.run(Self.table(raters: rows, categories: 4))
        #expect(abs(report.krippendorff_alpha_nominal! - 0.691358) < 5e-7)
    }

    /// Gwet's irrCAC README, `cont3x3abstractors` (2 raters, 100 subjects; rows = rater A):
    /// kappa2.table 0.7964094, gwet.ac1.table 0.8493305, krippen2.table 0.7972585.
    @Test("Gwet / irrCAC two raters: Cohen's κ = 0.7964094, AC1 = 0.8493305, α = 0.7972585")
    func twoRaters() {
        let table = TwoRaters.table([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
        let report = Self.run(table)
        #expect(abs(report.cohen_kappa[0].kappa! - 0.7964094) < 5e-8)
        #expect(report.cohen_kappa[0].n == 100)
        #expect(abs(report.gwet_ac1! - 0.8493305) < 5e-8)
        #expect(abs(report.krippendorff_alpha_nominal! - 0.7972585) < 5e-8)
        #expect(abs(report.percent_agreement! - 0.89) < 1e-12)
    }

    /// Cohen's κ: Wikipedia, "Cohen's kappa", simple example (p_o = 0.7, p_e = 0.5, κ = 0.4), and
    /// the SAS PROC FREQ example asserted in statsmodels' tests (κ = 0.4842).
    @Test("Cohen's κ textbook tables: 0.4 and 0.4842")
    func cohen() {
        #expect(abs(CohenKappa.kappa(confusion: [20, 5, 10, 15], categoryCount: 2)! - 0.4) < 1e-12)
        #expect(abs(CohenKappa.kappa(confusion: [0, 4, 1, 0, 8, 0, 0, 1, 5], categoryCount: 3)! - 0.4842) < 5e-5)
    }

    /// Wilson (1927) score interval: 8 successes in 10 trials at 95% is [0.4902, 0.9433]
    /// (Newcombe 1998, Statistics in Medicine 17, Table I).
    @Test("Wilson interval: 8/10 gives 0.490–0.943")
    func wilson() {
        let proportion = Proportion(share: 0.8, n: 10)
        #expect(abs(proportion.low! - 0.4902) < 5e-5)
        #expect(abs(proportion.high! - 0.9433) < 5e-5)
    }
}

/// A two-rater table as items: confusion[a][b] items rated a by the first rater and b by the second.
enum TwoRaters {
    static func table(_ confusion: [[Int]]) -> RatingTable {
        var items: [[(rater: Int, category: Int)]] = []
        for a in confusion.indices {
            for b in confusion[a].indices {
                for _ in 0..<confusion[a][b] { items.append([(0, a), (1, b)]) }
            }
        }
        return RatingTable.from(items: items, categories: confusion.indices.map(String.init), raters: ["A", "B"])
    }
}
