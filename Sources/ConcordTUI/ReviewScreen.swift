import ConcordDomain
import ConcordIO
import ConcordStore

/// The review screen: the disagreement queue, and one item at a time with every answer, note and
/// time (names shown: reviewers only). A label key picks the final label, then a digit the reason.
public struct ReviewModel: Sendable {
    public enum Mode: Equatable, Sendable {
        case queue
        case item
        /// A label was chosen; waiting for the reason code.
        case reason(label: String)
        /// Typing a "guideline unclear" note.
        case note(String)
        case guideline(scroll: Int)
    }

    public var projectName: String
    public var reviewer: String
    public var labelSet: LabelSet
    public var guidelineMarkdown: String
    public var queue: [DisagreementQueue.Entry]
    public var selected = 0
    public var mode: Mode = .queue
    public var current: ReviewItem?
    public var adjudicatedThisSession = 0
    public var flash: String?
    public var quitting = false

    public init(projectName: String, reviewer: String, labelSet: LabelSet, guidelineMarkdown: String, queue: [DisagreementQueue.Entry]) {
        self.projectName = projectName
        self.reviewer = reviewer
        self.labelSet = labelSet
        self.guidelineMarkdown = guidelineMarkdown
        self.queue = queue
    }
}

public enum ReviewEffect: Equatable, Sendable {
    case open(itemID: Int64)
    case adjudicate(itemID: Int64, label: String, reason: AdjudicationReason)
    case revert(itemID: Int64)
    case sendBack(itemID: Int64)
    case guidelineNote(itemID: Int64, note: String)
    case dashboard
    case quit
}

public enum ReviewScreen {
    public static func update(_ model: inout ReviewModel, _ key: Key) -> [ReviewEffect] {
        model.flash = nil
        switch model.mode {
        case .queue:
            switch key {
            case .char("q"), .control("c"): model.quitting = true; return [.quit]
            case .tab: return [.dashboard]
            case .char("j"), .down: model.selected = min(model.selected + 1, max(0, model.queue.count - 1))
            case .char("k"), .up: model.selected = max(0, model.selected - 1)
            case .enter:
                guard model.queue.indices.contains(model.selected) else { return [] }
                return [.open(itemID: model.queue[model.selected].item_id)]
            default: break
            }
            return []
        case .item:
            guard let item = model.current?.item else { model.mode = .queue; return [] }
            switch key {
            case .escape: model.mode = .queue
            case .char("q"), .control("c"): model.quitting = true; return [.quit]
            case .char("?"): model.mode = .guideline(scroll: 0)
            case .char("r"):
                model.flash = "sent back for relabeling"
                return [.sendBack(itemID: item.id)] + advance(&model)
            case .char("g"): model.mode = .note("")
            case .char("z"):
                guard model.current?.adjudicated != nil else { model.flash = "not adjudicated"; return [] }
                return [.revert(itemID: item.id), .open(itemID: item.id)]
            case .char(let character):
                guard let label = LabelingScreen.label(for: character, in: model.labelSet) else {
                    model.flash = "'\(character)' is not a label key"
                    return []
                }
                model.mode = .reason(label: label)
            default: break
            }
            return []
        case let .reason(label):
            guard let item = model.current?.item else { model.mode = .queue; return [] }
            if key == .escape { model.mode = .item; return [] }
            guard case .char(let character) = key, let reason = AdjudicationReason.allCases.first(where: { $0.key == character }) else {
                model.flash = "pick a reason: 1 labeler slip · 2 guideline unclear · 3 truly ambiguous · 4 bad input"
                return []
            }
            model.adjudicatedThisSession += 1
            model.flash = "\(item.key) → \(label) (\(reason.title))"
            return [.adjudicate(itemID: item.id, label: label, reason: reason)] + advance(&model)
        case let .note(text):
            switch key {
            case .enter:
                model.mode = .item
                guard let item = model.current?.item, !text.isEmpty else { return [] }
                model.flash = "noted for the guideline"
                return [.guidelineNote(itemID: item.id, note: text)]
            case .escape: model.mode = .item
            case .backspace: model.mode = .note(String(text.dropLast()))
            case .char(let character): model.mode = .note(text + String(character))
            default: break
            }
            return []
        case let .guideline(scroll):
            switch key {
            case .escape, .char("?"), .char("q"): model.mode = .item
            case .char("j"), .down: model.mode = .guideline(scroll: scroll + 1)
            case .char("k"), .up: model.mode = .guideline(scroll: max(0, scroll - 1))
            default: break
            }
            return []
        }
    }

    /// Drops the current item from the queue and opens the next one.
    static func advance(_ model: inout ReviewModel) -> [ReviewEffect] {
        if let id = model.current?.item.id, let index = model.queue.firstIndex(where: { $0.item_id == id }) {
            model.queue.remove(at: index)
            model.selected = min(index, max(0, model.queue.count - 1))
        }
        model.current = nil
        guard model.queue.indices.contains(model.selected) else { model.mode = .queue; return [] }
        model.mode = .item
        return [.open(itemID: model.queue[model.selected].item_id)]
    }
}

public enum ReviewView {
    public static func render(_ model: ReviewModel, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= 30, height >= 8 else {
            grid.put("window too small", x: max(0, (width - 16) / 2), y: height / 2, style: .warning)
            return grid
        }
        grid.fill(row: 0, style: .title)
        grid.put(" Concord · \(model.projectName) · review", x: 0, y: 0, style: .title, limit: width - DisplayText.width(model.reviewer) - 3)
        grid.put(model.reviewer + " ", x: width - DisplayText.width(model.reviewer) - 1, y: 0, style: .title)
        var row = 2
        var legend = ""
        switch model.mode {
        case .queue:
            grid.put("\(model.queue.count) items to review · \(model.adjudicatedThisSession) adjudicated this session", x: 1, y: 1, style: .heading)
            if model.queue.isEmpty { grid.put("Nothing to review: no open disagreements.", x: 1, y: 3) }
            let visible = height - 4
            let start = max(0, min(model.selected - visible / 2, model.queue.count - visible))
            for (offset, entry) in model.queue.dropFirst(start).prefix(visible).enumerated() {
                let answers = entry.answers.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
                let style = start + offset == model.selected ? Style(reverse: true) : .plain
                grid.put(" \(entry.item.padding(toLength: 10, withPad: " ", startingAt: 0)) \(answers)", x: 0, y: 3 + offset, style: style, limit: width)
            }
            legend = "j/k move · Enter review · Tab dashboard · q quit"
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
            grid.put("answers", x: 1, y: row, style: .heading)
            grid.put(consensus(current.answers), x: 10, y: row, style: .muted, limit: width - 11)
            row += 1
            for answer in current.answers where row < height - 4 {
                let seconds = answer.seconds.map { String(format: "%.1fs", $0) } ?? ""
                grid.put("  \(answer.labeler.padding(toLength: 12, withPad: " ", startingAt: 0)) \(answer.label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(seconds.padding(toLength: 7, withPad: " ", startingAt: 0)) \(answer.note ?? "")",
                         x: 0, y: row, limit: width)
                row += 1
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
                legend = "label key + reason · r send back · g guideline unclear · z revert · ? guideline · Esc queue"
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

/// Runs the review screen against a review session.
public final class ReviewRuntime {
    public let project: Project
    public let session: ReviewSession
    public let backend: TerminalBackend
    public private(set) var model: ReviewModel
    private let guideline: GuidelineVersion?

    public init(project: Project, session: ReviewSession, backend: TerminalBackend, queue: [DisagreementQueue.Entry]) throws {
        self.project = project
        self.session = session
        self.backend = backend
        guideline = try project.currentGuideline()
        model = ReviewModel(projectName: project.config.name, reviewer: session.reviewer, labelSet: try project.labelSet(),
                            guidelineMarkdown: guideline?.content ?? "", queue: queue)
    }

    public func run() {
        draw()
        while !model.quitting && !backend.interrupted {
            guard let key = backend.readKey(timeoutMilliseconds: 100) else { continue }
            handle(key)
        }
    }

    public func handle(_ key: Key) {
        if key != .resize { perform(ReviewScreen.update(&model, key)) }
        draw()
    }

    func draw() {
        let size = backend.size
        backend.draw(ReviewView.render(model, width: size.width, height: size.height))
    }

    private func perform(_ effects: [ReviewEffect]) {
        let path = project.config.guidelines
        for effect in effects {
            do {
                switch effect {
                case let .open(itemID):
                    model.current = try session.load(itemID: itemID)
                    model.mode = .item
                case let .adjudicate(itemID, label, reason):
                    try session.adjudicate(itemID: itemID, label: label, reason: reason, guideline: guideline, guidelinePath: path)
                case let .revert(itemID):
                    try session.revert(itemID: itemID)
                case let .sendBack(itemID):
                    try session.sendBack(itemID: itemID, guideline: guideline, guidelinePath: path)
                case let .guidelineNote(itemID, note):
                    try session.noteGuidelineGap(itemID: itemID, note: note, guideline: guideline, guidelinePath: path)
                case .dashboard:
                    var dashboard = try DashboardModel.load(project: project)
                    DashboardRuntime.run(&dashboard, backend: backend)
                case .quit:
                    model.quitting = true
                }
            } catch {
                model.flash = "error: \(error)"
                return
            }
        }
    }
}
