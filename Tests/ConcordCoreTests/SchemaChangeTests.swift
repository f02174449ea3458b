import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import ConcordStore
import Foundation
import GRDB
import Testing

@Suite("Schema changes")
struct SchemaChangeTests {
    /// Two labelers, four items: (a,b) (a,a) (c,c) (b,c).
    func project() throws -> Project {
        let project = try makeProject(in: temporaryFolder())
        var csv = "item,labeler,label,text\n"
        for (item, pair) in [("i1", ("a", "b")), ("i2", ("a", "a")), ("i3", ("c", "c")), ("i4", ("b", "c"))] {
            csv += "\(item),ana,\(pair.0),t\n\(item),ben,\(pair.1),t\n"
        }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(csv, to: "a.csv", in: project.directory)])
        return project
    }

    func report(_ project: Project, _ query: AgreementQuery = AgreementQuery()) throws -> AgreementReport {
        var analysis = AgreementAnalysis()
        analysis.bootstrapReplicates = 0
        return analysis.run(try RatingTableLoader.load(project, query).table)
    }

    /// By hand: before, items agree 2 of 4 (percent agreement 0.5); after merging a + b into ab,
    /// (ab,ab) (ab,ab) (c,c) (ab,c): 3 of 4 (0.75). Answers of ab: 5 of 8 (share 0.625).
    @Test("a merge previewed, applied and reverted; annotations are never rewritten")
    func mergeAndRevert() throws {
        let project = try project()
        let merge = SchemaChange(id: 0, kind: .merge, sources: ["a", "b"], target: "ab")
        try merge.validate(against: try project.labelSet())
        var whatIf = AgreementQuery()
        whatIf.whatIf = merge
        #expect(try report(project).percent_agreement == 0.5)
        let preview = try report(project, whatIf)
        #expect(preview.percent_agreement == 0.75)
        #expect(preview.categories.prefix(2) == ["ab", "c"])
        #expect(preview.per_label.first { $0.label == "ab" }?.share == 0.625)
        // The preview recorded nothing.
        #expect(try report(project).percent_agreement == 0.5)

        let events = try project.sqlite.pool.read { try Row.fetchAll($0, sql: "SELECT * FROM annotation_events ORDER BY id") }
        let id = try project.store.recordSchemaChange(merge, by: "lead")
        #expect(try report(project).percent_agreement == 0.75)
        var before = AgreementQuery()
        before.schemaVersion = 0
        #expect(try report(project, before).percent_agreement == 0.5)
        #expect(try project.labelSet().labels.map(\.name) == ["ab", "c"])
        #expect(try project.labelSet().labels.first?.hotkey == "1")
        try project.store.revertSchemaChange(id, by: "lead")
        #expect(try report(project).percent_agreement == 0.5)
        #expect(try project.labelSet().labels.map(\.name) == ["a", "b", "c"])
        #expect(try project.sqlite.pool.read { try Row.fetchAll($0, sql: "SELECT * FROM annotation_events ORDER BY id") } == events)
        #expect(throws: ConfigError.self) { try project.store.revertSchemaChange(id, by: nil) }
    }

    @Test("a rename keeps the figures and the hotkey; renaming onto an existing label is refused")
    func rename() throws {
        let project = try project()
        let rename = SchemaChange(id: 0, kind: .rename, sources: ["c"], target: "cyan")
        try project.store.recordSchemaChange(rename, by: nil)
        #expect(try project.labelSet().labels.map(\.name) == ["a", "b", "cyan"])
        #expect(try report(project).percent_agreement == 0.5)
        #expect(throws: ConfigError.self) { try SchemaChange(id: 0, kind: .rename, sources: ["a"], target: "b").validate(against: try project.labelSet()) }
        #expect(throws: ConfigError.self) { try SchemaChange(id: 0, kind: .merge, sources: ["a", "borderline"], target: "x").validate(against: try project.labelSet()) }
        // New answers may use the new name.
        try project.store.append(AnnotationEvent(itemKey: "i1", labeler: "cy", label: "cyan"), guideline: nil, guidelinePath: nil)
        let loaded = try RatingTableLoader.load(project, AgreementQuery())
        #expect(loaded.answersOutsideLabelSet == 0)
    }
}
