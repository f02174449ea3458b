/// Every current answer of a project, flattened for metric code: items in a fixed order, each
/// with its ratings (rater, category, seconds), an optional reference category (adjudication),
/// an optional slice value and an optional round. Categories and raters are small integers;
/// their names live beside the arrays. Built once from the database, then only read.
public struct RatingTable: Sendable {
    /// Category names in order (the label set, then the special labels unless excluded).
    public var categories: [String]
    /// The categories on the ordered scale, lowest first (nil for a nominal scale). Ordinal α is
    /// computed over these alone; the special labels are not on the scale.
    public var ordinalCategories: [Int]?
    public var raters: [String]
    /// Names of the slice values (`sliceOfItem` indexes into it).
    public var sliceValues: [String] = []
    /// Names of the rounds (`roundOfRating` indexes into it).
    public var rounds: [String] = []

    /// Ratings of item i are `ratingStart[i] ..< ratingStart[i + 1]`.
    public private(set) var ratingStart: [Int32] = [0]
    public private(set) var raterOfRating: [Int32] = []
    public private(set) var categoryOfRating: [Int16] = []
    /// Seconds the rater took; NaN when unknown.
    public private(set) var secondsOfRating: [Float] = []
    /// Round of each rating (-1 when unknown).
    public private(set) var roundOfRating: [Int16] = []
    /// Reference (adjudicated) category per item, -1 for none: the export's label, never HLP's.
    public private(set) var referenceOfItem: [Int16] = []
    /// Audit reference per item (a blind label on an item of the audit sample), -1 for none.
    public private(set) var auditOfItem: [Int16] = []
    /// Slice value per item, -1 for none.
    public private(set) var sliceOfItem: [Int32] = []
    /// Model prediction per item, -1 for none.
    public private(set) var predictionOfItem: [Int16] = []
    /// The database row id of each item, when the table was loaded from one.
    public private(set) var idOfItem: [Int] = []

    public init(categories: [String], ordinalCategories: [Int]? = nil, raters: [String]) {
        self.categories = categories
        self.ordinalCategories = ordinalCategories
        self.raters = raters
    }

    public var itemCount: Int { ratingStart.count - 1 }
    public var ratingCount: Int { categoryOfRating.count }
    public var categoryCount: Int { categories.count }

    @inlinable
    public func ratings(ofItem item: Int) -> Range<Int> { Int(ratingStart[item])..<Int(ratingStart[item + 1]) }

    /// Starts a new item; the ratings appended next belong to it. `id` is its database row id.
    public mutating func appendItem(id: Int = -1, reference: Int = -1, audit: Int = -1, slice: Int = -1, prediction: Int = -1) {
        ratingStart.append(ratingStart.last!)
        referenceOfItem.append(Int16(reference))
        auditOfItem.append(Int16(audit))
        sliceOfItem.append(Int32(slice))
        predictionOfItem.append(Int16(prediction))
        idOfItem.append(id)
    }

    /// Room for `ratings` ratings on `items` items, so loading a large project never regrows.
    public mutating func reserveCapacity(ratings: Int, items: Int) {
        ratingStart.reserveCapacity(items + 1)
        raterOfRating.reserveCapacity(ratings)
        categoryOfRating.reserveCapacity(ratings)
        secondsOfRating.reserveCapacity(ratings)
        roundOfRating.reserveCapacity(ratings)
        referenceOfItem.reserveCapacity(items)
        auditOfItem.reserveCapacity(items)
        sliceOfItem.reserveCapacity(items)
        predictionOfItem.reserveCapacity(items)
        idOfItem.reserveCapacity(items)
    }

    public func itemID(ofItem item: Int) -> Int { idOfItem[item] }

    /// Adds a rating to the item appended last.
    public mutating func appendRating(rater: Int, category: Int, seconds: Double? = nil, round: Int = -1) {
        raterOfRating.append(Int32(rater))
        categoryOfRating.append(Int16(category))
        secondsOfRating.append(seconds.map(Float.init) ?? .nan)
        roundOfRating.append(Int16(round))
        ratingStart[ratingStart.count - 1] += 1
    }

    /// Sets the reference, audit reference, slice or prediction of an item already appended.
    public mutating func setReference(_ category: Int, ofItem item: Int) { referenceOfItem[item] = Int16(category) }
    public mutating func setAudit(_ category: Int, ofItem item: Int) { auditOfItem[item] = Int16(category) }
    public mutating func setSlice(_ slice: Int, ofItem item: Int) { sliceOfItem[item] = Int32(slice) }
    public mutating func setPrediction(_ category: Int, ofItem item: Int) { predictionOfItem[item] = Int16(category) }

    /// A table from rows of ratings, one array per item of (rater, category) pairs; for tests
    /// and published examples.
    public static func from(items: [[(rater: Int, category: Int)]], categories: [String], raters: [String],
                            ordinal: Bool = false) -> RatingTable {
        var table = RatingTable(categories: categories, ordinalCategories: ordinal ? Array(categories.indices) : nil,
                                raters: raters)
        for ratings in items {
            table.appendItem()
            for rating in ratings { table.appendRating(rater: rating.rater, category: rating.category) }
        }
        return table
    }
}
