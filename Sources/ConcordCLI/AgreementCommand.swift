import ConcordStore
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import Foundation

/// Options shared by the agreement reports.
struct AgreementOptions: ParsableArguments {
    @Argument(help: "The project folder.") var project: String
    @Option(help: "A metadata field (or the group field) to report per value, e.g. condition.") var by: String?
    @Option(help: "Only answers made under one guideline version: its round number or hash prefix.") var round: String?
    @Flag(help: "Leave borderline and unintelligible answers out (K shrinks).") var excludeSpecial = false
    @Flag(help: "Print the report as JSON (full precision).") var json = false
    @Option(help: "Read labels as of this schema version (0: before any merge or rename; see `concord schema`).")
    var schemaVersion: Int64?

    func query(withPredictions: Bool = false) -> AgreementQuery {
        var query = AgreementQuery(sliceField: by, round: round, excludeSpecial: excludeSpecial, withPredictions: withPredictions)
        query.schemaVersion = schemaVersion
        return query
    }
}

struct AgreementCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "How much the labelers agree: α, κ, AC1, specific agreement, HLP, per label, slice and round.")

    @OptionGroup var options: AgreementOptions
    @Option(help: "Bootstrap replicates for the α interval (0: none).") var bootstrap = 1000
    @Option(help: "Seed of the bootstrap.") var seed: UInt64 = 20_261_122

    func execute() throws {
        let project = try Project(path: options.project, access: .reading)
        let loaded = try RatingTableLoader.load(project, options.query())
        var analysis = AgreementAnalysis.configured(for: loaded, query: options.query())
        analysis.bootstrapReplicates = bootstrap
        analysis.bootstrapSeed = seed
        var report = analysis.run(loaded.table)
        report.test_retest = try RatingTableLoader.testRetest(project, options.query(), categories: report.categories)
        report.adaptive_overlap = try RatingTableLoader.adaptiveOverlap(project, options.query())
        // Per-pair figures and other people's rows are for reviewers and admins.
        let reader = try IdentityOptions.identify(project).person
        if !reader.role.may(.readAnswers) { report = report.withIndividualFiguresWithheld(keeping: reader.name) }
        if options.json { try printJSON(report); return }
        printSafe(AgreementText.render(report, project: project, loaded: loaded))
    }
}

/// The agreement report as readable text.
enum AgreementText {
    static func render(_ report: AgreementReport, project: Project, loaded: RatingTableLoader.Loaded) -> String {
        var out: [String] = []
        var scopeParts = [report.round.map { "round \($0)" } ?? "all rounds"]
        if !project.config.labelSet.specials.isEmpty {
            scopeParts.append(report.exclude_special ? "special labels left out" : "special labels counted")
        }
        let scope = scopeParts.joined(separator: ", ")
        out.append("\(project.config.name): agreement (\(scope))")
        out.append("  \(grouped(report.items)) items, \(grouped(report.items_multi)) with ≥ 2 labels · \(report.labelers) labelers · \(grouped(report.annotations)) answers · K = \(report.categories.count)")
        if loaded.answersOutsideLabelSet > 0 {
            out.append("  note: \(grouped(loaded.answersOutsideLabelSet)) answers carry labels that are not in concord.yaml and are not counted")
        }
        out.append("")
        var headline = TextTable("figure", "value", "95% interval", "n")
        let alphaName = "Krippendorff's α (\(report.alpha_metric))"
        let bootstrapNote = report.bootstrap_replicates > 0 ? Figure.interval(report.alpha_low, report.alpha_high) : "—"
        headline.add(alphaName, Figure.value(report.krippendorff_alpha), bootstrapNote, grouped(report.items_multi))
        if report.alpha_metric == "ordinal" {
            headline.add("Krippendorff's α (nominal)", Figure.value(report.krippendorff_alpha_nominal), "", grouped(report.items_multi))
        }
        headline.add("Fleiss' κ (Gwet 2014)", Figure.value(report.fleiss_kappa), "", grouped(report.items_multi))
        headline.add("Gwet's AC1", Figure.value(report.gwet_ac1), "", grouped(report.items_multi))
        headline.add("percent agreement", Figure.value(report.percent_agreement), "", grouped(report.items_multi))
        headline.add("Cohen's κ, mean of \(report.cohen_kappa.count) pairs", Figure.value(report.mean_cohen_kappa), "", "")
        headline.add("HLP, pairwise", Figure.value(report.hlp), Figure.interval(report.hlp_low, report.hlp_high), grouped(report.hlp_n))
        if let reference = report.hlp_reference {
            headline.add("HLP vs audit reference", Figure.value(reference.value), Figure.interval(reference.low, reference.high),
                         grouped(reference.n))
        }
        headline.header = ["", "", "95% interval", "n"]
        out.append(headline.text)
        if report.bootstrap_replicates > 0 {
            out.append("  (α interval: \(report.bootstrap_replicates) bootstrap replicates over items, seed \(report.bootstrap_seed))")
        }
        out.append(HLPText.note(report.hlp_reference))
        if let adaptive = report.adaptive_overlap {
            out.append("")
            out.append("Adaptive overlap (\(adaptive.labelers_per_item)): items got more than \(adaptive.first_labels) labels only where the first \(adaptive.first_labels) disagreed,")
            out.append("so the figures above are biased. Every item's first \(adaptive.first_labels) labels are the unbiased figure:")
            var table = TextTable("first labels", "value", "n")
            table.add("Krippendorff's α (\(report.alpha_metric))", Figure.value(adaptive.krippendorff_alpha), grouped(adaptive.items))
            table.add("percent agreement", Figure.value(adaptive.percent_agreement), grouped(adaptive.items))
            out.append(table.text)
        }


        out.append("")
        var labels = TextTable("label", "answers", "share", "specific agr.", "HLP", "95% interval", "n", "HLP vs ref.", "n")
        for label in report.per_label {
            labels.add(label.label, grouped(label.n), Figure.percent(label.share), Figure.value(label.specific_agreement),
                       Figure.value(label.hlp), Figure.interval(label.hlp_low, label.hlp_high), grouped(label.hlp_n),
                       Figure.value(label.hlp_reference?.value), grouped(label.hlp_reference?.n ?? 0))
        }
        out.append(labels.text)

        if let slices = report.per_slice {
            out.append("")
            var table = TextTable(slices.first?.field ?? "slice", "items", "share", "≥ 2", "% agree", "α nominal", "HLP", "95% interval", "n",
                                  "HLP vs ref.", "n")
            for slice in slices {
                table.add(slice.value, grouped(slice.n), Figure.percent(slice.share), grouped(slice.items_multi),
                          Figure.value(slice.percent_agreement), Figure.value(slice.krippendorff_alpha),
                          Figure.value(slice.hlp), Figure.interval(slice.hlp_low, slice.hlp_high), grouped(slice.hlp_n),
                          Figure.value(slice.hlp_reference?.value), grouped(slice.hlp_reference?.n ?? 0))
            }
            out.append(table.text)
        }

        out.append("")
        var people = TextTable("labeler", "answers", "vs consensus", "95% interval", "median s", "borderline", "unintell.", "mean κ")
        for labeler in report.labeler_figures where labeler.answers > 0 {
            people.add(labeler.labeler, grouped(labeler.answers), Figure.value(labeler.consensus_agreement),
                       Figure.interval(labeler.consensus_low, labeler.consensus_high),
                       Figure.value(labeler.median_seconds, digits: 1), Figure.percent(labeler.borderline_share),
                       Figure.percent(labeler.unintelligible_share), Figure.value(labeler.mean_kappa))
        }
        out.append(people.text)
        if let retest = report.test_retest {
            out.append("")
            out.append("Test–retest: each labeler's repeated answers against their own first answers")
            var table = TextTable("labeler", "retests", "agree with self", "Cohen's κ")
            table.add("all", grouped(retest.n), Figure.value(retest.agreement), Figure.value(retest.cohen_kappa))
            for labeler in retest.per_labeler {
                table.add(labeler.labeler, grouped(labeler.n), Figure.value(labeler.agreement), Figure.value(labeler.cohen_kappa))
            }
            out.append(table.text)
        }

        out.append("")
        if report.withheld.isEmpty {
            out.append(kappaMatrix(report))
        } else {
            out.append("Per-pair κ and other labelers' figures are for reviewers and admins; you see your own row.")
        }
        out.append("")
        out.append(coincidenceMatrix(report))

        if report.per_round.count > 1 || report.round != nil {
            out.append("")
            var rounds = TextTable("round", "guideline", "items", "≥ 2", "% agree", "α nominal")
            for round in report.per_round {
                rounds.add(String(round.round), round.guideline_version, grouped(round.items), grouped(round.items_multi),
                           Figure.value(round.percent_agreement), Figure.value(round.krippendorff_alpha))
            }
            out.append(rounds.text)
        }
        return out.joined(separator: "\n")
    }

    /// Labeler × labeler Cohen's κ (items both labeled in brackets when few).
    static func kappaMatrix(_ report: AgreementReport) -> String {
        let names = report.labeler_figures.filter { $0.answers > 0 }.map(\.labeler)
        var byPair: [String: AgreementReport.PairKappa] = [:]
        for pair in report.cohen_kappa { byPair["\(pair.a)\u{0}\(pair.b)"] = pair; byPair["\(pair.b)\u{0}\(pair.a)"] = pair }
        var table = TextTable(row: ["Cohen's κ"] + names)
        for a in names {
            table.add(row: [a] + names.map { b in
                if a == b { return "·" }
                guard let pair = byPair["\(a)\u{0}\(b)"] else { return "" }
                return Figure.value(pair.kappa, digits: 2)
            })
        }
        return table.text
    }

    /// Krippendorff's coincidence matrix between labels (pairable items), as counts.
    static func coincidenceMatrix(_ report: AgreementReport) -> String {
        var table = TextTable(row: ["coincidences"] + report.categories.map(abbreviate))
        for (c, row) in report.coincidence.enumerated() {
            table.add(row: [report.categories[c]] + row.map { $0 == 0 ? "·" : String(format: "%.0f", $0) })
        }
        return table.text
    }

    static func abbreviate(_ name: String) -> String { name.count <= 8 ? name : String(name.prefix(7)) + "…" }
}

extension TextTable {
    init(row header: [String]) {
        self.header = header
    }
}
