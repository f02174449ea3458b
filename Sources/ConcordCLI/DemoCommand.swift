import ArgumentParser
import ConcordIO
import Foundation

struct DemoCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Copy a shipped sample project to a temporary folder, simulate labelers, and show the figures.")

    @Option(help: "The sample project to copy (default: Projects/voice-assistant).") var project: String?
    @Option(help: "Seed of the simulated labelers.") var seed: UInt64 = 7

    func execute() throws {
        let source = try project ?? SampleProjects.locate("voice-assistant")
        let demo = try DemoWorkspace.make(copying: source, seed: seed)
        let report = try StatusReport(project: demo.project)
        print("Demo copy of \(source) in \(demo.project.directory.path)")
        print("\(demo.simulatedLabelers) simulated labelers answered \(grouped(demo.simulatedAnswers)) times.\n")
        print(report.text)
    }
}
