import ConcordAnalysis
import ConcordDomain
import ConcordServices
import Foundation

/// `concord-bench consensus`: Dawid–Skene on 1M items × 3 labelers × 5 classes, 50 EM
/// iterations (tolerance 0, so all 50 run), against crowd-kit's `DawidSkene` on the same answers
/// in the same run. Target (issue 15): ≤ 3 s. The data has a known truth, so both programs'
/// accuracy is printed for majority vote and for Dawid–Skene.
enum ConsensusBenchmark {
    static let classes = ["c0", "c1", "c2", "c3", "c4"]
    /// Each labeler's chance of the right answer; a wrong one goes to a neighbouring class more often.
    static let accuracies = [0.9, 0.75, 0.55]

    static func run(items: Int, runs: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-consensus-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("generating \(items) items × \(accuracies.count) labelers × \(classes.count) classes with a known truth …")
        let (table, truth) = try generate(items: items, csv: folder.appendingPathComponent("answers.csv"), truthFile: folder.appendingPathComponent("truth.csv"))
        var result: DawidSkene.Result?
        let concord = Measure.median(runs: runs) { _ in
            Measure.settle()
            let start = DispatchTime.now().uptimeNanoseconds
            result = DawidSkene(maximumIterations: 50, tolerance: 0).run(table)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        // Items with the same answers share every EM step, and 3 labelers over 5 classes give at
        // most 125 answer patterns. For information, the same answers spread over 1,000 labelers
        // (three per item, drawn at random): nearly every item is a pattern of its own.
        let spread = spreadOverLabelers(table, labelers: 1000)
        let patternsOfSpread = DawidSkene.patternCount(spread)
        let perItem = Measure.median(runs: runs) { _ in
            Measure.settle()
            let start = DispatchTime.now().uptimeNanoseconds
            _ = DawidSkene(maximumIterations: 50, tolerance: 0).run(spread)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        print(String(format: "concord: %.2f s; now crowd-kit on the same answers (minutes) …", concord))
        let majority = ConsensusLabels.compute(table, keys: { _ in "" }, method: .majority)
        let majorityAccuracy = Double(zip(majority.items, truth).filter { $0.0.label == classes[$0.1] }.count) / Double(items)
        let dsAccuracy = Double((0..<items).filter { result!.label(ofItem: $0) == truth[$0] }.count) / Double(items)

        let python = try AnchorPython.python(AnchorPython.crowdKitRequirements, name: "anchors-venv-crowd-kit")
        let script = """
            import json, time, pandas as pd, crowdkit
            from crowdkit.aggregation import DawidSkene, MajorityVote
            df = pd.read_csv('\(folder.path)/answers.csv', dtype={'task': str, 'worker': str, 'label': str})
            truth = pd.read_csv('\(folder.path)/truth.csv', dtype={'task': str, 'label': str}).set_index('task')['label']
            times = []
            for _ in range(\(runs)):
                start = time.perf_counter(); ds = DawidSkene(n_iter=50, tol=0.0).fit(df); times.append(time.perf_counter() - start)
            mv = MajorityVote().fit_predict(df)
            print(json.dumps({'seconds': sorted(times)[len(times) // 2], 'iterations': len(ds.loss_history_),
                              'ds_accuracy': float((ds.labels_.sort_index() == truth.sort_index()).mean()),
                              'mv_accuracy': float((mv.sort_index() == truth.sort_index()).mean()),
                              'version': crowdkit.__version__ if hasattr(crowdkit, '__version__') else '1.4.1'}))
            """
        let output = try Measure.capture(python, ["-c", script])
        guard let line = output.split(separator: "\n").last, let anchor = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = anchor["seconds"] as? Double else { throw BenchError("crowd-kit printed no figures: \(output)") }

        print("\nDawid–Skene, 50 iterations, \(items / 1000)k items        seconds   target")
        print(String(format: "  concord                                  %7.2f   ≤ 3 s  %@", concord, concord <= 3 ? "met" : "MISSED"))
        print(String(format: "  crowd-kit %@ (the anchor)             %7.2f", anchor["version"] as? String ?? "", seconds))
        print(String(format: "  concord, the answers spread over 1,000 labelers (%d patterns, for information)  %7.2f", patternsOfSpread, perItem))
        print("\naccuracy against the known truth      majority vote   Dawid–Skene")
        print(String(format: "  concord                                  %.4f        %.4f", majorityAccuracy, dsAccuracy))
        print(String(format: "  crowd-kit                                %.4f        %.4f", anchor["mv_accuracy"] as? Double ?? .nan, anchor["ds_accuracy"] as? Double ?? .nan))
        print("  (majority vote's ties go to the first label in order in concord and to a random one in crowd-kit)")
    }

    /// The answers as a rating table and as crowd-kit's CSV (task, worker, label), and the truth.
    static func generate(items: Int, csv: URL, truthFile: URL) throws -> (RatingTable, [Int]) {
        var random = SeededGenerator(seed: 15)
        let priors = [0.5, 0.2, 0.15, 0.1, 0.05]
        var table = RatingTable(categories: classes, ordinalCategories: nil, raters: accuracies.indices.map { "labeler\($0)" })
        table.reserveCapacity(ratings: items * accuracies.count, items: items)
        var truth: [Int] = []
        truth.reserveCapacity(items)
        var answers = "task,worker,label\n", truths = "task,label\n"
        let answersOut = try SyntheticProject.Output(csv), truthOut = try SyntheticProject.Output(truthFile)
        for item in 0..<items {
            var draw = random.nextUnit(), truthClass = 0
            while truthClass < priors.count - 1 && draw >= priors[truthClass] { draw -= priors[truthClass]; truthClass += 1 }
            truth.append(truthClass)
            table.appendItem(id: item)
            truths += "t\(item),\(classes[truthClass])\n"
            for (labeler, accuracy) in accuracies.enumerated() {
                var answer = truthClass
                if random.nextUnit() >= accuracy {
                    answer = random.nextUnit() < 0.6 ? min(classes.count - 1, truthClass + 1) : Int(random.next() % UInt64(classes.count))
                }
                table.appendRating(rater: labeler, category: answer)
                answers += "t\(item),labeler\(labeler),\(classes[answer])\n"
            }
            if answers.utf8.count > 1 << 20 { try answersOut.write(&answers); try truthOut.write(&truths) }
        }
        try answersOut.write(&answers)
        try truthOut.write(&truths)
        return (table, truth)
    }

    /// The same answers, each item's three given by labelers drawn at random from `labelers`.
    static func spreadOverLabelers(_ table: RatingTable, labelers: Int) -> RatingTable {
        var random = SeededGenerator(seed: 16)
        var spread = RatingTable(categories: table.categories, ordinalCategories: nil, raters: (0..<labelers).map { "worker\($0)" })
        spread.reserveCapacity(ratings: table.ratingCount, items: table.itemCount)
        for item in 0..<table.itemCount {
            spread.appendItem(id: item)
            var chosen: [Int] = []
            for r in table.ratings(ofItem: item) {
                var rater = Int(random.next() % UInt64(labelers))
                while chosen.contains(rater) { rater = Int(random.next() % UInt64(labelers)) }
                chosen.append(rater)
                spread.appendRating(rater: rater, category: Int(table.categoryOfRating[r]))
            }
        }
        return spread
    }
}
