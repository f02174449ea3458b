/// How many labels an item gets: a fixed k (`labelers_per_item: 3`), or adaptive overlap
/// (`labelers_per_item: 2..4`): the minimum first, then one more at a time, up to the maximum,
/// only while the item's answers disagree. An item whose first answers all agree is done at the
/// minimum; that is where adaptive overlap saves labels.
public struct LabelsPerItem: Sendable, Equatable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public let minimum: Int
    public let maximum: Int

    public init(minimum: Int, maximum: Int) throws {
        guard minimum >= 1 else { throw ConfigError.invalid("labelers_per_item must be at least 1, got \(minimum)") }
        guard maximum >= minimum else {
            throw ConfigError.invalid("labelers_per_item: \(minimum)..\(maximum) has its maximum below its minimum; write it as low..high")
        }
        // One answer cannot disagree with itself: adaptive overlap would never ask for a second.
        guard minimum >= 2 || maximum == minimum else {
            throw ConfigError.invalid("labelers_per_item: \(minimum)..\(maximum) starts at one label, which never disagrees; start at 2 (\(2)..\(max(2, maximum)))")
        }
        self.minimum = minimum
        self.maximum = maximum
    }

    /// A fixed k.
    public init(_ k: Int) throws { try self.init(minimum: k, maximum: k) }

    public init(integerLiteral value: Int) {
        precondition(value >= 1, "labelers_per_item is at least 1")
        minimum = value
        maximum = value
    }

    /// Reads `3` or `2..4` as the config writes it.
    public init(parsing text: String) throws {
        func number(_ part: Substring) -> Int? { Int(part.filter { $0 != " " }) }
        if let k = number(text[...]) {
            try self.init(k)
            return
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty, let low = number(parts[0]), let high = number(parts[2]) else {
            throw ConfigError.invalid("labelers_per_item is a number (3) or a range low..high (2..4), got '\(Names.inert(text))'")
        }
        try self.init(minimum: low, maximum: high)
    }

    /// Whether more labels than the first are asked for when answers disagree.
    public var isAdaptive: Bool { maximum > minimum }

    /// `3`, or `2..4`: as the config writes it.
    public var description: String { isAdaptive ? "\(minimum)..\(maximum)" : "\(maximum)" }

    /// How many answers the item should have, given the ones it has: the minimum until it has
    /// them, then one more at a time while they disagree, never past the maximum.
    public func wanted(answers: Int, unanimous: Bool) -> Int {
        if answers < minimum { return minimum }
        if !unanimous && answers < maximum { return answers + 1 }
        return answers
    }

    /// Whether the item needs no more labels.
    public func isComplete(answers: Int, unanimous: Bool) -> Bool {
        wanted(answers: answers, unanimous: unanimous) <= answers
    }

    /// Labels a fixed k at the maximum would still have asked of an item that is complete here.
    public func saved(answers: Int, unanimous: Bool) -> Int {
        isComplete(answers: answers, unanimous: unanimous) ? max(0, maximum - answers) : 0
    }
}
