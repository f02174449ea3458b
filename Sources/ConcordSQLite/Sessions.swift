import ConcordFormats
import ConcordDomain
import ConcordStore
import Foundation
import GRDB

extension SQLiteStore {
    public func labelingSession(labeler: String, labelersPerItem: LabelsPerItem, retest: RetestPolicy, claimDuration: TimeInterval,
                                enteredBy: String?, clock: @escaping @Sendable () -> Int64) throws -> any LabelingSession {
        try SQLiteLabelingSession(store: self, labeler: labeler, labelersPerItem: labelersPerItem, retest: retest,
                                  claimDuration: claimDuration, enteredBy: enteredBy, clock: clock)
    }

    public func reviewSession(reviewer: String, enteredBy: String?) throws -> any ReviewSession {
        try SQLiteReviewSession(store: self, reviewer: reviewer, enteredBy: enteredBy)
    }

    public func guidelineNotes() throws -> [GuidelineNote] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.key, p.name, n.note, g.hash FROM guideline_notes n JOIN items i ON i.id = n.item_id
                JOIN labelers p ON p.id = n.reviewer_id LEFT JOIN guideline_versions g ON g.id = n.guideline_version_id
                ORDER BY n.id
                """).map { GuidelineNote(item: $0["key"], reviewer: $0["name"], note: $0["note"], guideline: $0["hash"]) }
        }
    }
}
