import ConcordFormats
import ConcordServices
import ConcordAnalysis
import Foundation

/// Draws the dashboard. Every figure shows its n; intervals are drawn as whiskers on the bars;
/// heatmaps use shades (░▒▓█) with the number in each cell, so they read without colour.
public enum DashboardView {
    public static func render(_ model: DashboardModel, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= 40, height >= 10 else {
            grid.put("window too small", x: max(0, (width - 16) / 2), y: height / 2, style: .warning)
            return grid
        }
        grid.fill(row: 0, style: .title)
        grid.put(" Concord · \(model.projectName) · dashboard", x: 0, y: 0, style: .title, limit: width - 1)
        var x = 1
        for panel in DashboardModel.Panel.allCases {
            let label = " \(panel.rawValue + 1) \(panel.title) "
            x += grid.put(label, x: x, y: 1, style: panel == model.panel ? Style(bold: true, reverse: true) : .muted)
            x += 1
        }
        let lines = panel(model, width: width)
        let top = 3, visible = height - top - 1
        let start = min(model.scroll, max(0, lines.count - visible))
        for (offset, line) in lines.dropFirst(start).prefix(visible).enumerated() {
            var column = 1
            for (text, style) in line { column += grid.put(text, x: column, y: top + offset, style: style, limit: width - column) }
        }
        grid.fill(row: height - 1, style: Style(reverse: true))
        let legend = model.selection.map { "\($0) · q quit" }
            ?? "Tab/1-6 panels · j/k scroll · arrows move · Enter open cell · q quit"
        grid.put(" " + legend, x: 0, y: height - 1, style: Style(reverse: true), limit: width)
        return grid
    }

    /// The lines of the panel on show; a line saying why while there are no figures yet.
    static func panel(_ model: DashboardModel, width: Int) -> [[(String, Style)]] {
        guard let figures = model.figures else {
            if let failure = model.loadFailure { return [[("Cannot load the figures: \(failure)", .warning)]] }
            return [[("loading the figures…", .muted)]]
        }
        switch model.panel {
        case .overview: return overview(figures, width: width)
        case .hlp: return hlp(figures, width: width)
        case .labelers: return labelers(figures, cursor: model.cursor, width: width)
        case .confusion: return confusion(figures, cursor: model.cursor, width: width)
        case .gap: return gap(figures, width: width)
        case .model: return evaluation(figures, width: width)
        }
    }

    static func value(_ number: Double?, _ digits: Int = 3) -> String {
        guard let number, number.isFinite else { return "—" }
        return String(format: "%.\(digits)f", number)
    }

    /// A horizontal bar of `width` cells for a share in [0, 1]. With an interval, the part of the
    /// bar inside it is shaded (▓) and the part above the value runs to a whisker (─┤).
    static func bar(_ share: Double?, low: Double?, high: Double?, width: Int) -> String {
        guard let share, width > 0 else { return String(repeating: " ", count: max(0, width)) }
        func cell(_ value: Double) -> Int { max(0, min(width, Int((value * Double(width)).rounded()))) }
        var cells = [Character](repeating: " ", count: width)
        let filled = cell(share)
        for index in 0..<filled { cells[index] = "█" }
        if let low, let high {
            for index in cell(low)..<max(cell(low), filled) { cells[index] = "▓" }
            let end = max(filled, cell(high))
            for index in filled..<end { cells[index] = "─" }
            if end > filled { cells[end - 1] = "┤" }
        }
        return String(cells)
    }

    static func overview(_ figures: DashboardData, width: Int) -> [[(String, Style)]] {
        let report = figures.report, progress = figures.progress
        var lines: [[(String, Style)]] = [[("Progress", .heading)]]
        let coverage = progress.coverage
        let share = coverage.items == 0 ? 0 : Double(coverage.items_complete) / Double(coverage.items)
        let done = coverage.adaptive ? "items labeled enough (\(coverage.labelers_per_item))  " : "items with ≥ \(coverage.labelers_per_item) labels  "
        lines.append([(done, .plain), (bar(share, low: nil, high: nil, width: 30), Style(color: .green)),
                      ("  \(coverage.items_complete) of \(coverage.items)", .plain)])
        if coverage.adaptive {
            lines.append([("adaptive overlap saved  ", .plain), ("\(coverage.labels_saved) \(coverage.labels_saved == 1 ? "label" : "labels")", .heading),
                          ("  (\(value(coverage.labels_saved_share.map { $0 * 100 }, 1))% of a fixed k = \(coverage.maximum) on the finished items) · \(coverage.items_awaiting_tie_breaker) await a tie-breaker", .muted)])
        }
        let most = max(1, progress.perLabeler.map(\.answers).max() ?? 1)
        for labeler in progress.perLabeler {
            lines.append([(labeler.name.padding(toLength: 14, withPad: " ", startingAt: 0), .plain),
                          (bar(Double(labeler.answers) / Double(most), low: nil, high: nil, width: 20), .muted),
                          ("  \(labeler.answers)", .plain)])
        }
        lines.append([])
        lines.append([("Agreement", .heading), ("   n = \(report.items_multi) items with ≥ 2 labels, K = \(report.categories.count)", .muted)])
        let alphaInterval = report.alpha_low.map { "  [\(value($0))–\(value(report.alpha_high))]" } ?? ""
        lines.append([("Krippendorff's α (\(report.alpha_metric))  ", .plain), (value(report.krippendorff_alpha), .heading), (alphaInterval, .muted)])
        lines.append([("Fleiss' κ  ", .plain), (value(report.fleiss_kappa), .heading), ("   Gwet's AC1  ", .plain),
                      (value(report.gwet_ac1), .heading), ("   % agreement  ", .plain), (value(report.percent_agreement), .heading)])
        lines.append([("Cohen's κ (mean of \(report.cohen_kappa.count) pairs)  ", .plain), (value(report.mean_cohen_kappa), .heading)])
        if let adaptive = report.adaptive_overlap {
            // Adaptive overlap asks for more labels where answers disagree: the figures above
            // are biased; every item's first labels are not.
            lines.append([("labeled adaptively (\(adaptive.labelers_per_item)), first \(adaptive.first_labels) labels: α  ", .plain),
                          (value(adaptive.krippendorff_alpha), .heading), ("   % agreement  ", .plain),
                          (value(adaptive.percent_agreement), .heading), ("  n = \(adaptive.items), unbiased", .muted)])
        }
        lines.append([("HLP, pairwise  ", .plain), (value(report.hlp), .heading),
                      ("  [\(value(report.hlp_low))–\(value(report.hlp_high))] n = \(report.hlp_n) labels", .muted)])
        if let reference = report.hlp_reference {
            lines.append([("HLP vs audit reference  ", .plain), (value(reference.value), .heading),
                          ("  [\(value(reference.low))–\(value(reference.high))] n = \(reference.n) labels on \(reference.items) items", .muted)])
        }
        if figures.audit.sampled == 0 {
            lines.append([("audit: none yet (concord audit PROJECT --sample N, then review --audit)", .muted)])
        } else {
            let done = Double(figures.audit.referenced) / Double(figures.audit.sampled)
            lines.append([("audit  ", .plain), (bar(done, low: nil, high: nil, width: 20), Style(color: .cyan)),
                          ("  \(figures.audit.referenced) of \(figures.audit.sampled) sampled items labeled blind", .plain)])
        }
        lines.append([])
        lines.append([("Agreement per round", .heading)])
        if report.per_round.count <= 1 {
            lines.append([("one guideline version so far: rounds appear when the guideline changes", .muted)])
        } else {
            let sparks = Array("▁▂▃▄▅▆▇█")
            let spark = report.per_round.map { round -> Character in
                guard let alpha = round.krippendorff_alpha else { return " " }
                return sparks[max(0, min(7, Int((alpha * 7).rounded())))]
            }
            lines.append([(String(spark), Style(color: .cyan)), ("  α per round: " + report.per_round.map { value($0.krippendorff_alpha, 2) }.joined(separator: " → "), .plain)])
        }
        return lines
    }

    static func hlp(_ figures: DashboardData, width: Int) -> [[(String, Style)]] {
        let barWidth = max(10, min(40, width - 46))
        var lines: [[(String, Style)]] = [[("HLP per label", .heading), ("   bar = pairwise HLP, ├─┤ = 95% interval", .muted)]]
        func row(_ name: String, _ share: Double?, _ low: Double?, _ high: Double?, _ n: Int) -> [(String, Style)] {
            [(name.padding(toLength: 18, withPad: " ", startingAt: 0), .plain), (bar(share, low: low, high: high, width: barWidth), Style(color: .green)),
             ("  \(value(share))  n=\(n)", .plain)]
        }
        // Against the audit reference, under the pairwise bar, once there is an audit.
        func reference(_ figure: ReferenceHLP?) {
            guard let figure else { return }
            lines.append([("  vs reference".padding(toLength: 18, withPad: " ", startingAt: 0), .muted),
                          (bar(figure.value, low: figure.low, high: figure.high, width: barWidth), Style(color: .cyan)),
                          ("  \(value(figure.value))  n=\(figure.n)", .muted)])
        }
        if figures.report.hlp_reference != nil {
            lines[0].append(("; cyan = vs the audit reference", .muted))
        }
        for label in figures.report.per_label where label.n > 0 {
            lines.append(row(label.label, label.hlp, label.hlp_low, label.hlp_high, label.hlp_n))
            reference(label.hlp_reference)
        }
        if let slices = figures.report.per_slice, let field = slices.first?.field {
            lines.append([])
            lines.append([("HLP per \(field)", .heading)])
            for slice in slices {
                lines.append(row(slice.value, slice.hlp, slice.hlp_low, slice.hlp_high, slice.hlp_n))
                reference(slice.hlp_reference)
            }
        }
        return lines
    }

    static let shades = [" ", "░", "▒", "▓", "█"]

    /// A heatmap; shades span the observed range of the values shown (given in the legend), so
    /// differences stay visible even when every value is high.
    static func heatmap(names: [String], value cell: (Int, Int) -> Double?, cursor: (row: Int, column: Int),
                        format: (Double) -> String) -> [[(String, Style)]] {
        let values = names.indices.flatMap { row in names.indices.compactMap { cell(row, $0) } }
        let low = values.min() ?? 0, high = values.max() ?? 1
        let scale = { (value: Double) in high > low ? (value - low) / (high - low) : 1 }
        let short = names.map { $0.count <= 6 ? $0.padding(toLength: 6, withPad: " ", startingAt: 0) : String($0.prefix(5)) + "…" }
        var lines: [[(String, Style)]] = [[(String(repeating: " ", count: 15), .plain)] + short.map { ($0 + "  ", Style.muted) }]
        for (row, name) in names.enumerated() {
            var line: [(String, Style)] = [(name.count <= 14 ? name.padding(toLength: 15, withPad: " ", startingAt: 0) : String(name.prefix(13)) + "… ", .plain)]
            for column in names.indices {
                let selected = row == cursor.row && column == cursor.column
                guard let number = cell(row, column) else { line.append(("  ·     ", selected ? Style(reverse: true) : .muted)); continue }
                let level = max(0, min(4, Int((scale(number) * 4).rounded())))
                let shade = shades[level] + shades[level]
                line.append((shade + format(number).padding(toLength: 4, withPad: " ", startingAt: 0) + "  ", selected ? Style(reverse: true) : .plain))
            }
            lines.append(line)
        }
        lines.append([])
        lines.append([("legend: ", .muted), ("\(format(low)) ░░ ▒▒ ▓▓ ██ \(format(high))", .plain)])
        return lines
    }

    static func labelers(_ figures: DashboardData, cursor: (row: Int, column: Int), width: Int) -> [[(String, Style)]] {
        let people = figures.report.labeler_figures.filter { $0.answers > 0 }
        let names = people.map(\.labeler)
        var byPair: [String: Double] = [:]
        for pair in figures.report.cohen_kappa { if let kappa = pair.kappa { byPair[pair.a + "\u{0}" + pair.b] = kappa; byPair[pair.b + "\u{0}" + pair.a] = kappa } }
        var lines: [[(String, Style)]] = [[("Cohen's κ between labelers", .heading), ("   Enter reviews the items a pair disagrees on", .muted)]]
        if !figures.report.withheld.isEmpty {
            lines = [[("Cohen's κ between labelers", .heading)],
                     [("Per-pair κ and other labelers' figures are for reviewers and admins; your own row is below.", .muted)]]
        }
        lines += heatmap(names: names, value: { row, column in row == column ? nil : byPair[names[row] + "\u{0}" + names[column]] },
                         cursor: cursor, format: { String(format: "%.2f", $0) })
        lines.append([])
        // Agreement with oneself (retests) beside agreement with the others: a labeler who
        // disagrees with themselves needs another conversation than one who disagrees with the team.
        let selfKappa = Dictionary((figures.report.test_retest?.per_labeler ?? []).map { ($0.labeler, $0.cohen_kappa) }) { first, _ in first }
        let retests = figures.report.test_retest != nil
        lines.append([("labeler         answers  vs consensus  median s  borderline  unintell." + (retests ? "  self κ" : ""), .heading)])
        for person in people {
            let text = person.labeler.padding(toLength: 15, withPad: " ", startingAt: 0)
                + String(person.answers).leftPad(8) + value(person.consensus_agreement).leftPad(14)
                + value(person.median_seconds, 1).leftPad(10)
                + (person.borderline_share.map { String(format: "%.1f%%", $0 * 100) } ?? "—").leftPad(12)
                + (person.unintelligible_share.map { String(format: "%.1f%%", $0 * 100) } ?? "—").leftPad(11)
                + (retests ? value(selfKappa[person.labeler] ?? nil).leftPad(8) : "")
            lines.append([(text, .plain)])
        }
        return lines
    }

    static func confusion(_ figures: DashboardData, cursor: (row: Int, column: Int), width: Int) -> [[(String, Style)]] {
        let names = figures.report.categories
        let matrix = figures.report.coincidence
        var lines: [[(String, Style)]] = [[("Label coincidences (pairs of answers on one item)", .heading),
                                           ("   off-diagonal = confusion; Enter reviews the items", .muted)]]
        // The diagonal (agreement) would swamp the scale: shade the confusions only.
        lines += heatmap(names: names, value: { row, column in row == column || matrix[row][column] == 0 ? nil : matrix[row][column] },
                         cursor: cursor, format: { String(format: "%.0f", $0) })
        lines.append([("agreements (diagonal): ", .muted),
                      (names.indices.map { "\(names[$0]) \(String(format: "%.0f", matrix[$0][$0]))" }.joined(separator: " · "), .plain)])
        return lines
    }

    static func gap(_ figures: DashboardData, width: Int) -> [[(String, Style)]] {
        guard let gap = figures.gap else { return noPredictions }
        var lines: [[(String, Style)]] = [[("Model gap to HLP (\(gap.model)), sorted by gap × share", .heading)]]
        for scoring in [GapReport.Scoring.labels, .audit] {
            let rows = gap.rows.filter { $0.scoring == scoring }
            guard !rows.isEmpty else { continue }
            lines.append(scoring == .labels
                ? [("vs each individual label: model \(value(gap.model_accuracy)) · people (pairwise HLP) \(value(gap.hlp)) on \(gap.items_compared) items", .muted)]
                : [("vs the audit reference: model \(value(gap.model_accuracy_reference)) · people \(value(gap.hlp_reference)) on \(gap.audited_items_compared) items", .muted)])
            lines.append([("labels F1, slices accuracy", .muted)])
            lines.append([("category                    share   model    HLP     gap   gap×share", .heading)])
            for row in rows {
                let name = row.category == "label" ? row.value : "\(row.category)=\(row.value)"
                let text = name.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + (row.share.map { String(format: "%.1f%%", $0 * 100) } ?? "—").leftPad(7)
                    + value(row.model).leftPad(8) + value(row.hlp).leftPad(7) + value(row.gap).leftPad(8)
                    + value(row.gap_x_share, 4).leftPad(11)
                lines.append([(text, (row.gap ?? 0) > 0.1 ? Style(bold: true, color: .yellow) : .plain)])
            }
            lines.append([])
        }
        return lines
    }

    static let noPredictions: [[(String, Style)]] = [
        [("No model predictions yet.", .heading)],
        [("Import them with: concord import-predictions PROJECT FILE (item,prediction)", .muted)],
    ]

    /// The model against the resolved reference: per-class precision, recall and F1 as bars,
    /// then the confusion matrix (rows reference, columns prediction).
    static func evaluation(_ figures: DashboardData, width: Int) -> [[(String, Style)]] {
        guard let evaluation = figures.evaluation else { return noPredictions }
        var lines: [[(String, Style)]] = [
            [("Model \(evaluation.model) vs the resolved reference", .heading)],
            [("accuracy \(value(evaluation.accuracy)) · macro-F1 \(value(evaluation.macro_f1)) on \(evaluation.items) items · \(evaluation.left_out["total"] ?? 0) left out (no resolved reference)", .muted)],
            [],
            [("label              precision  recall     F1   support", .heading)],
        ]
        let barWidth = max(0, min(24, width - 56))
        for label in evaluation.per_label where label.support > 0 || label.tp + label.fp > 0 {
            let text = label.label.padding(toLength: 18, withPad: " ", startingAt: 0) + value(label.precision).leftPad(10)
                + value(label.recall).leftPad(8) + value(label.f1).leftPad(7) + String(label.support).leftPad(10) + "  "
            lines.append([(text, .plain), (bar(label.f1, low: nil, high: nil, width: barWidth), Style(color: .green))])
        }
        lines.append([])
        lines.append([("Confusion: rows reference, columns prediction", .heading)])
        // Only the labels that occur, as a reference or a prediction: the rest are empty rows.
        let all = evaluation.confusion.matrix
        let shown = all.indices.filter { k in all[k].contains { $0 > 0 } || all.contains { $0[k] > 0 } }
        lines += heatmap(names: shown.map { evaluation.confusion.labels[$0] },
                         value: { row, column in all[shown[row]][shown[column]] == 0 ? nil : Double(all[shown[row]][shown[column]]) },
                         cursor: (-1, -1), format: { String(format: "%.0f", $0) })
        return lines
    }
}

extension String {
    /// Right-aligns the string in `width` characters (for text tables).
    public func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
