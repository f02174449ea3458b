import ConcordAnalysis
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTestSupport
import ConcordTUI
import Foundation
import Testing

/// Labelers measured against themselves: a repeated answer (a retest) is kept apart from the
/// labeler's first, never replacing it, and compared with it.
@Suite("Test–retest")
struct TestRetestTests {
    static let labels = ["not_abusive", "ambiguous", "mildly_abusive", "strongly_abusive", "very_strongly_abusive"]

    func convAbuse(_ configure: (inout ImportOptions) -> Void) throws -> Project {
        let project = try makeProject(in: temporaryFolder(), labels: Self.labels)
        var options = ImportOptions(itemColumn: "item_id", labelerColumn: "annotator_id")
        configure(&options)
        _ = try Importer(project: project, options: options).run(files: [convAbuseFile()])
        return project
    }

    func report(_ project: Project) throws -> AgreementReport {
        let query = AgreementQuery(excludeSpecial: true)
        let loaded = try RatingTableLoader.load(project, query)
        var analysis = AgreementAnalysis.configured(for: loaded, query: query)
        analysis.bootstrapReplicates = 0
        var report = analysis.run(loaded.table)
        report.test_retest = try RatingTableLoader.testRetest(project, query, categories: report.categories)
        return report
    }

    @Test("ConvAbuse imported whole with --repeat-col reports the first answers' agreement, and each annotator's consistency with themselves")
    func convAbuseWhole() throws {
        // Before: importing the whole file let the 357 repeats replace first answers.
        let whole = try report(try convAbuse { $0.repeatColumn = "repeat" })
        let firstOnly = try report(try convAbuse { $0.filters = [("repeat", "0")] })
        #expect(whole.krippendorff_alpha == firstOnly.krippendorff_alpha)
        #expect(whole.annotations == firstOnly.annotations && whole.annotations == 12_411)
        #expect(firstOnly.test_retest == nil)
        let retest = try #require(whole.test_retest)
        // An independent computation on the same file (plain Python over the CSV: each row with
        // repeat > 0 against the same annotator's repeat = 0 row; Cohen's κ from the two
        // marginals) gave n 357, agreement 0.9215686274509803, κ 0.8087914610352346, and for
        // Annotator8 n 46, 0.8695652173913043, κ 0.621917808219178. The repeat column is the
        // dataset preparer's (Cercas Curry et al., EMNLP 2021), not a figure from the paper.
        #expect(retest.n == 357)
        #expect(abs(retest.agreement! - 0.9215686274509803) < 1e-12)
        #expect(abs(retest.cohen_kappa! - 0.8087914610352346) < 1e-12)
        let eight = try #require(retest.per_labeler.first { $0.labeler == "Annotator8" })
        #expect(eight.n == 46 && abs(eight.cohen_kappa! - 0.621917808219178) < 1e-12)
        #expect(retest.per_labeler.map(\.n).reduce(0, +) == 357)
    }

    @Test("a retest never replaces the first answer, and is compared with it")
    func keptApart() throws {
        let project = try makeProject(in: temporaryFolder())
        let file = write("item,labeler,label,text,again\ni1,ana,a,x,0\ni1,ana,b,x,1\ni2,ana,c,y,\ni2,ana,c,y,2\ni1,ben,a,x,0\n", to: "a.csv", in: project.directory)
        var options = ImportOptions()
        options.repeatColumn = "again"
        let imported = try Importer(project: project, options: options).run(files: [file])[0]
        #expect(imported.retestsAdded == 2 && imported.eventsAdded == 3)
        #expect(try project.store.currentAnswer(itemKey: "i1", labeler: "ana") == "a")
        #expect(try project.store.retests() == [Retest(labeler: "ana", item: "i1", first: "a", repeated: "b"),
                                               Retest(labeler: "ana", item: "i2", first: "c", repeated: "c")])
        let figures = try #require(try report(project).test_retest)
        #expect(figures.n == 2 && figures.agreement == 0.5)
        #expect(figures.per_labeler.map(\.labeler) == ["ana"])
    }

    @Test("the dashboard's labeler panel shows each labeler's agreement with themselves beside the others'")
    func dashboard() throws {
        let figures = try DashboardData.load(try convAbuse { $0.repeatColumn = "repeat" })
        var model = DashboardModel(projectName: "convabuse", figures: figures)
        model.panel = .labelers
        let text = DashboardView.render(model, width: 100, height: 40).text
        #expect(text.contains("self κ"))
        // Annotator8's κ with themselves (46 retests; see the ConvAbuse test above).
        // The heatmap above names the labelers too: the table's row is the last one with the name.
        let eight = try #require(text.split(separator: "\n").last { $0.contains("Annotator8") })
        #expect(eight.hasSuffix("0.622"), "\(eight)")
        // Without retests, no column.
        var without = DashboardModel(projectName: "convabuse", figures: try DashboardData.load(try convAbuse { $0.filters = [("repeat", "0")] }))
        without.panel = .labelers
        #expect(!DashboardView.render(without, width: 100, height: 40).text.contains("self κ"))
    }

    @Test("a labeler reading the report sees only their own test–retest row")
    func withheld() throws {
        let report = try report(try convAbuse { $0.repeatColumn = "repeat" }).withIndividualFiguresWithheld(keeping: "Annotator3")
        #expect(report.test_retest?.per_labeler.map(\.labeler) == ["Annotator3"])
        #expect(report.test_retest?.n == 357)
    }
}
