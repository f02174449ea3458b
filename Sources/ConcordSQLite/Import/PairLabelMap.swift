/// The label each (item, labeler) pair got during one import.
///
/// A Swift `Dictionary` keyed by the pair seeds and runs SipHash for every lookup and insert and
/// scatters neighbouring items across memory; at 2.4M rows, with a lookup and an insert per
/// row, that was a tenth of the importer's own time. Item ids are small dense integers, and a
/// file's rows mostly come item by item, so this keeps, per item id, a short list of its pairs
/// (newest first) in flat arrays: a lookup reads one array slot and a node or two that were
/// written moments ago.
struct PairLabelMap {
    /// Per item id: 1 + the index of its newest node, or 0 when it has none.
    private var newest: [Int32] = []
    private var labelers: [Int64] = []
    private var labels: [Int64] = []
    /// 1 + the index of the item's next older node, or 0.
    private var older: [Int32] = []

    var count: Int { labels.count }

    /// Room for `pairs` pairs of items up to `maxItem` before any array grows.
    init(pairs: Int = 0, maxItem: Int64 = 0) {
        newest = Array(repeating: 0, count: Int(maxItem) + 1)
        labelers.reserveCapacity(pairs)
        labels.reserveCapacity(pairs)
        older.reserveCapacity(pairs)
    }

    func label(item: Int64, labeler: Int64) -> Int64? {
        node(item: item, labeler: labeler).map { labels[$0] }
    }

    mutating func setLabel(_ label: Int64, item: Int64, labeler: Int64) {
        if let existing = node(item: item, labeler: labeler) {
            labels[existing] = label
            return
        }
        let slot = Int(item)
        if slot >= newest.count { newest += Array(repeating: 0, count: slot + 1 - newest.count + newest.count / 2) }
        labelers.append(labeler)
        labels.append(label)
        older.append(newest[slot])
        newest[slot] = Int32(labels.count)
    }

    private func node(item: Int64, labeler: Int64) -> Int? {
        guard item >= 0, Int(item) < newest.count else { return nil }
        var link = newest[Int(item)]
        while link != 0 {
            let index = Int(link) - 1
            if labelers[index] == labeler { return index }
            link = older[index]
        }
        return nil
    }
}
