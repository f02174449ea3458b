import ConcordAnalysis
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTerminal
import ConcordTUI
import Foundation

struct LabelCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Label items in a full-screen terminal UI (blind: you never see others' answers).",
        discussion: """
            Keys: the label hotkeys (1–9 by default), b borderline, x unintelligible, s skip, \
            n note, u undo, j/k scroll, ? guideline, q quit. Each answer is saved before the next \
            item appears. Several labelers can work on one project at once; nobody gets an item \
            that already has the labels it needs (k, or with labelers_per_item: 2..4 two, then \
            one more at a time while they disagree). With retest: in concord.yaml, some items \
            you answered before come back, blind, to measure your consistency.
            """)

    @Argument(help: "The project folder.") var project: String
    @OptionGroup var identity: IdentityOptions
    @Option(help: "Minutes an item you are shown stays reserved for you.") var claimMinutes: Double = 15

    func validate() throws {
        guard claimMinutes.isFinite, claimMinutes > 0 else { throw ValidationError("--claim-minutes must be a positive number") }
    }

    func execute() throws {
        let opened = try Project(path: project)
        // The account comes from the system (geteuid), not from $USER, which anyone can set.
        let who = try identity.enroll(opened, for: .label)
        let name = who.person.name
        let session = try opened.store.labelingSession(labeler: name, labelersPerItem: opened.config.labelersPerItem,
                                                       retest: opened.config.retest, claimDuration: claimMinutes * 60, enteredBy: who.enteredBy?.name)
        let backend = try CursesBackend()
        let runtime = try LabelingRuntime(project: opened, session: session, backend: backend,
                                          readsAnswers: who.person.role.may(.readAnswers))
        runtime.run()
        backend.close()
        let count = runtime.model.answeredThisSession.count
        printSafe("\(name): \(count) answer\(count == 1 ? "" : "s") saved in \(opened.config.name) this session.")
    }
}
