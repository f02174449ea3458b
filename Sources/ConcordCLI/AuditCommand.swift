import ConcordAnalysis
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation

struct AuditCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Draw a random audit sample for a blind reference label, or show how far the audit has come.",
        discussion: """
            --sample N draws N more items uniformly at random among the items with at least one label \
            (unanimous ones included), seeded and reproducible, and records them as the audit sample. A \
            reviewer then labels them blind: `concord review PROJECT --as R --audit` (or `concord adjudicate \
            … --reason audit`). Those labels are the reference of `hlp_reference`, the only unbiased HLP \
            against an expert; adjudications from the disagreement queue never count there. Without \
            --sample, lists the sample and its progress.
            """)

    @Argument(help: "The project folder.") var project: String
    @Option(help: "How many items to draw into the sample.") var sample: Int?
    @Option(help: "Seed of the draw (the same database and seed draw the same items).") var seed: UInt64 = 1
    @Flag(help: "Print as JSON.") var json = false

    func validate() throws {
        if let sample, sample < 1 { throw ValidationError("--sample needs at least 1 item (got \(sample))") }
    }

    struct Drawn: Encodable {
        struct Item: Encodable { var item: String }
        var items: [Item]
    }

    struct Listing: Encodable {
        var sampled: Int
        var referenced: Int
        var items: [AuditSample.Entry]
    }

    func execute() throws {
        let opened = try Project(path: project)
        if let sample {
            let who = try IdentityOptions.enroll(opened, for: .manageProject)
            let keys = try opened.store.drawAuditSample(size: sample, seed: seed, drawnBy: who.person.name)
            if json { try printJSON(Drawn(items: keys.map(Drawn.Item.init))); return }
            printSafe("\(opened.config.name): \(keys.count) items drawn into the audit sample (seed \(seed))")
            for key in keys { printSafe(key) }
            printSafe("Label them blind: concord review \(project) --as REVIEWER --audit")
            return
        }
        let entries = try opened.store.auditSample()
        let referenced = entries.filter { $0.reference != nil }.count
        if json { try printJSON(Listing(sampled: entries.count, referenced: referenced, items: entries)); return }
        guard !entries.isEmpty else {
            printSafe("\(opened.config.name): no audit sample yet; draw one with `concord audit \(project) --sample N`")
            return
        }
        printSafe("\(opened.config.name): audit sample of \(entries.count) items, \(referenced) labeled blind")
        var table = TextTable("item", "reference")
        for entry in entries { table.add(entry.item, entry.reference ?? "—") }
        printSafe(table.text)
    }
}
