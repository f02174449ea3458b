import ConcordDomain

/// The audit sample: items drawn uniformly at random among those with at least one label
/// (unanimous ones included), which a reviewer labels blind. Its blind labels are the only
/// unbiased reference for HLP; the disagreement queue holds exactly the hard items and is not.
public enum AuditSample {
    /// One sampled item and, once a reviewer labeled it blind, its reference label.
    public struct Entry: Sendable, Equatable, Encodable {
        public var itemID: Int64
        public var item: String
        public var reference: String?

        enum CodingKeys: String, CodingKey { case item, reference }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(item, forKey: .item)
            try container.encode(reference, forKey: .reference)
        }

        public init(itemID: Int64, item: String, reference: String?) {
            self.itemID = itemID
            self.item = item
            self.reference = reference
        }
    }

    /// How far the audit has come.
    public struct Progress: Sendable, Equatable, Codable {
        public var sampled: Int
        public var referenced: Int

        public init(sampled: Int, referenced: Int) {
            self.sampled = sampled
            self.referenced = referenced
        }
    }

    /// `size` of `candidates`, uniformly at random, in the order drawn: a partial Fisher–Yates
    /// shuffle on the seeded generator, so the same seed draws the same items on every platform.
    public static func draw<Element>(_ size: Int, from candidates: [Element], seed: UInt64) -> [Element] {
        var pool = candidates
        var random = SeededGenerator(seed: seed)
        for index in 0..<min(size, pool.count) {
            let pick = index + Int(random.next() % UInt64(pool.count - index))
            pool.swapAt(index, pick)
        }
        return Array(pool.prefix(size))
    }
}

/// Why an audit cannot be drawn or recorded.
public enum AuditError: Error, CustomStringConvertible, Equatable {
    case emptySample
    case sampleTooLarge(asked: Int, available: Int, sampled: Int)
    case notSampled(String)

    public var description: String {
        switch self {
        case .emptySample:
            return "--sample needs at least 1 item"
        case let .sampleTooLarge(asked, available, sampled):
            let already = sampled > 0 ? " (\(sampled) are in the sample already)" : ""
            return "cannot draw \(asked) items: only \(available) items with at least one label are left to sample\(already)"
        case let .notSampled(item):
            return "item '\(item)' is not in the audit sample; draw one with `concord audit PROJECT --sample N`, or adjudicate with another --reason"
        }
    }
}
