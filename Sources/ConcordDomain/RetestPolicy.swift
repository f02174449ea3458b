/// Retests while labeling (`retest: 0.05`, `retest_after: 20` in concord.yaml): that share of the
/// items a labeler is served are items they answered before, at least `after` of their answers
/// ago, shown blind, exactly as a new item is. The second answer is kept apart as a retest and
/// never replaces the first: it measures how consistent a labeler is with themselves.
public struct RetestPolicy: Sendable, Equatable {
    /// The share of served items that are retests (0 turns retests off).
    public var share: Double
    /// How many of their own answers a labeler gives between an answer and its retest.
    public var after: Int

    public static let off = RetestPolicy(validShare: 0, after: defaultAfter)
    public static let defaultAfter = 20

    public init(share: Double, after: Int = defaultAfter) throws {
        guard share.isFinite, share >= 0, share < 1 else {
            throw ConfigError.invalid("retest is the share of items shown again, from 0 up to (not including) 1, got \(share)")
        }
        guard after >= 1 else { throw ConfigError.invalid("retest_after is a number of answers, at least 1, got \(after)") }
        self.share = share
        self.after = after
    }

    private init(validShare: Double, after: Int) {
        share = validShare
        self.after = after
    }

    public var isOn: Bool { share > 0 }
}
