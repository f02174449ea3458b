import ConcordTestSupport
@testable import ConcordSQLite
import ConcordAnalysis
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTUI
import Foundation
import GRDB
import Testing

/// Issue 15, adaptive overlap: `labelers_per_item: 2..4` asks for two labels, then one more at a
/// time only while the item's answers disagree.
@Suite("Adaptive overlap")
struct AdaptiveOverlapTests {
    func project(items: Int, plan: LabelsPerItem) throws -> Project {
        let project = try makeProject(in: temporaryFolder()) { $0.labelersPerItem = plan }
        guard items > 0 else { return project }
        var csv = "id,text,cond\n"
        for index in 0..<items { csv += "i\(index),text \(index),clean\n" }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(csv, to: "items.csv", in: project.directory)])
        return project
    }

    func answer(_ session: LabelingSession, _ item: AssignedItem, _ label: String) throws {
        try session.answer(itemID: item.id, label: label, note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
    }

    @Test("a range reads as adaptive overlap; a range that cannot work is refused with its line", arguments: [
        ("labelers_per_item: 2..4", "2..4"), ("labelers_per_item: 3", "3"), ("labelers_per_item: '2..3'", "2..3"),
        ("labelers_per_item: 2 .. 2", "2"),
    ])
    func parses(setting: String, expected: String) throws {
        let config = try ConfigFile.parse("name: x\nlabels: [{name: a}, {name: b}]\n\(setting)\n", file: "concord.yaml")
        #expect(config.labelersPerItem.description == expected)
        #expect(try ConfigFile.parse(ConfigFile.render(config), file: "c.yaml") == config)
    }

    @Test("bad ranges", arguments: [
        ("labelers_per_item: 1..3", "never disagrees"), ("labelers_per_item: 4..2", "below its minimum"),
        ("labelers_per_item: two", "a number (3) or a range"), ("labelers_per_item: 0..2", "at least 1"),
        ("labelers_per_item: 2...4", "a number (3) or a range"),
    ])
    func refused(setting: String, expected: String) throws {
        #expect { try ConfigFile.parse("name: x\nlabels: [{name: a}]\n\(setting)\n", file: "concord.yaml") } throws: {
            let error = $0 as? DataFileError
            return error?.line == 3 && error?.field == "labelers_per_item" && error!.message.contains(expected)
        }
    }

    @Test("how many labels an item wants: the minimum, then one more while its answers disagree, up to the maximum")
    func wanted() throws {
        let plan = try LabelsPerItem(minimum: 2, maximum: 4)
        #expect(plan.wanted(answers: 0, unanimous: true) == 2)
        #expect(plan.wanted(answers: 1, unanimous: true) == 2)
        #expect(plan.wanted(answers: 2, unanimous: true) == 2)
        #expect(plan.wanted(answers: 2, unanimous: false) == 3)
        #expect(plan.wanted(answers: 3, unanimous: false) == 4)
        #expect(plan.wanted(answers: 4, unanimous: false) == 4)
        #expect(plan.saved(answers: 2, unanimous: true) == 2)
        #expect(plan.saved(answers: 3, unanimous: false) == 0)  // not finished: saves nothing yet
        #expect(plan.saved(answers: 4, unanimous: false) == 0)
        let fixed: LabelsPerItem = 3
        #expect(fixed.wanted(answers: 2, unanimous: false) == 3 && fixed.wanted(answers: 3, unanimous: false) == 3)
    }

    @Test("items waiting for a tie-breaker come first, one tie-breaker at a time; agreeing items stop at two")
    func tieBreakersFirst() throws {
        let project = try project(items: 4, plan: try LabelsPerItem(minimum: 2, maximum: 3))
        func session(_ name: String) throws -> LabelingSession {
            try project.store.labelingSession(labeler: name, labelersPerItem: project.config.labelersPerItem)
        }
        let ana = try session("ana"), ben = try session("ben"), cy = try session("cy"), dan = try session("dan")
        for (item, labeler, label) in [("i0", "ana", "a"), ("i0", "ben", "a"), ("i1", "ana", "a"), ("i1", "ben", "b")] {
            try project.store.append(AnnotationEvent(itemKey: item, labeler: labeler, label: label), guideline: nil, guidelinePath: nil)
        }
        // i0: a, a (done at two). i1: a, b (needs a third). i2, i3: new.
        let tieBreak = try #require(try cy.next())
        #expect(tieBreak.key == "i1")
        // cy holds the only tie-breaker: dan starts a new item rather than a second tie-breaker.
        #expect(try dan.next()?.key == "i2")
        try answer(cy, tieBreak, "c")
        // a, b, c at the maximum of three: nobody is asked again.
        #expect(try ana.next()?.key == "i2")
        let status = LabelingCoverage(status: try project.store.status(), plan: project.config.labelersPerItem)
        #expect(status.items_complete == 2)  // i0 (agreeing at 2) and i1 (at the maximum)
        #expect(status.labels_saved == 1)  // i0 stopped one short of a fixed k = 3
        #expect(status.items_awaiting_tie_breaker == 0)
    }

    @Test("an item whose answers change is looked at again: a changed answer can settle or reopen it")
    func changedAnswers() throws {
        let project = try project(items: 1, plan: try LabelsPerItem(minimum: 2, maximum: 3))
        for (labeler, label) in [("ana", "a"), ("ben", "b")] {
            try project.store.append(AnnotationEvent(itemKey: "i0", labeler: labeler, label: label), guideline: nil, guidelinePath: nil)
        }
        let cy = try project.store.labelingSession(labeler: "cy", labelersPerItem: project.config.labelersPerItem)
        let item = try #require(try cy.next())
        try cy.releaseClaims()
        // Ben changes his mind: the item now agrees and needs no third label.
        try project.store.append(AnnotationEvent(itemKey: "i0", labeler: "ben", label: "a"), guideline: nil, guidelinePath: nil)
        #expect(try cy.next() == nil)
        // And back: it reopens.
        try project.store.append(AnnotationEvent(itemKey: "i0", labeler: "ben", label: "c"), guideline: nil, guidelinePath: nil)
        #expect(try cy.next()?.id == item.id)
    }

    /// Found in review: merges are applied when labels are read, so answers merged into one
    /// label still counted as a disagreement and asked for a tie-breaker.
    @Test("after a merge, answers of merged labels agree: no tie-breaker, and status counts the item done")
    func mergedLabelsAgree() throws {
        let plan = try LabelsPerItem(minimum: 2, maximum: 3)
        let project = try project(items: 2, plan: plan)
        for (item, labeler, label) in [("i0", "ana", "a"), ("i0", "ben", "b"), ("i1", "ana", "a"), ("i1", "ben", "c")] {
            try project.store.append(AnnotationEvent(itemKey: item, labeler: labeler, label: label), guideline: nil, guidelinePath: nil)
        }
        let cy = try project.store.labelingSession(labeler: "cy", labelersPerItem: plan)
        #expect(try cy.next()?.key == "i0")  // the table is built before the merge
        try cy.releaseClaims()
        let merge = try project.store.recordSchemaChange(SchemaChange(id: 0, kind: .merge, sources: ["a", "b"], target: "a"), by: "admin")
        #expect(try cy.next()?.key == "i1")  // i0 now agrees; i1 (a, c) still waits
        try cy.releaseClaims()
        #expect(LabelingCoverage(status: try project.store.status(), plan: plan).items_complete == 1)
        try project.store.revertSchemaChange(merge, by: "admin")
        #expect(try cy.next()?.key == "i0")
    }

    @Test("an item a reviewer has settled gets no tie-breaker")
    func adjudicatedNeedsNoTieBreaker() throws {
        let plan = try LabelsPerItem(minimum: 2, maximum: 3)
        let project = try project(items: 1, plan: plan)
        for (labeler, label) in [("ana", "a"), ("ben", "b")] {
            try project.store.append(AnnotationEvent(itemKey: "i0", labeler: labeler, label: label), guideline: nil, guidelinePath: nil)
        }
        try project.store.grant("rev", .reviewer)
        let review = try project.store.reviewSession(reviewer: "rev")
        let item = try #require(try project.store.labelingSession(labeler: "cy", labelersPerItem: plan).next())
        try project.store.labelingSession(labeler: "cy", labelersPerItem: plan).releaseClaims()
        try review.adjudicate(itemID: item.id, label: "a", reason: .truly_ambiguous, guideline: nil, guidelinePath: nil)
        #expect(try project.store.labelingSession(labeler: "cy", labelersPerItem: plan).next() == nil)
        // Status counts it settled, not waiting.
        let coverage = LabelingCoverage(status: try project.store.status(), plan: plan)
        #expect(coverage.items_complete == 1 && coverage.items_awaiting_tie_breaker == 0 && coverage.labels_saved == 1)
    }

    @Test("imported answers keep their place among the first labels when they change, in the import or after it")
    func importedFirstLabels() throws {
        let project = try project(items: 0, plan: try LabelsPerItem(minimum: 2, maximum: 3))
        // x: ana and ben first (a / b), cy the tie-breaker; ana changes her answer within the file.
        // y: ana and ben first (a / b), cy the tie-breaker; ana changes hers afterwards.
        let rows = "item,labeler,label,text\nx,ana,a,t\nx,ben,b,t\nx,cy,b,t\nx,ana,c,t\ny,ana,a,t\ny,ben,b,t\ny,cy,b,t\n"
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(rows, to: "a.csv", in: project.directory)])
        try project.store.append(AnnotationEvent(itemKey: "y", labeler: "ana", label: "c"), guideline: nil, guidelinePath: nil)
        // Had ana moved behind cy, ben and cy (b, b) would be the first two and agree.
        let figures = try #require(try RatingTableLoader.adaptiveOverlap(project, AgreementQuery()))
        #expect(figures.items == 2 && figures.percent_agreement == 0)
    }

    /// Found in review: `--round` was applied before the first labels were chosen, so a
    /// tie-breaker given in that round counted as one of the first.
    @Test("with --round, the first labels are chosen first, then those of the round kept")
    func firstLabelsOfARound() throws {
        let project = try project(items: 0, plan: try LabelsPerItem(minimum: 2, maximum: 3))
        func importing(_ rows: String) throws {
            _ = try Importer(project: project, options: ImportOptions())
                .run(files: [write("item,labeler,label,text\n" + rows, to: "a\(rows.count).csv", in: project.directory)])
        }
        try importing("x,ana,a,t\n")
        write("# Guidelines\n\nVersion 2.\n", to: "guidelines.md", in: project.directory)
        try importing("x,ben,b,t\nx,cy,b,t\n")  // ben's is a first label; cy's the tie-breaker
        let figures = try #require(try RatingTableLoader.adaptiveOverlap(project, AgreementQuery(round: "2")))
        #expect(figures.items == 0)
    }

    @Test("the review queue puts a disagreeing item still waiting for a tie-breaker after the settled ones")
    func reviewWaitsForTieBreakers() throws {
        let project = try project(items: 2, plan: try LabelsPerItem(minimum: 2, maximum: 3))
        for (item, labeler, label) in [("i0", "ana", "a"), ("i0", "ben", "b"), ("i1", "ana", "a"), ("i1", "ben", "b"), ("i1", "cy", "a")] {
            try project.store.append(AnnotationEvent(itemKey: item, labeler: labeler, label: label), guideline: nil, guidelinePath: nil)
        }
        let queue = try DisagreementQueue.build(project)
        // Both have two different answers; i0 would come first on its id alone, but its third label is still to come.
        #expect(queue.map(\.item) == ["i1", "i0"])
        #expect(queue.map(\.awaiting_tie_breaker) == [false, true])
        #expect(queue[1].why.contains("a tie-breaker is still to come (2 of 3 labels)"))
    }

    @Test("the dashboard shows the labels saved and the first labels' agreement beside the rest")
    func dashboard() throws {
        let project = try project(items: 3, plan: try LabelsPerItem(minimum: 2, maximum: 3))
        for (item, labeler, label) in [("i0", "ana", "a"), ("i0", "ben", "a"), ("i1", "ana", "a"), ("i1", "ben", "b"), ("i1", "cy", "b")] {
            try project.store.append(AnnotationEvent(itemKey: item, labeler: labeler, label: label), guideline: nil, guidelinePath: nil)
        }
        let figures = try DashboardData.load(project)
        #expect(figures.progress.coverage.labels_saved == 1)
        let text = DashboardView.render(DashboardModel(projectName: "test", figures: figures), width: 120, height: 40).text
        #expect(text.contains("items labeled enough (2..3)"), "\(text)")
        #expect(text.contains("adaptive overlap saved  1 label"), "\(text)")
        #expect(text.contains("labeled adaptively (2..3), first 2 labels: α"), "\(text)")
    }

    /// Found in review: answers were ordered by their latest event, so a labeler who answered
    /// again after the tie-breaker moved the tie-breaker into the "first two".
    @Test("the first labels are those of the labelers who answered first, even after one of them answers again")
    func firstLabelsStayFirst() throws {
        let plan = try LabelsPerItem(minimum: 2, maximum: 3)
        let project = try project(items: 1, plan: plan)
        for (labeler, label) in [("ana", "a"), ("ben", "b"), ("cy", "b"), ("ana", "a")] {
            try project.store.append(AnnotationEvent(itemKey: "i0", labeler: labeler, label: label), guideline: nil, guidelinePath: nil)
        }
        let figures = try #require(try RatingTableLoader.adaptiveOverlap(project, AgreementQuery()))
        #expect(figures.items == 1 && figures.percent_agreement == 0)
        // Sent back for relabeling (every answer taken back): the labelers who answer it next are
        // its first, whoever answered it before.
        for labeler in ["ana", "ben", "cy"] {
            try project.store.append(AnnotationEvent(itemKey: "i0", labeler: labeler, kind: .retract, label: nil), guideline: nil, guidelinePath: nil)
        }
        for (labeler, label) in [("cy", "c"), ("ben", "c"), ("ana", "a")] {
            try project.store.append(AnnotationEvent(itemKey: "i0", labeler: labeler, label: label), guideline: nil, guidelinePath: nil)
        }
        #expect(try RatingTableLoader.adaptiveOverlap(project, AgreementQuery())?.percent_agreement == 1)
    }

    /// Many labelers at once, each with its own connection, as the k tests do: no item gets more
    /// labels than it needs, and every item ends where the rule says.
    @Test("eight labelers at once: agreeing items end at two, disagreeing ones at four, none past")
    func concurrentLabelers() throws {
        let plan = try LabelsPerItem(minimum: 2, maximum: 4)
        let project = try project(items: 60, plan: plan)
        let path = project.directory.appendingPathComponent(SQLiteBackend.fileName).path
        // Items i0, i3, … everyone answers `a`; the others, each labeler by their own rule.
        @Sendable func label(_ item: String, _ labeler: Int) -> String {
            let index = Int(item.dropFirst())!
            return index % 3 == 0 ? "a" : ["a", "b", "c"][(labeler + index) % 3]
        }
        let failures = Failures()
        let group = DispatchGroup()
        for labeler in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let store = try SQLiteStore(path: path)
                    let session = try store.labelingSession(labeler: "l\(labeler)", labelersPerItem: plan)
                    // Nothing for me now is not the end: an item another labeler is answering may
                    // come back needing a tie-breaker. Like a labeler pressing r on the screen,
                    // look again until every item has what it needs.
                    while true {
                        if let item = try session.next() {
                            try session.answer(itemID: item.id, label: label(item.key, labeler), note: nil, seconds: 1,
                                               guideline: nil, guidelinePath: nil)
                        } else if LabelingCoverage(status: try store.status(), plan: plan).items_complete == 60 {
                            break
                        } else {
                            sched_yield()
                        }
                    }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all)")
        let rows = try project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.key, count(a.item_id) AS n, count(DISTINCT a.label_id) AS labels
                FROM items i LEFT JOIN answers a ON a.item_id = i.id GROUP BY i.id
                """)
        }
        #expect(rows.count == 60)
        for row in rows {
            let n: Int = row["n"], labels: Int = row["labels"], key: String = row["key"]
            if labels == 1 { #expect(n == 2, "\(key): agreeing answers stop at the minimum") }
            else { #expect(n == 4, "\(key): disagreeing answers go to the maximum, never past") }
        }
        let coverage = LabelingCoverage(status: try project.store.status(), plan: plan)
        let agreeing = rows.filter { ($0["labels"] as Int) == 1 }.count
        #expect(coverage.items_complete == 60)
        #expect(coverage.labels_saved == agreeing * 2)
        #expect(try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM claims") } == 0)
    }

    @Test("agreement says the items were labeled adaptively and reports every item's first labels")
    func firstLabelsAgreement() throws {
        let adaptive = try project(items: 0, plan: try LabelsPerItem(minimum: 2, maximum: 3))
        // In log order: x got a third label because its first two disagreed.
        let answers = "item,labeler,label,text\nx,ana,a,t\ny,ana,a,t\nx,ben,b,t\ny,ben,a,t\nz,cy,b,t\nz,ana,b,t\nx,cy,b,t\n"
        _ = try Importer(project: adaptive, options: ImportOptions())
            .run(files: [write(answers, to: "answers.csv", in: adaptive.directory)])
        let figures = try #require(try RatingTableLoader.adaptiveOverlap(adaptive, AgreementQuery()))
        #expect(figures.first_labels == 2 && figures.items == 3)
        #expect(figures.percent_agreement == 2.0 / 3.0)  // y and z agree at two; x did not
        // The same first answers alone, in a project with a fixed k, give the same α.
        let fixed = try makeProject(in: temporaryFolder())
        let firstTwo = "item,labeler,label,text\nx,ana,a,t\ny,ana,a,t\nx,ben,b,t\ny,ben,a,t\nz,cy,b,t\nz,ana,b,t\n"
        _ = try Importer(project: fixed, options: ImportOptions())
            .run(files: [write(firstTwo, to: "answers.csv", in: fixed.directory)])
        let loaded = try RatingTableLoader.load(fixed, AgreementQuery())
        let expected = AgreementAnalysis.configured(for: loaded, query: AgreementQuery()).run(loaded.table)
        #expect(figures.krippendorff_alpha == expected.krippendorff_alpha)
        #expect(try RatingTableLoader.adaptiveOverlap(fixed, AgreementQuery()) == nil)
    }
}

/// Errors collected from threads.
final class Failures: @unchecked Sendable {
    private var list: [String] = []
    private let lock = NSLock()
    func add(_ failure: String) { lock.lock(); list.append(failure); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
