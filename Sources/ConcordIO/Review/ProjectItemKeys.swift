import GRDB

/// Item keys for a set of item row ids, in one query (ids bound as a JSON array).
enum ProjectItemKeys {
    static func fetch(_ db: Database, ids: [Int64]) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        let json = "[" + ids.map(String.init).joined(separator: ",") + "]"
        var result: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, key FROM items WHERE id IN (SELECT value FROM json_each(?))", arguments: [json]) {
            result[row["id"]] = row["key"]
        }
        return result
    }
}
