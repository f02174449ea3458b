import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTestSupport
import Foundation
import Testing

/// What every store must do, one body per behaviour, run against every backend in
/// `BackendUnderTest.all` (as GRDB's own tests run one body against every `DatabaseReader`).
/// Only the protocols are used here: a new backend passes these or it is not done.
@Suite("Store contract")
struct StoreContractTests {
    /// ana and ben on i1 (a / b) and i2 (c / c); cy on i1 (a); i3 has no answer.
    func imported(_ store: BackendUnderTest) throws -> Project {
        let project = try store.project()
        let items = write("id,text,cond,speaker\ni1,one,clean,s1\ni2,two,noisy,s1\ni3,three,clean,s2\n", to: "items.csv", in: project.directory)
        let answers = write("item,labeler,label\ni1,ana,a\ni1,ben,b\ni2,ana,c\ni2,ben,c\ni1,cy,a\n", to: "answers.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [items, answers])
        return project
    }

    @Test("answers: the latest event is the current answer; an undo appends and clears it", arguments: BackendUnderTest.all)
    func answerLog(_ backend: BackendUnderTest) throws {
        let store = try imported(backend).store
        #expect(try store.currentAnswer(itemKey: "i1", labeler: "ana") == "a")
        try store.append(AnnotationEvent(itemKey: "i1", labeler: "ana", label: "b"), guideline: nil, guidelinePath: nil)
        #expect(try store.currentAnswer(itemKey: "i1", labeler: "ana") == "b")
        try store.append(AnnotationEvent(itemKey: "i1", labeler: "ana", kind: .retract, label: nil), guideline: nil, guidelinePath: nil)
        #expect(try store.currentAnswer(itemKey: "i1", labeler: "ana") == nil)
        #expect(throws: AnnotationError.unknownItem("nope")) {
            try store.append(AnnotationEvent(itemKey: "nope", labeler: "ana", label: "a"), guideline: nil, guidelinePath: nil)
        }
        let status = try store.status()
        #expect(status.items == 3 && status.annotations == 4 && status.events == 7)
        #expect(status.coverage.filter { $0.value > 0 } == [0: 1, 2: 2])
        #expect(try store.itemID(key: "i3") != nil && store.itemID(key: "zz") == nil)
    }

    @Test("importing: a file already imported changes nothing; bad rows name their line and change nothing", arguments: BackendUnderTest.all)
    func bulkImport(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        #expect(try !project.store.isEmpty())
        let again = try Importer(project: project, options: ImportOptions()).run(files: [project.directory.appendingPathComponent("answers.csv").path])
        #expect(again.first?.alreadyImported == true)
        let before = try project.store.status()
        let bad = write("item,labeler,label\ni1,dan,a\ni2,dan,zebra\n", to: "bad.csv", in: project.directory)
        #expect { try Importer(project: project, options: ImportOptions()).run(files: [bad]) } throws: { ($0 as? DataFileError)?.line == 3 }
        #expect(try project.store.status() == before)
    }

    @Test("reading for analysis: the rating table, slices, item keys and the export scan", arguments: BackendUnderTest.all)
    func ratings(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        let loaded = try RatingTableLoader.load(project, AgreementQuery(sliceField: "cond"))
        #expect(loaded.table.itemCount == 2)
        #expect(loaded.table.raters.sorted() == ["ana", "ben", "cy"])
        #expect(loaded.table.sliceValues.sorted() == ["clean", "noisy"])
        #expect(try project.store.hasMetadataField("cond") && !project.store.hasMetadataField("nope"))
        #expect(try project.store.metadataValues(field: "cond") == ["i1": "clean", "i2": "noisy", "i3": "clean"])
        #expect(try project.store.itemsWithoutValue(field: "cond", isGroup: false) == 0)
        var scanned: [String] = []
        try project.store.forEachItem { row in scanned.append("\(row.key() ?? "")/\(row.payload() ?? "")/\(row.group() ?? "-")/\(row.metadata().map(\.value).joined())") }
        #expect(scanned == ["i1/one/s1/clean", "i2/two/s1/noisy", "i3/three/s2/clean"])
        let ids = try [project.store.itemID(key: "i1")!, project.store.itemID(key: "i3")!]
        #expect(try Set(project.store.itemKeys(ids: ids).values) == ["i1", "i3"])
    }

    @Test("labeling sessions: fewest labels first, never past k, claims released", arguments: BackendUnderTest.all)
    func sessions(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        let dan = try project.store.labelingSession(labeler: "dan", labelersPerItem: 3)
        let first = try #require(try dan.next())
        #expect(first.key == "i3")  // no labels yet
        try dan.answer(itemID: first.id, label: "b", note: "n", seconds: 1, guideline: nil, guidelinePath: nil)
        let second = try #require(try dan.next())
        #expect(second.key == "i2")  // i1 already has its k = 3 labels
        let eve = try project.store.labelingSession(labeler: "eve", labelersPerItem: 3)
        // dan holds i2 (2 answers + his claim = k): eve gets i3.
        #expect(try eve.next()?.key == "i3")
        try dan.releaseClaims()
        try eve.releaseClaims()
        #expect(try project.store.currentAnswer(itemKey: "i3", labeler: "dan") == "b")
        #expect(try dan.progress().answered == 1)
    }

    @Test("adaptive sessions: tie-breakers first, merged labels agree, status tells agreeing from settled", arguments: BackendUnderTest.all)
    func adaptiveSessions(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        let plan = try LabelsPerItem(minimum: 2, maximum: 4)
        let dan = try project.store.labelingSession(labeler: "dan", labelersPerItem: plan)
        #expect(try dan.next()?.key == "i1")  // a, b, a: a tie-breaker before the new i3
        try dan.releaseClaims()
        let status = try project.store.status()
        #expect(status.unanimous == [2: 1] && status.settled.isEmpty)  // i2: c, c
        let merge = try project.store.recordSchemaChange(SchemaChange(id: 0, kind: .merge, sources: ["a", "b"], target: "a"), by: "admin")
        #expect(try dan.next()?.key == "i3")  // i1 agrees now
        try dan.releaseClaims()
        #expect(try project.store.status().unanimous == [2: 1, 3: 1])
        try project.store.revertSchemaChange(merge, by: "admin")
        try project.store.grant("rita", .reviewer)
        try project.store.reviewSession(reviewer: "rita").adjudicate(itemID: try #require(try project.store.itemID(key: "i1")), label: "a",
                                                                     reason: .truly_ambiguous, guideline: nil, guidelinePath: nil)
        #expect(try project.store.status().settled == [3: 1])
        #expect(try dan.next()?.key == "i3")  // a settled item gets no tie-breaker
    }

    @Test("retests while labeling: kept apart from the log; undo appends a retraction", arguments: BackendUnderTest.all)
    func liveRetests(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        let dan = try project.store.labelingSession(labeler: "dan", labelersPerItem: 3, retest: try RetestPolicy(share: 0.999, after: 1))
        for label in ["b", "c"] {
            let item = try #require(try dan.next())
            try dan.answer(itemID: item.id, label: label, note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
        }
        let again = try #require(try dan.next())
        #expect(again.key == "i3")  // answered one answer ago: the only item far enough back
        try dan.answer(itemID: again.id, label: "c", note: nil, seconds: 1, guideline: nil, guidelinePath: nil)
        #expect(try project.store.currentAnswer(itemKey: "i3", labeler: "dan") == "b")
        #expect(try project.store.retests() == [Retest(labeler: "dan", item: "i3", first: "b", repeated: "c")])
        #expect(try dan.retract(itemID: again.id, guideline: nil, guidelinePath: nil)?.id == again.id)
        #expect(try project.store.retests().isEmpty)
        #expect(try project.store.currentAnswer(itemKey: "i3", labeler: "dan") == "b")
    }

    @Test("review: only reviewers adjudicate; adjudications append, revert and send back", arguments: BackendUnderTest.all)
    func review(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        #expect(throws: ReviewError.self) { try project.store.reviewSession(reviewer: "ana") }
        try project.store.grant("rita", .reviewer)
        let rita = try project.store.reviewSession(reviewer: "rita")
        let i1 = try #require(try project.store.itemID(key: "i1"))
        #expect(try rita.load(itemID: i1)?.answers.map(\.labeler) == ["ana", "ben", "cy"])
        #expect(try rita.load(itemID: i1, blind: true)?.answers.isEmpty == true)
        try rita.adjudicate(itemID: i1, label: "a", reason: .labeler_slip, guideline: nil, guidelinePath: nil)
        #expect(try project.store.status().adjudicated == 1)
        try rita.revert(itemID: i1)
        #expect(try project.store.status().adjudicated == 0)
        try rita.noteGuidelineGap(itemID: i1, note: "unclear", guideline: nil, guidelinePath: nil)
        #expect(try project.store.guidelineNotes() == [GuidelineNote(item: "i1", reviewer: "rita", note: "unclear", guideline: nil)])
        try rita.sendBack(itemID: i1, guideline: nil, guidelinePath: nil)
        #expect(try project.store.currentAnswer(itemKey: "i1", labeler: "ana") == nil)
    }

    @Test("schema changes are recorded, listed and reverted, never rewritten", arguments: BackendUnderTest.all)
    func schemaChanges(_ backend: BackendUnderTest) throws {
        let store = try imported(backend).store
        let id = try store.recordSchemaChange(SchemaChange(id: 0, kind: .merge, sources: ["a", "b"], target: "ab"), by: "lead")
        #expect(try store.activeSchemaChanges().map(\.target) == ["ab"])
        #expect(try store.activeSchemaChanges(asOf: 0).isEmpty)
        try store.revertSchemaChange(id, by: "lead")
        #expect(try store.activeSchemaChanges().isEmpty)
        #expect(try store.schemaChanges().map(\.reverted) == [true])
        #expect(throws: ConfigError.self) { try store.revertSchemaChange(id, by: "lead") }
    }

    @Test("the audit sample: seeded, among labeled items, with references from blind adjudications", arguments: BackendUnderTest.all)
    func audit(_ backend: BackendUnderTest) throws {
        let one = try imported(backend), two = try imported(backend)
        let drawn = try one.store.drawAuditSample(size: 2, seed: 9, drawnBy: "lead")
        #expect(try two.store.drawAuditSample(size: 2, seed: 9, drawnBy: "lead") == drawn)
        #expect(Set(drawn).isSubset(of: ["i1", "i2"]))
        #expect(throws: AuditError.self) { try one.store.drawAuditSample(size: 1, seed: 9, drawnBy: "lead") }
        try one.store.grant("rita", .reviewer)
        let first = try #require(try one.store.itemID(key: drawn[0]))
        try one.store.reviewSession(reviewer: "rita").adjudicate(itemID: first, label: "c", reason: .audit, guideline: nil, guidelinePath: nil)
        #expect(try one.store.auditProgress() == AuditSample.Progress(sampled: 2, referenced: 1))
        #expect(try one.store.auditSample().map(\.reference) == ["c", nil])
    }

    @Test("people: roles change only by an admin and are logged; accounts map to names", arguments: BackendUnderTest.all)
    func membership(_ backend: BackendUnderTest) throws {
        let store = try imported(backend).store
        let admin = Member(name: "lead", role: .admin, account: "lead")
        try store.setRole(name: "rita", role: .reviewer, account: "rsmith", by: admin)
        #expect(try store.member(account: "rsmith") == Member(name: "rita", role: .reviewer, account: "rsmith"))
        #expect(try store.member(named: "ana")?.role == .labeler)
        #expect(throws: PermissionError.self) { try store.setRole(name: "ana", role: .admin, by: Member(name: "ana", role: .labeler)) }
        #expect(try store.roleChanges().map(\.changedBy) == ["lead"])
        #expect(try store.members().map(\.name) == ["ana", "ben", "cy", "rita"])
    }

    @Test("model predictions are kept per model and read with the answers", arguments: BackendUnderTest.all)
    func predictions(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        let file = write("item,prediction\ni1,a\ni2,b\n", to: "p.csv", in: project.directory)
        #expect(try PredictionImporter(project: project, model: "m1").run(file: file) == 2)
        #expect(try project.store.modelNames() == ["m1"])
        var query = AgreementQuery(withPredictions: true)
        query.model = "m1"
        let loaded = try RatingTableLoader.load(project, query)
        #expect(loaded.model == "m1")
        #expect((0..<loaded.table.itemCount).map { loaded.table.predictionOfItem[$0] } == [0, 1])
    }

    @Test("retests are kept apart from the answers they repeat", arguments: BackendUnderTest.all)
    func retests(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        var options = ImportOptions()
        options.repeatColumn = "again"
        let file = write("item,labeler,label,again\ni1,ana,b,1\n", to: "again.csv", in: project.directory)
        _ = try Importer(project: project, options: options).run(files: [file])
        #expect(try project.store.currentAnswer(itemKey: "i1", labeler: "ana") == "a")
        #expect(try project.store.retests() == [Retest(labeler: "ana", item: "i1", first: "a", repeated: "b")])
    }

    @Test("maintenance: a sound store has no damage, and a backup is a store that opens", arguments: BackendUnderTest.all)
    func maintenance(_ backend: BackendUnderTest) throws {
        let project = try imported(backend)
        #expect(try project.store.damage(full: true) == [])
        let copy = temporaryFolder().appendingPathComponent("backup")
        try project.store.backup(to: copy.path)
        #expect(throws: StoreError.self) { try project.store.backup(to: copy.path) }
        #expect(!project.store.schemaVersion.isEmpty)
    }
}
