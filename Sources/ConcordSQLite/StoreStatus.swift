import ConcordFormats
import ConcordDomain
import ConcordStore
import GRDB


extension SQLiteStore {
    /// The items a reviewer has settled: their latest adjudication gives a label.
    static let settledItems = """
        SELECT j.item_id FROM adjudications j
        WHERE j.label_id IS NOT NULL AND j.id = (SELECT max(id) FROM adjudications WHERE item_id = j.item_id)
        """

    public func status() throws -> StoreStatus {
        try pool.read { db in
            let items = try Int.fetchOne(db, sql: "SELECT count(*) FROM items") ?? 0
            // Whether an item's answers agree is read with the merges in force.
            let (agreeing, arguments) = try LabelClasses.current(db).agreeing
            // And whether a reviewer settled it.
            let perItem = try Row.fetchAll(db, sql: """
                SELECT n, same, settled, count(*) AS items
                FROM (SELECT count(*) AS n, \(agreeing) AS same, item_id IN (\(Self.settledItems)) AS settled
                      FROM answers GROUP BY item_id)
                GROUP BY n, same, settled
                """, arguments: arguments)
            var coverage: [Int: Int] = [:], unanimous: [Int: Int] = [:], settled: [Int: Int] = [:]
            for row in perItem {
                coverage[row["n"], default: 0] += row["items"] as Int
                if row["same"] as Bool { unanimous[row["n"], default: 0] += row["items"] as Int }
                else if row["settled"] as Bool { settled[row["n"], default: 0] += row["items"] as Int }
            }
            coverage[0] = items - coverage.values.reduce(0, +)
            let labelCounts = try Row.fetchAll(db, sql: """
                SELECT l.name, count(*) AS n FROM answers a JOIN labels l ON l.id = a.label_id GROUP BY l.name
                """).reduce(into: [String: Int]()) { $0[$1["name"]] = $1["n"] }
            let labelerCounts = try Row.fetchAll(db, sql: """
                SELECT p.name, count(a.item_id) AS n FROM labelers p LEFT JOIN answers a ON a.labeler_id = p.id
                GROUP BY p.id
                """).reduce(into: [String: Int]()) { $0[$1["name"]] = $1["n"] }
            var status = StoreStatus(
                items: items,
                // People who have answered: an admin or reviewer who never labels is not a labeler.
                labelers: labelerCounts.values.filter { $0 > 0 }.count,
                annotations: try Int.fetchOne(db, sql: "SELECT count(*) FROM answers") ?? 0,
                events: try Int.fetchOne(db, sql: "SELECT count(*) FROM annotation_events") ?? 0,
                coverage: coverage,
                labelCounts: labelCounts,
                labelerCounts: labelerCounts,
                adjudicated: try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(Self.settledItems))") ?? 0,
                guidelineVersions: try Int.fetchOne(db, sql: "SELECT count(*) FROM guideline_versions") ?? 0,
                imports: try Int.fetchOne(db, sql: "SELECT count(*) FROM imports") ?? 0)
            status.unanimous = unanimous
            status.settled = settled
            return status
        }
    }
}

extension SQLiteStore {
    /// How many items the project has (cheap: no answer is read).
    public func itemCount() throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM items") ?? 0 }
    }
}
