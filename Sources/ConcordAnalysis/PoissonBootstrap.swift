import ConcordDomain
import Foundation

/// A seeded bootstrap interval for Krippendorff's α over items.
///
/// Items with the same counts per category contribute identically to α, so they are grouped
/// into "types" once; a replicate then draws each type's weight instead of each item's. Weights
/// are Poisson(count of the type): the Poisson bootstrap, the large-sample form of resampling
/// items with replacement (Hanley & MacGibbon 2006). A replicate costs O(types), not O(items),
/// which is what makes a 1,000-replicate interval on a million items cheap.
public struct PoissonBootstrap {
    /// One item type: how many items have it, and its coincidence contributions (index, value).
    struct ItemType {
        var items: Int
        var contributions: [(index: Int, value: Double)]
    }

    private var types: [ItemType] = []
    private var typeIndex: [[Int32]: Int] = [:]
    private var packedIndex: [UInt64: Int] = [:]
    let categoryCount: Int

    public init(categoryCount: Int) { self.categoryCount = categoryCount }

    /// Adds one item by its counts per category and the non-zero categories.
    public mutating func add(counts: UnsafeBufferPointer<Int32>, present: ArraySlice<Int>) {
        var total = 0
        for k in present { total += Int(counts[k]) }
        guard total >= 2 else { return }
        // Pack the count vector into 64 bits when it fits (K ≤ 16, counts < 16): the common case.
        if categoryCount <= 16, present.allSatisfy({ counts[$0] < 16 }) {
            var key: UInt64 = 0
            for k in present { key |= UInt64(counts[k]) << (4 * UInt64(k)) }
            if let index = packedIndex[key] { types[index].items += 1; return }
            packedIndex[key] = types.count
        } else {
            let key = Array(counts)
            if let index = typeIndex[key] { types[index].items += 1; return }
            typeIndex[key] = types.count
        }
        var contributions: [(Int, Double)] = []
        let m = Double(total)
        for k in present {
            let nk = Double(counts[k])
            for c in present {
                let value = (c == k ? nk * (nk - 1) : nk * Double(counts[c])) / (m - 1)
                if value != 0 { contributions.append((k * categoryCount + c, value)) }
            }
        }
        types.append(ItemType(items: 1, contributions: contributions))
    }

    /// The 2.5th and 97.5th percentiles of α over `replicates` Poisson-weighted resamples.
    public func interval(metric: AlphaMetric, replicates: Int, seed: UInt64) -> (low: Double, high: Double)? {
        guard replicates > 0, !types.isEmpty else { return nil }
        var random = SeededGenerator(seed: seed)
        var alphas: [Double] = []
        alphas.reserveCapacity(replicates)
        var coincidence = [Double](repeating: 0, count: categoryCount * categoryCount)
        for _ in 0..<replicates {
            for index in coincidence.indices { coincidence[index] = 0 }
            for type in types {
                let weight = Double(Self.poisson(Double(type.items), &random))
                if weight == 0 { continue }
                for (index, value) in type.contributions { coincidence[index] += weight * value }
            }
            if let alpha = Krippendorff.alpha(coincidence: coincidence, categoryCount: categoryCount, metric: metric) {
                alphas.append(alpha)
            }
        }
        guard alphas.count >= replicates / 2 else { return nil }
        alphas.sort()
        func percentile(_ p: Double) -> Double {
            let position = p * Double(alphas.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, alphas.count - 1)
            return alphas[lower] + (alphas[upper] - alphas[lower]) * (position - Double(lower))
        }
        return (percentile(0.025), percentile(0.975))
    }

    /// A Poisson(λ) draw: multiplication for small λ, Hörmann's PTRS (1993) above.
    static func poisson(_ lambda: Double, _ random: inout SeededGenerator) -> Int {
        if lambda < 10 {
            let limit = exp(-lambda)
            var product = random.nextUnit(), count = 0
            while product > limit {
                count += 1
                product *= random.nextUnit()
            }
            return count
        }
        let slam = lambda.squareRoot(), logLambda = log(lambda)
        let b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = random.nextUnit() - 0.5, v = random.nextUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(inverseAlpha) - log(a / (us * us) + b) <= -lambda + k * logLambda - lgamma(k + 1) {
                return Int(k)
            }
        }
    }
}
