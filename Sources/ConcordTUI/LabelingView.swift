import ConcordDomain
import ConcordStore

/// The labeling screen's view: model + size → cell grid. Works from 80×24 down to 20×6; smaller
/// than that it says "window too small".
public enum LabelingView {
    public static let minimumSize = (width: 20, height: 6)

    public static func render(_ model: LabelingModel, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= minimumSize.width, height >= minimumSize.height else {
            let message = width >= 8 ? "window too small" : "small"
            grid.put(message, x: max(0, (width - message.count) / 2), y: height / 2, style: .warning)
            return grid
        }
        drawTitle(&grid, model)
        let legendRow = height - 1
        switch model.mode {
        case let .guideline(scroll):
            let position = drawGuideline(&grid, model, scroll: scroll, top: 1, bottom: legendRow)
            drawLegend(&grid, fitting(["j/k scroll · PgUp/PgDn page · Esc back to labeling" + position,
                                       "j/k PgUp PgDn · Esc back" + position], width: width), row: legendRow)
            return grid
        default:
            break
        }
        if model.finished {
            drawFinished(&grid, model, top: 1, bottom: legendRow)
            drawLegend(&grid, "r look again · u undo last · ? guideline · q quit", row: legendRow)
            return grid
        }
        let labelRows = labelBar(model, width: width)
        // Rows, top to bottom: title, progress, rule, text…, metadata, rule, labels, note/flash, legend.
        let compact = height < 12
        var top = 1
        if !compact {
            drawProgress(&grid, model, row: top)
            top += 1
            grid.fill(row: top, style: .muted, character: "─")
            top += 1
        }
        let statusRow = legendRow - 1
        let barTop = max(top + 1, statusRow - labelRows.count)
        var bottomOfText = barTop - (compact ? 0 : 1)
        if !compact { grid.fill(row: barTop - 1, style: .muted, character: "─") }
        if let item = model.item {
            let metadata = item.metadata.map { "\($0.key): \($0.value)" }.joined(separator: " · ")
            if !metadata.isEmpty && bottomOfText - top >= 3 {
                grid.put(metadata, x: 1, y: bottomOfText - 1, style: .muted, limit: width - 2)
                bottomOfText -= 2
            }
            drawText(&grid, item.payload, scroll: model.textScroll, top: top, bottom: bottomOfText, width: width)
        } else if model.retry != nil {
            grid.put("could not load the next item; Enter tries again, q quits", x: 1, y: top, style: .warning, limit: width - 2)
        } else {
            grid.put("loading the next item…", x: 1, y: top, style: .muted)
        }
        for (offset, line) in labelRows.enumerated() where barTop + offset < statusRow {
            var x = 1
            for (key, name) in line {
                x += grid.put(key, x: x, y: barTop + offset, style: .key)
                x += grid.put(" " + name + "  ", x: x, y: barTop + offset)
            }
        }
        drawStatus(&grid, model, row: statusRow)
        drawLegend(&grid, fitting(legends(model), width: width), row: legendRow)
        return grid
    }

    /// The first of the texts that fits the width (the last one, cut, when none does).
    static func fitting(_ candidates: [String], width: Int) -> String {
        candidates.first { DisplayText.width($0) + 1 <= width } ?? candidates.last ?? ""
    }

    static func drawTitle(_ grid: inout CellGrid, _ model: LabelingModel) {
        grid.fill(row: 0, style: .title)
        // Who is labeling, under which guideline version, on the right; as much of the project on
        // the left as fits.
        let full = model.labeler + (model.guidelineVersion.map { " · guideline \($0)" } ?? "") + " "
        let right = DisplayText.width(full) <= grid.width / 2 + 10 ? full : model.labeler + " "
        let rightWidth = min(grid.width, DisplayText.width(right))
        grid.put(right, x: grid.width - rightWidth, y: 0, style: .title)
        grid.put(" Concord · " + model.projectName, x: 0, y: 0, style: .title, limit: max(0, grid.width - rightWidth - 1))
    }

    static func drawProgress(_ grid: inout CellGrid, _ model: LabelingModel, row: Int) {
        var x = 1
        if let position = model.position {
            x += grid.put("item \(position.current) of \(position.total)  ", x: x, y: row, style: .heading)
            let barWidth = max(0, min(30, grid.width - x - 16))
            if barWidth >= 5 {
                let done = min(barWidth, max(0, (position.current - 1) * barWidth / max(1, position.total)))
                x += grid.put(String(repeating: "█", count: done), x: x, y: row, style: Style(color: .green))
                x += grid.put(String(repeating: "░", count: barWidth - done), x: x, y: row, style: .muted)
                x += grid.put("  ", x: x, y: row)
            }
        } else {
            x += grid.put("item \(model.answeredThisSession.count + 1)  ", x: x, y: row, style: .heading)
        }
        if let item = model.item { grid.put(item.key, x: x, y: row, style: .muted) }
    }

    static func drawText(_ grid: inout CellGrid, _ text: String, scroll: Int, top: Int, bottom: Int, width: Int) {
        let lines = TextWrap.lines(text, width: width - 2)
        let visible = max(0, bottom - top)
        let start = min(scroll, max(0, lines.count - visible))
        for (offset, line) in lines.dropFirst(start).prefix(visible).enumerated() {
            grid.put(line, x: 1, y: top + offset)
        }
        if lines.count > visible, visible >= 3 {
            let more = "↓ \(lines.count - start - visible) more lines (j/k)"
            if start + visible < lines.count { grid.put(more, x: max(1, width - DisplayText.width(more) - 1), y: bottom - 1, style: .muted) }
        }
    }

    /// The label bar: "1 play_music  2 set_timer …  b borderline  x unintelligible", wrapped.
    static func labelBar(_ model: LabelingModel, width: Int) -> [[(String, String)]] {
        var entries = model.labelSet.labels.map { (String($0.hotkey), $0.name) }
        entries += model.labelSet.specials.map { (String($0.hotkey), $0.rawValue) }
        var rows: [[(String, String)]] = [[]]
        var used = 1
        for entry in entries {
            let entryWidth = DisplayText.width(entry.0) + 1 + DisplayText.width(entry.1) + 2
            if used + entryWidth > width - 1, !rows[rows.count - 1].isEmpty { rows.append([]); used = 1 }
            rows[rows.count - 1].append(entry)
            used += entryWidth
        }
        return rows
    }

    static func drawStatus(_ grid: inout CellGrid, _ model: LabelingModel, row: Int) {
        if case let .note(text) = model.mode {
            var x = grid.put(" note: ", x: 0, y: row, style: .heading)
            x += grid.put(text, x: x, y: row, limit: grid.width - x - 1)
            grid.put("▏", x: x, y: row, style: .key)
            return
        }
        if let flash = model.flash {
            grid.put(" " + flash, x: 0, y: row, style: flash.hasPrefix("error") ? .warning : .muted)
        } else if let note = model.pendingNote {
            grid.put(" note: " + note, x: 0, y: row, style: .muted)
        }
    }

    /// The key legend, longest first: the view shows the longest that fits.
    static func legends(_ model: LabelingModel) -> [String] {
        if case .note = model.mode { return ["type the note · Enter keep · Esc cancel", "Enter keep · Esc cancel"] }
        let labels = model.labelSet.labels
        let keys = labels.map(\.hotkey) == Array("123456789".prefix(labels.count)) ? "1-\(labels.count)" : "keys"
        let specials = Set(model.labelSet.specials)
        func build(_ names: [(String, String)], separator: String = " · ") -> String {
            names.filter { !$0.1.isEmpty }.map { $0.0 + " " + $0.1 }.joined(separator: separator)
        }
        let full = build([(keys, "label"), ("b", specials.contains(.borderline) ? "borderline" : ""),
                          ("x", specials.contains(.unintelligible) ? "unintelligible" : ""), ("s", "skip"),
                          ("n", "note"), ("u", "undo"), ("?", "guideline"), ("Tab", "dashboard"), ("q", "quit")])
        let short = build([(keys, "label"), ("b", specials.contains(.borderline) ? "border" : ""),
                           ("x", specials.contains(.unintelligible) ? "unintell." : ""), ("s", "skip"),
                           ("n", "note"), ("u", "undo"), ("?", "guide"), ("q", "quit")], separator: "  ")
        let tiny = "\(keys) b x s n u ? q"
        return [full, short, tiny]
    }

    static func drawLegend(_ grid: inout CellGrid, _ text: String, row: Int) {
        grid.fill(row: row, style: Style(reverse: true))
        grid.put(" " + text, x: 0, y: row, style: Style(reverse: true))
    }

    /// Draws the guideline panel; returns the scroll position as " · 22/247 lines".
    static func drawGuideline(_ grid: inout CellGrid, _ model: LabelingModel, scroll: Int, top: Int, bottom: Int) -> String {
        let lines = Markdown.render(model.guidelineMarkdown.isEmpty ? "*This project has no guideline file.*" : model.guidelineMarkdown,
                                    width: grid.width - 2)
        let visible = bottom - top
        let start = min(scroll, max(0, lines.count - visible))
        for (offset, line) in lines.dropFirst(start).prefix(visible).enumerated() {
            var x = 1
            for span in line { x += grid.put(span.text, x: x, y: top + offset, style: span.style, limit: grid.width - x) }
        }
        return lines.isEmpty ? "" : " · \(min(lines.count, start + visible))/\(lines.count)"
    }

    static func drawFinished(_ grid: inout CellGrid, _ model: LabelingModel, top: Int, bottom: Int) {
        let lines = [
            "Nothing left to label for you here.",
            "",
            "You answered \(model.answeredThisSession.count) item\(model.answeredThisSession.count == 1 ? "" : "s") in this session.",
            "Every item has its labels, or the rest are being labeled by others right now:",
            "r looks again (their answers may leave an item needing a tie-breaker).",
        ]
        for (offset, line) in lines.enumerated() where top + 1 + offset < bottom {
            grid.put(line, x: 2, y: top + 1 + offset, style: offset == 0 ? .heading : .plain, limit: grid.width - 3)
        }
    }
}
