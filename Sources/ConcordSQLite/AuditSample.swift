import ConcordFormats
import ConcordStore
import ConcordDomain
import GRDB

extension AuditSample {
    /// The latest audit adjudication of each sampled item, unless a revert came after it. SQL
    /// shared by the entries and the rating-table loader.
    public static let referencesSQL = """
        SELECT s.item_id, a.label_id FROM audit_samples s
        JOIN adjudications a ON a.id = (SELECT max(id) FROM adjudications
                                        WHERE item_id = s.item_id AND (reason = 'audit' OR label_id IS NULL))
        WHERE a.label_id IS NOT NULL
        """

    static func contains(_ db: Database, itemID: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_samples WHERE item_id = ?)", arguments: [itemID]) ?? false
    }
}

extension SQLiteStore {
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
