/// Counts of (reference, prediction) pairs over K categories, and the per-class figures read
/// from them: TP, FP, FN, support, precision, recall and F1. A "prediction" is whatever is scored
/// (a model's answer, or a person's label), and a count can weigh an item by its labels (the
/// gap table scores a model against each individual label: TP_k = Σ_i [pred_i = k]·n_ik).
public struct ConfusionMatrix: Sendable, Equatable {
    public let size: Int
    /// Row-major: `cells[reference * size + prediction]`.
    public private(set) var cells: [Int]

    public init(size: Int) {
        self.size = size
        cells = [Int](repeating: 0, count: size * size)
    }

    public mutating func add(reference: Int, prediction: Int, count: Int = 1) {
        cells[reference * size + prediction] += count
    }

    public mutating func merge(_ other: ConfusionMatrix) {
        for index in cells.indices { cells[index] += other.cells[index] }
    }

    public var total: Int { cells.reduce(0, +) }
    public var correct: Int { (0..<size).reduce(0) { $0 + cells[$1 * size + $1] } }

    public func truePositives(_ k: Int) -> Int { cells[k * size + k] }
    /// References of class k (the row's sum).
    public func support(_ k: Int) -> Int { (0..<size).reduce(0) { $0 + cells[k * size + $1] } }
    /// Predictions of class k (the column's sum).
    public func predicted(_ k: Int) -> Int { (0..<size).reduce(0) { $0 + cells[$1 * size + k] } }
    public func falsePositives(_ k: Int) -> Int { predicted(k) - truePositives(k) }
    public func falseNegatives(_ k: Int) -> Int { support(k) - truePositives(k) }

    /// TP / (TP + FP); nil when class k was never predicted (there is nothing to be precise about).
    public func precision(_ k: Int) -> Double? {
        let predicted = predicted(k)
        return predicted == 0 ? nil : Double(truePositives(k)) / Double(predicted)
    }

    /// TP / (TP + FN); nil when class k never occurs in the reference.
    public func recall(_ k: Int) -> Double? {
        let support = support(k)
        return support == 0 ? nil : Double(truePositives(k)) / Double(support)
    }

    /// 2TP / (2TP + FP + FN), the harmonic mean of precision and recall. A class that occurs but
    /// is never predicted scores 0 (precision undefined, recall 0); nil only when the class
    /// occurs nowhere, in the reference or the predictions.
    public func f1(_ k: Int) -> Double? {
        let tp = truePositives(k), denominator = support(k) + predicted(k)
        return denominator == 0 ? nil : Double(2 * tp) / Double(denominator)
    }

    public var accuracy: Double? { total == 0 ? nil : Double(correct) / Double(total) }

    /// Mean F1 over the classes that occur in the reference or the predictions (as scikit-learn's
    /// `f1_score(average="macro")` with `zero_division=0`).
    public var macroF1: Double? {
        let scores = (0..<size).compactMap(f1)
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    /// The matrix as rows (reference) of columns (prediction).
    public var rows: [[Int]] { (0..<size).map { Array(cells[($0 * size)..<($0 * size + size)]) } }
}
