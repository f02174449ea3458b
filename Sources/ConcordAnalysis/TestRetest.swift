/// How consistent labelers are with themselves: each retest against the same labeler's first
/// answer on that item, as percent agreement and Cohen's κ (the first and the repeated answers
/// as two ratings), pooled and per labeler. A labeler who disagrees with themselves needs a
/// different conversation than one who disagrees with the team.
public struct TestRetestReport: Sendable, Codable, Equatable {
    public struct Labeler: Sendable, Codable, Equatable {
        public var labeler: String
        public var n: Int
        @NullEncodable public var agreement: Double?
        @NullEncodable public var cohen_kappa: Double?
    }

    /// Retests that have a first answer to compare with (in a counted category).
    public var n: Int
    @NullEncodable public var agreement: Double?
    @NullEncodable public var cohen_kappa: Double?
    public var per_labeler: [Labeler]

    /// `pairs`: (labeler, first answer's category, retest's category), categories in 0..<count.
    public static func measure(_ pairs: [(labeler: String, first: Int, repeated: Int)], categoryCount: Int) -> TestRetestReport {
        func figures(_ pairs: some Collection<(labeler: String, first: Int, repeated: Int)>) -> (Int, Double?, Double?) {
            guard !pairs.isEmpty else { return (0, nil, nil) }
            var confusion = [Int](repeating: 0, count: categoryCount * categoryCount)
            for pair in pairs { confusion[pair.first * categoryCount + pair.repeated] += 1 }
            let agreeing = pairs.filter { $0.first == $0.repeated }.count
            return (pairs.count, Double(agreeing) / Double(pairs.count), CohenKappa.kappa(confusion: confusion, categoryCount: categoryCount))
        }
        let pooled = figures(pairs)
        let byLabeler = Dictionary(grouping: pairs, by: \.labeler)
        let perLabeler = byLabeler.keys.sorted().map { name -> Labeler in
            let (n, agreement, kappa) = figures(byLabeler[name]!)
            return Labeler(labeler: name, n: n, agreement: agreement, cohen_kappa: kappa)
        }
        return TestRetestReport(n: pooled.0, agreement: pooled.1, cohen_kappa: pooled.2, per_labeler: perLabeler)
    }
}
