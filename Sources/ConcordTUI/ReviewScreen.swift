import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore

public enum ReviewScreen {
    public static func update(_ model: inout ReviewModel, _ key: Key) -> [ReviewEffect] {
        model.flash = nil
        switch model.mode {
        case .queue:
            switch key {
            case .char("q"), .control("c"): model.quitting = true; return [.quit]
            case .tab: if !model.blind { return [.dashboard] }
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
            case .char("r") where !model.blind:
                model.flash = "sent back for relabeling"
                return [.sendBack(itemID: item.id)] + advance(&model)
            case .char("g"): model.mode = .note("")
            case .char("z") where !model.blind:
                guard model.current?.adjudicated != nil else { model.flash = "not adjudicated"; return [] }
                return [.revert(itemID: item.id), .open(itemID: item.id)]
            case .char(let character):
                guard let label = LabelingScreen.label(for: character, in: model.labelSet) else {
                    model.flash = "'\(character)' is not a label key"
                    return []
                }
                if model.blind {
                    model.adjudicatedThisSession += 1
                    model.flash = "\(item.key) → \(label) (audit reference)"
                    return [.adjudicate(itemID: item.id, label: label, reason: .audit)] + advance(&model)
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
