import ConcordAnalysis
import ConcordStore
import ArgumentParser
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordTUI
import Foundation

struct CheckCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Data tests for CI: leakage, split drift, classes per split, label quality, coverage, metadata.",
        discussion: """
            Each check prints pass, fail or skip with its figure and threshold; the exit code is 1 when \
            any check fails, so a CI job can run `concord export … && concord check PROJECT --export DIR`. \
            Leakage, drift and classes per split read the export folder (--export); without it they are \
            skipped. Thresholds come from concord.yaml's `checks:` setting; the defaults:
            \(CheckThresholds.settings.map { "\($0.key): \(Self.format(CheckThresholds()[keyPath: $0.keyPath])) (\($0.meaning))" }.joined(separator: "; ")).
            """)

    @Argument(help: "The project folder.") var project: String
    @Option(help: "An export folder written by `concord export` (for the leakage and split checks).") var export: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func execute() throws {
        let opened = try Project(path: project, access: .reading)
        let report = try DataChecks.run(opened, export: export)
        if json { try printJSON(report) } else { printSafe(Self.text(report)) }
        if !report.passed { throw ExitCode(1) }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%g", value)
    }

    static func text(_ report: CheckReport) -> String {
        let failed = report.failed, skipped = report.checks.filter { $0.status == .skip }.count
        var lines = ["\(report.project): \(report.checks.count) checks, \(failed) failed, \(skipped) skipped"
                     + (report.export.map { " (export \($0))" } ?? " (no --export: split checks skipped)")]
        let nameWidth = report.checks.map(\.name.count).max() ?? 0
        for check in report.checks {
            let figure = check.figure.map { $0 == $0.rounded() ? String(Int($0)) : String(format: "%.3f", $0) } ?? "—"
            let bound = check.threshold.map { (check.name == "labels.hlp" || check.name == "labels.per_split" ? "≥ " : "≤ ") + format($0) } ?? ""
            lines.append("  \(check.status.rawValue.uppercased())  \(check.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  "
                         + "\(figure.leftPad(7))  \(bound.padding(toLength: 7, withPad: " ", startingAt: 0))  \(check.detail)")
        }
        lines.append(report.passed ? "All checks passed." : "\(failed) check\(failed == 1 ? "" : "s") failed: see FAIL above.")
        return lines.joined(separator: "\n")
    }
}
