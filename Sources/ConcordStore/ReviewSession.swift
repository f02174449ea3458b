import ConcordDomain
import Foundation
import GRDB

/// Why a reviewer chose the final label: the four reason codes of the review screen, and
/// `audit`, a blind label on an item of the audit sample (its audit reference).
public enum AdjudicationReason: String, CaseIterable, Sendable, Codable {
    case labeler_slip
    case guideline_unclear
    case truly_ambiguous
    case bad_input
    case audit

    /// The reasons a reviewer picks after seeing the answers (keys 1–4 on the review screen).
    public static let afterReview: [AdjudicationReason] = [.labeler_slip, .guideline_unclear, .truly_ambiguous, .bad_input]

    /// The key that picks it on the review screen (none for `audit`: the audit screen sets it).
    public var key: Character? {
        switch self {
        case .labeler_slip: return "1"
        case .guideline_unclear: return "2"
        case .truly_ambiguous: return "3"
        case .bad_input: return "4"
        case .audit: return nil
        }
    }

    public var title: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// Why a person may not review.
public enum ReviewError: Error, CustomStringConvertible, Equatable {
    case notAReviewer(String, Role?)

    public var description: String {
        switch self {
        case let .notAReviewer(name, role):
            let current = role.map { "is a \($0.rawValue)" } ?? "is not in this project"
            return "\(name) \(current); only reviewers and admins adjudicate (an admin can run `concord labelers PROJECT --add \(name) --role reviewer`)"
        }
    }
}

/// One item as a reviewer sees it: every answer with its labeler, note and time.
public struct ReviewItem: Sendable, Equatable {
    public struct Answer: Sendable, Equatable {
        public var labeler: String
        public var label: String
        public var note: String?
        public var seconds: Double?
    }

    public var item: AssignedItem
    public var answers: [Answer]
    /// The item's current adjudication, if any.
    public var adjudicated: String?
}

/// A reviewer's work: reading an item's answers, adjudicating, reverting, noting guideline gaps.
/// Everything is appended and attributed; nothing is rewritten.
public final class ReviewSession: Sendable {
    public let store: ProjectStore
    public let reviewer: String
    public let reviewerID: Int64
    /// The admin who acts on the reviewer's behalf, if one does (recorded with each write).
    public let enteredByID: Int64?

    /// Opens a session for `reviewer`, refusing anyone who is not a reviewer or admin.
    /// `enteredBy`: the admin acting on the reviewer's behalf (`--as`).
    public init(store: ProjectStore, reviewer: String, enteredBy: String? = nil) throws {
        self.store = store
        self.reviewer = reviewer
        enteredByID = try enteredBy.map { name in try store.pool.write { try ProjectStore.labelerID($0, name: name) } }
        let row = try store.pool.read { try Row.fetchOne($0, sql: "SELECT id, role FROM labelers WHERE name = ?", arguments: [reviewer]) }
        let role = row.flatMap { Role(rawValue: $0["role"]) }
        guard let row, let role, role >= .reviewer else { throw ReviewError.notAReviewer(reviewer, role) }
        reviewerID = row["id"]
    }

    /// The item with every answer, note and time; `blind` (the audit) leaves the answers and any
    /// adjudication out, so the reviewer labels the item as a labeler would.
    public func load(itemID: Int64, blind: Bool = false) throws -> ReviewItem? {
        try store.pool.read { db in
            guard let item = try LabelingSession.item(db, id: itemID) else { return nil }
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
            let labelID = try ProjectStore.labelID(db, name: label)
            let versionID = try guideline.map { try ProjectStore.guidelineVersionID(db, $0, path: guidelinePath) }
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
            let versionID = try guideline.map { try ProjectStore.guidelineVersionID(db, $0, path: guidelinePath) }
            try db.execute(sql: """
                INSERT INTO annotation_events (item_id, labeler_id, kind, label_id, note, guideline_version_id, created_at, entered_by_id)
                SELECT item_id, labeler_id, 'retract', NULL, ?, ?, ?, ? FROM answers WHERE item_id = ?
                """, arguments: ["sent back for relabeling by \(reviewer)", versionID, Clock.nowMillis(), enteredByID, itemID])
        }
    }

    /// Records that the guideline did not decide this item.
    public func noteGuidelineGap(itemID: Int64, note: String, guideline: GuidelineVersion?, guidelinePath: String?) throws {
        try store.pool.write { db in
            let versionID = try guideline.map { try ProjectStore.guidelineVersionID(db, $0, path: guidelinePath) }
            try db.execute(sql: """
                INSERT INTO guideline_notes (item_id, reviewer_id, note, guideline_version_id, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [itemID, reviewerID, note, versionID, Clock.nowMillis()])
        }
    }
}
