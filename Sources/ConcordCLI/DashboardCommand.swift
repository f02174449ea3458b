import ArgumentParser
import ConcordIO
import ConcordTerminal
import ConcordTUI
import Foundation

struct DashboardCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The project's figures as pictures: progress, agreement, HLP bars, κ and confusion heatmaps, model gap.")

    @Argument(help: "The project folder.") var project: String

    func execute() throws {
        let opened = try Project(path: project)
        var model = try DashboardModel.load(project: opened)
        try Dashboard.show(&model, command: self)
    }
}

/// Opens the dashboard on the terminal, restoring it on every way out.
enum Dashboard {
    static func show(_ model: inout DashboardModel, command: some ConcordCommand) throws {
        let backend: CursesBackend
        do {
            backend = try CursesBackend()
        } catch let error as CursesBackend.StartError {
            command.fail(error.description, code: .unavailable)
        }
        DashboardRuntime.run(&model, backend: backend)
        backend.close()
    }
}
