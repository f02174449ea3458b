import ConcordTestSupport
@testable import ConcordSQLite
import ConcordAnalysis
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import GRDB
import Testing

/// Issue 15, retests while labeling: `retest: 0.05` shows that share of a labeler's answered items
/// again, blind, at least `retest_after` of their answers later, seeded; the second answer is a
/// retest and never replaces the first.
@Suite("Retests while labeling")
struct LiveRetestTests {
    func project(items: Int, share: Double, after: Int) throws -> Project {
        let project = try makeProject(in: temporaryFolder()) {
            $0.labelersPerItem = 1
            $0.retest = try RetestPolicy(share: share, after: after)
        }
        var csv = "id,text,cond\n"
        for index in 0..<items { csv += "i\(String(format: "%03d", index)),text \(index),clean\n" }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(csv, to: "items.csv", in: project.directory)])
        return project
    }

    func session(_ project: Project, _ name: String = "ana") throws -> LabelingSession {
        try project.store.labelingSession(labeler: name, labelersPerItem: project.config.labelersPerItem, retest: project.config.retest)
    }

    /// Labels everything with `label(item, seen before)`; returns the keys served, in order.
    func labelAll(_ session: LabelingSession, label: (String, Bool) -> String = { _, again in again ? "b" : "a" }) throws -> [String] {
        var served: [String] = []
        while let item = try session.next() {
            try session.answer(itemID: item.id, label: label(item.key, served.contains(item.key)), note: nil, seconds: 1,
                               guideline: nil, guidelinePath: nil)
            served.append(item.key)
        }
        return served
    }

    @Test("a share of the items come back, each at least retest_after answers later, answered apart from the first")
    func retestsComeBack() throws {
        let project = try project(items: 300, share: 0.1, after: 8)
        let served = try labelAll(try session(project))
        let firsts = served.enumerated().reduce(into: [String: Int]()) { if $0[$1.element] == nil { $0[$1.element] = $1.offset } }
        let repeats = served.enumerated().filter { firsts[$0.element]! != $0.offset }
        #expect(firsts.count == 300)
        // About 10% of what was served (binomial: 300 new items ⇒ ≈ 33 retests; 4 s.d. either side).
        #expect((12...56).contains(repeats.count), "\(repeats.count) retests")
        for (position, key) in repeats {
            // Answers given in between, counting only first answers (a retest is not an answer).
            let between = served[(firsts[key]! + 1)..<position].enumerated().filter { firsts[$0.element] == firsts[key]! + 1 + $0.offset }.count
            #expect(between >= 8, "\(key) came back after \(between) answers")
        }
        #expect(Set(repeats.map(\.element)).count == repeats.count, "an item is retested once")
        // The first answers stand ("a"); the retests ("b") are kept apart.
        let answers = try project.sqlite.pool.read { try String.fetchAll($0, sql: "SELECT l.name FROM answers a JOIN labels l ON l.id = a.label_id") }
        #expect(answers.count == 300 && Set(answers) == ["a"])
        let retests = try project.store.retests()
        #expect(retests.count == repeats.count)
        #expect(retests.allSatisfy { $0.first == "a" && $0.repeated == "b" && $0.labeler == "ana" })
        // And the report reads them.
        let report = try #require(try RatingTableLoader.testRetest(project, AgreementQuery(), categories: ["a", "b", "c"]))
        #expect(report.n == repeats.count && report.agreement == 0)
    }

    @Test("the same project state draws the same retests (seeded)")
    func seeded() throws {
        let one = try labelAll(try session(try project(items: 80, share: 0.2, after: 3)))
        let two = try labelAll(try session(try project(items: 80, share: 0.2, after: 3)))
        #expect(one == two)
        #expect(one.count > 80)
    }

    @Test("no retests until the labeler has answered retest_after items; none with retest off")
    func notTooSoon() throws {
        let project = try project(items: 30, share: 0.9, after: 10)
        let served = try labelAll(try session(project))
        #expect(Array(served.prefix(11)) == (0..<11).map { "i\(String(format: "%03d", $0))" })
        let off = try makeProject(in: temporaryFolder()) { $0.labelersPerItem = 1 }
        _ = try Importer(project: off, options: ImportOptions()).run(files: [write("id,text\nx,t\ny,t\n", to: "i.csv", in: off.directory)])
        #expect(try labelAll(try session(off)).count == 2)
    }

    @Test("undo takes back a retest (the first answer stays), and the item is asked again as a retest; skipping one logs nothing")
    func undoAndSkip() throws {
        let project = try project(items: 40, share: 0.5, after: 2)
        let ana = try session(project)
        var seen: Set<String> = []
        var retest: AssignedItem?
        while retest == nil, let item = try ana.next() {
            if seen.contains(item.key) { retest = item; break }
            seen.insert(item.key)
            try ana.answer(itemID: item.id, label: "a", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
        }
        let item = try #require(retest)
        let events = try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM annotation_events") }
        try ana.answer(itemID: item.id, label: "c", note: "second look", seconds: 2, guideline: nil, guidelinePath: nil)
        #expect(try project.store.retests().map(\.repeated) == ["c"])
        let back = try #require(try ana.retract(itemID: item.id, guideline: nil, guidelinePath: nil))
        #expect(back.id == item.id)
        #expect(try project.store.retests().isEmpty)
        #expect(try project.store.currentAnswer(itemKey: item.key, labeler: "ana") == "a")
        try ana.answer(itemID: item.id, label: "b", note: nil, seconds: 2, guideline: nil, guidelinePath: nil)
        #expect(try project.store.retests().map(\.repeated) == ["b"])
        // Neither the retest, its undo nor its second answer touched the log.
        #expect(try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM annotation_events") } == events)
        // Skipping a retest: nothing is logged, and the next item comes.
        var skipped = false
        while !skipped, let next = try ana.next() {
            if seen.contains(next.key) {
                try ana.skip(itemID: next.id, seconds: 1, guideline: nil, guidelinePath: nil)
                skipped = true
            } else {
                seen.insert(next.key)
                try ana.answer(itemID: next.id, label: "a", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
            }
        }
        #expect(skipped)
        #expect(try project.sqlite.pool.read { try String.fetchAll($0, sql: "SELECT kind FROM annotation_events WHERE kind != 'label'") }.isEmpty)
    }

    /// Found in review: the session remembered every item it had offered as a retest, so an undo
    /// that walked back past the retest to the item's first answer sent the new answer to the
    /// retests, and the first answer was lost.
    @Test("undo back past a retest to the item's first answer: the answer given again is the first answer")
    func undoPastRetest() throws {
        let project = try project(items: 20, share: 0.9, after: 1)
        let ana = try session(project)
        var answered: [Int64] = [], seen: Set<Int64> = []
        var retest: AssignedItem?
        while let item = try ana.next() {
            if seen.contains(item.id) { retest = item; break }
            seen.insert(item.id)
            try ana.answer(itemID: item.id, label: "a", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
            answered.append(item.id)
        }
        let again = try #require(retest)
        // `u` with the retest on screen walks back through the answers to the item's first one.
        while let last = answered.popLast() {
            _ = try ana.retract(itemID: last, guideline: nil, guidelinePath: nil)
            if last == again.id { break }
        }
        try ana.answer(itemID: again.id, label: "b", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
        #expect(try project.store.currentAnswer(itemKey: again.key, labeler: "ana") == "b")
        #expect(try project.store.retests().isEmpty)
    }

    /// Found in review: a stale retry (a failed save replayed after the retest left the screen)
    /// reached the session as a second answer and replaced the first. The session refuses it.
    @Test("a second answer to an item the labeler answered is refused, never written over the first")
    func secondAnswerRefused() throws {
        let project = try project(items: 2, share: 0, after: 1)
        let ana = try session(project)
        let item = try #require(try ana.next())
        try ana.answer(itemID: item.id, label: "a", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
        #expect(throws: AnnotationError.alreadyAnswered) {
            try ana.answer(itemID: item.id, label: "b", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
        }
        #expect(try project.store.currentAnswer(itemKey: item.key, labeler: "ana") == "a")
    }

    @Test("retest and retest_after in concord.yaml, with clear errors", arguments: [
        ("retest: 0.05\nretest_after: 30\n", nil, 0),
        ("retest: 1.5\n", "from 0 up to", 3),
        ("retest: -0.1\nretest_after: 5\n", "from 0 up to", 3),
        ("retest: 0.1\nretest_after: 0\n", "at least 1", 4),
        ("retest_after: 10\n", "needs retest", 3),
    ] as [(String, String?, Int)])
    func config(settings: String, error: String?, line: Int) throws {
        let text = "name: x\nlabels: [{name: a}]\n" + settings
        if let error {
            #expect { try ConfigFile.parse(text, file: "concord.yaml") } throws: {
                let failure = $0 as? DataFileError
                return failure?.line == line && failure!.message.contains(error)
            }
        } else {
            let config = try ConfigFile.parse(text, file: "concord.yaml")
            #expect(config.retest == (try RetestPolicy(share: 0.05, after: 30)))
            #expect(try ConfigFile.parse(ConfigFile.render(config), file: "c.yaml") == config)
        }
    }
}
