import ConcordDomain
import ConcordFormats
import ConcordStore
import GRDB

/// Reading items: keys, metadata values, whole rows for export.
extension SQLiteStore {
    public func itemID(key: String) throws -> Int64? {
        try pool.read { try Self.itemID($0, key: key) }
    }

    public func hasMetadataField(_ field: String) throws -> Bool {
        try pool.read { try Self.hasMetadataField($0, field) }
    }

    /// The field name is bound as a value, never spliced into a JSON path: any name works.
    static func hasMetadataField(_ db: Database, _ field: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM items, json_each(items.metadata) AS field WHERE field.key = ?)",
                          arguments: [field]) ?? false
    }

    /// Item keys for a set of item row ids, in one query (ids bound as a JSON array).
    public func itemKeys(ids: [Int64]) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        let json = "[" + ids.map(String.init).joined(separator: ",") + "]"
        return try pool.read { db in
            var result: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, key FROM items WHERE id IN (SELECT value FROM json_each(?))", arguments: [json]) {
                result[row["id"]] = row["key"]
            }
            return result
        }
    }

    /// Item key → value of one metadata field, for the whole project in one query.
    public func metadataValues(field: String) throws -> [String: String] {
        try pool.read { db in
            var result: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT items.key, field.value FROM items, json_each(items.metadata) AS field WHERE field.key = ?",
                                           arguments: [field])
            while let row = try rows.next() {
                if let value: String = row["value"] { result[row["key"]] = value }
            }
            return result
        }
    }

    /// Every item in id order, read through the C API: export reads a million of them, and the
    /// metadata is parsed from the row's bytes in place.
    public func forEachItem(_ body: (ItemScanRow) throws -> Void) throws {
        try pool.read { db in
            let scan = try BulkStatement(db, sql: "SELECT id, key, payload, group_key, metadata FROM items ORDER BY id")
            var row = ItemScanRow(id: 0, key: { scan.text(1) }, payload: { scan.text(2) }, group: { scan.text(3) },
                                  metadata: { scan.withBytes(4) { FlatJSONObject.pairs(in: $0) } ?? [] })
            while try scan.step() {
                row.id = scan.int64(0)
                try body(row)
            }
        }
    }

    public func isEmpty() throws -> Bool {
        // EXISTS stops at the first row: opening a million-item project costs nothing here.
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM imports) AND NOT EXISTS (SELECT 1 FROM items)") ?? true
        }
    }

    public func ratings(_ request: RatingsRequest) throws -> LoadedRatings {
        try SQLiteRatings.load(self, request)
    }

    public func itemsWithoutValue(field: String, isGroup: Bool) throws -> Int {
        try SQLiteRatings.itemsWithoutValue(self, field: field, isGroup: isGroup)
    }
}
