import Foundation

/// A share with its 95% Wilson score interval (Wilson 1927), which stays inside [0, 1] and
/// behaves at small n and at shares near 0 or 1, unlike the normal approximation.
public struct Proportion: Sendable, Equatable, Codable {
    public var value: Double?
    public var low: Double?
    public var high: Double?
    /// How many observations stand behind the figure.
    public var n: Int

    public static let z95 = 1.959963984540054

    /// `share` observed over `n` observations; nil share (undefined) gives no interval.
    public init(share: Double?, n: Int) {
        self.n = n
        guard let share, n > 0 else { value = nil; low = nil; high = nil; return }
        value = share
        let z = Self.z95, count = Double(n)
        let denominator = 1 + z * z / count
        let center = (share + z * z / (2 * count)) / denominator
        let half = z * ((share * (1 - share) / count + z * z / (4 * count * count)).squareRoot()) / denominator
        low = max(0, center - half)
        high = min(1, center + half)
    }

    /// A figure with no interval, such as an F1 score, which is not a share of independent trials.
    public init(estimate: Double?) {
        value = estimate
        low = nil
        high = nil
        n = 0
    }
}
