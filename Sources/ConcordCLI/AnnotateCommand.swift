import ConcordAnalysis
import ArgumentParser
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation

struct AnnotateCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Record one labeler's answer for one item (for scripts).",
        discussion: """
            Example: concord annotate Projects/voice-assistant va00042 weather --seconds 3.2. The answer is \
            yours (your operating-system account); an admin may record one for someone else with --as NAME.
            """)

    @Argument(help: "The project folder.") var project: String
    @OptionGroup var identity: IdentityOptions
    @Argument(help: "The item id.") var item: String
    @Argument(help: "The label (or borderline / unintelligible). Omit with --retract.") var label: String?
    @Option(help: "A note for reviewers.") var note: String?
    @Option(help: "Seconds the labeler took.") var seconds: Double?
    @Flag(help: "Take back the labeler's current answer (appends an undo; nothing is deleted).") var retract = false

    func validate() throws {
        if retract == (label != nil) { throw ValidationError("give a LABEL, or --retract (not both)") }
    }

    func execute() throws {
        let opened = try Project(path: project)
        let who = try identity.enroll(opened, for: .label)
        let labeler = who.person.name
        let event = AnnotationEvent(itemKey: item, labeler: labeler, kind: retract ? .retract : .label,
                                    label: label, note: note, seconds: seconds)
        try opened.annotate(event, enteredBy: who.enteredBy?.name)
        printSafe(retract ? "\(labeler): \(item) answer taken back" : "\(labeler): \(item) = \(label!)")
    }
}
