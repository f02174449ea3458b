import Foundation

/// The Dawid–Skene model (Dawid & Skene 1979, "Maximum likelihood estimation of observer
/// error-rates using the EM algorithm", Applied Statistics 28(1)): each labeler has a confusion
/// matrix (the chance they answer l when the truth is k), the classes have priors, and EM
/// estimates both with each item's posterior over the true class.
///
/// It follows crowd-kit's `DawidSkene` (the reference the tests check against) step for step:
/// start from majority vote's vote shares; M-step sums the posteriors per (labeler, answer),
/// floors them at 1e-10 and normalises per labeler and true class; E-step adds log priors and
/// log confusions and normalises; stop when the evidence lower bound per answer improves by
/// less than `tolerance`, or after `maximumIterations`.
public struct DawidSkene: Sendable {
    public var maximumIterations = 100
    public var tolerance = 1e-5

    public init(maximumIterations: Int = 100, tolerance: Double = 1e-5) {
        self.maximumIterations = maximumIterations
        self.tolerance = tolerance
    }

    /// crowd-kit's floor for probabilities before a logarithm.
    static let floor = 1e-10

    public struct Result: Sendable {
        /// posterior[item * K + k]: the chance item's true class is k.
        public var posterior: [Double]
        public var priors: [Double]
        /// confusion[rater][k * K + l]: the chance the rater answers l when the truth is k
        /// (each row k sums to 1 over the answers the rater gave).
        public var confusion: [[Double]]
        public var iterations: Int
        public var converged: Bool
        public var categoryCount: Int

        /// The most probable class of an item (the first on a tie, as crowd-kit's idxmax).
        public func label(ofItem item: Int) -> Int {
            let row = posterior[(item * categoryCount)..<((item + 1) * categoryCount)]
            return row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }! - item * categoryCount
        }

        /// The rater's expected accuracy: Σ_k prior_k · confusion[k][k].
        public func accuracy(ofRater rater: Int) -> Double {
            (0..<categoryCount).reduce(0) { $0 + priors[$1] * confusion[rater][$1 * categoryCount + $1] }
        }
    }

    public func run(_ table: RatingTable) -> Result {
        let k = table.categoryCount, items = table.itemCount, raters = table.raters.count
        let start = table.ratingStart, raterOf = table.raterOfRating, categoryOf = table.categoryOfRating
        // Majority vote's vote shares.
        var posterior = [Double](repeating: 0, count: items * k)
        for item in 0..<items {
            let range = table.ratings(ofItem: item)
            guard !range.isEmpty else { continue }
            for r in range { posterior[item * k + Int(categoryOf[r])] += 1 }
            let share = 1 / Double(range.count)
            for c in 0..<k { posterior[item * k + c] *= share }
        }
        var priors = Self.priors(posterior, items: items, k: k)
        var confusion = Self.confusion(posterior, table: table, k: k)
        var iterations = 0, converged = false, previous = -Double.infinity
        var logConfusion = [Double](repeating: 0, count: raters * k * k)
        var scores = [Double](repeating: 0, count: k)
        while iterations < maximumIterations {
            iterations += 1
            // E-step.
            for rater in 0..<raters { for index in 0..<(k * k) { logConfusion[rater * k * k + index] = log(confusion[rater][index]) } }
            let logPriors = priors.map { log(Swift.max($0, Self.floor)) }
            for item in 0..<items {
                let from = Int(start[item]), to = Int(start[item + 1])
                guard to > from else { continue }
                for c in 0..<k { scores[c] = logPriors[c] }
                for r in from..<to {
                    let base = Int(raterOf[r]) * k * k, answer = Int(categoryOf[r])
                    for c in 0..<k { scores[c] += logConfusion[base + c * k + answer] }
                }
                let top = scores.max()!
                var sum = 0.0
                for c in 0..<k { scores[c] = exp(scores[c] - top); sum += scores[c] }
                for c in 0..<k { posterior[item * k + c] = scores[c] / sum }
            }
            // M-step.
            priors = Self.priors(posterior, items: items, k: k)
            confusion = Self.confusion(posterior, table: table, k: k)
            let bound = Self.evidenceLowerBound(posterior, priors: priors, confusion: confusion, table: table, k: k)
            if bound - previous < tolerance { converged = true; break }
            previous = bound
        }
        return Result(posterior: posterior, priors: priors, confusion: confusion, iterations: iterations,
                      converged: converged, categoryCount: k)
    }

    /// The mean posterior over the items that have answers.
    static func priors(_ posterior: [Double], items: Int, k: Int) -> [Double] {
        var priors = [Double](repeating: 0, count: k), counted = 0
        for item in 0..<items {
            let row = posterior[(item * k)..<((item + 1) * k)]
            guard row.contains(where: { $0 > 0 }) else { continue }
            counted += 1
            for c in 0..<k { priors[c] += row[item * k + c] }
        }
        return counted == 0 ? priors : priors.map { $0 / Double(counted) }
    }

    /// Posterior mass per (rater, true class, answer), floored at 1e-10 where the rater gave that
    /// answer, normalised over the rater's answers for each true class.
    static func confusion(_ posterior: [Double], table: RatingTable, k: Int) -> [[Double]] {
        let raters = table.raters.count
        var mass = [Double](repeating: 0, count: raters * k * k)
        var answered = [Bool](repeating: false, count: raters * k)
        for item in 0..<table.itemCount {
            for r in table.ratings(ofItem: item) {
                let rater = Int(table.raterOfRating[r]), answer = Int(table.categoryOfRating[r])
                answered[rater * k + answer] = true
                for c in 0..<k { mass[rater * k * k + c * k + answer] += posterior[item * k + c] }
            }
        }
        return (0..<raters).map { rater in
            var matrix = [Double](repeating: 0, count: k * k)
            for c in 0..<k {
                var sum = 0.0
                for answer in 0..<k where answered[rater * k + answer] {
                    matrix[c * k + answer] = Swift.max(mass[rater * k * k + c * k + answer], floor)
                    sum += matrix[c * k + answer]
                }
                if sum > 0 { for answer in 0..<k { matrix[c * k + answer] /= sum } }
            }
            return matrix
        }
    }

    /// The evidence lower bound per answer: E[log p(answers, truth)] + the posterior's entropy.
    static func evidenceLowerBound(_ posterior: [Double], priors: [Double], confusion: [[Double]], table: RatingTable, k: Int) -> Double {
        let logPriors = priors.map { log(Swift.max($0, floor)) }
        var total = 0.0
        for item in 0..<table.itemCount {
            let range = table.ratings(ofItem: item)
            guard !range.isEmpty else { continue }
            for c in 0..<k {
                let p = posterior[item * k + c]
                var joint = 0.0
                for r in range {
                    let rater = Int(table.raterOfRating[r]), answer = Int(table.categoryOfRating[r])
                    joint += log(Swift.max(confusion[rater][c * k + answer], floor)) + logPriors[c]
                }
                total += p * joint - Swift.max(p, floor) * log(Swift.max(p, floor))
            }
        }
        return table.ratingCount == 0 ? 0 : total / Double(table.ratingCount)
    }
}
