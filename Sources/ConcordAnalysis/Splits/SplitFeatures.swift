/// What each item brings to the splits, for a group-aware split that keeps every split like the
/// whole: one value per item in each family (its label, its stratum, the value of each slice or
/// stratify field). Values are interned per family into global dimensions; the dimensions of
/// item i are `dimensions[i * families.count ..< (i + 1) * families.count]`.
public struct SplitFeatures: Sendable {
    /// Family names, e.g. ["label", "stratum", "bot"].
    public let families: [String]
    /// Flat, `families.count` per item.
    public private(set) var dimensions: [Int32] = []
    /// Family and value name of each dimension.
    public private(set) var familyOfDimension: [Int] = []
    public private(set) var valueOfDimension: [String] = []
    private var index: [[String: Int32]]

    public init(families: [String]) {
        self.families = families
        index = Array(repeating: [:], count: families.count)
    }

    public var dimensionCount: Int { familyOfDimension.count }
    public var itemCount: Int { families.isEmpty ? 0 : dimensions.count / families.count }

    /// Appends the next item's value in each family, in family order ("" when it has none).
    public mutating func append(_ values: [String]) {
        precondition(values.count == families.count)
        for (family, value) in values.enumerated() { dimensions.append(intern(value, family: family)) }
    }

    /// Appends the next item's dimensions, one per family in family order, each from `intern`.
    public mutating func append(dimensions item: [Int32]) {
        precondition(item.count == families.count)
        dimensions += item
    }

    /// The dimension of `value` in `family`, made on first sight.
    public mutating func intern(_ value: String, family: Int) -> Int32 {
        if let known = index[family][value] { return known }
        let dimension = Int32(familyOfDimension.count)
        index[family][value] = dimension
        familyOfDimension.append(family)
        valueOfDimension.append(value)
        return dimension
    }

    /// Features with one family, the stratum, for callers that only have strata.
    public static func strata(_ items: [(index: Int, stratum: Int)], itemCount: Int) -> SplitFeatures {
        var stratumOf = [Int](repeating: 0, count: itemCount)
        for item in items { stratumOf[item.index] = item.stratum }
        var features = SplitFeatures(families: ["stratum"])
        for item in 0..<itemCount { features.append([String(stratumOf[item])]) }
        return features
    }
}
