/// Cohen's κ for two raters over the items both rated (Cohen 1960):
/// κ = (p_o − p_e) / (1 − p_e), p_e from each rater's own marginals.
public enum CohenKappa {
    /// `confusion[a * K + b]` = items rater 1 put in a and rater 2 in b.
    public static func kappa(confusion: [Int], categoryCount k: Int) -> Double? {
        let n = confusion.reduce(0, +)
        guard n >= 2 else { return nil }
        var agree = 0, rows = [Int](repeating: 0, count: k), columns = [Int](repeating: 0, count: k)
        for a in 0..<k {
            agree += confusion[a * k + a]
            for b in 0..<k {
                rows[a] += confusion[a * k + b]
                columns[b] += confusion[a * k + b]
            }
        }
        let total = Double(n)
        let observed = Double(agree) / total
        var chance = 0.0
        for c in 0..<k { chance += Double(rows[c]) * Double(columns[c]) / (total * total) }
        return Coefficients.chanceCorrected(observed, chance)
    }
}
