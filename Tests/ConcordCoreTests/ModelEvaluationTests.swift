import ConcordTestSupport
import ConcordDomain
import ConcordAnalysis
import Testing

@Suite("Model evaluation against the resolved reference")
struct ModelEvaluationTests {
    /// One item per (reference, prediction) pair, each with a single answer: the reference.
    static func table(categories: [String], pairs: [(reference: Int, prediction: Int)]) -> RatingTable {
        var table = RatingTable(categories: categories, raters: ["ref"])
        for pair in pairs {
            table.appendItem(prediction: pair.prediction)
            table.appendRating(rater: 0, category: pair.reference)
        }
        return table
    }

    static func evaluate(_ table: RatingTable, slice: String? = nil) -> ModelEvaluation {
        ModelEvaluation.run(table, model: "m", minimumShare: 0.5, specialCategories: [], sliceField: slice)
    }

    @Test("the lecture's worked example: 905 TN, 18 FN, 9 FP, 68 TP → P 88.3%, R 79.1%, F1 83.4%")
    func lectureExample() throws {
        // Andrew Ng, "Machine Learning in Production" (DeepLearning.AI), course 1 week 2, "Skewed
        // datasets": a rare-disease classifier with this confusion matrix.
        let pairs = Array(repeating: (0, 0), count: 905) + Array(repeating: (1, 0), count: 18)
            + Array(repeating: (0, 1), count: 9) + Array(repeating: (1, 1), count: 68)
        let report = Self.evaluate(Self.table(categories: ["negative", "positive"], pairs: pairs))
        let positive = try #require(report.per_label.first { $0.label == "positive" })
        #expect(positive.tp == 68 && positive.fp == 9 && positive.fn == 18 && positive.support == 86)
        #expect(String(format: "%.1f", positive.precision! * 100) == "88.3")
        #expect(String(format: "%.1f", positive.recall! * 100) == "79.1")
        #expect(String(format: "%.1f", positive.f1! * 100) == "83.4")
        #expect(report.confusion.matrix == [[905, 9], [18, 68]])
        #expect(report.accuracy == 973.0 / 1000)
        // The lecture's print("0"): a model that never predicts the rare class.
        let zero = Self.evaluate(Self.table(categories: ["negative", "positive"], pairs: pairs.map { ($0.0, 0) }))
        let never = try #require(zero.per_label.first { $0.label == "positive" })
        #expect(never.precision == nil && never.recall == 0 && never.f1 == 0)
    }

    @Test("multi-class figures match scikit-learn 1.9.1")
    func scikitLearn() {
        // y_true = cat×7 dog×6 fox×4; y_pred = cat×5 dog owl | dog×4 cat owl | cat dog dog cat.
        // sklearn.metrics.precision_recall_fscore_support(labels=[cat, dog, fox, owl], zero_division=nan):
        //   precision [0.625, 0.5714285714285714, nan, 0.0], recall [0.7142857142857143, 0.6666666666666666, 0.0, nan],
        //   f1 [0.6666666666666666, 0.6153846153846154, 0.0, 0.0], support [7, 6, 4, 0];
        // f1_score(average="macro", zero_division=0) 0.3205128205128205; accuracy 0.5294117647058824;
        // confusion_matrix [[5, 1, 0, 1], [1, 4, 0, 1], [2, 2, 0, 0], [0, 0, 0, 0]].
        let (cat, dog, fox, owl) = (0, 1, 2, 3)
        let truth = Array(repeating: cat, count: 7) + Array(repeating: dog, count: 6) + Array(repeating: fox, count: 4)
        let predicted = Array(repeating: cat, count: 5) + [dog, owl] + Array(repeating: dog, count: 4) + [cat, owl] + [cat, dog, dog, cat]
        let report = Self.evaluate(Self.table(categories: ["cat", "dog", "fox", "owl"], pairs: Array(zip(truth, predicted))))
        func close(_ a: [Double?], _ b: [Double?]) -> Bool {
            zip(a, b).allSatisfy { x, y in x == nil ? y == nil : y != nil && abs(x! - y!) < 1e-12 }
        }
        #expect(close(report.per_label.map(\.precision), [0.625, 0.5714285714285714, nil, 0.0]))
        #expect(close(report.per_label.map(\.recall), [0.7142857142857143, 0.6666666666666666, 0.0, nil]))
        #expect(close(report.per_label.map(\.f1), [0.6666666666666666, 0.6153846153846154, 0.0, 0.0]))
        #expect(report.per_label.map(\.support) == [7, 6, 4, 0])
        #expect(abs(report.macro_f1! - 0.3205128205128205) < 1e-12)
        #expect(abs(report.accuracy! - 0.5294117647058824) < 1e-12)
        #expect(report.confusion.matrix == [[5, 1, 0, 1], [1, 4, 0, 1], [2, 2, 0, 0], [0, 0, 0, 0]])
    }

    @Test("the reference is export's consensus; predicted items without one are counted by reason")
    func reference() {
        // a b borderline; min agreement 0.6.
        var table = RatingTable(categories: ["a", "b", "borderline"], raters: ["p", "q", "r"])
        func item(_ labels: [Int], adjudicated: Int = -1, prediction: Int = 0) {
            table.appendItem(reference: adjudicated, prediction: prediction)
            for (rater, label) in labels.enumerated() { table.appendRating(rater: rater, category: label) }
        }
        item([0, 1], adjudicated: 1)           // adjudicated b: scored, model wrong
        item([0, 0, 0])                        // unanimous a: right
        item([0, 0, 1])                        // majority 2/3 ≥ 0.6: a, right
        item([0, 1])                           // tie: left out
        item([2, 2])                           // consensus borderline: left out
        item([0, 0, 1, 1, 0], prediction: 1)   // majority 3/5 = 0.6: a, model says b
        item([1, 1], prediction: -1)           // resolved, not predicted
        let report = ModelEvaluation.run(table, model: "m", minimumShare: 0.6, specialCategories: [2], sliceField: nil,
                                         predictedWithoutAnswers: 2)
        #expect(report.items == 4)
        #expect(report.confusion.matrix == [[2, 1, 0], [1, 0, 0], [0, 0, 0]])
        #expect(report.left_out == ["tie_or_no_majority": 1, "borderline": 1, "no_answers": 2, "total": 4])
        #expect(report.not_predicted == 1)
    }

    @Test("per slice value: the same figures on the slice's items")
    func perSlice() throws {
        var table = Self.table(categories: ["a", "b"], pairs: [(0, 0), (1, 1), (0, 1), (1, 1)])
        table.sliceValues = ["x", "y"]
        for item in 0..<4 { table.setSlice(item < 2 ? 0 : 1, ofItem: item) }
        let report = Self.evaluate(table, slice: "s")
        let slices = try #require(report.per_slice)
        #expect(slices.map(\.value) == ["x", "y"])
        #expect(slices[0].accuracy == 1 && slices[0].macro_f1 == 1)
        #expect(slices[1].accuracy == 0.5 && slices[1].per_label[0].precision == nil && slices[1].per_label[0].recall == 0)
        #expect(slices[1].confusion.matrix == [[0, 1], [0, 1]])
    }
}

@Suite("Model gap: like with like")
struct GapTableTests {
    /// Two labels on every item of a slice: `agreeing` items labeled a a, the rest a b. The model
    /// says a everywhere except on `wrong` of the agreeing items. Pairwise HLP is then the share
    /// of agreeing items, and the model's accuracy against each label (2·right + disagreeing) / 2n.
    static func addSlice(_ table: inout RatingTable, slice: Int, items: Int, agreeing: Int, wrong: Int) {
        for item in 0..<items {
            let agrees = item < agreeing
            table.appendItem(slice: slice, prediction: agrees && item < wrong ? 1 : 0)
            table.appendRating(rater: 0, category: 0)
            table.appendRating(rater: 1, category: agrees ? 0 : 1)
        }
    }

    @Test("the lecture's speech table: gap × share 0.6%, 0.16%, 0.6% and 0")
    func speechTable() throws {
        // Andrew Ng, "Machine Learning in Production", course 1 week 2, "Prioritizing what to work on":
        // clean speech 94% vs HLP 95% on 60% of the data, car noise 89/93 on 4%, people noise 87/89 on
        // 30%, low bandwidth 70/70 on 6%. 10,000 items with two labels each reproduce it exactly.
        var table = RatingTable(categories: ["a", "b"], raters: ["x", "y"])
        table.sliceValues = ["clean", "car_noise", "people_noise", "low_bandwidth"]
        Self.addSlice(&table, slice: 0, items: 6_000, agreeing: 5_700, wrong: 5_700 - 5_490)
        Self.addSlice(&table, slice: 1, items: 400, agreeing: 372, wrong: 372 - 342)
        Self.addSlice(&table, slice: 2, items: 3_000, agreeing: 2_670, wrong: 2_670 - 2_445)
        Self.addSlice(&table, slice: 3, items: 600, agreeing: 420, wrong: 420 - 330)
        let report = GapAnalysis.run(table, sliceField: "condition")
        let rows = report.rows.filter { $0.category == "condition" }
        #expect(rows.allSatisfy { $0.metric == "accuracy" && $0.scoring == .labels })
        let byValue = Dictionary(uniqueKeysWithValues: rows.map { ($0.value, $0) })
        for (value, model, hlp, share, product) in [("clean", 0.94, 0.95, 0.60, 0.006), ("car_noise", 0.89, 0.93, 0.04, 0.0016),
                                                    ("people_noise", 0.87, 0.89, 0.30, 0.006), ("low_bandwidth", 0.70, 0.70, 0.06, 0)] {
            let row = try #require(byValue[value])
            #expect(abs(row.model! - model) < 1e-12 && abs(row.hlp! - hlp) < 1e-12 && abs(row.share! - share) < 1e-12, "\(value)")
            #expect(abs(row.gap_x_share! - product) < 1e-12, "\(value)")
        }
        #expect(rows.last?.value == "low_bandwidth")
    }

    @Test("a model that answers one class everywhere never beats people who agree on that class")
    func constantModel() {
        // Measured before: scored by recall under each label, such a model got 1.000 on its class
        // and a gap of −0.614. F1 counts its false positives.
        var random = SeededGenerator(seed: 3)
        for round in 0..<50 {
            var table = RatingTable(categories: ["a", "b", "c"], raters: ["x", "y", "z"])
            for _ in 0..<(20 + Int(random.next() % 200)) {
                let label = Int(random.next() % 3) == 0 ? 0 : Int(random.next() % 3)
                table.appendItem(prediction: 0)
                for rater in 0..<(2 + Int(random.next() % 2)) { table.appendRating(rater: rater, category: label) }
            }
            let report = GapAnalysis.run(table, sliceField: nil)
            for row in report.rows where row.value == "a" {
                #expect(row.gap! >= 0, "round \(round): gap \(row.gap!)")
            }
        }
    }

    @Test("after an audit, a second set of rows scores model and people against the audit reference")
    func auditRows() throws {
        // Item 0: labels a a, reference a, model a. Item 1: labels a b, reference b, model a.
        // Item 2: labels b b, no audit. Model vs reference: a TP 1 FP 1 → F1 2/3; b FN 1 → F1 0.
        // People vs reference: a: TP 2, FP 1 (item 1's a), FN 0 → 4/5; b: TP 1, FN 1, FP 0 → 2/3.
        var table = RatingTable(categories: ["a", "b"], raters: ["x", "y"])
        for (labels, audit, prediction) in [([0, 0], 0, 0), ([0, 1], 1, 0), ([1, 1], -1, 1)] {
            table.appendItem(audit: audit, prediction: prediction)
            for (rater, label) in labels.enumerated() { table.appendRating(rater: rater, category: label) }
        }
        let report = GapAnalysis.run(table, sliceField: nil)
        #expect(report.audited_items_compared == 2)
        #expect(report.model_accuracy_reference == 0.5 && report.hlp_reference == 0.75)
        let audit = report.rows.filter { $0.scoring == .audit }
        #expect(audit.map(\.value) == ["b", "a"])
        #expect(audit[0].model == 0 && abs(audit[0].hlp! - 2.0 / 3) < 1e-12 && audit[0].share == 0.5)
        #expect(abs(audit[0].gap_x_share! - 1.0 / 3) < 1e-12)
        #expect(abs(audit[1].model! - 2.0 / 3) < 1e-12 && abs(audit[1].hlp! - 0.8) < 1e-12)
        #expect(report.rows.prefix(2).allSatisfy { $0.scoring == .labels })
    }
}
