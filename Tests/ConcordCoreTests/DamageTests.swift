import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import GRDB
import Testing

/// Issue 16, "see damage": a block of garbage in the database is found before anything writes to
/// it; `doctor` runs the full check; `backup` copies the database online.
@Suite("Store: damage")
struct DamageTests {
    /// A closed project of 3,000 items (several pages of every table), its WAL folded in.
    func project() throws -> URL {
        let folder = try makeProject(in: temporaryFolder()).directory
        do {
            let project = try Project(path: folder.path)
            var items = "id,text,cond\n"
            for index in 0..<3_000 { items += "i\(index),the text of item number \(index) with some words,clean\n" }
            _ = try Importer(project: project, options: ImportOptions()).run(files: [write(items, to: "items.csv", in: folder)])
            try project.sqlite.pool.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        }
        return folder
    }

    /// 16 KiB of garbage over one page of the items table.
    func damage(_ folder: URL) throws {
        let path = folder.appendingPathComponent(SQLiteBackend.fileName).path
        let page = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT pageno FROM dbstat WHERE name = 'items' AND pagetype = 'leaf' LIMIT 1 OFFSET 3")
        } ?? 4
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        var random = SeededGenerator(seed: 5)
        try handle.seek(toOffset: UInt64((page - 1) * 16_384))
        try handle.write(contentsOf: Data((0..<16_384).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
        try handle.close()
    }

    @Test("a damaged database is refused on open, before anything is written to it, with how to recover")
    func refusedOnOpen() throws {
        // Before: status, agreement, annotate and import all passed, and the last two wrote into it.
        let folder = try project()
        try damage(folder)
        let path = folder.appendingPathComponent(SQLiteBackend.fileName).path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { try Project(path: folder.path) } throws: { error in
            guard case .damaged = error as? StoreError else { return false }
            return "\(error)".contains("concord doctor") && "\(error)".contains("concord backup")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        let doctor = try Project(path: folder.path, access: .reading)
        #expect(try #require(try doctor.store.damage(full: true)).isEmpty == false)
    }

    @Test("a sound database passes the open check and doctor; backup makes a checked copy and never overwrites")
    func soundAndBackup() throws {
        let folder = try project()
        let project = try Project(path: folder.path)
        #expect(try project.store.damage(full: true) == [])
        let copy = temporaryFolder().appendingPathComponent("copy.sqlite").path
        try project.store.backup(to: copy)
        let items = try DatabaseQueue(path: copy).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM items") }
        #expect(items == 3_000)
        #expect(throws: StoreError.backupTargetExists(path: copy)) { try project.store.backup(to: copy) }
    }
}
