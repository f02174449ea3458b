import GRDB

/// Item key → value of one metadata field, for the whole project in one query.
enum ConditionLookup {
    static func fetch(_ db: Database, field: String?) throws -> [String: String] {
        guard let field else { return [:] }
        var result: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT items.key, field.value FROM items, json_each(items.metadata) AS field WHERE field.key = ?",
                                       arguments: [field])
        while let row = try rows.next() {
            if let value: String = row["value"] { result[row["key"]] = value }
        }
        return result
    }
}
