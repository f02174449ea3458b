import ConcordFormats
import ConcordDomain
import ConcordStore
import GRDB

/// Finds item ids by key for the rows of an annotation file that names its items without
/// carrying their text.
///
/// Long-form files usually list items in the order they were imported, so the resolver first
/// looks at the next few items in id order after the last one it found: a step of one SQLite
/// cursor and a byte comparison. Any other order falls back to a map of every key, loaded on the
/// first miss (a million keys take about 0.35 s to load, which an ordered file never pays).
final class ItemKeyResolver {
    private let db: Database
    private lazy var following = try! BulkStatement(db, sql: "SELECT id, key FROM items WHERE id > ? ORDER BY id")
    private var followingPositioned = false
    private var byKey: [String: Int64] = [:]
    private var loaded = false
    /// Whether the key map exists (only then does `note` keep anything).
    var isLoaded: Bool { loaded }
    private static let lookahead = 4
    /// Lookahead hits and misses: a file in another order stops paying for the lookahead.
    private var hits = 0, misses = 0
    private var lookaheadPays: Bool { misses < 64 || hits >= misses }

    init(_ db: Database) { self.db = db }

    /// Call when a file begins: items may have been added since the cursor was positioned.
    func restart() {
        if followingPositioned { following.reset() }
        followingPositioned = false
    }

    /// Records an item this import created or confirmed, once the map exists.
    func note(key: String, id: Int64) {
        if loaded { byKey[key] = id }
    }

    /// The id of the item with this key, or nil when the project has no such item.
    func id(for key: String) throws -> Int64? {
        if lookaheadPays {
            if !followingPositioned { position(after: 0) }
            for _ in 0..<Self.lookahead {
                guard try following.step() else { break }
                if following.withBytes(1, { key.utf8.elementsEqual($0) }) == true {
                    hits += 1
                    return following.int64(0)
                }
            }
            misses += 1
        }
        if !loaded { try load() }
        guard let id = byKey[key] else { return nil }
        if lookaheadPays {
            following.reset()
            position(after: id)
        }
        return id
    }

    private func position(after id: Int64) {
        following.bind(1, id)
        followingPositioned = true
    }

    /// One scan of the key index; keys are unique, so each row is one insert.
    private func load() throws {
        loaded = true
        byKey.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM items") ?? 0)
        let scan = try BulkStatement(db, sql: "SELECT key, id FROM items")
        while try scan.step() {
            if let key = scan.text(0) { byKey[key] = scan.int64(1) }
        }
    }
}
