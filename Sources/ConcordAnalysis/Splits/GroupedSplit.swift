import ConcordDomain

/// Places whole groups in train/dev/test so that each split looks like the whole (issue 12): the
/// shares of every label, stratum and field value, the distribution of group sizes and the split
/// sizes themselves all stay close to the data's. Largest-first placement, as before, sent every
/// group of more than one item to train.
///
/// Groups are visited by size class (1, 2–3, 4–7, … items), largest class first, in a seeded
/// random order within each class. Each goes to the split where it lowers the cost most: the sum
/// over splits and dimensions of the squared deviation, in share points of the split, between the
/// split's count and its exact share of the whole. Group-size classes count as dimensions (the
/// groups of each class, and the items in them), so large groups are spread over the splits too. Then a few passes move single
/// groups wherever that lowers the cost further. The same input and seed give the same split.
public enum GroupedSplit {
    /// How much the split sizes weigh against any one family of shares.
    public static let sizeWeight = 2.0
    public static let improvementPasses = 4
    public static let swapPasses = 2
    public static let swapCandidates = 4

    public static func assign(units: [SplitPlanner.Unit], features: SplitFeatures, itemCount: Int, shares: [Double],
                       random: inout SeededGenerator) -> [Int8] {
        let splits = shares.count, families = features.families.count
        // Dimensions: the features' own; per group-size class, the groups and then the items in
        // them; last, all items (the split's size).
        let sizeClass = units.map { Self.sizeClass($0.items.count) }
        let classes = (sizeClass.max() ?? 0) + 1
        let classBase = features.dimensionCount, classItemBase = classBase + classes, sizeDimension = classItemBase + classes
        let dimensions = sizeDimension + 1

        // Each unit's composition as sparse (dimension, count) runs.
        var start = [Int](repeating: 0, count: units.count + 1)
        var compositionDimension: [Int32] = [], compositionCount: [Double] = []
        var scratch = [Double](repeating: 0, count: dimensions), touched: [Int32] = []
        for (u, unit) in units.enumerated() {
            for item in unit.items {
                for f in 0..<families {
                    let d = features.dimensions[item.index * families + f]
                    if scratch[Int(d)] == 0 { touched.append(d) }
                    scratch[Int(d)] += 1
                }
            }
            for d in touched {
                compositionDimension.append(d)
                compositionCount.append(scratch[Int(d)])
                scratch[Int(d)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            compositionDimension.append(Int32(classBase + sizeClass[u]))
            compositionCount.append(1)
            compositionDimension.append(Int32(classItemBase + sizeClass[u]))
            compositionCount.append(Double(unit.items.count))
            compositionDimension.append(Int32(sizeDimension))
            compositionCount.append(Double(unit.items.count))
            start[u + 1] = compositionDimension.count
        }

        // Targets: each dimension's total times the split's share; weights: one over the split's
        // expected size squared (deviations in share points), groups for the size classes.
        var total = [Double](repeating: 0, count: dimensions)
        for (d, count) in zip(compositionDimension, compositionCount) { total[Int(d)] += count }
        let items = total[sizeDimension], groups = Double(units.count)
        var weight = [[Double]](repeating: [Double](repeating: 0, count: dimensions), count: splits)
        for s in 0..<splits where shares[s] > 0 {
            let itemScale = 1 / (items * shares[s] * items * shares[s])
            let groupScale = 1 / (groups * shares[s] * groups * shares[s])
            for d in 0..<dimensions {
                weight[s][d] = d == sizeDimension ? sizeWeight * itemScale : (d >= classBase && d < classItemBase ? groupScale : itemScale)
            }
        }
        var current = [[Double]](repeating: [Double](repeating: 0, count: dimensions), count: splits)

        /// The change in cost of adding (sign +1) or removing (−1) unit u in split s.
        func delta(_ u: Int, _ s: Int, _ sign: Double) -> Double {
            var change = 0.0
            for r in start[u]..<start[u + 1] {
                let d = Int(compositionDimension[r])
                let before = current[s][d] - total[d] * shares[s], after = before + sign * compositionCount[r]
                change += weight[s][d] * (after * after - before * before)
            }
            return change
        }
        func apply(_ u: Int, _ s: Int, _ sign: Double) {
            for r in start[u]..<start[u + 1] { current[s][Int(compositionDimension[r])] += sign * compositionCount[r] }
        }

        // Largest size class first, a seeded random order within each class.
        var order = Array(units.indices).sorted { units[$0].key < units[$1].key }
        SplitPlanner.shuffle(&order, &random)
        var rank = [Int](repeating: 0, count: units.count)
        for (position, u) in order.enumerated() { rank[u] = position }
        order.sort { sizeClass[$0] != sizeClass[$1] ? sizeClass[$0] > sizeClass[$1] : rank[$0] < rank[$1] }
        var placed = [Int](repeating: -1, count: units.count)
        for u in order {
            var best = -1, bestCost = Double.infinity
            for s in 0..<splits where shares[s] > 0 {
                let cost = delta(u, s, 1)
                if cost < bestCost - 1e-12 { best = s; bestCost = cost }
            }
            placed[u] = best
            apply(u, best, 1)
        }
        for _ in 0..<improvementPasses {
            var moved = false
            for u in order {
                let from = placed[u]
                let leave = delta(u, from, -1)
                var best = from, bestCost = -1e-12
                for s in 0..<splits where s != from && shares[s] > 0 {
                    let cost = leave + delta(u, s, 1)
                    if cost < bestCost { best = s; bestCost = cost }
                }
                if best != from {
                    apply(u, from, -1)
                    apply(u, best, 1)
                    placed[u] = best
                    moved = true
                }
            }
            if !moved { break }
        }

        // Swaps: a group and one of a few seeded-random groups of its size class elsewhere trade
        // places when that lowers the cost (moves alone cannot fix a split that is full).
        var byClass = [[Int]](repeating: [], count: classes)
        for u in order { byClass[sizeClass[u]].append(u) }
        for _ in 0..<swapPasses {
            var swapped = false
            for u in order {
                let peers = byClass[sizeClass[u]]
                guard peers.count > 1 else { continue }
                for _ in 0..<swapCandidates {
                    let v = peers[Int(random.next() % UInt64(peers.count))]
                    let a = placed[u], b = placed[v]
                    guard a != b else { continue }
                    var change = delta(u, a, -1)
                    apply(u, a, -1)
                    change += delta(v, b, -1)
                    apply(v, b, -1)
                    change += delta(u, b, 1)
                    apply(u, b, 1)
                    change += delta(v, a, 1)
                    if change < -1e-12 {
                        apply(v, a, 1)
                        placed[u] = b
                        placed[v] = a
                        swapped = true
                        break
                    }
                    apply(u, b, -1)
                    apply(v, b, 1)
                    apply(u, a, 1)
                }
            }
            if !swapped { break }
        }

        var assignment = [Int8](repeating: -1, count: itemCount)
        for (u, unit) in units.enumerated() { for item in unit.items { assignment[item.index] = Int8(placed[u]) } }
        return assignment
    }

    /// 0 for one item, 1 for 2–3, 2 for 4–7, …
    public static func sizeClass(_ size: Int) -> Int { Int.bitWidth - 1 - max(1, size).leadingZeroBitCount }
}
