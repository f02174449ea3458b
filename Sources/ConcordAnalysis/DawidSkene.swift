import Dispatch
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
///
/// Fast enough for a million items (issue 15: 50 iterations on 1M × 3 × 5 in ≤ 3 s): items with
/// the same answers are one weighted pattern (`AnswerPatterns`: 1M items of 3 labelers over 5
/// classes are at most 125), the logarithms are taken once per iteration per (labeler, truth,
/// answer), the bound's joint term rides along with the next E-step (it needs the same sums), and
/// each pass runs on every core over its share of the patterns when there are many.
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
            var best = 0
            for c in 1..<Swift.max(categoryCount, 1) where posterior[item * categoryCount + c] > posterior[item * categoryCount + best] { best = c }
            return best
        }

        /// The rater's expected accuracy: Σ_k prior_k · confusion[k][k].
        public func accuracy(ofRater rater: Int) -> Double {
            (0..<categoryCount).reduce(0) { $0 + priors[$1] * confusion[rater][$1 * categoryCount + $1] }
        }
    }

    /// How many answer patterns EM runs over for this table (items with the same answers share one).
    public static func patternCount(_ table: RatingTable) -> Int { AnswerPatterns(table).count }

    public func run(_ table: RatingTable) -> Result {
        let k = table.categoryCount, items = table.itemCount
        guard k > 0 else {
            return Result(posterior: [], priors: [], confusion: table.raters.map { _ in [] }, iterations: 0, converged: true, categoryCount: 0)
        }
        // Items with the same answers share every step: EM runs once per pattern, weighted.
        let patterns = AnswerPatterns(table), raters = table.raters.count
        // Majority vote's vote shares.
        var posterior = [Double](repeating: 0, count: patterns.count * k)
        for p in 0..<patterns.count {
            let range = patterns.ratings(ofPattern: p)
            for r in range { posterior[p * k + Int(patterns.categoryOf[r])] += 1 }
            let share = 1 / Double(range.count)
            for c in 0..<k { posterior[p * k + c] *= share }
        }
        var parameters = Self.maximise(posterior, patterns: patterns, raters: raters, k: k)
        var next = [Double](repeating: 0, count: patterns.count * k)
        let answers = Double(Swift.max(table.ratingCount, 1))
        var iterations = 0, converged = false
        var previousBound = -Double.infinity, entropy = 0.0
        while iterations < maximumIterations {
            // E-step into `next`; it also gives the joint term of the bound of the parameters
            // and posterior of the iteration before (crowd-kit's loss, computed after its M-step).
            let step = Self.expect(posterior, into: &next, patterns: patterns, raters: raters, parameters: parameters, k: k)
            if iterations > 0 {
                let bound = (step.jointOfPrevious + entropy) / answers
                if bound - previousBound < tolerance { converged = true; break }
                previousBound = bound
            }
            iterations += 1
            entropy = step.entropy
            swap(&posterior, &next)
            parameters = step.next
        }
        if !converged && iterations > 0 {
            // Stopped by the cap: the last iteration's bound still says whether it converged.
            let step = Self.expect(posterior, into: &next, patterns: patterns, raters: raters, parameters: parameters, k: k)
            converged = (step.jointOfPrevious + entropy) / answers - previousBound < tolerance
        }
        // Each item gets its pattern's posterior (an item without answers: zeros).
        var byItem = [Double](repeating: 0, count: items * k)
        for item in 0..<items {
            let p = Int(patterns.patternOfItem[item])
            guard p >= 0 else { continue }
            for c in 0..<k { byItem[item * k + c] = posterior[p * k + c] }
        }
        return Result(posterior: byItem, priors: parameters.priors, confusion: parameters.confusion,
                      iterations: iterations, converged: converged, categoryCount: k)
    }

    struct Parameters {
        var priors: [Double]
        var confusion: [[Double]]
    }

    /// Pattern ranges, one per core.
    static func shares(_ items: Int) -> [Range<Int>] {
        let parts = items < 10_000 ? 1 : Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        return (0..<parts).map { part in (items * part / parts)..<(items * (part + 1) / parts) }
    }

    /// The E-step: the new posterior (into `next`) and its entropy, and Σ p·log p(answers, truth)
    /// of the current posterior under the parameters (the bound's joint term; crowd-kit adds the
    /// log prior once per answer).
    static func expect(_ posterior: [Double], into next: inout [Double], patterns: AnswerPatterns, raters: Int,
                       parameters: Parameters, k: Int) -> (jointOfPrevious: Double, entropy: Double, next: Parameters) {
        let logConfusion = parameters.confusion.flatMap { $0.map { log(Swift.max($0, floor)) } }
        let logPriors = parameters.priors.map { log(Swift.max($0, floor)) }
        let ranges = shares(patterns.count)
        var partial = [(Double, Double)](repeating: (0, 0), count: ranges.count)
        let size = sumsSize(raters: raters, k: k)
        // The next M-step's sums, one set per share, added up as the new posterior is made.
        var mSums = [[Double]](repeating: [Double](repeating: 0, count: size), count: ranges.count)
        let old = posterior, start = patterns.start, raterOf = patterns.raterOf, categoryOf = patterns.categoryOf
        let weight = patterns.weight
        next.withUnsafeMutableBufferPointer { next in
            let out = UncheckedPointer(next.baseAddress!)
            partial.withUnsafeMutableBufferPointer { partial in
                let sums = UncheckedPointer(partial.baseAddress!)
                mSums.withUnsafeMutableBufferPointer { mSums in
                let mPointer = UncheckedPointer(mSums.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
                    var mine = [Double](repeating: 0, count: size)
                    // Unchecked access in the loop that runs 50 × 3M times.
                    let (joint, entropy) = mine.withUnsafeMutableBufferPointer { mine in start.withUnsafeBufferPointer { start in
                        raterOf.withUnsafeBufferPointer { raterOf in
                            categoryOf.withUnsafeBufferPointer { categoryOf in
                                logConfusion.withUnsafeBufferPointer { logConfusion in
                                    old.withUnsafeBufferPointer { old in weight.withUnsafeBufferPointer { weight in
                                        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * k) { scratch in
                                            expectShare(ranges[part], start: start, raterOf: raterOf, categoryOf: categoryOf,
                                                        weight: weight, logConfusion: logConfusion, logPriors: logPriors, old: old,
                                                        out: out.pointer, scratch: scratch, sums: mine.baseAddress!, raters: raters, k: k)
                                        }
                                    } }
                                }
                            }
                        }
                    } }
                    sums.pointer[part] = (joint, entropy)
                    mPointer.pointer[part] = mine
                }
                }
            }
        }
        var total = [Double](repeating: 0, count: size)
        for share in mSums { for index in 0..<size { total[index] += share[index] } }
        let (joint, entropy) = partial.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        return (joint, entropy, Self.parameters(fromSums: total, raters: raters, k: k))
    }

    /// The E-step on one share of the patterns; returns its joint and entropy sums, each
    /// pattern counted as often as items have it.
    @inline(__always)
    static func expectShare(_ items: Range<Int>, start: UnsafeBufferPointer<Int32>, raterOf: UnsafeBufferPointer<Int32>,
                            categoryOf: UnsafeBufferPointer<Int16>, weight: UnsafeBufferPointer<Double>, logConfusion: UnsafeBufferPointer<Double>, logPriors: [Double],
                            old: UnsafeBufferPointer<Double>, out: UnsafeMutablePointer<Double>,
                            scratch: UnsafeMutableBufferPointer<Double>, sums: UnsafeMutablePointer<Double>,
                            raters: Int, k: Int) -> (Double, Double) {
        let priorBase = raters * k * k, countIndex = priorBase + k, answeredBase = countIndex + 1
        let floorEntropy = floor * log(floor)
        let scores = scratch.baseAddress!, weights = scratch.baseAddress! + k
        var joint = 0.0, entropy = 0.0
        logPriors.withUnsafeBufferPointer { logPriors in
            for item in items {
                let from = Int(start[item]), to = Int(start[item + 1])
                guard to > from else { continue }
                for c in 0..<k { scores[c] = logPriors[c] }
                for r in from..<to {
                    let base = Int(raterOf[r]) * k * k + Int(categoryOf[r])
                    for c in 0..<k { scores[c] += logConfusion[base + c * k] }
                }
                let extraPriors = Double(to - from - 1), w = weight[item]
                var top = scores[0], itemJoint = 0.0, itemEntropy = 0.0
                for c in 0..<k {
                    itemJoint += old[item * k + c] * (scores[c] + extraPriors * logPriors[c])
                    if scores[c] > top { top = scores[c] }
                }
                var sum = 0.0
                for c in 0..<k { weights[c] = exp(scores[c] - top); sum += weights[c] }
                let logSum = log(sum)
                for c in 0..<k {
                    let p = weights[c] / sum
                    out[item * k + c] = p
                    weights[c] = p * w
                    // crowd-kit floors p at 1e-10 before −p·log p.
                    itemEntropy -= p < floor ? floorEntropy : p * (scores[c] - top - logSum)
                }
                joint += w * itemJoint
                entropy += w * itemEntropy
                // The next M-step's sums, from the posterior just made (weighted by the pattern's items).
                sums[countIndex] += w
                for c in 0..<k { sums[priorBase + c] += weights[c] }
                for r in from..<to {
                    let rater = Int(raterOf[r]), answer = Int(categoryOf[r])
                    sums[answeredBase + rater * k + answer] = 1
                    let base = rater * k * k + answer
                    for c in 0..<k { sums[base + c * k] += weights[c] }
                }
            }
        }
        return (joint, entropy)
    }

    /// The M-step: the priors (the mean posterior over items with answers) and each rater's
    /// confusion (posterior mass per truth and answer, floored at 1e-10 where the rater gave that
    /// answer, normalised over their answers for each truth).
    static func maximise(_ posterior: [Double], patterns: AnswerPatterns, raters: Int, k: Int) -> Parameters {
        let ranges = shares(patterns.count)
        let size = sumsSize(raters: raters, k: k)
        var partial = [[Double]](repeating: [Double](repeating: 0, count: size), count: ranges.count)
        let start = patterns.start, raterOf = patterns.raterOf, categoryOf = patterns.categoryOf, weight = patterns.weight
        partial.withUnsafeMutableBufferPointer { partial in
            let parts = UncheckedPointer(partial.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
                var sums = [Double](repeating: 0, count: size)
                sums.withUnsafeMutableBufferPointer { sums in
                    start.withUnsafeBufferPointer { start in
                        raterOf.withUnsafeBufferPointer { raterOf in
                            categoryOf.withUnsafeBufferPointer { categoryOf in
                                posterior.withUnsafeBufferPointer { posterior in
                                    let priorBase = raters * k * k, countIndex = priorBase + k, answeredBase = countIndex + 1
                                    for item in ranges[part] {
                                        let from = Int(start[item]), to = Int(start[item + 1])
                                        guard to > from else { continue }
                                        let w = weight[item]
                                        sums[countIndex] += w
                                        for c in 0..<k { sums[priorBase + c] += w * posterior[item * k + c] }
                                        for r in from..<to {
                                            let rater = Int(raterOf[r]), answer = Int(categoryOf[r])
                                            sums[answeredBase + rater * k + answer] = 1
                                            let base = rater * k * k + answer
                                            for c in 0..<k { sums[base + c * k] += w * posterior[item * k + c] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                parts.pointer[part] = sums
            }
        }
        var total = [Double](repeating: 0, count: size)
        for sums in partial { for index in 0..<size { total[index] += sums[index] } }
        return parameters(fromSums: total, raters: raters, k: k)
    }

    /// The M-step's sums, laid out as (mass[rater][truth][answer], prior sums, items counted,
    /// answered[rater][answer]).
    static func sumsSize(raters: Int, k: Int) -> Int { raters * k * k + k + 1 + raters * k }

    /// Priors and confusion from the M-step's sums.
    static func parameters(fromSums total: [Double], raters: Int, k: Int) -> Parameters {
        let priorBase = raters * k * k, countIndex = priorBase + k, answeredBase = countIndex + 1
        let counted = total[countIndex]
        let priors = (0..<k).map { counted > 0 ? total[priorBase + $0] / counted : 0 }
        let confusion = (0..<raters).map { rater -> [Double] in
            var matrix = [Double](repeating: 0, count: k * k)
            for c in 0..<k {
                var sum = 0.0
                for answer in 0..<k where total[answeredBase + rater * k + answer] > 0 {
                    matrix[c * k + answer] = Swift.max(total[rater * k * k + c * k + answer], floor)
                    sum += matrix[c * k + answer]
                }
                if sum > 0 { for answer in 0..<k { matrix[c * k + answer] /= sum } }
            }
            return matrix
        }
        return Parameters(priors: priors, confusion: confusion)
    }
}

/// A pointer handed to the threads of `concurrentPerform`, each writing only its own share.
private struct UncheckedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
