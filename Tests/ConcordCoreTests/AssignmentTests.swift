import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import GRDB
import Testing

@Suite("Assignment")
struct AssignmentTests {
    /// Items only; k is each session's (`session(_:_:k:)`), as the labeling screen passes it.
    func project(items: Int = 5) throws -> Project {
        let folder = temporaryFolder()
        let project = try makeProject(in: folder)
        var csv = "id,text,cond\n"
        for index in 0..<items { csv += "i\(index),text \(index),clean\n" }
        let path = write(csv, to: "items.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [path])
        return project
    }

    func session(_ project: Project, _ name: String, k: LabelsPerItem = 2, claim: TimeInterval = 600) throws -> LabelingSession {
        try project.store.labelingSession(labeler: name, labelersPerItem: k, claimDuration: claim)
    }

    @Test("serves unanswered items, fewest labels first, and never the same item twice to one labeler")
    func fewestFirst() throws {
        let project = try project()
        let ana = try session(project, "ana"), ben = try session(project, "ben")
        let first = try #require(try ana.next())
        #expect(first.key == "i0")
        try ana.answer(itemID: first.id, label: "a", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
        // Ben gets i1 (0 labels) before i0 (1 label): fewest labels first.
        let benFirst = try #require(try ben.next())
        #expect(benFirst.key == "i1")
        // Ana never gets i0 again.
        var seen: [String] = []
        while let item = try ana.next() {
            seen.append(item.key)
            try ana.answer(itemID: item.id, label: "b", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
        }
        #expect(!seen.contains("i0"))
        #expect(Set(seen) == ["i1", "i2", "i3", "i4"])
        #expect(try ana.progress().answered == 5)
    }

    @Test("claims keep labelers working at once from taking an item past k; they expire and are released")
    func claims() throws {
        let project = try project(items: 1)
        let ana = try session(project, "ana", k: 1), ben = try session(project, "ben", k: 1, claim: 600)
        let item = try #require(try ana.next())
        #expect(try ben.next() == nil)  // ana's claim fills k = 1
        try ana.releaseClaims()
        #expect(try ben.next()?.id == item.id)
        // A claim that expired (its labeler vanished) no longer holds the item.
        let quick = try session(project, "cy", k: 1, claim: -1)
        try ben.releaseClaims()
        _ = try quick.next()
        #expect(try ana.next()?.id == item.id)
    }

    @Test("a labeler who comes back finds the item they held; skipped items are not served again in the session")
    func resumeAndSkip() throws {
        let project = try project(items: 3)
        let ana = try session(project, "ana")
        let held = try #require(try ana.next())
        let again = try session(project, "ana")
        #expect(try again.next()?.id == held.id)
        try again.skip(itemID: held.id, seconds: 2, guideline: nil, guidelinePath: nil)
        let next = try #require(try again.next(skipping: [held.id]))
        #expect(next.id != held.id)
        let events = try project.sqlite.pool.read { try String.fetchAll($0, sql: "SELECT kind FROM annotation_events") }
        #expect(events == ["skip"])
    }

    @Test("undo appends a retract, frees the answer and hands the item back")
    func undo() throws {
        let project = try project(items: 2)
        let ana = try session(project, "ana")
        let item = try #require(try ana.next())
        try ana.answer(itemID: item.id, label: "a", note: "unsure", seconds: 3, guideline: nil, guidelinePath: nil)
        let back = try #require(try ana.retract(itemID: item.id, guideline: nil, guidelinePath: nil))
        #expect(back.id == item.id)
        #expect(try project.store.currentAnswer(itemKey: item.key, labeler: "ana") == nil)
        #expect(try ana.progress().answered == 0)
        // The claim on the retracted item brings it back first.
        #expect(try ana.next()?.id == item.id)
        let kinds = try project.sqlite.pool.read { try String.fetchAll($0, sql: "SELECT kind FROM annotation_events ORDER BY id") }
        #expect(kinds == ["label", "retract"])
    }

    @Test("answer counts stay right through changes and undos")
    func counts() throws {
        let project = try project(items: 2)
        let guideline = try project.currentGuideline()
        for (labeler, label) in [("ana", "a"), ("ana", "b"), ("ben", "a")] {
            try project.store.append(AnnotationEvent(itemKey: "i0", labeler: labeler, label: label), guideline: guideline, guidelinePath: nil)
        }
        try project.store.append(AnnotationEvent(itemKey: "i0", labeler: "ben", kind: .retract, label: nil), guideline: guideline, guidelinePath: nil)
        let counts = try project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT i.key, c.answers FROM item_counts c JOIN items i ON i.id = c.item_id ORDER BY i.key")
        }
        #expect(counts.map { $0["answers"] as Int } == [1, 0])
    }
}

@Suite("Assignment: bulk import keeps counts right")
struct BulkCountTests {
    @Test("after imports (which suspend the count triggers) counts equal the answers, and the triggers are back as migrated")
    func countsAfterImport() throws {
        let project = try makeProject(in: temporaryFolder())
        let expected = try project.sqlite.pool.read { try BulkLoad.currentTriggers($0) }
        #expect(expected.count == 3 && expected.values.allSatisfy { $0 != nil })
        var items = "id,text\n", answers = "item,labeler,label\n"
        for index in 0..<50 { items += "i\(index),t\n" }
        for index in 0..<50 where index % 3 != 0 { answers += "i\(index),ana,a\n" }
        for index in 0..<50 where index % 2 == 0 { answers += "i\(index),ben,b\n" }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(items, to: "i.csv", in: project.directory)])
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(answers, to: "a.csv", in: project.directory)])
        // A later change through the (restored) triggers.
        try project.store.append(AnnotationEvent(itemKey: "i0", labeler: "cy", label: "c"), guideline: nil, guidelinePath: nil)
        let wrong = try project.sqlite.pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM item_counts c WHERE c.answers != (SELECT count(*) FROM answers a WHERE a.item_id = c.item_id)
                """)
        }
        #expect(wrong == 0)
        #expect(try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM item_counts") } == 50)
        #expect(try project.sqlite.pool.read { try BulkLoad.currentTriggers($0) } == expected)
        // A failed import leaves the triggers in place too.
        let bad = write("item,labeler,label\ni1,ana,zebra\n", to: "bad.csv", in: project.directory)
        #expect(throws: DataFileError.self) { try Importer(project: project, options: ImportOptions()).run(files: [bad]) }
        #expect(try project.sqlite.pool.read { try BulkLoad.currentTriggers($0) } == expected)
    }
}
