import ConcordFormats
import ConcordStore
import ConcordDomain
import GRDB

extension SQLiteStore {
    /// Sends the items labeled in a superseded round back to the labelers: every current answer
    /// made under that guideline version is retracted (appended events, attributed in their note
    /// to `by`), so assignment serves the items again. `round`: its number (1 = the first
    /// guideline version) or a prefix of its guideline hash. Returns the answers taken back.
    public func requeue(round: String, by: String, enteredBy: String? = nil) throws -> Int {
        try pool.write { db -> Int in
            let versions = try Row.fetchAll(db, sql: "SELECT id, hash FROM guideline_versions ORDER BY id")
            let index = Int(round).map { $0 - 1 } ?? versions.firstIndex { ($0["hash"] as String).hasPrefix(round.lowercased()) }
            guard let index, versions.indices.contains(index) else { throw RequeueError.noSuchRound(round) }
            let versionID: Int64 = versions[index]["id"]
            let enteredByID = try enteredBy.map { try Self.labelerID(db, name: $0) }
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM answers WHERE guideline_version_id = ?", arguments: [versionID]) ?? 0
            try db.execute(sql: """
                INSERT INTO annotation_events (item_id, labeler_id, kind, label_id, note, guideline_version_id, created_at, entered_by_id)
                SELECT item_id, labeler_id, 'retract', NULL, ?, guideline_version_id, ?, ? FROM answers WHERE guideline_version_id = ?
                """, arguments: ["requeued by \(by): round \(index + 1) superseded", Clock.nowMillis(), enteredByID, versionID])
            return count
        }
    }
}

