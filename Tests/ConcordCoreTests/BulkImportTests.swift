@testable import ConcordFormats
@testable import ConcordServices
@testable import ConcordSQLite
@testable import ConcordStore
import ConcordTestSupport
import ConcordDomain
import Foundation
import GRDB
import Testing

/// The bulk import path (BulkLoad, ImportRecords) must leave the database exactly as appending
/// the same rows one by one through the triggers would, and fail as the per-row path did.
@Suite("Import: the bulk path")
struct BulkImportTests {
    /// The suspended triggers of a database made by the migrations alone.
    func migratedTriggers() throws -> [String: String?] {
        let triggers = try SQLiteStore(path: temporaryFolder().appendingPathComponent("fresh.sqlite").path).pool.read {
            try BulkLoad.currentTriggers($0)
        }
        #expect(triggers.values.allSatisfy { $0 != nil })
        return triggers
    }

    /// Answers and counts as a comparable value: (item, labeler) → (label, note, seconds).
    func derivedState(_ project: Project) throws -> [String] {
        try project.sqlite.pool.read { db in
            let answers = try Row.fetchAll(db, sql: """
                SELECT i.key, p.name AS labeler, l.name AS label, e.note, a.seconds
                FROM answers a JOIN items i ON i.id = a.item_id JOIN labelers p ON p.id = a.labeler_id
                JOIN labels l ON l.id = a.label_id JOIN annotation_events e ON e.id = a.event_id
                ORDER BY i.key, p.name
                """).map(\.description)
            let counts = try Row.fetchAll(db, sql: """
                SELECT i.key, c.answers FROM item_counts c JOIN items i ON i.id = c.item_id ORDER BY i.key
                """).map(\.description)
            return answers + counts
        }
    }

    /// `itemsFirst`: items in an earlier import, so the reading thread finds them (its own
    /// connection); otherwise in the same run, so only the writer can. `shuffled`: every row in
    /// random order, so item lookup gives up its lookahead and answers are written in key order.
    @Test("answers and counts equal appending the rows one by one: changes, repeats, notes, any row order",
          arguments: [(true, false), (false, false), (true, true)])
    func sameAsPerRow(itemsFirst: Bool, shuffled: Bool) throws {
        var items = "id,text\n"
        for index in 0..<300 { items += "i\(index),text \(index)\n" }
        // Labeler-major order (items reappear far apart), answers changed and restated later in
        // the file, notes set and cleared: every case of "current answer" the triggers handle.
        var random = SeededGenerator(seed: 7)
        var rows: [(item: String, labeler: String, label: String, note: String?, seconds: Double)] = []
        for labeler in ["ana", "ben", "cy"] {
            for index in 0..<300 where random.next() % 5 != 0 {
                rows.append(("i\(index)", labeler, ["a", "b", "c", "borderline"][Int(random.next() % 4)], nil, Double(index % 7)))
            }
        }
        for _ in 0..<400 {
            let labeler = ["ana", "ben", "cy"][Int(random.next() % 3)]
            let note = random.next() % 3 == 0 ? "second look" : nil
            rows.append(("i\(random.next() % 300)", labeler, ["a", "b", "c"][Int(random.next() % 3)], note, 1))
        }
        if shuffled { rows.shuffle(using: &random) }
        var answers = "item,labeler,label,note,seconds\n"
        for row in rows { answers += "\(row.item),\(row.labeler),\(row.label),\(row.note ?? ""),\(row.seconds)\n" }

        let bulk = try makeProject(in: temporaryFolder())
        let itemsFile = write(items, to: "items.csv", in: bulk.directory), answersFile = write(answers, to: "answers.csv", in: bulk.directory)
        if itemsFirst {
            _ = try Importer(project: bulk, options: ImportOptions()).run(files: [itemsFile])
            _ = try Importer(project: bulk, options: ImportOptions()).run(files: [answersFile])
        } else {
            _ = try Importer(project: bulk, options: ImportOptions()).run(files: [itemsFile, answersFile])
        }

        let perRow = try makeProject(in: temporaryFolder())
        _ = try Importer(project: perRow, options: ImportOptions()).run(files: [write(items, to: "items.csv", in: perRow.directory)])
        for row in rows where try !perRow.sqlite.restates(row.item, row.labeler, row.label, row.note) {
            try perRow.store.append(AnnotationEvent(itemKey: row.item, labeler: row.labeler, label: row.label, note: row.note, seconds: row.seconds),
                                    guideline: nil, guidelinePath: nil)
        }
        #expect(try derivedState(bulk) == derivedState(perRow))
        let events = { (project: Project) in try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM annotation_events") } }
        #expect(try events(bulk) == events(perRow))
        #expect(try bulk.sqlite.pool.read { try BulkLoad.currentTriggers($0) } == migratedTriggers())

        // A second import on top (answers now exist before it starts) still matches.
        let later = "item,labeler,label,note\ni1,ana,c,\ni1,ana,a,\ni2,dee,b,\ni2,dee,b,\n"
        _ = try Importer(project: bulk, options: ImportOptions()).run(files: [write(later, to: "later.csv", in: bulk.directory)])
        for line in later.split(separator: "\n").dropFirst() {
            let field = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if try !perRow.sqlite.restates(field[0], field[1], field[2], nil) {
                try perRow.store.append(AnnotationEvent(itemKey: field[0], labeler: field[1], label: field[2]), guideline: nil, guidelinePath: nil)
            }
        }
        #expect(try derivedState(bulk) == derivedState(perRow))
    }

    @Test("an error thousands of records in (past the first batches) names its line and changes nothing",
          arguments: [("label", "i4500,ana,zebra\n", 4502, "label"), ("quote", "i4500,ana,\"a\n", 4502, "label")])
    func lateError(_ name: String, _ badRow: String, _ line: Int, _ field: String) throws {
        let project = try makeProject(in: temporaryFolder())
        var items = "id,text\n"
        for index in 0..<6000 { items += "i\(index),t\n" }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(items, to: "items.csv", in: project.directory)])
        let before = try snapshot(project)
        var answers = "item,labeler,label\n"
        for index in 0..<4500 { answers += "i\(index),ana,a\n" }
        answers += badRow
        for index in 4501..<6000 { answers += "i\(index),ana,b\n" }
        let path = write(answers, to: "answers.csv", in: project.directory)
        #expect { try Importer(project: project, options: ImportOptions()).run(files: [path]) } throws: {
            let error = $0 as? DataFileError
            return error?.line == line && error?.field == field
        }
        #expect(try snapshot(project) == before)
        #expect(try project.sqlite.pool.read { try BulkLoad.currentTriggers($0) } == migratedTriggers())
    }

    @Test("items in batches: a repeated id far down the file is the same item, or an error on its line")
    func repeatedItemsAcrossBatches() throws {
        let project = try makeProject(in: temporaryFolder())
        var items = "id,text,cond\n"
        for index in 0..<3000 { items += "i\(index),text \(index),c\(index % 3)\n" }
        items += "i5,text 5,c2\n"  // line 3002: the same item again
        let report = try Importer(project: project, options: ImportOptions()).run(files: [write(items, to: "items.csv", in: project.directory)])[0]
        #expect(report.itemsAdded == 3000 && report.itemsUnchanged == 1)
        let stored = try project.sqlite.pool.read { try Row.fetchOne($0, sql: "SELECT payload, metadata FROM items WHERE key = 'i2999'") }
        #expect(stored?["payload"] == "text 2999" && stored?["metadata"] == #"{"cond":"c2"}"#)

        var conflicting = "id,text\n"
        for index in 3000..<6000 { conflicting += "i\(index),new \(index)\n" }
        conflicting += "i7,another text\n"  // line 3002
        let before = try snapshot(project)
        let path = write(conflicting, to: "more.csv", in: project.directory)
        #expect { try Importer(project: project, options: ImportOptions()).run(files: [path]) } throws: {
            let error = $0 as? DataFileError
            return error?.line == 3002 && error?.field == "text" && error?.message.contains("different payload") == true
        }
        #expect(try snapshot(project) == before)
    }

    @Test("the hash taken while reading equals the one taken up front; a renamed copy is passed over")
    func hashWhileReading() throws {
        let project = try makeProject(in: temporaryFolder())
        let items = write("id,text\ni1,one\ni2,two\n", to: "items.csv", in: project.directory)
        // The file changes ana's answer on i1: reading it again would append both rows again.
        let answers = write("item,labeler,label\ni1,ana,a\ni2,ana,b\ni1,ana,c\n", to: "answers.csv", in: project.directory)
        // First import: no earlier import has these sizes, so the reading thread hashes.
        _ = try Importer(project: project, options: ImportOptions()).run(files: [items, answers])
        let stored = try project.sqlite.pool.read { try String.fetchAll($0, sql: "SELECT sha256 FROM imports ORDER BY id") }
        #expect(stored.count == 2 && stored.allSatisfy { $0.count == 64 })
        let before = try snapshot(project)
        // Same files, and a copy under another name, and a later answer the copy must not undo.
        #expect(try Importer(project: project, options: ImportOptions()).run(files: [items, answers]).allSatisfy(\.alreadyImported))
        try project.store.append(AnnotationEvent(itemKey: "i2", labeler: "ana", label: "a"), guideline: nil, guidelinePath: nil)
        let copy = write("item,labeler,label\ni1,ana,a\ni2,ana,b\ni1,ana,c\n", to: "copy.csv", in: project.directory)
        #expect(try Importer(project: project, options: ImportOptions()).run(files: [copy])[0].alreadyImported)
        #expect(try project.store.currentAnswer(itemKey: "i2", labeler: "ana") == "a")
        #expect(try snapshot(project).filter { $0.hasPrefix("imports") } == before.filter { $0.hasPrefix("imports") })
        // Another file of the same size but other bytes is hashed first, found new, and read.
        let sameSize = write("item,labeler,label\ni1,ana,b\ni2,ana,b\ni1,ana,c\n", to: "other.csv", in: project.directory)
        #expect(try !Importer(project: project, options: ImportOptions()).run(files: [sameSize])[0].alreadyImported)
    }

    @Test("upgrading a v5 database to v6 keeps the log, its ids and its rules")
    func upgradeFromV5() throws {
        let path = temporaryFolder().appendingPathComponent("v5.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v5-schema-changes")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO items (key, payload, created_at) VALUES ('i1', 'x', 0), ('i2', 'y', 0);
                INSERT INTO labelers (name, created_at) VALUES ('ana', 0), ('ben', 0);
                INSERT INTO labels (name) VALUES ('a'), ('b');
                INSERT INTO annotation_events (item_id, labeler_id, kind, label_id, note, created_at) VALUES
                    (1, 1, 'label', 1, 'first', 0), (1, 2, 'label', 2, NULL, 0), (2, 1, 'label', 1, NULL, 0),
                    (2, 1, 'retract', NULL, NULL, 0), (1, 1, 'label', 2, NULL, 0);
                """)
        }
        let eventsBefore = try queue.read { try Row.fetchAll($0, sql: "SELECT * FROM annotation_events ORDER BY id") }
        let answersBefore = try queue.read { try Row.fetchAll($0, sql: "SELECT * FROM answers ORDER BY item_id, labeler_id") }
        try queue.close()

        let store = try SQLiteStore(path: path)
        // The v5 columns, as they were (later migrations add columns, NULL on old rows).
        let v5Columns = "id, item_id, labeler_id, kind, label_id, note, seconds, guideline_version_id, import_id, created_at"
        #expect(try store.pool.read { try Row.fetchAll($0, sql: "SELECT \(v5Columns) FROM annotation_events ORDER BY id") } == eventsBefore)
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM annotation_events WHERE entered_by_id IS NOT NULL") } == 0)
        // The answers as they were; v11's first_event_id is NULL on them (their latest entry stands in).
        let answerColumns = "item_id, labeler_id, label_id, event_id, seconds, guideline_version_id"
        #expect(try store.pool.read { try Row.fetchAll($0, sql: "SELECT \(answerColumns) FROM answers ORDER BY item_id, labeler_id") } == answersBefore)
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM answers WHERE first_event_id IS NOT NULL") } == 0)
        #expect(try store.pool.read { try BulkLoad.currentTriggers($0) } == migratedTriggers())
        #expect(try store.pool.read { try $0.indexes(on: "annotation_events") }.isEmpty)
        // The rules survived the rebuild: append-only, the kind check, and retract.
        #expect(throws: DatabaseError.self) { try store.pool.write { try $0.execute(sql: "DELETE FROM annotation_events") } }
        #expect(throws: DatabaseError.self) {
            try store.pool.write { try $0.execute(sql: "INSERT INTO annotation_events (item_id, labeler_id, kind, created_at) VALUES (1, 1, 'erase', 0)") }
        }
        try store.append(AnnotationEvent(itemKey: "i1", labeler: "ben", kind: .retract, label: nil), guideline: nil, guidelinePath: nil)
        #expect(try store.currentAnswer(itemKey: "i1", labeler: "ben") == nil)
        #expect(try store.currentAnswer(itemKey: "i1", labeler: "ana") == "b")
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT answers FROM item_counts WHERE item_id = 1") } == 1)
    }
}

private extension SQLiteStore {
    /// Whether the labeler's current answer is this label with this note (the importer's rule
    /// for "this row appends nothing").
    func restates(_ itemKey: String, _ labeler: String, _ label: String, _ note: String?) throws -> Bool {
        let current = try pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT l.name, e.note FROM answers a JOIN items i ON i.id = a.item_id JOIN labelers p ON p.id = a.labeler_id
                JOIN labels l ON l.id = a.label_id JOIN annotation_events e ON e.id = a.event_id
                WHERE i.key = ? AND p.name = ?
                """, arguments: [itemKey, labeler])
        }
        guard let current else { return false }
        return current[0] as String == label && current[1] as String? == note
    }
}
