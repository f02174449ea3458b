import ConcordDomain

/// Assigns items to train/dev/test, stratified and group-aware, reproducibly.
///
/// Without groups, each stratum is split on its own: its target per split is its exact share,
/// rounded by largest remainder, so every stratum's count in every split is within one of its
/// exact share. With groups, `GroupedSplit` places whole groups so that every split looks like
/// the whole (labels, strata, field values, group sizes); what groups make impossible shows as
/// deviation in the manifest rather than being hidden. Order is fixed by sorting on keys first,
/// then shuffling with the project's seeded PRNG: the same input and seed give the same split on
/// every machine.
public enum SplitPlanner {
    public struct Unit: Sendable {
        /// Sort key (item id, or group name) for a stable order before shuffling.
        public var key: String
        /// Items of the unit, with their stratum.
        public var items: [(index: Int, stratum: Int)]

        public init(key: String, items: [(index: Int, stratum: Int)]) {
            self.key = key
            self.items = items
        }
    }

    /// Split index (0 train, 1 dev, 2 test…) for each item index 0..<itemCount (-1: in no unit).
    /// `features` says what each item brings (label, stratum, fields) for grouped units; without
    /// it the strata alone are balanced.
    public static func assign(units: [Unit], itemCount: Int, strata: Int, ratios: [Double], seed: UInt64,
                              features: SplitFeatures? = nil) -> [Int8] {
        let shares = normalised(ratios)
        var random = SeededGenerator(seed: seed)
        guard units.allSatisfy({ $0.items.count == 1 }) else {
            return GroupedSplit.assign(units: units, features: features ?? .strata(units.flatMap(\.items), itemCount: itemCount),
                                       itemCount: itemCount, shares: shares, random: &random)
        }
        var ordered = units.sorted { $0.key < $1.key }
        shuffle(&ordered, &random)
        var assignment = [Int8](repeating: -1, count: itemCount)
        // Items on their own: largest remainder per stratum, in shuffled order.
        var byStratum = [[Int]](repeating: [], count: strata)
        for unit in ordered { byStratum[unit.items[0].stratum].append(unit.items[0].index) }
        for members in byStratum where !members.isEmpty {
            let targets = largestRemainder(total: members.count, shares: shares)
            var position = 0
            for (split, target) in targets.enumerated() {
                for item in members[position..<(position + target)] { assignment[item] = Int8(split) }
                position += target
            }
        }
        return assignment
    }

    /// Integer targets summing to `total`, each within one of total × share (largest remainder;
    /// ties go to the earlier split).
    public static func largestRemainder(total: Int, shares: [Double]) -> [Int] {
        let exact = shares.map { Double(total) * $0 }
        var targets = exact.map { Int($0.rounded(.down)) }
        let remainders = exact.enumerated().map { ($0.offset, $0.element - Double(targets[$0.offset])) }
            .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }
        var left = total - targets.reduce(0, +)
        for (split, _) in remainders where left > 0 {
            targets[split] += 1
            left -= 1
        }
        return targets
    }

    public static func normalised(_ ratios: [Double]) -> [Double] {
        let sum = ratios.reduce(0, +)
        return ratios.map { $0 / sum }
    }

    /// Fisher–Yates with the project's PRNG (the standard library's shuffle is not reproducible
    /// across platforms or releases).
    public static func shuffle<T>(_ array: inout [T], _ random: inout SeededGenerator) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            let other = Int(random.next() % UInt64(index + 1))
            array.swapAt(index, other)
        }
    }
}
