import ConcordAnalysis
import ArgumentParser
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTerminal
import ConcordTUI
import Foundation

/// Filters shared by the review queue commands.
struct QueueOptions: ParsableArguments {
    @Argument(help: "The project folder.") var project: String
    @Option(help: "Only items where someone answered this label.") var label: String?
    @Option(help: "Only one slice: FIELD=VALUE, e.g. condition=low_bandwidth.") var slice: String?
    @Option(help: "Only items these two labelers answered differently: A,B.") var pair: String?
    @Option(help: "Items with fewer answers stay out of the queue.") var minLabels = 2
    @Flag(help: "Queue unanimous items too (by default they count as accepted).") var noAutoAccept = false

    func filter() throws -> DisagreementQueue.Filter {
        var filter = DisagreementQueue.Filter(label: label)
        filter.minimumLabels = max(1, minLabels)
        filter.autoAcceptUnanimous = !noAutoAccept
        if let slice {
            guard let equals = slice.firstIndex(of: "=") else { throw ValidationError("--slice takes FIELD=VALUE") }
            filter.sliceField = String(slice[..<equals])
            filter.sliceValue = String(slice[slice.index(after: equals)...])
        }
        if let pair {
            let names = pair.split(separator: ",").map(String.init)
            guard names.count == 2 else { throw ValidationError("--pair takes two labeler names: A,B") }
            filter.pair = (names[0], names[1])
        }
        return filter
    }
}

struct DisagreementsCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "disagreements",
        abstract: "The review queue for scripts: items whose labels disagree, most useful first.")

    @OptionGroup var options: QueueOptions
    @OptionGroup var identity: IdentityOptions
    @Flag(help: "Print the queue as JSON.") var json = false

    func execute() throws {
        let project = try Project(path: options.project, access: .reading)
        try identity.identify(project).require(.readAnswers)
        let queue = try DisagreementQueue.build(project, filter: try options.filter())
        if json { try printJSON(queue); return }
        printSafe("\(project.config.name): \(queue.count) items to review")
        var table = TextTable("item", "answers", "priority", "why")
        for entry in queue {
            let answers = entry.answers.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            table.add(entry.item, answers, String(format: "%.2f", entry.priority), entry.why.joined(separator: "; "))
        }
        printSafe(table.text)
    }
}

struct ReviewCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Work the disagreement queue: see every answer, set the final label with a reason (reviewers only).",
        discussion: """
            Keys: Enter opens an item; a label key then 1–4 (labeler slip, guideline unclear, truly \
            ambiguous, bad input) adjudicates; r sends the item back for relabeling; g notes that the \
            guideline is unclear; z reverts the adjudication; ? guideline; Esc back to the queue; q quit. \
            With --audit, the queue is the audit sample (concord audit) and the screen is blind: no \
            answers are shown, and a label key records the item's audit reference at once.
            """)

    @OptionGroup var options: QueueOptions
    @OptionGroup var identity: IdentityOptions
    @Flag(help: "Label the audit sample blind (see `concord audit`).") var audit = false

    func execute() throws {
        let project = try Project(path: options.project)
        let who = try identity.enroll(project, for: .adjudicate)
        let reviewer = who.person.name
        let session = try project.store.reviewSession(reviewer: reviewer, enteredBy: who.enteredBy?.name)
        let queue = audit ? DisagreementQueue.audit(try project.store.auditSample())
            : try DisagreementQueue.build(project, filter: try options.filter())
        if audit, queue.isEmpty, try project.store.auditProgress().sampled == 0 {
            throw QueryError("no audit sample yet; draw one with `concord audit \(options.project) --sample N`")
        }
        let backend = try CursesBackend()
        let runtime = try ReviewRuntime(project: project, session: session, backend: backend, queue: queue, blind: audit)
        runtime.run()
        backend.close()
        let done = audit ? "audit references recorded" : "items adjudicated"
        printSafe("\(reviewer): \(runtime.model.adjudicatedThisSession) \(done); \(runtime.model.queue.count) left in the queue.")
    }
}

struct AdjudicateCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjudicate",
        abstract: "Set an item's final label with a reason (for scripts; reviewers only).")

    @Argument(help: "The project folder.") var project: String
    @OptionGroup var identity: IdentityOptions
    @Argument(help: "The item id.") var item: String
    @Argument(help: "The final label. Omit with --revert.") var label: String?
    @Option(help: "labeler_slip, guideline_unclear, truly_ambiguous, bad_input, or audit (the blind reference of an audit-sample item).")
    var reason: AdjudicationReason = .labeler_slip
    @Option(help: "A note kept with the adjudication.") var note: String?
    @Flag(help: "Take the item's adjudication back.") var revert = false

    func execute() throws {
        let opened = try Project(path: project)
        let who = try identity.enroll(opened, for: .adjudicate)
        let reviewer = who.person.name
        let session = try opened.store.reviewSession(reviewer: reviewer, enteredBy: who.enteredBy?.name)
        guard let itemID = try opened.store.itemID(key: item) else {
            throw AnnotationError.unknownItem(item)
        }
        if revert { try session.revert(itemID: itemID); printSafe("\(item): adjudication reverted"); return }
        guard let label else { throw ValidationError("give a LABEL, or --revert") }
        guard try opened.labelSet().contains(label) else { throw AnnotationError.unknownLabel(label, known: opened.config.labelSet.answerNames) }
        try session.adjudicate(itemID: itemID, label: label, reason: reason, note: note,
                               guideline: try opened.currentGuideline(), guidelinePath: opened.config.guidelines)
        printSafe("\(item) = \(label) (\(reason.title), by \(reviewer))")
    }
}

struct LabelersCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "labelers",
        abstract: "List the people of a project, their roles and accounts; admins add people and change roles.",
        discussion: """
            Example: concord labelers P --add rita --role reviewer [--account rsmith]. Without --account, \
            the operating-system account of the same name is that person. Only admins change roles, and \
            every change is logged with who made it (--log). Whoever ran `concord init` is the first admin.
            """)

    @Argument(help: "The project folder.") var project: String
    @Option(help: "Add this person, or change their role.") var add: String?
    @Option(help: "Their role.") var role: Role = .labeler
    @Option(help: "The operating-system account (or database login) that acts as this person.") var account: String?
    @Flag(help: "Show the role log: every change, with who made it.") var log = false
    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var identity: IdentityOptions

    func validate() throws {
        if account != nil && add == nil { throw ValidationError("--account goes with --add NAME") }
        if let problem = account.flatMap(Names.problem) { throw ValidationError("the account name \(problem)") }
    }

    func execute() throws {
        let opened = try Project(path: project, access: add == nil ? .reading : .writing)
        if let add {
            let who = try identity.identify(opened)
            try opened.store.setRole(name: add, role: role, account: account, by: who.actor)
            try opened.store.enroll(who.actor)
            printSafe("\(add) is a \(role.rawValue) of \(opened.config.name)" + (account.map { " (account \($0))" } ?? ""))
            return
        }
        if log {
            let changes = try opened.store.roleChanges()
            if json { try printJSON(changes); return }
            var table = TextTable("when", "name", "role", "was", "account", "by")
            for change in changes {
                let when = Date(timeIntervalSince1970: Double(change.at) / 1000).formatted(.iso8601)
                table.add(when, change.name, change.role.rawValue, change.previousRole?.rawValue ?? "", change.account ?? "", change.changedBy)
            }
            printSafe(changes.isEmpty ? "No role changes yet." : table.text)
            return
        }
        let members = try opened.store.members()
        if json { try printJSON(members); return }
        var table = TextTable("name", "role", "account")
        for member in members { table.add(member.name, member.role.rawValue, member.account ?? "") }
        printSafe(table.text)
    }
}

struct GuidelineGapsCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "guideline-gaps",
        abstract: "The reviewers' 'guideline unclear' notes, written next to the guideline file.")

    @Argument(help: "The project folder.") var project: String
    @Flag(help: "Print the notes as JSON instead of writing the file.") var json = false
    @OptionGroup var identity: IdentityOptions

    struct Note: Encodable {
        var item: String
        var reviewer: String
        var note: String
        var guideline_version: String?
    }

    func execute() throws {
        let opened = try Project(path: project, access: json ? .reading : .writing)
        try identity.identify(opened).require(.readAnswers)
        let notes = try opened.store.guidelineNotes()
        if json {
            try printJSON(notes.map { Note(item: $0.item, reviewer: $0.reviewer, note: $0.note, guideline_version: $0.guideline) })
            return
        }
        var lines = ["# Guideline gaps: \(opened.config.name)", "",
                     "Notes reviewers made where the guideline did not decide an item (`concord review`, key g).", ""]
        for note in notes {
            let version = note.guideline.map { " (guideline \($0.prefix(8)))" } ?? ""
            lines.append("- **\(note.item)** — \(note.note) — \(note.reviewer)\(version)")
        }
        if notes.isEmpty { lines.append("No notes yet.") }
        // Names, notes and item ids come from people and data: inert in the file as on screen.
        let text = Names.inert(lines.joined(separator: "\n")) + "\n"
        let target = (opened.guidelinePath.map { URL(fileURLWithPath: $0).deletingPathExtension().path + ".gaps.md" })
            ?? opened.directory.appendingPathComponent("guideline-gaps.md").path
        try text.write(toFile: target, atomically: true, encoding: .utf8)
        printSafe(text)
        printSafe("(written to \(target))")
    }
}

extension AdjudicationReason: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
