import ArgumentParser
import ConcordServices
import Foundation

struct ConsensusCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "consensus",
        abstract: "Each item's consensus label: majority vote, or Dawid–Skene (each labeler's confusion matrix, by EM).",
        discussion: """
            Dawid–Skene starts from majority vote and estimates every labeler's confusion matrix and the \
            class priors by EM; it stops when the evidence bound improves by less than --tolerance, or after \
            --max-iterations. Both are reported, with whether it converged. Special labels are left out.
            Example: concord consensus convabuse --method dawid-skene --json
            """)

    @Argument(help: "The project folder.") var project: String
    @Option(help: "majority or dawid-skene.") var method: ConsensusLabels.Method = .majority
    @Option(help: "Dawid–Skene: the most EM iterations.") var maxIterations = 100
    @Option(help: "Dawid–Skene: stop when the evidence bound per answer improves by less than this.") var tolerance = 1e-5
    @Flag(help: "Print items, labelers (with their confusion matrices) and the fit as JSON.") var json = false
    @OptionGroup var identity: IdentityOptions

    func validate() throws {
        guard maxIterations >= 1 else { throw ValidationError("--max-iterations is at least 1") }
        guard tolerance.isFinite, tolerance >= 0 else { throw ValidationError("--tolerance is a number ≥ 0") }
    }

    func execute() throws {
        let opened = try Project(path: project, access: .reading)
        // Per-labeler confusion matrices and per-item labels are individual figures.
        try identity.identify(opened).require(.readAnswers)
        let result = try ConsensusLabels.compute(opened, method: method, maximumIterations: maxIterations, tolerance: tolerance)
        if json { try printJSON(result); return }
        printSafe("\(opened.config.name): \(grouped(result.items.count)) items, consensus by \(method.rawValue)")
        if method == .dawidSkene {
            printSafe("  EM: \(result.iterations) iterations, \(result.converged ? "converged (tolerance \(tolerance))" : "stopped at --max-iterations without converging")")
        }
        var labelers = TextTable("labeler", "answers", method == .dawidSkene ? "accuracy (model)" : "agrees with consensus")
        for labeler in result.labelers { labelers.add(labeler.labeler, grouped(labeler.answers), String(format: "%.3f", labeler.accuracy)) }
        printSafe(labelers.text)
        var counts: [String: Int] = [:]
        for item in result.items { counts[item.label, default: 0] += 1 }
        printSafe("  labels: " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }.joined(separator: " · "))
        let unsure = result.items.filter { $0.posterior < 0.6 }.count
        printSafe("  \(grouped(unsure)) items with a posterior under 0.6 (--json lists every item)")
    }
}

extension ConsensusLabels.Method: ExpressibleByArgument {}
