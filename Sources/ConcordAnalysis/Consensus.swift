/// The label an item is exported with (SPEC §6): its adjudicated label; else the unanimous
/// answer; else a strict majority holding at least the minimum share; else none (unresolved).
public enum Consensus: Equatable, Sendable {
    case adjudicated(Int)
    case unanimous(Int)
    case majority(Int, share: Double)
    /// The most probable label under a model of the labelers (Dawid–Skene), with its posterior.
    case model(Int, posterior: Double)
    /// Why there is no consensus.
    case unresolved(LeftOut)

    public enum LeftOut: String, Sendable, Codable, CaseIterable, Comparable {
        case no_answers
        case tie_or_no_majority
        case below_min_agreement
        case borderline
        case unintelligible
        case balanced_out_of_train

        public static func < (a: LeftOut, b: LeftOut) -> Bool { a.rawValue < b.rawValue }
    }

    /// `counts[k]` answers per category; `adjudicated` the reference category or nil.
    public static func of(counts: [Int], adjudicated: Int?, minimumShare: Double) -> Consensus {
        if let adjudicated { return .adjudicated(adjudicated) }
        let total = counts.reduce(0, +)
        guard total > 0 else { return .unresolved(.no_answers) }
        let best = counts.indices.max { (counts[$0], -$0) < (counts[$1], -$1) }!
        if counts[best] == total { return .unanimous(best) }
        guard 2 * counts[best] > total else { return .unresolved(.tie_or_no_majority) }
        let share = Double(counts[best]) / Double(total)
        guard share >= minimumShare else { return .unresolved(.below_min_agreement) }
        return .majority(best, share: share)
    }

    public var category: Int? {
        switch self {
        case .adjudicated(let c), .unanimous(let c), .majority(let c, _), .model(let c, _): return c
        case .unresolved: return nil
        }
    }
}
