
/// How well each split represents the whole (issue 12): per split, the share of every label and
/// of every value of each reported field, the number of groups, the largest group and items per
/// group, and the largest difference of a share from the whole's. Written to the manifest and
/// the dataset card, and printed by `concord export --dry-run`.
public struct SplitRepresentation: Codable, Sendable {
    public struct Part: Codable, Sendable {
        /// "whole", or the split's name.
        public var split: String
        public var items: Int
        @NullEncodable public var groups: Int?
        @NullEncodable public var largest_group: Int?
        @NullEncodable public var items_per_group: Double?
        /// Share of each label, and of each value of each field, among the part's items.
        public var labels: [String: Double]
        public var fields: [String: [String: Double]]
        /// The largest |share here − share in the whole| over labels, and per field; null (and no
        /// fields) for an empty split, which has no shares to compare.
        @NullEncodable public var max_label_deviation: Double?
        public var max_field_deviation: [String: Double]
    }

    public var whole: Part
    public var splits: [Part]
    /// What the data made impossible (e.g. a group larger than a split's share).
    public var warnings: [String]

    /// Measures `splits` (item indices per split) with the label and field families of `features`
    /// (`labelFamily`, `fieldFamilies` by name) and each item's group (nil: not grouped).
    public static func measure(splits: [[Int]], names: [String], features: SplitFeatures, labelFamily: Int,
                        fieldFamilies: [(name: String, family: Int)], groupOf: [Int32]?, warnings: [String]) -> SplitRepresentation {
        let families = features.families.count
        func part(_ name: String, _ members: [Int]) -> Part {
            var counts = [Int](repeating: 0, count: features.dimensionCount)
            for item in members {
                for f in 0..<families { counts[Int(features.dimensions[item * families + f])] += 1 }
            }
            let total = Double(max(1, members.count))
            func shares(_ family: Int) -> [String: Double] {
                var result: [String: Double] = [:]
                for d in 0..<features.dimensionCount where features.familyOfDimension[d] == family && counts[d] > 0 {
                    result[features.valueOfDimension[d]] = rounded(Double(counts[d]) / total)
                }
                return result
            }
            var groups: Int?, largest: Int?, perGroup: Double?
            if let groupOf {
                // Group ids are 0, 1, …; an item without a group (a negative id) is a group of one.
                var sizes = [Int](repeating: 0, count: Int(groupOf.max() ?? -1) + 1)
                var count = 0, most = 0
                for item in members {
                    let group = Int(groupOf[item])
                    guard group >= 0 else { count += 1; most = max(most, 1); continue }
                    if sizes[group] == 0 { count += 1 }
                    sizes[group] += 1
                    most = max(most, sizes[group])
                }
                groups = count
                largest = most
                perGroup = count == 0 ? nil : rounded(Double(members.count) / Double(count))
            }
            var fields: [String: [String: Double]] = [:]
            for field in fieldFamilies { fields[field.name] = shares(field.family) }
            return Part(split: name, items: members.count, groups: groups, largest_group: largest, items_per_group: perGroup,
                        labels: shares(labelFamily), fields: fields, max_label_deviation: 0, max_field_deviation: [:])
        }
        let whole = part("whole", splits.flatMap { $0 })
        func deviation(_ here: [String: Double], _ there: [String: Double]) -> Double {
            rounded(Set(here.keys).union(there.keys).map { abs((here[$0] ?? 0) - (there[$0] ?? 0)) }.max() ?? 0)
        }
        let parts = zip(names, splits).map { name, members -> Part in
            var measured = part(name, members)
            guard !members.isEmpty else { measured.max_label_deviation = nil; return measured }
            measured.max_label_deviation = deviation(measured.labels, whole.labels)
            for field in fieldFamilies {
                measured.max_field_deviation[field.name] = deviation(measured.fields[field.name] ?? [:], whole.fields[field.name] ?? [:])
            }
            return measured
        }
        return SplitRepresentation(whole: whole, splits: parts, warnings: warnings)
    }

    /// Six decimals: enough to compare, stable in the manifest's bytes.
    public static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    /// The table `--dry-run`, the CLI and the dataset card show: one row per part.
    public func rows() -> (header: [String], rows: [[String]]) {
        let fieldNames = whole.fields.keys.sorted()
        let header = ["split", "items", "groups", "largest group", "items/group", "max label dev."] + fieldNames.map { "max \($0) dev." }
        func text(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "—" }
        let rows = ([whole] + splits).map { part in
            [part.split, String(part.items), part.groups.map(String.init) ?? "—", part.largest_group.map(String.init) ?? "—",
             part.items_per_group.map { String(format: "%.2f", $0) } ?? "—", part.split == "whole" ? "" : text(part.max_label_deviation)]
                + fieldNames.map { part.split == "whole" ? "" : text(part.max_field_deviation[$0]) }
        }
        return (header, rows)
    }
}
