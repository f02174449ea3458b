import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore

public enum ReviewView {
    public static func render(_ model: ReviewModel, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= 30, height >= 8 else {
            grid.put("window too small", x: max(0, (width - 16) / 2), y: height / 2, style: .warning)
            return grid
        }
        grid.fill(row: 0, style: .title)
        grid.put(" Concord · \(model.projectName) · \(model.blind ? "audit (blind)" : "review")", x: 0, y: 0, style: .title, limit: width - DisplayText.width(model.reviewer) - 3)
        grid.put(model.reviewer + " ", x: width - DisplayText.width(model.reviewer) - 1, y: 0, style: .title)
        var row = 2
        var legend = ""
        switch model.mode {
        case .queue:
            if model.blind {
                grid.put("\(model.queue.count) audit items to label blind · \(model.adjudicatedThisSession) labeled this session", x: 1, y: 1, style: .heading)
                if model.queue.isEmpty { grid.put("Nothing to audit: every sampled item has its reference.", x: 1, y: 3) }
            } else {
                grid.put("\(model.queue.count) items to review · \(model.adjudicatedThisSession) adjudicated this session", x: 1, y: 1, style: .heading)
                if model.queue.isEmpty { grid.put("Nothing to review: no open disagreements.", x: 1, y: 3) }
            }
            let visible = height - 4
            let start = max(0, min(model.selected - visible / 2, model.queue.count - visible))
            for (offset, entry) in model.queue.dropFirst(start).prefix(visible).enumerated() {
                let answers = entry.answers.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
                let style = start + offset == model.selected ? Style(reverse: true) : .plain
                grid.put(" \(entry.item.padding(toLength: 10, withPad: " ", startingAt: 0)) \(answers)", x: 0, y: 3 + offset, style: style, limit: width)
            }
            legend = model.blind ? "j/k move · Enter label · q quit" : "j/k move · Enter review · Tab dashboard · q quit"
        case .guideline(let scroll):
            let lines = Markdown.render(model.guidelineMarkdown, width: width - 2)
            for (offset, line) in lines.dropFirst(scroll).prefix(height - 3).enumerated() {
                var x = 1
                for span in line { x += grid.put(span.text, x: x, y: 2 + offset, style: span.style, limit: width - x) }
            }
            legend = "j/k scroll · Esc back"
        default:
            guard let current = model.current else { break }
            grid.put("item \(current.item.key)", x: 1, y: 1, style: .heading)
            if let adjudicated = current.adjudicated { grid.put("  adjudicated: \(adjudicated)", x: 8 + current.item.key.count, y: 1, style: .muted) }
            for line in TextWrap.lines(current.item.payload, width: width - 2).prefix(max(1, height - 10 - current.answers.count)) {
                grid.put(line, x: 1, y: row)
                row += 1
            }
            let metadata = current.item.metadata.map { "\($0.key): \($0.value)" }.joined(separator: " · ")
            if !metadata.isEmpty { grid.put(metadata, x: 1, y: row, style: .muted); row += 1 }
            row += 1
            if model.blind {
                grid.put("audit: your label is the reference; other answers are hidden", x: 1, y: row, style: .muted)
                row += 1
            } else {
                grid.put("answers", x: 1, y: row, style: .heading)
                grid.put(consensus(current.answers), x: 10, y: row, style: .muted, limit: width - 11)
                row += 1
                for answer in current.answers where row < height - 4 {
                    let seconds = answer.seconds.map { String(format: "%.1fs", $0) } ?? ""
                    grid.put("  \(answer.labeler.padding(toLength: 12, withPad: " ", startingAt: 0)) \(answer.label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(seconds.padding(toLength: 7, withPad: " ", startingAt: 0)) \(answer.note ?? "")",
                             x: 0, y: row, limit: width)
                    row += 1
                }
            }
            var bar = 1
            for label in model.labelSet.labels { bar += grid.put("\(label.hotkey) \(label.name)  ", x: bar, y: height - 3, style: .plain) }
            for special in model.labelSet.specials { bar += grid.put("\(special.hotkey) \(special.rawValue)  ", x: bar, y: height - 3) }
            switch model.mode {
            case let .reason(label):
                grid.put(" \(label) — why? 1 labeler slip · 2 guideline unclear · 3 truly ambiguous · 4 bad input", x: 0, y: height - 2, style: .warning)
                legend = "1-4 reason · Esc back"
            case let .note(text):
                grid.put(" guideline unclear: \(text)▏", x: 0, y: height - 2, style: .heading)
                legend = "type the note · Enter keep · Esc cancel"
            default:
                legend = model.blind ? "label key records the reference · g guideline unclear · ? guideline · Esc queue"
                    : "label key + reason · r send back · g guideline unclear · z revert · ? guideline · Esc queue"
            }
        }
        if let flash = model.flash, model.mode == .queue || model.mode == .item { grid.put(" " + flash, x: 0, y: height - 2, style: .muted) }
        grid.fill(row: height - 1, style: Style(reverse: true))
        grid.put(" " + legend, x: 0, y: height - 1, style: Style(reverse: true), limit: width)
        return grid
    }
}

extension ReviewView {
    /// "consensus: weather (2 of 3)", "no consensus: 1 each", from the answers on screen.
    static func consensus(_ answers: [ReviewItem.Answer]) -> String {
        var counts: [String: Int] = [:]
        for answer in answers { counts[answer.label, default: 0] += 1 }
        guard let top = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return "" }
        let total = answers.count
        if top.value == total { return "unanimous: \(top.key)" }
        if 2 * top.value > total { return "consensus: \(top.key) (\(top.value) of \(total))" }
        return "no consensus (" + counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }
}
