import ConcordDemo
import ConcordTestSupport
@testable import ConcordSQLite
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import ConcordStore
import ConcordTUI
import Foundation
import GRDB
import Testing

@Suite("Dashboard")
struct DashboardTests {
    /// The demo's project: simulated labelers and model on the shipped voice-assistant sample.
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Projects/voice-assistant").path
    static let demo: DemoWorkspace = try! DemoWorkspace.make(copying: source, seed: 7)

    @Test("every panel at 80×24 and 120×40 shows real figures and fits", arguments: [(80, 24), (120, 40)])
    func panels(width: Int, height: Int) throws {
        let figures = try DashboardData.load(Self.demo.project)
        var model = DashboardModel(projectName: "voice", figures: figures)
        let expected: [String: [String]] = [
            "1": ["Progress", "Krippendorff's α (nominal)", String(format: "%.3f", figures.report.krippendorff_alpha!)],
            "2": ["HLP per label", "HLP per condition", "low_bandwidth"],
            "3": ["Cohen's κ between labelers", "legend:", "median s"],
            "4": ["Label coincidences", "agreements (diagonal)"],
            "5": ["Model gap to HLP", "condition=low_bandwidth", "vs each individual label", "labels F1, slices accuracy"],
            "6": ["vs the resolved reference", "precision  recall     F1", "rows reference, columns prediction",
                  String(format: "%.3f", figures.evaluation!.macro_f1!)],
        ]
        for key in ["1", "2", "3", "4", "5", "6"] {
            model = pressed(model, .char(Character(key)))
            let text = DashboardView.render(model, width: width, height: height).text
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == height)
            #expect(lines.allSatisfy { DisplayText.width(String($0)) <= width })
            for fragment in expected[key]! { #expect(text.contains(fragment), "panel \(key) at \(width)×\(height): \(fragment)") }
        }
    }

    @Test("after an audit the dashboard shows its progress and HLP against the reference beside the pairwise figure")
    func audit() throws {
        let demo = try DemoWorkspace.make(copying: Self.source, seed: 7)
        let project = demo.project
        try project.store.grant("rita", .reviewer)
        let session = try project.store.reviewSession(reviewer: "rita")
        for key in try project.store.drawAuditSample(size: 40, seed: 1, drawnBy: nil).prefix(25) {
            let id = try #require(try project.store.itemID(key: key))
            try session.adjudicate(itemID: id, label: "weather", reason: .audit, guideline: nil, guidelinePath: nil)
        }
        let figures = try DashboardData.load(project)
        #expect(figures.audit.sampled == 40 && figures.audit.referenced == 25)
        var model = DashboardModel(projectName: "voice", figures: figures)
        let overview = DashboardView.render(model, width: 100, height: 30).text
        #expect(overview.contains("25 of 40 sampled items labeled blind"))
        #expect(overview.contains("HLP vs audit reference"))
        model = pressed(model, .char("2"))
        #expect(DashboardView.render(model, width: 100, height: 30).text.contains("vs reference"))
    }

    @Test("the dashboard's figures match the answers read from the database with plain SQL")
    func sameFigures() throws {
        let figures = try DashboardData.load(Self.demo.project)
        // The answers and each item's condition, read without the dashboard's loader.
        let categories = try Self.demo.project.labelSet().answerNames
        let rows = try Self.demo.project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.item_id, p.name AS labeler, l.name AS label, json_extract(i.metadata, '$.condition') AS condition
                FROM answers a JOIN labelers p ON p.id = a.labeler_id JOIN labels l ON l.id = a.label_id JOIN items i ON i.id = a.item_id
                ORDER BY a.item_id, p.name
                """)
        }
        let raters = Array(Set(rows.map { $0["labeler"] as String })).sorted()
        var table = RatingTable(categories: categories, raters: raters)
        table.sliceValues = Array(Set(rows.compactMap { $0["condition"] as String? })).sorted()
        var current: Int64 = -1
        for row in rows {
            let item: Int64 = row["item_id"]
            if item != current {
                current = item
                table.appendItem(slice: table.sliceValues.firstIndex(of: row["condition"] as String? ?? "") ?? -1)
            }
            table.appendRating(rater: raters.firstIndex(of: row["labeler"])!, category: categories.firstIndex(of: row["label"])!)
        }
        var analysis = AgreementAnalysis()
        analysis.sliceField = "condition"
        analysis.bootstrapReplicates = 0
        let report = analysis.run(table)
        #expect(figures.report.annotations == rows.count && figures.report.items == report.items)
        #expect(figures.report.krippendorff_alpha == report.krippendorff_alpha)
        #expect(figures.report.fleiss_kappa == report.fleiss_kappa)
        let bySlice = { (report: AgreementReport) in Dictionary(uniqueKeysWithValues: (report.per_slice ?? []).map { ($0.value, $0.hlp) }) }
        #expect(bySlice(figures.report) == bySlice(report))
        #expect(figures.report.cohen_kappa == report.cohen_kappa)
        // Simulated recordings behave like real ones: clean speech agrees best, low bandwidth worst.
        let hlp = Dictionary(uniqueKeysWithValues: report.per_slice!.map { ($0.value, $0.hlp!) })
        #expect(hlp["clean"]! > hlp["car_noise"]! && hlp["car_noise"]! > hlp["low_bandwidth"]!)
    }

    @Test("Tab and 1–6 move between panels; arrows move the heatmap cursor; Enter on a cell asks to review its items")
    func navigation() throws {
        var model = DashboardModel(projectName: "voice", mayOpenReview: true, figures: try DashboardData.load(Self.demo.project))
        model = pressed(model, .tab)
        #expect(model.panel == .hlp)
        model = pressed(pressed(model, .char("3")), .right)
        let (selected, commands) = DashboardScreen.update(model, .key(.enter))
        #expect(selected.selection == "items ana and ben disagree on")
        guard case let .openReview(filter)? = commands.first, commands.count == 1 else {
            Issue.record("Enter on a κ cell asked for \(commands)")
            return
        }
        #expect(filter.pair?.0 == "ana" && filter.pair?.1 == "ben")
        #expect(!(try DisagreementQueue.build(Self.demo.project, filter: filter)).isEmpty)
        #expect(pressed(selected, .char("q")).quitting)
    }

    @Test("without a reviewer, Enter on a cell says how to review its items instead of opening them")
    func enterWithoutReviewer() throws {
        let model = pressed(pressed(DashboardModel(projectName: "voice", figures: try DashboardData.load(Self.demo.project)), .char("3")), .right)
        let (selected, commands) = DashboardScreen.update(model, .key(.enter))
        #expect(commands.isEmpty)
        #expect(selected.selection == "items ana and ben disagree on — run with --as REVIEWER to review them")
    }

    @Test("without figures the dashboard asks for them, says it is loading, and shows them (or why not) when the result comes")
    func loadedAsAMessage() throws {
        let model = DashboardModel(projectName: "voice", audience: .labeler("ana"))
        guard case .load? = DashboardScreen.start(model).first else { Issue.record("no load command"); return }
        #expect(DashboardView.render(model, width: 80, height: 24).text.contains("loading the figures…"))
        let (loaded, commands) = DashboardScreen.update(model, .loaded(.success(try DashboardData.load(Self.demo.project))))
        #expect(commands.isEmpty)
        // A labeler's dashboard withholds the per-pair κ and the other labelers' rows.
        #expect(loaded.figures?.report.cohen_kappa.isEmpty == true)
        #expect(loaded.figures?.report.labeler_figures.map(\.labeler) == ["ana"])
        let failed = DashboardScreen.update(model, .loaded(.failure(EffectFailure("disk I/O error")))).0
        #expect(DashboardView.render(failed, width: 80, height: 24).text.contains("Cannot load the figures: disk I/O error"))
        #expect(pressed(failed, .char("q")).quitting)
    }

    /// The model after a key; the commands it asks for are left out.
    func pressed(_ model: DashboardModel, _ key: Key) -> DashboardModel {
        DashboardScreen.update(model, .key(key)).0
    }
}

@Suite("Demo: the sample project built in")
struct EmbeddedSampleTests {
    @Test("the embedded sample project is the one in Projects/ (run .ci/embed-sample-project after changing it)")
    func embeddedMatchesFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        #expect(EmbeddedSampleProject.files.count == 4)
        for file in EmbeddedSampleProject.files {
            let onDisk = try String(contentsOf: root.appendingPathComponent(file.path), encoding: .utf8)
            #expect(file.content == onDisk, "\(file.path) differs: run .ci/embed-sample-project")
        }
    }
}
