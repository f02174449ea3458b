import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTUI
import Foundation
import GRDB
import Testing

@Suite("Review")
struct ReviewTests {
    /// k = 3 (from makeProject). i0 unanimous (accepted), i1 two answers 2:1, i2 three different,
    /// i3 2:1 with borderline, i4 a single answer, i5 unanimous with only two answers.
    func project() throws -> Project {
        let project = try makeProject(in: temporaryFolder())
        let rows = [("i0", ["a", "a", "a"]), ("i1", ["a", "a", "b"]), ("i2", ["a", "b", "c"]), ("i3", ["b", "b", "borderline"]),
                    ("i4", ["c"]), ("i5", ["b", "b"])]
        var csv = "item,labeler,label,text,cond\n"
        for (item, labels) in rows {
            for (labeler, label) in zip(["ana", "ben", "cy"], labels) { csv += "\(item),\(labeler),\(label),text of \(item),\(item == "i2" ? "noisy" : "clean")\n" }
        }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(csv, to: "a.csv", in: project.directory)])
        try project.store.grant("rita", .reviewer)
        return project
    }

    @Test("the queue holds disagreements only, most distinct answers and special labels first")
    func queueOrder() throws {
        let queue = try DisagreementQueue.build(try project())
        #expect(queue.map(\.item) == ["i2", "i3", "i1"])
        #expect(queue[0].distinct == 3)
        #expect(queue[1].why.contains("borderline/unintelligible given"))
    }

    @Test("auto-accept and the minimum number of labels are settings")
    func settings() throws {
        let project = try project()
        var all = DisagreementQueue.Filter()
        all.autoAcceptUnanimous = false
        #expect(try DisagreementQueue.build(project, filter: all).map(\.item) == ["i2", "i3", "i1", "i0", "i5"])
        var three = DisagreementQueue.Filter()
        three.minimumLabels = 3
        #expect(try DisagreementQueue.build(project, filter: three).map(\.item) == ["i2", "i3", "i1"])
        all.minimumLabels = 1
        #expect(try DisagreementQueue.build(project, filter: all).map(\.item).contains("i4"))
    }

    @Test("filters: by label, by slice value, by labeler pair")
    func filters() throws {
        let project = try project()
        #expect(try DisagreementQueue.build(project, filter: .init(label: "c")).map(\.item) == ["i2"])
        #expect(try DisagreementQueue.build(project, filter: .init(sliceField: "cond", sliceValue: "clean")).map(\.item) == ["i3", "i1"])
        #expect(try DisagreementQueue.build(project, filter: .init(pair: ("ana", "ben"))).map(\.item) == ["i2"])
        #expect(try DisagreementQueue.build(project, filter: .init(pair: ("ben", "cy"))).map(\.item) == ["i2", "i3", "i1"])
    }

    @Test("a labeler is refused; a reviewer is not")
    func roles() throws {
        let project = try project()
        #expect(throws: ReviewError.notAReviewer("ana", .labeler)) { try project.store.reviewSession(reviewer: "ana") }
        #expect(throws: ReviewError.notAReviewer("zoe", nil)) { try project.store.reviewSession(reviewer: "zoe") }
        _ = try project.store.reviewSession(reviewer: "rita")
    }

    @Test("each reason code is recorded; an adjudicated item leaves the queue and becomes the HLP reference; revert brings it back",
          arguments: AdjudicationReason.afterReview)
    func adjudicate(reason: AdjudicationReason) throws {
        let project = try project()
        let session = try project.store.reviewSession(reviewer: "rita")
        let id = try #require(try project.store.itemID(key: "i2"))
        try session.adjudicate(itemID: id, label: "c", reason: reason, guideline: nil, guidelinePath: nil)
        let recorded = try project.sqlite.pool.read { try Row.fetchOne($0, sql: "SELECT reason, reviewer_id FROM adjudications") }
        #expect(recorded?["reason"] as String? == reason.rawValue)
        #expect(try DisagreementQueue.build(project).map(\.item) == ["i3", "i1"])
        let loaded = try RatingTableLoader.load(project, AgreementQuery())
        #expect(loaded.table.referenceOfItem.contains(2))  // c is category 2
        try session.revert(itemID: id)
        #expect(try DisagreementQueue.build(project).map(\.item).first == "i2")
        #expect(try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM adjudications") } == 2)
    }

    @Test("sending back retracts every answer (appended, attributed) so the item is served again")
    func sendBack() throws {
        let project = try project()
        let session = try project.store.reviewSession(reviewer: "rita")
        let id = try #require(try project.store.itemID(key: "i1"))
        try session.sendBack(itemID: id, guideline: nil, guidelinePath: nil)
        let notes = try project.sqlite.pool.read { try String.fetchAll($0, sql: "SELECT note FROM annotation_events WHERE kind = 'retract'") }
        #expect(notes.count == 3 && notes.allSatisfy { $0 == "sent back for relabeling by rita" })
        let labeler = try project.store.labelingSession(labeler: "dora", labelersPerItem: 3)
        #expect(try labeler.next()?.key == "i1")
    }

    @Test("the review screen: open, label key, reason, next item")
    func screen() throws {
        let project = try project()
        let session = try project.store.reviewSession(reviewer: "rita")
        let backend = ScriptedBackend(width: 100, height: 30, keys: [.enter, .char("3"), .char("3"), .char("2"), .char("2"), .char("q")])
        let runtime = try ReviewRuntime(project: project, session: session, backend: backend, queue: try DisagreementQueue.build(project))
        runtime.run()
        #expect(runtime.model.adjudicatedThisSession == 2)
        #expect(backend.frames[1].text.contains("ana") && backend.frames[1].text.contains("answers"))
        #expect(backend.frames[1].text.contains("no consensus (a 1, b 1, c 1)"))
        let rows = try project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT i.key, l.name, d.reason FROM adjudications d JOIN items i ON i.id = d.item_id JOIN labels l ON l.id = d.label_id ORDER BY d.id")
        }
        #expect(rows.map { "\($0["key"] as String) \($0["name"] as String) \($0["reason"] as String)" } == [
            "i2 c truly_ambiguous", "i3 b guideline_unclear"])
    }

    @Test("Enter asks to open the selected item; the loaded result shows it; the audit screen asks for it blind")
    func openIsACommand() throws {
        let project = try project()
        let session = try project.store.reviewSession(reviewer: "rita")
        let queue = try DisagreementQueue.build(project)
        let model = try ProjectReviewEffects(project: project, session: session).model(queue: queue, blind: false)
        let (waiting, commands) = ReviewScreen.update(model, .key(.enter))
        #expect(commands == [.open(itemID: queue[0].item_id, blind: false)])
        #expect(waiting.current == nil)
        let item = try #require(try session.load(itemID: queue[0].item_id))
        let shown = ReviewScreen.update(waiting, .opened(itemID: item.item.id, .success(item))).0
        #expect(shown.mode == .item && shown.current == item)
        #expect(ReviewView.render(shown, width: 100, height: 30).text.contains("no consensus (a 1, b 1, c 1)"))
        let failed = ReviewScreen.update(waiting, .opened(itemID: item.item.id, .failure(EffectFailure("disk I/O error")))).0
        #expect(failed.mode == .queue && failed.flash == "error: disk I/O error")
        var audit = model
        audit.blind = true
        #expect(ReviewScreen.update(audit, .key(.enter)).1 == [.open(itemID: queue[0].item_id, blind: true)])
        #expect(ReviewScreen.update(model, .key(.tab)).1 == [.openDashboard(projectName: model.projectName)])
        #expect(ReviewScreen.update(audit, .key(.tab)).1.isEmpty)
    }

    @Test("the next item is opened only once the adjudication is written; a failed write keeps the item and says why")
    func adjudicationThenNext() throws {
        let project = try project()
        let session = try project.store.reviewSession(reviewer: "rita")
        let queue = try DisagreementQueue.build(project)
        let item = try #require(try session.load(itemID: queue[0].item_id))
        var shown = try ProjectReviewEffects(project: project, session: session).model(queue: queue, blind: false)
        shown = ReviewScreen.update(shown, .opened(itemID: item.item.id, .success(item))).0
        let reason = ReviewScreen.update(shown, .key(.char("3"))).0
        #expect(reason.mode == .reason(label: "c"))
        let (deciding, commands) = ReviewScreen.update(reason, .key(.char("3")))
        let adjudicate = ReviewScreen.Command.adjudicate(itemID: item.item.id, label: "c", reason: .truly_ambiguous)
        #expect(commands == [adjudicate])
        #expect(deciding.current == item && deciding.adjudicatedThisSession == 0)
        let (next, open) = ReviewScreen.update(deciding, .written(adjudicate, .success(())))
        #expect(open == [.open(itemID: queue[1].item_id, blind: false)])
        #expect(next.adjudicatedThisSession == 1 && next.queue.map(\.item) == queue.dropFirst().map(\.item))
        let (failed, nothing) = ReviewScreen.update(deciding, .written(adjudicate, .failure(EffectFailure("database or disk is full"))))
        #expect(nothing.isEmpty)
        #expect(failed.mode == .item && failed.current == item && failed.flash == "error: database or disk is full")
        #expect(failed.queue == queue && failed.adjudicatedThisSession == 0)
    }
}
