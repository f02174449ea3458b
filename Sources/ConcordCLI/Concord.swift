import ConcordAnalysis
import ConcordStore
import ArgumentParser
import ConcordSQLite
import Foundation

@main
struct Concord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord",
        abstract: "A terminal workbench for label consistency: label, measure agreement, adjudicate, export.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 65 bad input (a data file, config or label), \
            69 no usable terminal, 74 database error, 77 not permitted (e.g. review without the reviewer role), \
            1 anything else.
            """,
        subcommands: [InitCommand.self, ImportCommand.self, LabelCommand.self, AnnotateCommand.self, StatusCommand.self,
                      AgreementCommand.self,
                      HLPCommand.self, AuditCommand.self, ImportPredictionsCommand.self, EvalCommand.self, GapCommand.self, DisagreementsCommand.self, ReviewCommand.self, AdjudicateCommand.self,
                      LabelersCommand.self, GuidelineGapsCommand.self, MergeCommand.self, RenameCommand.self,
                      SchemaCommand.self, RequeueCommand.self, ExportCommand.self, ConsensusCommand.self, CheckCommand.self, DoctorCommand.self, BackupCommand.self, DashboardCommand.self, DemoCommand.self]
    )

    /// ArgumentParser's own `main`, except that its messages (which quote the arguments as
    /// typed) reach the terminal inert and cut to a readable length.
    static func main() {
        // The composition root: the one place that chooses how projects are stored.
        StoreBackends.register(SQLiteBackend())
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(Console.safe(message))
            } else if !message.isEmpty {
                FileHandle.standardError.write(Data((Console.safe(Console.cut(message)) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
