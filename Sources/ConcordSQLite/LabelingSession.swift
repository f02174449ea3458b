import ConcordFormats
import ConcordStore
import ConcordDomain
import Foundation
import GRDB


/// One labeler's work on a project: which item comes next, and writing their answers.
///
/// Assignment serves items the labeler has not answered, fewest labels first, never letting an
/// item's answers plus other labelers' live claims exceed k. Taking an item is a claim written in
/// the same IMMEDIATE transaction that chose it, so labelers working at once on one database never
/// get an item beyond k. Claims expire (a labeler who left without quitting) and are released on
/// quit. Every write commits before it returns: an answer is durable before the next item shows.
public final class SQLiteLabelingSession: LabelingSession {
    public let store: SQLiteStore
    public let labeler: String
    public let labelerID: Int64
    public let labelersPerItem: Int
    /// How long an unanswered claim holds an item for its labeler.
    public let claimDuration: TimeInterval
    /// Unix milliseconds now: claims expire by it, and events are stamped with it. Tests inject
    /// one they move by hand instead of sleeping.
    public let clock: @Sendable () -> Int64
    /// The admin labeling on the labeler's behalf (`--as`), recorded with each answer.
    public let enteredByID: Int64?

    public init(store: SQLiteStore, labeler: String, role: Role = .labeler, labelersPerItem: Int,
                claimDuration: TimeInterval = 15 * 60, enteredBy: String? = nil,
                clock: @escaping @Sendable () -> Int64 = { Clock.nowMillis() }) throws {
        self.store = store
        self.labeler = labeler
        self.labelersPerItem = labelersPerItem
        self.claimDuration = claimDuration
        self.clock = clock
        labelerID = try store.pool.write { try SQLiteStore.labelerID($0, name: labeler, role: role) }
        enteredByID = try enteredBy.map { name in try store.pool.write { try SQLiteStore.labelerID($0, name: name) } }
    }

    /// Claims and returns the next item for this labeler, or nil when nothing is left for them.
    /// `skipped` items (passed over in this session) are not served again.
    public func next(skipping skipped: Set<Int64> = []) throws -> AssignedItem? {
        let now = clock()
        let skippedJSON = "[" + skipped.map(String.init).joined(separator: ",") + "]"
        return try store.pool.write { db -> AssignedItem? in
            // This labeler's own live claim first (e.g. the item they were on when they quit).
            let own = try Int64.fetchOne(db, sql: """
                SELECT item_id FROM claims WHERE labeler_id = ? AND expires_at > ?
                AND item_id NOT IN (SELECT value FROM json_each(?))
                AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.item_id = claims.item_id AND a.labeler_id = claims.labeler_id)
                ORDER BY item_id LIMIT 1
                """, arguments: [labelerID, now, skippedJSON])
            let chosen = try own ?? Int64.fetchOne(db, sql: """
                SELECT c.item_id FROM item_counts c
                WHERE c.answers < :k
                  AND c.item_id NOT IN (SELECT value FROM json_each(:skipped))
                  AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.item_id = c.item_id AND a.labeler_id = :me)
                  AND c.answers + (SELECT count(*) FROM claims l
                                   WHERE l.item_id = c.item_id AND l.labeler_id != :me AND l.expires_at > :now) < :k
                ORDER BY c.answers, c.item_id
                LIMIT 1
                """, arguments: ["k": labelersPerItem, "skipped": skippedJSON, "me": labelerID, "now": now])
            guard let chosen else { return nil }
            try db.execute(sql: """
                INSERT INTO claims (item_id, labeler_id, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (item_id, labeler_id) DO UPDATE SET expires_at = excluded.expires_at
                """, arguments: [chosen, labelerID, now + Int64(claimDuration * 1000)])
            return try Self.item(db, id: chosen)
        }
    }

    /// Records this labeler's answer (a label or a special label) and releases the claim.
    public func answer(itemID: Int64, label: String, note: String?, seconds: Double?,
                       guideline: GuidelineVersion?, guidelinePath: String?) throws {
        try append(itemID: itemID, kind: .label, label: label, note: note, seconds: seconds,
                   guideline: guideline, guidelinePath: guidelinePath)
    }

    /// Passes on an item (logged as a skip, not an answer) and releases the claim.
    public func skip(itemID: Int64, seconds: Double?, guideline: GuidelineVersion?, guidelinePath: String?) throws {
        try append(itemID: itemID, kind: .skip, label: nil, note: nil, seconds: seconds,
                   guideline: guideline, guidelinePath: guidelinePath)
    }

    /// Takes back this labeler's answer on an item (undo: a retract event; nothing is deleted)
    /// and claims the item again so it can be answered anew. Returns the item.
    public func retract(itemID: Int64, guideline: GuidelineVersion?, guidelinePath: String?) throws -> AssignedItem? {
        try append(itemID: itemID, kind: .retract, label: nil, note: nil, seconds: nil,
                   guideline: guideline, guidelinePath: guidelinePath)
        return try store.pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO claims (item_id, labeler_id, expires_at) VALUES (?, ?, ?)",
                           arguments: [itemID, labelerID, clock() + Int64(claimDuration * 1000)])
            return try Self.item(db, id: itemID)
        }
    }

    /// Extends this labeler's claim on the item they are looking at, so that a claim does not
    /// expire under someone still working on it (the screen renews it while it is open).
    public func renewClaim(itemID: Int64) throws {
        try store.pool.write { db in
            try db.execute(sql: "UPDATE claims SET expires_at = ? WHERE item_id = ? AND labeler_id = ?",
                           arguments: [clock() + Int64(claimDuration * 1000), itemID, labelerID])
        }
    }

    /// Gives back every item this labeler holds (on quit).
    public func releaseClaims() throws {
        try store.pool.write { try $0.execute(sql: "DELETE FROM claims WHERE labeler_id = ?", arguments: [labelerID]) }
    }

    /// The newest log entry now: marks the start of a labeling session for `progress(since:)`.
    public func lastEventID() throws -> Int64 {
        try store.pool.read { try Int64.fetchOne($0, sql: "SELECT ifnull(max(id), 0) FROM annotation_events") ?? 0 }
    }

    /// Progress as of a session that started after log entry `start`: items this labeler had
    /// answered before it, and items that were open to them when it started. Anchored on the log,
    /// so the answer does not depend on when this (slow, ≈0.3 s at 2.4M answers) query runs.
    public func progress(since start: Int64) throws -> (answeredBefore: Int, openAtStart: Int) {
        try store.pool.read { db in
            let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM answers WHERE labeler_id = ? AND event_id <= ?",
                                          arguments: [labelerID, start]) ?? 0
            let belowK = try Int.fetchOne(db, sql: "SELECT count(*) FROM item_counts WHERE answers < ?",
                                          arguments: [labelersPerItem]) ?? 0
            let mineBelowK = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM answers a JOIN item_counts c ON c.item_id = a.item_id
                WHERE a.labeler_id = ? AND c.answers < ?
                """, arguments: [labelerID, labelersPerItem]) ?? 0
            let mineSinceStart = try Int.fetchOne(db, sql: "SELECT count(*) FROM answers WHERE labeler_id = ? AND event_id > ?",
                                                  arguments: [labelerID, start]) ?? 0
            return (before, max(0, belowK - mineBelowK) + mineSinceStart)
        }
    }

    /// How many items this labeler has answered, and how many are still open to them.
    public func progress() throws -> (answered: Int, open: Int) {
        let now = try progress(since: Int64.max)
        return (now.answeredBefore, now.openAtStart)
    }

    private func append(itemID: Int64, kind: AnnotationEventKind, label: String?, note: String?, seconds: Double?,
                        guideline: GuidelineVersion?, guidelinePath: String?) throws {
        try store.pool.write { db in
            let labelID = try label.map { try SQLiteStore.labelID(db, name: $0) }
            let versionID = try guideline.map { try SQLiteStore.guidelineVersionID(db, $0, path: guidelinePath) }
            try db.execute(sql: """
                INSERT INTO annotation_events
                    (item_id, labeler_id, kind, label_id, note, seconds, guideline_version_id, created_at, entered_by_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [itemID, labelerID, kind.rawValue, labelID, note, seconds, versionID, clock(), enteredByID])
            if kind != .retract {
                try db.execute(sql: "DELETE FROM claims WHERE item_id = ? AND labeler_id = ?", arguments: [itemID, labelerID])
            }
        }
    }

    static func item(_ db: Database, id: Int64) throws -> AssignedItem? {
        guard let row = try Row.fetchOne(db, sql: "SELECT key, payload, metadata FROM items WHERE id = ?", arguments: [id]) else {
            return nil
        }
        // Ordered as written: json_each walks the object in order. Values are strings.
        let metadata = try Row.fetchAll(db, sql: "SELECT key, value FROM json_each(?)", arguments: [row["metadata"] as String])
            .map { (key: $0["key"] as String, value: ($0["value"] as String?) ?? "") }
        return AssignedItem(id: id, key: row["key"], payload: row["payload"], metadata: metadata)
    }
}
