import Foundation

/// The agreement coefficients of SPEC §4 as pure functions of `AgreementCounts`.
/// Each returns nil when the data cannot define it (no pairable items, or chance agreement of 1):
/// callers show n and "—", never a made-up number.
public enum Coefficients {
    /// Mean over pairable items of the share of agreeing ordered pairs.
    public static func percentAgreement(_ counts: AgreementCounts) -> Double? {
        counts.itemsMulti == 0 ? nil : counts.percentAgreementSum / Double(counts.itemsMulti)
    }

    /// π_k: mean over rated items of n_ik / n_i.
    public static func classShares(_ counts: AgreementCounts) -> [Double]? {
        counts.itemsRated == 0 ? nil : counts.classShareSum.map { $0 / Double(counts.itemsRated) }
    }

    /// Fleiss' κ generalised to missing ratings (Gwet 2014): p_e = Σ π_k².
    public static func fleissKappa(_ counts: AgreementCounts) -> Double? {
        guard let pa = percentAgreement(counts), let pi = classShares(counts) else { return nil }
        return chanceCorrected(pa, pi.reduce(0) { $0 + $1 * $1 })
    }

    /// Gwet's AC1: p_e = Σ π_k(1 − π_k) / (K − 1), with K the number of categories counted.
    public static func gwetAC1(_ counts: AgreementCounts) -> Double? {
        guard counts.categoryCount >= 2, let pa = percentAgreement(counts), let pi = classShares(counts) else { return nil }
        let pe = pi.reduce(0) { $0 + $1 * (1 - $1) } / Double(counts.categoryCount - 1)
        return chanceCorrected(pa, pe)
    }

    /// Specific agreement PA_k = Σ n_ik(n_ik−1) / Σ n_ik(n_i−1): given that one labeler said k,
    /// the chance that another did too.
    public static func specificAgreement(_ counts: AgreementCounts, category k: Int) -> Double? {
        counts.possiblePairs[k] == 0 ? nil : counts.agreeingPairs[k] / counts.possiblePairs[k]
    }

    /// Krippendorff's α from the coincidence matrix (Krippendorff 2011), for any difference metric.
    public static func krippendorffAlpha(_ counts: AgreementCounts, metric: AlphaMetric) -> Double? {
        Krippendorff.alpha(coincidence: counts.coincidence, categoryCount: counts.categoryCount, metric: metric)
    }

    static func chanceCorrected(_ observed: Double, _ chance: Double) -> Double? {
        chance >= 1 - 1e-12 ? nil : (observed - chance) / (1 - chance)
    }
}

/// Which disagreements count, and how much: nominal (any difference is total) or ordinal (by
/// how many values lie between). For ordinal α every category of the counts must be on the
/// scale, in order: build the counts without the special labels (they are not on the scale).
public enum AlphaMetric: String, Sendable, Equatable {
    case nominal
    case ordinal
}

public enum Krippendorff {
    /// α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck (Krippendorff 2011).
    public static func alpha(coincidence: [Double], categoryCount: Int, metric: AlphaMetric) -> Double? {
        let count = categoryCount
        var marginal = [Double](repeating: 0, count: count)
        for c in 0..<count {
            for k in 0..<count { marginal[c] += coincidence[c * count + k] }
        }
        let n = marginal.reduce(0, +)
        guard n > 1 else { return nil }
        let delta = differences(marginal: marginal, metric: metric)
        var observed = 0.0, expected = 0.0
        for c in 0..<count {
            for k in 0..<count where c != k {
                observed += coincidence[c * count + k] * delta[c * count + k]
                expected += marginal[c] * marginal[k] * delta[c * count + k]
            }
        }
        guard expected > 0 else { return nil }
        return 1 - (n - 1) * observed / expected
    }

    /// δ²_ck (row-major): nominal 1 for any difference; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)².
    static func differences(marginal: [Double], metric: AlphaMetric) -> [Double] {
        let count = marginal.count
        var delta = [Double](repeating: 0, count: count * count)
        for c in 0..<count {
            for k in 0..<count where c != k {
                switch metric {
                case .nominal:
                    delta[c * count + k] = 1
                case .ordinal:
                    let low = min(c, k), high = max(c, k)
                    var sum = 0.0
                    for g in low...high { sum += marginal[g] }
                    let value = sum - (marginal[low] + marginal[high]) / 2
                    delta[c * count + k] = value * value
                }
            }
        }
        return delta
    }
}
