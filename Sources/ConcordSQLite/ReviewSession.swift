import ConcordFormats
import ConcordStore
import ConcordDomain
import Foundation
import GRDB




/// A reviewer's work: reading an item's answers, adjudicating, reverting, noting guideline gaps.
/// Everything is appended and attributed; nothing is rewritten.
public final class SQLiteReviewSession: ReviewSession {
    public let store: SQLiteStore
    public let reviewer: String
    public let reviewerID: Int64
    /// The admin who acts on the reviewer's behalf, if one does (recorded with each write).
    public let enteredByID: Int64?

    /// Opens a session for `reviewer`, refusing anyone who is not a reviewer or admin.
    /// `enteredBy`: the admin acting on the reviewer's behalf (`--as`).
    public init(store: SQLiteStore, reviewer: String, enteredBy: String? = nil) throws {
        self.store = store
        self.reviewer = reviewer
        enteredByID = try enteredBy.map { name in try store.pool.write { try SQLiteStore.labelerID($0, name: name) } }
        let row = try store.pool.read { try Row.fetchOne($0, sql: "SELECT id, role FROM labelers WHERE name = ?", arguments: [reviewer]) }
        let role = row.flatMap { Role(rawValue: $0["role"]) }
        guard let row, let role, role >= .reviewer else { throw ReviewError.notAReviewer(reviewer, role) }
        reviewerID = row["id"]
    }

    /// The item with every answer, note and time; `blind` (the audit) leaves the answers and any
    /// adjudication out, so the reviewer labels the item as a labeler would.
    public func load(itemID: Int64, blind: Bool = false) throws -> ReviewItem? {
        try store.pool.read { db in
            guard let item = try SQLiteLabelingSession.item(db, id: itemID) else { return nil }
            if blind { return ReviewItem(item: item, answers: [], adjudicated: nil) }
            let answers = try Row.fetchAll(db, sql: """
                SELECT p.name AS labeler, l.name AS label, e.note, a.seconds
                FROM answers a JOIN labelers p ON p.id = a.labeler_id JOIN labels l ON l.id = a.label_id
                JOIN annotation_events e ON e.id = a.event_id
                WHERE a.item_id = ? ORDER BY p.name
                """, arguments: [itemID]).map {
                ReviewItem.Answer(labeler: $0["labeler"], label: $0["label"], note: $0["note"], seconds: $0["seconds"])
            }
            let adjudicated = try String.fetchOne(db, sql: """
                SELECT l.name FROM adjudications d LEFT JOIN labels l ON l.id = d.label_id
                WHERE d.item_id = ? ORDER BY d.id DESC LIMIT 1
                """, arguments: [itemID])
            return ReviewItem(item: item, answers: answers, adjudicated: adjudicated)
        }
    }

    /// Sets the item's final label, with a reason. An `audit` adjudication is the item's audit
    /// reference and is refused for an item outside the audit sample.
    public func adjudicate(itemID: Int64, label: String, reason: AdjudicationReason, note: String? = nil,
                           guideline: GuidelineVersion?, guidelinePath: String?) throws {
        try store.pool.write { db in
            if reason == .audit, try !AuditSample.contains(db, itemID: itemID) {
                let key = try String.fetchOne(db, sql: "SELECT key FROM items WHERE id = ?", arguments: [itemID]) ?? "\(itemID)"
                throw AuditError.notSampled(key)
            }
            let labelID = try SQLiteStore.labelID(db, name: label)
            let versionID = try guideline.map { try SQLiteStore.guidelineVersionID(db, $0, path: guidelinePath) }
            try db.execute(sql: """
                INSERT INTO adjudications (item_id, reviewer_id, label_id, reason, note, guideline_version_id, created_at, entered_by_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [itemID, reviewerID, labelID, reason.rawValue, note, versionID, Clock.nowMillis(), enteredByID])
        }
    }

    /// Takes the item's adjudication back (appends a row without a label).
    public func revert(itemID: Int64) throws {
        try store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO adjudications (item_id, reviewer_id, label_id, reason, created_at, entered_by_id) VALUES (?, ?, NULL, 'reverted', ?, ?)
                """, arguments: [itemID, reviewerID, Clock.nowMillis(), enteredByID])
        }
    }

    /// Sends the item back for relabeling: every current answer is retracted (appended events,
    /// attributed to the reviewer in their note), so assignment serves the item again.
    public func sendBack(itemID: Int64, guideline: GuidelineVersion?, guidelinePath: String?) throws {
        try store.pool.write { db in
            let versionID = try guideline.map { try SQLiteStore.guidelineVersionID(db, $0, path: guidelinePath) }
            try db.execute(sql: """
                INSERT INTO annotation_events (item_id, labeler_id, kind, label_id, note, guideline_version_id, created_at, entered_by_id)
                SELECT item_id, labeler_id, 'retract', NULL, ?, ?, ?, ? FROM answers WHERE item_id = ?
                """, arguments: ["sent back for relabeling by \(reviewer)", versionID, Clock.nowMillis(), enteredByID, itemID])
        }
    }

    /// Records that the guideline did not decide this item.
    public func noteGuidelineGap(itemID: Int64, note: String, guideline: GuidelineVersion?, guidelinePath: String?) throws {
        try store.pool.write { db in
            let versionID = try guideline.map { try SQLiteStore.guidelineVersionID(db, $0, path: guidelinePath) }
            try db.execute(sql: """
                INSERT INTO guideline_notes (item_id, reviewer_id, note, guideline_version_id, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [itemID, reviewerID, note, versionID, Clock.nowMillis()])
        }
    }
}
