import ArgumentParser
import ConcordDemo
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordAnalysis
import ConcordTUI
import Foundation

struct DemoCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Copy a shipped sample project to a temporary folder, simulate labelers and a model, and show the figures.",
        discussion: """
            The simulated labelers make more mistakes on hard items and under bad recording \
            conditions, so agreement and HLP differ per slice the way real recordings do. Every \
            figure is computed from the simulated answers, as `concord agreement` would.
            """)

    @Option(help: "The sample project to copy (default: Projects/voice-assistant).") var project: String?
    @Option(help: "Seed of the simulated labelers and model.") var seed: UInt64 = 7
    @Flag(help: "Print the figures as text instead of opening the dashboard (the default when stdout is not a terminal).")
    var noTui = false

    func execute() throws {
        let source = try project ?? SampleProjects.locate("voice-assistant")
        let demo = try DemoWorkspace.make(copying: source, seed: seed)
        let opened = demo.project
        if !noTui && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1 {
            let model = DashboardModel(projectName: opened.config.name, mayOpenReview: true, figures: try DashboardData.load(opened))
            // You made the demo copy, so you are its admin: Enter on a heatmap cell opens its items.
            let you = try IdentityOptions.enroll(opened, for: .adjudicate).person.name
            let reviewer = try opened.store.reviewSession(reviewer: you)
            try Dashboard.show(model, project: opened, reviewer: reviewer)
            printSafe("The demo project stays in \(opened.directory.path): try `concord label \(opened.directory.path)`.")
            return
        }
        printSafe("Demo copy of \(source) in \(opened.directory.path)")
        printSafe("\(demo.simulatedLabelers) simulated labelers answered \(grouped(demo.simulatedAnswers)) times; a simulated model predicted every item.\n")
        printSafe(try StatusReport(project: opened).text)

        let field = opened.config.sliceFields.first
        let query = AgreementQuery(sliceField: field, withPredictions: true)
        let loaded = try RatingTableLoader.load(opened, query)
        let report = AgreementAnalysis.configured(for: loaded, query: query).run(loaded.table)
        printSafe("")
        printSafe(AgreementText.render(report, project: opened, loaded: loaded))
        let gap = GapAnalysis.run(loaded.table, sliceField: field)
        printSafe("")
        printSafe(GapText.render(gap, project: opened))
        printSafe("\nExplore it: concord agreement \(opened.directory.path) --by device   ·   concord gap \(opened.directory.path)")
    }
}
