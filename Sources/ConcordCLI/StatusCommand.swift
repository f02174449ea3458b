import ConcordAnalysis
import ArgumentParser
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation

struct StatusCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where a project stands: items, labelers, answers, coverage.")

    @Argument(help: "The project folder.") var project: String
    @Flag(help: "Print the report as JSON.") var json = false

    func execute() throws {
        let opened = try Project(path: project, access: .reading)
        let report = try StatusReport(project: opened)
        if json { try printJSON(report) } else { printSafe(report.text) }
    }
}

/// The status of a project, as JSON keys and as readable text.
struct StatusReport: Encodable {
    var project: String
    var path: String
    var items: Int
    var labelers: Int
    var annotations: Int
    var events: Int
    /// Items by number of current answers ("0", "1", …).
    var coverage: [String: Int]
    /// k, or with adaptive overlap the most labels an item gets.
    var labelers_per_item: Int
    /// Items that need no more labels.
    var items_complete: Int
    /// With `labelers_per_item: 2..4`: what adaptive overlap saved; null with a fixed k.
    @NullEncodable var adaptive_overlap: LabelingCoverage?
    var labels: [String: Int]
    var labeler_answers: [String: Int]
    var adjudicated: Int
    /// Items in the audit sample, and how many have their blind reference.
    var audit_sampled: Int
    var audit_referenced: Int
    var guideline: String?
    var guideline_version: String?
    var guideline_versions_seen: Int
    /// How damage is looked for: on every write (small databases), or by `concord doctor`.
    var integrity: String

    init(project: Project) throws {
        let status = try project.store.status()
        let plan = project.config.labelersPerItem, progress = LabelingCoverage(status: status, plan: plan)
        self.project = project.config.name
        path = project.directory.path
        items = status.items
        labelers = status.labelers
        annotations = status.annotations
        events = status.events
        coverage = Dictionary(uniqueKeysWithValues: status.coverage.map { (String($0.key), $0.value) })
        labelers_per_item = plan.maximum
        items_complete = progress.items_complete
        adaptive_overlap = plan.isAdaptive ? progress : nil
        labels = status.labelCounts
        labeler_answers = status.labelerCounts
        adjudicated = status.adjudicated
        let audit = try project.store.auditProgress()
        audit_sampled = audit.sampled
        audit_referenced = audit.referenced
        guideline = project.config.guidelines
        guideline_version = try? project.currentGuideline()?.shortHash
        guideline_versions_seen = status.guidelineVersions
        integrity = project.store.integritySummary()
        order = project.config.labelSet.answerNames
        scale = project.config.labelSet.scale.rawValue
    }

    private var order: [String] = []
    private var scale = ""
    enum CodingKeys: String, CodingKey {
        case project, path, items, labelers, annotations, events, coverage, labelers_per_item, items_complete, adaptive_overlap,
             labels, labeler_answers, adjudicated, audit_sampled, audit_referenced, guideline, guideline_version, guideline_versions_seen, integrity
    }

    var text: String {
        func percent(_ part: Int, _ whole: Int) -> String {
            whole == 0 ? "—" : String(format: "%.1f%%", Double(part) * 100 / Double(whole))
        }
        var lines = ["\(project)  (\(path))"]
        lines.append("  labels       \(order.joined(separator: " "))  [\(scale), k = \(adaptive_overlap?.labelers_per_item ?? String(labelers_per_item))]")
        if let guideline {
            lines.append("  guideline    \(guideline)  version \(guideline_version ?? "missing")  (\(guideline_versions_seen) seen)")
        }
        lines.append("  integrity    \(integrity)")
        lines.append("  items        \(grouped(items))")
        lines.append("  labelers     \(grouped(labelers))")
        lines.append("  annotations  \(grouped(annotations)) current answers  (\(grouped(events)) log events)")
        let coverageText = coverage.keys.compactMap(Int.init).sorted()
            .map { "\($0): \(grouped(coverage[String($0)]!))" }.joined(separator: " · ")
        lines.append("  coverage     labels per item  \(coverageText)")
        if let adaptive = adaptive_overlap {
            lines.append("  complete     \(grouped(items_complete)) of \(grouped(items)) items need no more labels (\(percent(items_complete, items))): their answers agree, or they have \(labelers_per_item)")
            lines.append("  adaptive     \(grouped(adaptive.labels_saved)) labels saved against a fixed k = \(labelers_per_item)"
                         + (adaptive.labels_saved_share.map { String(format: " (%.1f%% of what it needs for these items)", $0 * 100) } ?? "")
                         + " · \(grouped(adaptive.items_awaiting_tie_breaker)) \(adaptive.items_awaiting_tie_breaker == 1 ? "item awaits" : "items await") a tie-breaker")
        } else {
            lines.append("  complete     \(grouped(items_complete)) items have ≥ \(labelers_per_item) labels (\(percent(items_complete, items)))")
        }
        if adjudicated > 0 { lines.append("  adjudicated  \(grouped(adjudicated))") }
        if audit_sampled > 0 {
            lines.append("  audit        \(grouped(audit_referenced)) of \(grouped(audit_sampled)) sampled items labeled blind")
        }
        if annotations > 0 {
            let used = order.filter { labels[$0] != nil }.map { "\($0) \(grouped(labels[$0]!)) (\(percent(labels[$0]!, annotations)))" }
            lines.append("  answers      " + used.joined(separator: " · "))
            let people = labeler_answers.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }
            lines.append("  per labeler  " + people.joined(separator: " · "))
        }
        return lines.joined(separator: "\n")
    }
}
