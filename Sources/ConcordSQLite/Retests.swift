import ConcordStore
import GRDB

extension SQLiteStore {
    public func retests() throws -> [Retest] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.name AS labeler, i.key AS item, first.name AS first, again.name AS repeated
                FROM retests r JOIN labelers p ON p.id = r.labeler_id JOIN items i ON i.id = r.item_id
                JOIN labels again ON again.id = r.label_id
                LEFT JOIN answers a ON a.item_id = r.item_id AND a.labeler_id = r.labeler_id
                LEFT JOIN labels first ON first.id = a.label_id
                WHERE NOT EXISTS (SELECT 1 FROM retest_retractions x WHERE x.retest_id = r.id)
                ORDER BY r.id
                """).map { Retest(labeler: $0["labeler"], item: $0["item"], first: $0["first"], repeated: $0["repeated"]) }
        }
    }
}
