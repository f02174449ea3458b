import ConcordAnalysis
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTerminal
import ConcordTUI
import Foundation

struct DashboardCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The project's figures as pictures: progress, agreement, HLP bars, κ and confusion heatmaps, model gap.")

    @Argument(help: "The project folder.") var project: String
    @OptionGroup var identity: IdentityOptions

    func execute() throws {
        let opened = try Project(path: project, access: .reading)
        let figures = try DashboardData.load(opened)
        // Reviewers and admins get every figure, and Enter on a heatmap cell opens its items for
        // review; a labeler sees aggregate figures and their own row.
        let who = try identity.identify(opened)
        var session: (any ReviewSession)?
        if who.person.role.may(.adjudicate) {
            try opened.store.enroll(who.actor)
            session = try opened.store.reviewSession(reviewer: who.person.name, enteredBy: who.enteredBy?.name)
        }
        let model = DashboardModel(projectName: opened.config.name, audience: session == nil ? .labeler(who.person.name) : .everyFigure,
                                   mayOpenReview: session != nil, figures: figures)
        try Dashboard.show(model, project: opened, reviewer: session)
    }
}

/// Opens the dashboard on the terminal, restoring it on every way out.
enum Dashboard {
    static func show(_ model: DashboardModel, project: Project, reviewer: ReviewSession?) throws {
        let backend = try CursesBackend()
        DashboardRuntime(model: model, effects: ProjectDashboardEffects(project: project, reviewer: reviewer), backend: backend).run()
        backend.close()
    }
}
