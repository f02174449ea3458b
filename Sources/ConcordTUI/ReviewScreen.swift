import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore

/// The review screen's update: model + message → new model + commands. Pure: no I/O, no clock.
public enum ReviewScreen: Screen {
    public static func start(_ model: ReviewModel) -> [Command] { [] }

    public static func update(_ model: ReviewModel, _ message: Message) -> (ReviewModel, [Command]) {
        changing(model) { apply(message, to: &$0) }
    }

    public static func view(_ model: ReviewModel, width: Int, height: Int) -> CellGrid {
        ReviewView.render(model, width: width, height: height)
    }

    public static func isClosed(_ model: ReviewModel) -> Bool { model.quitting }

    static func apply(_ message: Message, to model: inout ReviewModel) -> [Command] {
        switch message {
        case let .key(key):
            model.flash = nil
            return keyPressed(&model, key)
        case .resized, .dashboardClosed:
            return []
        case .interrupted:
            model.quitting = true
            return []
        case let .opened(_, .success(item)):
            model.current = item
            model.mode = item == nil ? .queue : .item
            if item == nil { model.flash = "that item is no longer in the project" }
            return []
        case let .opened(_, .failure(failure)):
            model.current = nil
            model.mode = .queue
            model.flash = "error: \(failure)"
            return []
        case let .written(command, .success):
            return written(&model, command)
        case let .written(_, .failure(failure)):
            // Nothing moves on: the item stays on screen, and the key can be pressed again.
            model.flash = "error: \(failure)"
            return []
        }
    }

    /// What follows a write: the next item after an adjudication or a send-back, the item again
    /// after a revert.
    static func written(_ model: inout ReviewModel, _ command: Command) -> [Command] {
        switch command {
        case let .adjudicate(itemID, _, _):
            model.adjudicatedThisSession += 1
            return advance(&model, past: itemID)
        case let .sendBack(itemID):
            return advance(&model, past: itemID)
        case let .revert(itemID):
            return [.open(itemID: itemID, blind: model.blind)]
        default:
            return []
        }
    }

    static func keyPressed(_ model: inout ReviewModel, _ key: Key) -> [Command] {
        switch model.mode {
        case .queue:
            switch key {
            case .char("q"), .control("c"): model.quitting = true
            case .tab: if !model.blind { return [.openDashboard(projectName: model.projectName)] }
            case .char("j"), .down: model.selected = min(model.selected + 1, max(0, model.queue.count - 1))
            case .char("k"), .up: model.selected = max(0, model.selected - 1)
            case .enter:
                guard model.queue.indices.contains(model.selected) else { return [] }
                return [.open(itemID: model.queue[model.selected].item_id, blind: model.blind)]
            default: break
            }
            return []
        case .item:
            guard let item = model.current?.item else { model.mode = .queue; return [] }
            switch key {
            case .escape: model.mode = .queue
            case .char("q"), .control("c"): model.quitting = true
            case .char("?"): model.mode = .guideline(scroll: 0)
            case .char("r") where !model.blind:
                model.flash = "sent back for relabeling"
                return [.sendBack(itemID: item.id)]
            case .char("g"): model.mode = .note("")
            case .char("z") where !model.blind:
                guard model.current?.adjudicated != nil else { model.flash = "not adjudicated"; return [] }
                return [.revert(itemID: item.id)]
            case .char(let character):
                guard let label = LabelingScreen.label(for: character, in: model.labelSet) else {
                    model.flash = "'\(character)' is not a label key"
                    return []
                }
                if model.blind {
                    model.flash = "\(item.key) → \(label) (audit reference)"
                    return [.adjudicate(itemID: item.id, label: label, reason: .audit)]
                }
                model.mode = .reason(label: label)
            default: break
            }
            return []
        case let .reason(label):
            guard let item = model.current?.item else { model.mode = .queue; return [] }
            if key == .escape { model.mode = .item; return [] }
            guard case .char(let character) = key, let reason = AdjudicationReason.afterReview.first(where: { $0.key == character }) else {
                model.flash = "pick a reason: 1 labeler slip · 2 guideline unclear · 3 truly ambiguous · 4 bad input"
                return []
            }
            model.mode = .item
            model.flash = "\(item.key) → \(label) (\(reason.title))"
            return [.adjudicate(itemID: item.id, label: label, reason: reason)]
        case let .note(text):
            switch key {
            case .enter:
                model.mode = .item
                guard let item = model.current?.item, !text.isEmpty else { return [] }
                model.flash = "noted for the guideline"
                return [.noteGuidelineGap(itemID: item.id, note: text)]
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

    /// Drops a decided item from the queue and opens the next one.
    static func advance(_ model: inout ReviewModel, past itemID: Int64) -> [Command] {
        if let index = model.queue.firstIndex(where: { $0.item_id == itemID }) {
            model.queue.remove(at: index)
            model.selected = min(index, max(0, model.queue.count - 1))
        }
        model.current = nil
        guard model.queue.indices.contains(model.selected) else { model.mode = .queue; return [] }
        return [.open(itemID: model.queue[model.selected].item_id, blind: model.blind)]
    }
}
