import ConcordFormats
import ConcordStore
import ConcordDomain
import Foundation
import GRDB

/// What a labeling session holds of its retests: the generator that draws them, the item on
/// screen if it is a retest (the screen shows one item at a time, and does not know), and the
/// retest rows answered this session (by item, for undo).
struct RetestsInHand {
    var random: SeededGenerator
    var offered: Int64?
    var answered: [Int64: [Int64]] = [:]
}


/// One labeler's work on a project: which item comes next, and writing their answers.
///
/// Assignment serves items the labeler has not answered, fewest labels first, never letting an
/// item's answers plus other labelers' live claims exceed what it needs: k, or with adaptive
/// overlap (`2..4`) the minimum, then one tie-breaker at a time while its answers disagree.
/// Items waiting for a tie-breaker come before new items. Taking an item is a claim written in
/// the same IMMEDIATE transaction that chose it, so labelers working at once on one database never
/// get an item beyond that. Claims expire (a labeler who left without quitting) and are released
/// on quit. Every write commits before it returns: an answer is durable before the next item shows.
///
/// With retests on, a seeded share of the items served are the labeler's own earlier items, at
/// least `retest.after` answers back, shown like any other; their answers go to `retests`.
public final class SQLiteLabelingSession: LabelingSession, @unchecked Sendable {
    public let store: SQLiteStore
    public let labeler: String
    public let labelerID: Int64
    public let labelersPerItem: LabelsPerItem
    public let retest: RetestPolicy
    /// How long an unanswered claim holds an item for its labeler.
    public let claimDuration: TimeInterval
    /// Unix milliseconds now: claims expire by it, and events are stamped with it. Tests inject
    /// one they move by hand instead of sleeping.
    public let clock: @Sendable () -> Int64
    /// The admin labeling on the labeler's behalf (`--as`), recorded with each answer.
    public let enteredByID: Int64?
    /// The retests this session has in hand; the lock guards it (that makes the class Sendable).
    private var retests: RetestsInHand
    private let lock = NSLock()

    public init(store: SQLiteStore, labeler: String, role: Role = .labeler, labelersPerItem: LabelsPerItem,
                retest: RetestPolicy = .off, claimDuration: TimeInterval = 15 * 60, enteredBy: String? = nil,
                clock: @escaping @Sendable () -> Int64 = { Clock.nowMillis() }) throws {
        self.store = store
        self.labeler = labeler
        self.labelersPerItem = labelersPerItem
        self.retest = retest
        self.claimDuration = claimDuration
        self.clock = clock
        let (id, lastEvent) = try store.pool.write { db in
            let id = try SQLiteStore.labelerID(db, name: labeler, role: role)
            // Choosing a retest reads one labeler's answers in order: projects that retest pay for
            // that index (on every later import too); the others do not.
            if retest.isOn { try db.execute(sql: "CREATE INDEX IF NOT EXISTS answers_by_labeler ON answers(labeler_id, event_id)") }
            return (id, try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM annotation_events") ?? 0)
        }
        labelerID = id
        enteredByID = try enteredBy.map { name in try store.pool.write { try SQLiteStore.labelerID($0, name: name) } }
        // Seeded by who is labeling and how far the log is: the same project state draws the same retests.
        retests = RetestsInHand(random: SeededGenerator(seed: UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: lastEvent)))
    }

    /// Claims and returns the next item for this labeler, or nil when nothing is left for them.
    /// `skipped` items (passed over in this session) are not served again.
    public func next(skipping skipped: Set<Int64> = []) throws -> AssignedItem? {
        let now = clock()
        let skippedJSON = "[" + skipped.map(String.init).joined(separator: ",") + "]"
        return try locked {
            try store.pool.write { db -> AssignedItem? in
                // This labeler's own live claim first (e.g. the item they were on when they quit).
                let own = try Int64.fetchOne(db, sql: """
                    SELECT item_id FROM claims WHERE labeler_id = ? AND expires_at > ?
                    AND item_id NOT IN (SELECT value FROM json_each(?))
                    AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.item_id = claims.item_id AND a.labeler_id = claims.labeler_id)
                    ORDER BY item_id LIMIT 1
                    """, arguments: [labelerID, now, skippedJSON])
                retests.offered = nil
                if own == nil, retest.isOn, retests.random.nextUnit() < retest.share,
                   let again = try retestCandidate(db, skippedJSON: skippedJSON) {
                    retests.offered = again
                    return try Self.item(db, id: again)
                }
                if labelersPerItem.isAdaptive { try Disagreements.bringUpToDate(db) }
                let chosen = try own ?? tieBreaker(db, skippedJSON: skippedJSON, now: now)
                    ?? newItem(db, skippedJSON: skippedJSON, now: now)
                guard let chosen else { return nil }
                try db.execute(sql: """
                    INSERT INTO claims (item_id, labeler_id, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (item_id, labeler_id) DO UPDATE SET expires_at = excluded.expires_at
                    """, arguments: [chosen, labelerID, now + Int64(claimDuration * 1000)])
                return try Self.item(db, id: chosen)
            }
        }
    }

    /// The condition that item `d.item_id` is not settled by a reviewer (its latest adjudication
    /// gives a label): a settled item is asked for no tie-breaker.
    static let unsettled = """
        AND NOT EXISTS (SELECT 1 FROM adjudications j WHERE j.item_id = d.item_id AND j.label_id IS NOT NULL
                        AND j.id = (SELECT max(id) FROM adjudications WHERE item_id = d.item_id))
        """

    /// An item whose answers disagree, still short of the maximum, that nobody else holds and no
    /// reviewer has settled: it needs one more answer, and gets it before any new item is started.
    private func tieBreaker(_ db: Database, skippedJSON: String, now: Int64) throws -> Int64? {
        guard labelersPerItem.isAdaptive else { return nil }
        return try Int64.fetchOne(db, sql: """
            SELECT d.item_id FROM disagreements d
            WHERE d.answers >= :min AND d.answers < :max
              AND d.item_id NOT IN (SELECT value FROM json_each(:skipped))
              AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.item_id = d.item_id AND a.labeler_id = :me)
              AND NOT EXISTS (SELECT 1 FROM claims l WHERE l.item_id = d.item_id AND l.labeler_id != :me AND l.expires_at > :now)
              \(Self.unsettled)
            ORDER BY d.answers, d.item_id
            LIMIT 1
            """, arguments: ["min": labelersPerItem.minimum, "max": labelersPerItem.maximum, "skipped": skippedJSON,
                             "me": labelerID, "now": now])
    }

    /// An item with fewer answers than k (adaptive: the minimum), fewest first, whose answers and
    /// other labelers' live claims leave room for one more.
    private func newItem(_ db: Database, skippedJSON: String, now: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT c.item_id FROM item_counts c
            WHERE c.answers < :k
              AND c.item_id NOT IN (SELECT value FROM json_each(:skipped))
              AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.item_id = c.item_id AND a.labeler_id = :me)
              AND c.answers + (SELECT count(*) FROM claims l
                               WHERE l.item_id = c.item_id AND l.labeler_id != :me AND l.expires_at > :now) < :k
            ORDER BY c.answers, c.item_id
            LIMIT 1
            """, arguments: ["k": labelersPerItem.minimum, "skipped": skippedJSON, "me": labelerID, "now": now])
    }

    /// One of this labeler's answered items, at least `retest.after` of their answers back, not
    /// retested by them yet, drawn with the session's seeded generator; nil when there is none.
    private func retestCandidate(_ db: Database, skippedJSON: String) throws -> Int64? {
        guard let newest = try Int64.fetchOne(db, sql: """
            SELECT event_id FROM answers WHERE labeler_id = ? ORDER BY event_id DESC LIMIT 1 OFFSET ?
            """, arguments: [labelerID, retest.after]) else { return nil }
        let candidates = """
            FROM answers a WHERE a.labeler_id = :me AND a.event_id <= :newest
              AND a.item_id NOT IN (SELECT value FROM json_each(:skipped))
              AND NOT EXISTS (SELECT 1 FROM retests r WHERE r.item_id = a.item_id AND r.labeler_id = :me
                              AND NOT EXISTS (SELECT 1 FROM retest_retractions x WHERE x.retest_id = r.id))
            """
        let arguments: StatementArguments = ["me": labelerID, "newest": newest, "skipped": skippedJSON]
        let count = try Int.fetchOne(db, sql: "SELECT count(*) " + candidates, arguments: arguments) ?? 0
        guard count > 0 else { return nil }
        let pick = Int(retests.random.next() % UInt64(count))
        return try Int64.fetchOne(db, sql: "SELECT a.item_id " + candidates + " ORDER BY a.event_id LIMIT 1 OFFSET :pick",
                                  arguments: arguments + ["pick": pick])
    }

    /// Records this labeler's answer (a label or a special label) and releases the claim. The
    /// answer to an item served as a retest goes to the retests, apart from the first answer.
    public func answer(itemID: Int64, label: String, note: String?, seconds: Double?,
                       guideline: GuidelineVersion?, guidelinePath: String?) throws {
        if try locked({ try answerRetest(itemID: itemID, label: label, note: note, seconds: seconds,
                                         guideline: guideline, guidelinePath: guidelinePath) }) { return }
        try store.pool.write { db in
            // The session never gives a second answer to an item the labeler has answered (a
            // retest goes to the retests, an undo retracts first): one that comes anyway (a stale
            // retry) must not replace the first answer.
            guard try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM answers WHERE item_id = ? AND labeler_id = ?)",
                                     arguments: [itemID, labelerID])! else {
                throw AnnotationError.alreadyAnswered
            }
            try appendEvent(db, itemID: itemID, kind: .label, label: label, note: note, seconds: seconds,
                            guideline: guideline, guidelinePath: guidelinePath)
        }
    }

    /// Passes on an item (logged as a skip, not an answer) and releases the claim. Passing on a
    /// retest logs nothing: the labeler's answer to the item stands.
    public func skip(itemID: Int64, seconds: Double?, guideline: GuidelineVersion?, guidelinePath: String?) throws {
        if locked({ () -> Bool in
            guard retests.offered == itemID else { return false }
            retests.offered = nil
            return true
        }) { return }
        try append(itemID: itemID, kind: .skip, label: nil, note: nil, seconds: seconds,
                   guideline: guideline, guidelinePath: guidelinePath)
    }

    /// Takes back this labeler's answer on an item (undo: a retract event; nothing is deleted)
    /// and claims the item again so it can be answered anew. Returns the item. A retest answered
    /// in this session is taken back instead (a retraction row), and served as a retest again.
    public func retract(itemID: Int64, guideline: GuidelineVersion?, guidelinePath: String?) throws -> AssignedItem? {
        try locked {
            if let item = try retractRetest(itemID: itemID) { return item }
            // The retract and the claim in one transaction: no one else can take the item between them.
            let item = try store.pool.write { db in
                try appendEvent(db, itemID: itemID, kind: .retract, label: nil, note: nil, seconds: nil,
                                guideline: guideline, guidelinePath: guidelinePath)
                try db.execute(sql: "INSERT OR REPLACE INTO claims (item_id, labeler_id, expires_at) VALUES (?, ?, ?)",
                               arguments: [itemID, labelerID, clock() + Int64(claimDuration * 1000)])
                return try Self.item(db, id: itemID)
            }
            // The item comes back as the labeler's own: its next answer goes to the log. (Only
            // once that is written: if it fails, the retest on screen stays a retest.)
            retests.offered = nil
            return item
        }
    }

    /// Writes the answer to a retest in hand; false when the item is not one.
    private func answerRetest(itemID: Int64, label: String, note: String?, seconds: Double?,
                              guideline: GuidelineVersion?, guidelinePath: String?) throws -> Bool {
        guard retests.offered == itemID else { return false }
        let row = try store.pool.write { db in
            let labelID = try SQLiteStore.labelID(db, name: label)
            let versionID = try guideline.map { try SQLiteStore.guidelineVersionID(db, $0, path: guidelinePath) }
            try db.execute(sql: """
                INSERT INTO retests (item_id, labeler_id, label_id, seconds, created_at, note, guideline_version_id, entered_by_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [itemID, labelerID, labelID, seconds, clock(), note, versionID, enteredByID])
            return db.lastInsertedRowID
        }
        retests.offered = nil
        retests.answered[itemID, default: []].append(row)
        return true
    }

    /// Takes back the latest retest answered in this session for the item; nil when it has none.
    private func retractRetest(itemID: Int64) throws -> AssignedItem? {
        guard let row = retests.answered[itemID]?.last else { return nil }
        let item = try store.pool.write { db in
            try db.execute(sql: "INSERT INTO retest_retractions (retest_id, created_at) VALUES (?, ?)", arguments: [row, clock()])
            return try Self.item(db, id: itemID)
        }
        retests.answered[itemID]!.removeLast()
        retests.offered = itemID
        return item
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
            let k = labelersPerItem.minimum
            var belowK = try Int.fetchOne(db, sql: "SELECT count(*) FROM item_counts WHERE answers < ?", arguments: [k]) ?? 0
            var mineBelowK = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM answers a JOIN item_counts c ON c.item_id = a.item_id
                WHERE a.labeler_id = ? AND c.answers < ?
                """, arguments: [labelerID, k]) ?? 0
            if labelersPerItem.isAdaptive {
                // Items waiting for a tie-breaker are open too (as of the sessions' last look).
                let limits: StatementArguments = [labelersPerItem.minimum, labelersPerItem.maximum]
                belowK += try Int.fetchOne(db, sql: "SELECT count(*) FROM disagreements d WHERE d.answers >= ? AND d.answers < ? \(Self.unsettled)",
                                           arguments: limits) ?? 0
                mineBelowK += try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM answers a JOIN disagreements d ON d.item_id = a.item_id
                    WHERE a.labeler_id = ? AND d.answers >= ? AND d.answers < ? \(Self.unsettled)
                    """, arguments: [labelerID] + limits) ?? 0
            }
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
            try appendEvent(db, itemID: itemID, kind: kind, label: label, note: note, seconds: seconds,
                            guideline: guideline, guidelinePath: guidelinePath)
        }
    }

    private func appendEvent(_ db: Database, itemID: Int64, kind: AnnotationEventKind, label: String?, note: String?, seconds: Double?,
                             guideline: GuidelineVersion?, guidelinePath: String?) throws {
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

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
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
