import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordAnalysis
@testable import ConcordStore
import ConcordTUI
import Foundation
import GRDB
import Testing

@Suite("Audit sample and named models")
struct AuditTests {
    /// 40 items: i0–i29 with answers (i0–i9 unanimous a a, the rest a b), i30–i39 without any.
    func project() throws -> Project {
        let project = try makeProject(in: temporaryFolder())
        var items = "id,text,cond\n"
        for index in 0..<40 { items += "i\(index),text \(index),\(index % 2 == 0 ? "x" : "y")\n" }
        var answers = "item,labeler,label\n"
        for index in 0..<30 { answers += "i\(index),ana,a\ni\(index),ben,\(index < 10 ? "a" : "b")\n" }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [
            write(items, to: "items.csv", in: project.directory), write(answers, to: "answers.csv", in: project.directory)])
        try project.store.grant("rita", .reviewer)
        return project
    }

    func id(_ project: Project, _ key: String) throws -> Int64 {
        try #require(try project.store.itemID(key: key))
    }

    @Test("a draw takes items with a label (unanimous ones too), is seeded, and never repeats an item")
    func draw() throws {
        let first = try project(), second = try project()
        let drawn = try first.store.drawAuditSample(size: 12, seed: 7, drawnBy: "lead")
        #expect(try second.store.drawAuditSample(size: 12, seed: 7, drawnBy: nil) == drawn)
        #expect(try project().store.drawAuditSample(size: 12, seed: 8, drawnBy: nil) != drawn)
        #expect(Set(drawn).count == 12)
        #expect(drawn.allSatisfy { Int($0.dropFirst())! < 30 })
        // A second draw adds items not sampled yet; together they may reach every labeled item.
        let more = try first.store.drawAuditSample(size: 18, seed: 7, drawnBy: "lead")
        #expect(Set(drawn).isDisjoint(with: more) && Set(drawn + more).count == 30)
        #expect(try first.store.auditProgress() == .init(sampled: 30, referenced: 0))
    }

    @Test("the draw is uniform: every candidate equally likely, in every position")
    func uniform() {
        // 30,000 draws of 5 of 30: each candidate is expected 5,000 times overall and 1,000 times
        // in each position (binomial sd ≈ 65 and 30); 5 sd either way.
        var overall = [Int](repeating: 0, count: 30), first = [Int](repeating: 0, count: 30)
        for seed in UInt64(1)...30_000 {
            let drawn = AuditSample.draw(5, from: Array(0..<30), seed: seed)
            #expect(Set(drawn).count == 5)
            for candidate in drawn { overall[candidate] += 1 }
            first[drawn[0]] += 1
        }
        #expect(overall.allSatisfy { abs($0 - 5_000) < 325 }, "\(overall)")
        #expect(first.allSatisfy { abs($0 - 1_000) < 150 }, "\(first)")
    }

    @Test("a sample of 0 or larger than the labeled items is refused, and nothing is recorded")
    func badSizes() throws {
        let project = try project()
        #expect(throws: AuditError.emptySample) { try project.store.drawAuditSample(size: 0, seed: 1, drawnBy: nil) }
        #expect(throws: AuditError.sampleTooLarge(asked: 31, available: 30, sampled: 0)) {
            try project.store.drawAuditSample(size: 31, seed: 1, drawnBy: nil)
        }
        #expect(try project.store.auditProgress().sampled == 0)
    }

    @Test("only an audit adjudication of a sampled item is its reference; queue adjudications and reverts are not")
    func references() throws {
        let project = try project()
        let session = try project.store.reviewSession(reviewer: "rita")
        let sampled = try project.store.drawAuditSample(size: 3, seed: 2, drawnBy: nil)
        let outside = try #require((0..<30).map { "i\($0)" }.first { !sampled.contains($0) })
        #expect(throws: AuditError.notSampled(outside)) {
            try session.adjudicate(itemID: try id(project, outside), label: "a", reason: .audit, guideline: nil, guidelinePath: nil)
        }
        #expect(try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM adjudications") } == 0)
        let (blind, queue, reverted) = (try id(project, sampled[0]), try id(project, sampled[1]), try id(project, sampled[2]))
        try session.adjudicate(itemID: blind, label: "b", reason: .audit, guideline: nil, guidelinePath: nil)
        try session.adjudicate(itemID: queue, label: "a", reason: .labeler_slip, guideline: nil, guidelinePath: nil)
        try session.adjudicate(itemID: reverted, label: "a", reason: .audit, guideline: nil, guidelinePath: nil)
        try session.revert(itemID: reverted)
        #expect(try project.store.auditSample().map(\.reference) == ["b", nil, nil])
        #expect(try project.store.auditProgress() == .init(sampled: 3, referenced: 1))
        let loaded = try RatingTableLoader.load(project, AgreementQuery())
        let audits = (0..<loaded.table.itemCount).filter { loaded.table.auditOfItem[$0] >= 0 }
        #expect(audits.map { loaded.table.itemID(ofItem: $0) } == [Int(blind)])
        // The queue adjudication still decides the export label.
        #expect((0..<loaded.table.itemCount).filter { loaded.table.referenceOfItem[$0] >= 0 }.count == 2)
    }

    @Test("HLP against the reference from the database; pairwise HLP does not move as the queue is adjudicated")
    func reportFromDatabase() throws {
        let project = try project()
        let session = try project.store.reviewSession(reviewer: "rita")
        func report() throws -> AgreementReport {
            var analysis = AgreementAnalysis()
            analysis.bootstrapReplicates = 0
            return analysis.run(try RatingTableLoader.load(project, AgreementQuery()).table)
        }
        let before = try report()
        #expect(before.hlp_reference == nil)
        // 10 unanimous items (HLP 1 each label), 20 split a/b (0): pairwise HLP = 20 / 60.
        #expect(abs(before.hlp! - 20.0 / 60) < 1e-12)
        for index in 10..<30 {
            try session.adjudicate(itemID: try id(project, "i\(index)"), label: "b", reason: .labeler_slip, guideline: nil, guidelinePath: nil)
        }
        #expect(try report().hlp == before.hlp)
        for key in try project.store.drawAuditSample(size: 30, seed: 1, drawnBy: nil) {
            try session.adjudicate(itemID: try id(project, key), label: "a", reason: .audit, guideline: nil, guidelinePath: nil)
        }
        let after = try report()
        // Reference a everywhere: 20 + 20 of the 60 labels are a.
        #expect(after.hlp_reference?.value == 40.0 / 60 && after.hlp_reference?.items == 30 && after.hlp_reference?.n == 60)
        #expect(after.hlp == before.hlp)
    }

    @Test("each model keeps its own predictions; the loader picks one by name, or asks")
    func namedModels() throws {
        let project = try project()
        let predictions = { (label: String) in
            write("item,prediction\n" + (0..<30).map { "i\($0),\(label)\n" }.joined(), to: "\(label).csv", in: project.directory)
        }
        #expect(try PredictionImporter(project: project, model: "always-a").run(file: predictions("a")) == 30)
        #expect(try PredictionImporter(project: project, model: "always-b").run(file: predictions("b")) == 30)
        #expect(try project.store.modelNames() == ["always-a", "always-b"])
        #expect { try RatingTableLoader.load(project, AgreementQuery(withPredictions: true)) } throws: {
            "\($0)".contains("several models (always-a, always-b); choose one with --model")
        }
        var query = AgreementQuery(withPredictions: true)
        query.model = "always-b"
        #expect(try RatingTableLoader.load(project, query).table.predictionOfItem.allSatisfy { $0 == 1 })
        query.model = "nope"
        #expect { try RatingTableLoader.load(project, query) } throws: { "\($0)".contains("no predictions from a model named 'nope'") }
        query.model = nil
        query.allModels = true
        let loaded = try RatingTableLoader.load(project, query)
        #expect(loaded.model == "always-a")
        #expect(loaded.withPredictions(of: "always-b").table.predictionOfItem.allSatisfy { $0 == 1 })
    }

    @Test("upgrading a v7 database keeps its predictions, as the model named 'model'")
    func upgradeFromV7() throws {
        let path = temporaryFolder().appendingPathComponent("v7.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v7-import-sizes")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO items (key, payload, created_at) VALUES ('i1', 'x', 0), ('i2', 'y', 0);
                INSERT INTO labels (name) VALUES ('a'), ('b');
                INSERT INTO predictions (item_id, label_id, created_at) VALUES (1, 2, 0), (2, 1, 0);
                """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        #expect(try store.modelNames() == ["model"])
        let rows = try store.pool.read { try Row.fetchAll($0, sql: "SELECT item_id, label_id FROM predictions ORDER BY item_id") }
        #expect(rows.map { [$0["item_id"] as Int, $0["label_id"] as Int] } == [[1, 2], [2, 1]])
    }

    @Test("the audit screen is blind: no answer, name or adjudication is drawn; a label key records the reference")
    func blindScreen() throws {
        let project = try project()
        let session = try project.store.reviewSession(reviewer: "rita")
        // Every sampled item has answers from ana and ben; the first also a queue adjudication (c).
        let keys = try project.store.drawAuditSample(size: 30, seed: 4, drawnBy: nil)
        try session.adjudicate(itemID: try id(project, keys[0]), label: "c", reason: .truly_ambiguous, guideline: nil, guidelinePath: nil)
        let queue = DisagreementQueue.audit(try project.store.auditSample())
        #expect(queue.map(\.item) == keys)
        let backend = ScriptedBackend(width: 100, height: 30,
                                      keys: [.enter, .char("z"), .char("r"), .tab, .char("2"), .char("3"), .char("q")])
        let runtime = try ReviewRuntime(project: project, session: session, backend: backend, queue: queue, blind: true)
        runtime.run()
        #expect(runtime.model.adjudicatedThisSession == 2)
        for frame in backend.frames {
            #expect(!frame.text.contains("ana") && !frame.text.contains("ben") && !frame.text.contains("adjudicated:"))
            #expect(!frame.text.contains("dashboard"))
        }
        #expect(backend.frames.contains { $0.text.contains("audit (blind)") && $0.text.contains("other answers are hidden") })
        let rows = try project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT i.key, l.name, d.reason FROM adjudications d JOIN items i ON i.id = d.item_id JOIN labels l ON l.id = d.label_id WHERE d.reason = 'audit' ORDER BY d.id")
        }
        // 'z' (revert), 'r' (send back) and Tab do nothing here; the two label keys record references.
        #expect(rows.map { "\($0["key"] as String) \($0["name"] as String)" } == ["\(keys[0]) b", "\(keys[1]) c"])
        #expect(try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM annotation_events WHERE kind = 'retract'") } == 0)
    }
}
