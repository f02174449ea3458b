import ConcordAnalysis
import ConcordDomain
import ConcordStore

/// Each item's consensus label by a method, with how sure it is, and (for Dawid–Skene) what the
/// method learned of each labeler: `concord consensus`, and export's `--consensus`.
public struct ConsensusLabels: Sendable, Encodable {
    public enum Method: String, Sendable, Codable, CaseIterable {
        case majority
        case dawidSkene = "dawid-skene"
    }

    public struct Item: Sendable, Encodable {
        public var item: String
        public var label: String
        /// Majority: the winning label's share of the answers; Dawid–Skene: its posterior.
        public var posterior: Double
    }

    public struct Confusion: Sendable, Encodable {
        public var labels: [String]
        /// matrix[k][l]: the chance the labeler answers labels[l] when the truth is labels[k].
        public var matrix: [[Double]]
    }

    public struct Labeler: Sendable, Encodable {
        public var labeler: String
        public var answers: Int
        public var confusion: Confusion?
        /// Dawid–Skene: Σ_k prior_k · P(right | truth k); majority: the share of answers equal to the consensus.
        public var accuracy: Double
    }

    public var method: Method
    public var items: [Item]
    public var labelers: [Labeler]
    /// Dawid–Skene's EM iterations and whether it stopped on the tolerance (not the cap).
    public var iterations: Int
    public var converged: Bool
    public var tolerance: Double?
    public var maximum_iterations: Int?

    /// The consensus of `project`'s current answers (special labels left out: a consensus of
    /// "borderline" says nothing).
    public static func compute(_ project: Project, method: Method, maximumIterations: Int = 100, tolerance: Double = 1e-5) throws -> ConsensusLabels {
        let query = AgreementQuery(excludeSpecial: true)
        let table = try RatingTableLoader.load(project, query).table
        let keys = try project.store.itemKeys(ids: (0..<table.itemCount).map { Int64(table.itemID(ofItem: $0)) })
        return compute(table, keys: { keys[Int64(table.itemID(ofItem: $0))] ?? "" }, method: method,
                       maximumIterations: maximumIterations, tolerance: tolerance)
    }

    /// The same on a table; `keys` names an item.
    public static func compute(_ table: RatingTable, keys: (Int) -> String, method: Method, maximumIterations: Int = 100,
                               tolerance: Double = 1e-5) -> ConsensusLabels {
        let k = table.categoryCount
        var answers = [Int](repeating: 0, count: table.raters.count)
        for rater in table.raterOfRating { answers[Int(rater)] += 1 }
        switch method {
        case .majority:
            var items: [Item] = [], agreeing = [Int](repeating: 0, count: table.raters.count)
            var counts = [Int](repeating: 0, count: k)
            for item in 0..<table.itemCount {
                let range = table.ratings(ofItem: item)
                guard !range.isEmpty else { continue }
                for c in 0..<k { counts[c] = 0 }
                for r in range { counts[Int(table.categoryOfRating[r])] += 1 }
                // The first of the most answered labels, in label-set order.
                let winner = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
                for r in range where Int(table.categoryOfRating[r]) == winner { agreeing[Int(table.raterOfRating[r])] += 1 }
                items.append(Item(item: keys(item), label: table.categories[winner], posterior: Double(counts[winner]) / Double(range.count)))
            }
            let labelers = table.raters.indices.filter { answers[$0] > 0 }.map {
                Labeler(labeler: table.raters[$0], answers: answers[$0], confusion: nil, accuracy: Double(agreeing[$0]) / Double(answers[$0]))
            }
            return ConsensusLabels(method: .majority, items: items, labelers: labelers, iterations: 0, converged: true,
                                   tolerance: nil, maximum_iterations: nil)
        case .dawidSkene:
            let result = DawidSkene(maximumIterations: maximumIterations, tolerance: tolerance).run(table)
            var items: [Item] = []
            for item in 0..<table.itemCount where !table.ratings(ofItem: item).isEmpty {
                let label = result.label(ofItem: item)
                items.append(Item(item: keys(item), label: table.categories[label], posterior: result.posterior[item * k + label]))
            }
            let labelers = table.raters.indices.filter { answers[$0] > 0 }.map { rater in
                Labeler(labeler: table.raters[rater], answers: answers[rater],
                        confusion: Confusion(labels: table.categories, matrix: (0..<k).map { row in Array(result.confusion[rater][(row * k)..<((row + 1) * k)]) }),
                        accuracy: result.accuracy(ofRater: rater))
            }
            return ConsensusLabels(method: .dawidSkene, items: items, labelers: labelers, iterations: result.iterations,
                                   converged: result.converged, tolerance: tolerance, maximum_iterations: maximumIterations)
        }
    }
}
