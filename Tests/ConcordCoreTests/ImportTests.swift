import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import GRDB
import Testing

@Suite("Import")
struct ImportTests {
    func run(_ project: Project, _ files: [String], _ options: ImportOptions = ImportOptions()) throws -> [FileImportReport] {
        try Importer(project: project, options: options).run(files: files)
    }

    /// A project that already holds two items and one answer, so "unchanged" means something.
    func seeded() throws -> Project {
        let project = try makeProject(in: temporaryFolder())
        let path = write("id,text,cond,speaker\ni1,hello there,clean,s1\ni2,good bye,car,s2\n", to: "seed.csv", in: project.directory)
        _ = try run(project, [path])
        let answers = write("item,labeler,label\ni1,ana,a\n", to: "seed-answers.csv", in: project.directory)
        _ = try run(project, [answers])
        return project
    }

    struct BadInput: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var line: Int?
        var field: String?
        var message: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "empty file", bytes: [], line: nil, field: nil, message: "the file is empty"),
        BadInput(name: "header only", bytes: Array("id,text\n".utf8), line: 2, field: nil, message: "no records"),
        BadInput(name: "missing id column", bytes: Array("key,text\nx,hello\n".utf8), line: 1, field: "id",
                 message: "missing id column"),
        BadInput(name: "unterminated quote", bytes: Array("id,text\nn1,\"fine\"\nn2,\"never closed\nn3,x\n".utf8),
                 line: 3, field: "text", message: "unterminated quoted field"),
        BadInput(name: "invalid UTF-8", bytes: Array("id,text\nn1,ok\nn2,caf".utf8) + [0xE9, 0x0A], line: 3, field: "text",
                 message: "invalid UTF-8"),
        BadInput(name: "duplicate id with a different payload in the file",
                 bytes: Array("id,text\nn1,first\nn2,x\nn1,second\n".utf8), line: 4, field: "text",
                 message: "duplicate id 'n1' with a different payload (first seen earlier in this import)"),
        BadInput(name: "duplicate id with a different payload than the project",
                 bytes: Array("id,text\nn1,new\ni1,changed text\n".utf8), line: 3, field: "text",
                 message: "duplicate id 'i1' with a different payload (already in the project)"),
        BadInput(name: "unknown label", bytes: Array("item,labeler,label\ni1,ben,b\ni2,ben,maybe\n".utf8), line: 3,
                 field: "label", message: "unknown label 'maybe'"),
        BadInput(name: "label for an unknown item without text columns",
                 bytes: Array("item,labeler,label\ni1,ben,b\nnope,ben,a\n".utf8), line: 3, field: "item",
                 message: "item 'nope' is not in the project, and this file has no text column"),
        BadInput(name: "label column without labeler column", bytes: Array("id,text,label\nn1,x,a\n".utf8), line: 1,
                 field: "label", message: "no labeler column"),
        BadInput(name: "empty label", bytes: Array("item,labeler,label\ni1,ben,\n".utf8), line: 2, field: "label",
                 message: "the label is empty"),
        BadInput(name: "bad seconds", bytes: Array("item,labeler,label,seconds\ni1,ben,a,soon\n".utf8), line: 2,
                 field: "seconds", message: "not a number of seconds"),
        BadInput(name: "ragged record", bytes: Array("id,text,cond\nn1,x,clean\nn2,y\n".utf8), line: 3, field: nil,
                 message: "the record has 2 fields; the header has 3"),
    ]

    @Test("bad input: a clear error naming file, line and field, and an unchanged database", arguments: badInputs)
    func badInput(_ bad: BadInput) throws {
        let project = try seeded()
        let before = try snapshot(project)
        // A good file in the same run must not land either: one transaction for the whole import.
        let good = write("id,text\nok1,fine\n", to: "good.csv", in: project.directory)
        let path = writeBytes(bad.bytes, to: "bad.csv", in: project.directory)
        do {
            _ = try run(project, [good, path])
            Issue.record("expected an error for \(bad.name)")
        } catch let error as DataFileError {
            #expect(error.file.hasSuffix("bad.csv"))
            #expect(error.line == bad.line)
            #expect(error.field == bad.field)
            #expect(error.message.contains(bad.message), "\(error)")
            #expect(error.description.hasPrefix(path))
        }
        #expect(try snapshot(project) == before)
    }

    @Test("re-importing the same items and annotations changes nothing")
    func idempotent() throws {
        let project = try makeProject(in: temporaryFolder())
        let items = write("id,text,cond,speaker\nx1,one,clean,s1\nx2,two,car,s1\n", to: "items.csv", in: project.directory)
        let answers = write("item,labeler,label,note\nx1,ana,a,\nx1,ben,b,unsure\nx2,ana,c,\n", to: "answers.csv", in: project.directory)
        _ = try run(project, [items, answers])
        let after = try snapshot(project)
        let again = try run(project, [items, answers])
        #expect(again.allSatisfy { $0.alreadyImported })
        #expect(try snapshot(project) == after)
        // A different file restating the same rows (plus one change) appends only the change.
        let restated = write("item,labeler,label,note\nx1,ana,a,\nx1,ben,b,unsure\nx2,ana,b,\n", to: "restated.csv", in: project.directory)
        let report = try run(project, [restated])[0]
        #expect(report.eventsAdded == 1)
        #expect(report.eventsUnchanged == 2)
        #expect(try project.store.currentAnswer(itemKey: "x2", labeler: "ana") == "b")
        // Items again from a new file with identical payloads: no duplicates.
        let itemsCopy = write("id,text,cond,speaker\nx2,two,car,s1\nx1,one,clean,s1\n", to: "items-copy.csv", in: project.directory)
        let itemReport = try run(project, [itemsCopy])[0]
        #expect(itemReport.itemsAdded == 0 && itemReport.itemsUnchanged == 2)
        #expect(try project.store.status().items == 2)
    }

    @Test("items keep metadata, group and multi-line text; annotation files can create items")
    func itemsAndMetadata() throws {
        let project = try makeProject(in: temporaryFolder())
        let items = write("id,text,cond,speaker,device\nx1,\"two\nlines\",clean,s1,phone\n", to: "items.csv", in: project.directory)
        let longForm = write("item,labeler,label,text,cond,extra,seconds\nx2,ana,a,new item,car,ignored,3.5\nx2,ben,borderline,new item,car,zzz,1\n",
                             to: "long.csv", in: project.directory)
        let reports = try run(project, [items, longForm])
        #expect(reports[1].itemsAdded == 1)
        #expect(reports[1].ignoredColumns == ["extra"])
        let rows = try project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT key, payload, group_key, metadata FROM items ORDER BY key")
        }
        #expect(rows[0]["payload"] as String == "two\nlines")
        #expect(rows[0]["group_key"] as String == "s1")
        #expect(rows[0]["metadata"] as String == #"{"cond":"clean","device":"phone"}"#)
        #expect(rows[1]["metadata"] as String == #"{"cond":"car"}"#)
        #expect(try project.store.currentAnswer(itemKey: "x2", labeler: "ben") == "borderline")
    }

    @Test("JSONL items and annotations, with mapped column names and a row filter")
    func jsonlAndMapping() throws {
        let project = try makeProject(in: temporaryFolder())
        let items = write("""
            {"uid": "j1", "body": "hello", "cond": "clean", "n": 3, "ok": true}

            {"uid": "j2", "body": "bye", "cond": null, "tags": ["x", "y"]}
            """, to: "items.jsonl", in: project.directory)
        let answers = write("""
            {"item_id": "j1", "annotator": "A1", "answer": "a", "repeat": 0}
            {"item_id": "j1", "annotator": "A1", "answer": "b", "repeat": 1}
            {"item_id": "j2", "annotator": "A2", "answer": "c", "repeat": 0}
            """, to: "answers.jsonl", in: project.directory)
        _ = try run(project, [items], ImportOptions(idColumn: "uid", textColumn: "body"))
        let report = try run(project, [answers], ImportOptions(
            itemColumn: "item_id", labelerColumn: "annotator", labelColumn: "answer", filters: [("repeat", "0")]))[0]
        #expect(report.filteredOut == 1)
        #expect(report.eventsAdded == 2)
        #expect(try project.store.currentAnswer(itemKey: "j1", labeler: "A1") == "a")
        let metadata = try project.sqlite.pool.read { try String.fetchAll($0, sql: "SELECT metadata FROM items ORDER BY key") }
        #expect(metadata == [#"{"cond":"clean","n":"3","ok":"true"}"#, #"{"tags":"[\"x\",\"y\"]"}"#])
    }

    @Test("a broken JSONL line is located")
    func jsonlErrors() throws {
        let project = try makeProject(in: temporaryFolder())
        let bad = write("{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\", \"text\": }\n", to: "bad.jsonl", in: project.directory)
        #expect { try run(project, [bad]) } throws: { ($0 as? DataFileError)?.line == 2 }
        let array = write("[1, 2]\n", to: "array.jsonl", in: project.directory)
        #expect { try run(project, [array]) } throws: { ($0 as? DataFileError)?.message.contains("not a JSON object") == true }
    }

    @Test("a mapped column that does not exist is named")
    func missingMappedColumn() throws {
        let project = try makeProject(in: temporaryFolder())
        let path = write("item,annotator_id,label\ni1,A,a\n", to: "x.csv", in: project.directory)
        #expect { try run(project, [path], ImportOptions(labelerColumn: "annotator")) } throws: {
            let error = $0 as? DataFileError
            return error?.field == "annotator" && error!.message.contains("annotator_id")
        }
    }

    /// The shared ConvAbuse long form (CC BY 4.0; Cercas Curry et al., EMNLP 2021): its README
    /// gives 4,185 items, 8 annotators and 12,411 first answers (repeat == 0).
    @Test("imports the shared ConvAbuse data with its annotator column")
    func convAbuse() throws {
        let path = convAbuseFile()
        try #require(FileManager.default.fileExists(atPath: path), "fixture missing at \(path)")
        let project = try makeProject(in: temporaryFolder(), labels: [
            "not_abusive", "ambiguous", "mildly_abusive", "strongly_abusive", "very_strongly_abusive"])
        let report = try run(project, [path], ImportOptions(
            itemColumn: "item_id", labelerColumn: "annotator_id", filters: [("repeat", "0")]))[0]
        #expect(report.filteredOut == 357)
        let status = try project.store.status()
        #expect(status.items == 4_185)
        #expect(status.labelers == 8)
        #expect(status.annotations == 12_411)
        #expect(status.coverage == [0: 0, 2: 1094, 3: 2445, 4: 377, 5: 235, 6: 33, 7: 1])
        #expect(status.labelCounts["not_abusive"] == 9_797)
        #expect(status.labelCounts["very_strongly_abusive"] == 276)
    }
}

@Suite("Import: found in review")
struct ImportReviewTests {
    @Test("an id with a NUL byte is its own id: repeated rows do not crash, a prefix does not match it")
    func nulInID() throws {
        let project = try makeProject(in: temporaryFolder())
        let items = writeBytes(Array("id,text\na".utf8) + [0] + Array("b,one\na".utf8) + [0] + Array("b,one\n".utf8), to: "nul.csv", in: project.directory)
        let report = try Importer(project: project, options: ImportOptions()).run(files: [items])[0]
        #expect(report.itemsAdded == 1 && report.itemsUnchanged == 1)
        let answers = write("item,labeler,label\na,ana,a\n", to: "a.csv", in: project.directory)
        #expect { try Importer(project: project, options: ImportOptions()).run(files: [answers]) } throws: {
            ($0 as? DataFileError)?.message.contains("item 'a' is not in the project") == true
        }
    }

    @Test("the same file with another --where is another import, not 'already imported'")
    func reimportWithOtherOptions() throws {
        let project = try makeProject(in: temporaryFolder())
        let file = write("item,labeler,label,text,repeat\ni1,ana,a,x,0\ni1,ana,b,x,1\n", to: "r.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions(filters: [("repeat", "0")])).run(files: [file])
        let second = try Importer(project: project, options: ImportOptions(filters: [("repeat", "1")])).run(files: [file])[0]
        #expect(!second.alreadyImported)
        #expect(second.eventsAdded == 1)
        let again = try Importer(project: project, options: ImportOptions(filters: [("repeat", "1")])).run(files: [file])[0]
        #expect(again.alreadyImported)
    }

    @Test("a claim renewed while the labeler stays on an item does not expire")
    func claimRenewal() throws {
        let project = try makeProject(in: temporaryFolder())
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write("id,text\ni1,x\n", to: "i.csv", in: project.directory)])
        // One clock for both labelers, moved by hand: no sleeping against a timeout.
        let clock = ManualClock(startingAt: 1_000_000)
        let ana = try project.store.labelingSession(labeler: "ana", labelersPerItem: 1, retest: .off, claimDuration: 0.05, enteredBy: nil, clock: clock.now)
        let ben = try project.store.labelingSession(labeler: "ben", labelersPerItem: 1, retest: .off, claimDuration: 15 * 60, enteredBy: nil, clock: clock.now)
        let item = try #require(try ana.next())
        clock.advance(milliseconds: 30)
        try ana.renewClaim(itemID: item.id)
        clock.advance(milliseconds: 30)
        #expect(try ben.next() == nil)  // still ana's: renewed 30 ms ago, good for 50 ms
        clock.advance(milliseconds: 21)
        #expect(try ben.next()?.id == item.id)  // ana went quiet for 51 ms: the claim expired
    }
}

@Suite("Import: duplicate rows")
struct DuplicateRowTests {
    @Test("adjacent rows of one item with another group or metadata value are refused", arguments: [
        ("item,labeler,label,text,cond,speaker\ni1,ana,a,x,clean,s1\ni1,ben,b,x,noisy,s1\n", "cond"),
        ("item,labeler,label,text,cond,speaker\ni1,ana,a,x,clean,s1\ni1,ben,b,x,clean,s2\n", "speaker"),
    ])
    func adjacentConflicts(csv: String, field: String) throws {
        let project = try makeProject(in: temporaryFolder())
        let path = write(csv, to: "d.csv", in: project.directory)
        #expect { try Importer(project: project, options: ImportOptions()).run(files: [path]) } throws: {
            let error = $0 as? DataFileError
            return error?.line == 3 && error?.field == field
        }
    }
}
