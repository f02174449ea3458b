import ConcordServices
import ConcordStore
import ConcordFormats
import ConcordDomain
import Foundation

/// Simulated labelers for the demo: each has a base accuracy and habits, and makes more mistakes
/// on hard items and under bad recording conditions, so the figures look like real ones do
/// (clean speech agrees, low-bandwidth audio does not). Deterministic for a seed.
public struct LabelerSimulator {
    public struct Profile: Sendable {
        public var name: String
        /// Chance of the right answer on an easy, clean item.
        public var accuracy: Double
        /// Chance of answering `borderline` instead of guessing when unsure.
        public var borderlineHabit: Double
        /// Median seconds per item.
        public var medianSeconds: Double
    }

    /// What the simulator knows about an item: the true answer and how it goes wrong.
    public struct Truth: Sendable {
        public var itemKey: String
        public var label: String
        public var confusableWith: String?
        /// 0 = anyone gets it, 1 = coin toss.
        public var difficulty: Double
        /// Value of the recording-condition slice, if any.
        public var condition: String?
    }

    public static let defaultProfiles: [Profile] = [
        Profile(name: "ana", accuracy: 0.98, borderlineHabit: 0.30, medianSeconds: 3.8),
        Profile(name: "ben", accuracy: 0.96, borderlineHabit: 0.10, medianSeconds: 2.9),
        Profile(name: "chloe", accuracy: 0.95, borderlineHabit: 0.45, medianSeconds: 5.1),
        Profile(name: "dev", accuracy: 0.97, borderlineHabit: 0.15, medianSeconds: 3.3),
        Profile(name: "eli", accuracy: 0.91, borderlineHabit: 0.05, medianSeconds: 2.2),
    ]

    /// How much harder each recording condition makes an item (unknown conditions: 1.5).
    public static let conditionFactor: [String: Double] = [
        "clean": 1.0, "car_noise": 2.0, "people_noise": 2.4, "low_bandwidth": 3.4,
    ]

    public var profiles: [Profile]
    public var labelSet: LabelSet
    public var labelersPerItem: Int
    private var random: SeededGenerator

    public init(profiles: [Profile] = defaultProfiles, labelSet: LabelSet, labelersPerItem: Int, seed: UInt64) {
        self.profiles = profiles
        self.labelSet = labelSet
        self.labelersPerItem = min(labelersPerItem, profiles.count)
        random = SeededGenerator(seed: seed)
    }

    /// One long-form row per simulated answer: (item, labeler, label, seconds).
    public mutating func answers(for truths: [Truth]) -> [(item: String, labeler: String, label: String, seconds: Double)] {
        var rows: [(String, String, String, Double)] = []
        for (index, truth) in truths.enumerated() {
            // Most items get k labels; a few are still in progress.
            let count = random.nextUnit() < 0.06 ? max(1, labelersPerItem - 1) : labelersPerItem
            let first = index % profiles.count
            for offset in 0..<count {
                let profile = profiles[(first + offset * 2) % profiles.count]
                rows.append((truth.itemKey, profile.name, answer(truth, by: profile), seconds(truth, profile)))
            }
        }
        return rows
    }

    /// A simulated model's prediction per item: strong on clean input, weaker under noise, and
    /// weakest exactly where people also struggle, so the gap table has something to say.
    public mutating func predictions(for truths: [Truth]) -> [(item: String, label: String)] {
        truths.map { truth in
            let factor = truth.condition.map { Self.conditionFactor[$0] ?? 1.5 } ?? 1.0
            let pError = min(0.9, 0.05 * factor * factor + truth.difficulty * 0.5)
            let intended = truth.label == SpecialLabel.unintelligible.rawValue ? randomLabel() : truth.label
            guard random.nextUnit() < pError else { return (truth.itemKey, intended) }
            if let other = truth.confusableWith, labelSet.labels.contains(where: { $0.name == other }), random.nextUnit() < 0.6 {
                return (truth.itemKey, other)
            }
            return (truth.itemKey, randomLabel(excluding: intended))
        }
    }

    private mutating func answer(_ truth: Truth, by profile: Profile) -> String {
        let factor = truth.condition.map { Self.conditionFactor[$0] ?? 1.5 } ?? 1.0
        let slip = (1 - profile.accuracy) * factor
        let pError = min(0.85, slip + truth.difficulty * 0.3)
        guard random.nextUnit() < pError else { return truth.label }
        let specials = labelSet.specials.map(\.rawValue)
        if truth.label == SpecialLabel.unintelligible.rawValue {
            return truth.confusableWith ?? randomLabel()
        }
        if specials.contains("borderline") && random.nextUnit() < profile.borderlineHabit { return "borderline" }
        if let other = truth.confusableWith, random.nextUnit() < 0.7 { return other }
        if specials.contains("unintelligible") && factor > 2 && random.nextUnit() < 0.25 { return "unintelligible" }
        return randomLabel(excluding: truth.label)
    }

    private mutating func randomLabel(excluding: String? = nil) -> String {
        let names = labelSet.labels.map(\.name).filter { $0 != excluding }
        return names[Int(random.next() % UInt64(names.count))]
    }

    private mutating func seconds(_ truth: Truth, _ profile: Profile) -> Double {
        // Log-normal around the labeler's median, slower on hard items.
        let u1 = max(random.nextUnit(), 1e-12), u2 = random.nextUnit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        let value = profile.medianSeconds * (1 + truth.difficulty) * exp(0.45 * normal)
        return (value * 10).rounded() / 10
    }
}
