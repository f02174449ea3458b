import ConcordDomain
import GRDB

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
    }

    /// How far the audit has come.
    public struct Progress: Sendable, Equatable, Codable {
        public var sampled: Int
        public var referenced: Int
    }

    /// The latest audit adjudication of each sampled item, unless a revert came after it. SQL
    /// shared by the entries and the rating-table loader.
    public static let referencesSQL = """
        SELECT s.item_id, a.label_id FROM audit_samples s
        JOIN adjudications a ON a.id = (SELECT max(id) FROM adjudications
                                        WHERE item_id = s.item_id AND (reason = 'audit' OR label_id IS NULL))
        WHERE a.label_id IS NOT NULL
        """

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

    static func contains(_ db: Database, itemID: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_samples WHERE item_id = ?)", arguments: [itemID]) ?? false
    }
}

extension ProjectStore {
    /// Draws `size` more items into the audit sample, uniformly at random among the items with at
    /// least one label that are not sampled yet, and records them. The same database and seed
    /// give the same items. Returns their keys in the order drawn.
    public func drawAuditSample(size: Int, seed: UInt64, drawnBy: String?) throws -> [String] {
        guard size > 0 else { throw AuditError.emptySample }
        return try pool.write { db in
            let candidates = try Int64.fetchAll(db, sql: """
                SELECT item_id FROM item_counts WHERE answers > 0
                AND item_id NOT IN (SELECT item_id FROM audit_samples) ORDER BY item_id
                """)
            guard size <= candidates.count else {
                let sampled = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_samples") ?? 0
                throw AuditError.sampleTooLarge(asked: size, available: candidates.count, sampled: sampled)
            }
            let now = Clock.nowMillis()
            var keys: [String] = []
            for itemID in AuditSample.draw(size, from: candidates, seed: seed) {
                try db.execute(sql: "INSERT INTO audit_samples (item_id, seed, drawn_by, created_at) VALUES (?, ?, ?, ?)",
                               arguments: [itemID, Int64(bitPattern: seed), drawnBy, now])
                keys.append(try String.fetchOne(db, sql: "SELECT key FROM items WHERE id = ?", arguments: [itemID]) ?? "")
            }
            return keys
        }
    }

    /// Every sampled item in the order drawn, with its reference once labeled blind.
    public func auditSample() throws -> [AuditSample.Entry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.item_id, i.key, l.name AS reference FROM audit_samples s JOIN items i ON i.id = s.item_id
                LEFT JOIN (\(AuditSample.referencesSQL)) r ON r.item_id = s.item_id
                LEFT JOIN labels l ON l.id = r.label_id
                ORDER BY s.id
                """).map { AuditSample.Entry(itemID: $0["item_id"], item: $0["key"], reference: $0["reference"]) }
        }
    }

    public func auditProgress() throws -> AuditSample.Progress {
        try pool.read { db in
            AuditSample.Progress(
                sampled: try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_samples") ?? 0,
                referenced: try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(AuditSample.referencesSQL))") ?? 0)
        }
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
