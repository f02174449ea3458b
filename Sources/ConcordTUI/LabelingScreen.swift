import ConcordDomain
import ConcordStore

/// The labeling screen's update: event + model → new model + effects. Pure: no I/O, no clock.
public enum LabelingScreen {
    public static func update(_ model: inout LabelingModel, _ event: LabelingEvent) -> [LabelingEffect] {
        switch event {
        case let .itemLoaded(item, at):
            model.item = item
            model.leaving = nil
            model.shownAt = at
            model.textScroll = 0
            model.finished = item == nil
            return []
        case let .progressLoaded(answeredBefore, openAtStart):
            model.answeredBefore = answeredBefore
            model.openAtStart = openAtStart
            return []
        case let .failed(message):
            model.flash = "error: \(message)"
            return []
        case let .effectFailed(effect, message):
            return failed(&model, effect, message)
        case let .key(key, at):
            model.flash = nil
            if key == .enter, let retry = model.retry, model.mode == .labeling {
                // Try again what failed: the save (the item leaves the screen as it did), then
                // the next item.
                model.retry = nil
                switch retry.first {
                case let .answer(itemID, _, _, _)?:
                    model.answeredThisSession.append(itemID)
                    model.pendingNote = nil
                    model.leaving = model.item
                    model.item = nil
                case let .skip(itemID, _)?:
                    model.skipped.insert(itemID)
                    model.leaving = model.item
                    model.item = nil
                default:
                    break
                }
                return retry
            }
            switch model.mode {
            case .labeling: return model.finished ? finishedKey(&model, key) : labelingKey(&model, key, at: at)
            case let .note(text): return noteKey(&model, key, text: text)
            case let .guideline(scroll): return guidelineKey(&model, key, scroll: scroll)
            }
        }
    }

    static func labelingKey(_ model: inout LabelingModel, _ key: Key, at now: Double) -> [LabelingEffect] {
        switch key {
        case .char("q"), .control("c"), .control("d"):
            model.quitting = true
            return [.quit]
        case .char("?"):
            model.mode = .guideline(scroll: 0)
            return []
        case .tab:
            return [.dashboard]
        case .char("n"):
            model.mode = .note(model.pendingNote ?? "")
            return []
        case .char("u"):
            guard let last = model.answeredThisSession.popLast() else {
                model.flash = "nothing to undo in this session"
                return []
            }
            model.item = nil
            model.pendingNote = nil
            return [.undo(itemID: last)]
        case .char("j"), .down:
            model.textScroll += 1
            return []
        case .char("k"), .up:
            model.textScroll = max(0, model.textScroll - 1)
            return []
        case .pageDown:
            model.textScroll += 5
            return []
        case .pageUp:
            model.textScroll = max(0, model.textScroll - 5)
            return []
        case .char("s"):
            guard let item = model.item else { return [] }
            model.skipped.insert(item.id)
            model.leaving = item
            model.item = nil
            // A note belongs to the item it was written for.
            if model.pendingNote != nil { model.pendingNote = nil; model.flash = "skipped; the note was for that item and is dropped" }
            return [.skip(itemID: item.id, seconds: seconds(model, now)), .loadNext(skipping: model.skipped)]
        case .char(let character):
            guard let item = model.item, let label = label(for: character, in: model.labelSet) else {
                if model.item != nil { model.flash = "'\(character)' is not a label key (? shows the guideline)" }
                return []
            }
            model.answeredThisSession.append(item.id)
            let note = model.pendingNote
            model.pendingNote = nil
            model.leaving = item
            model.item = nil
            model.retry = nil
            return [.answer(itemID: item.id, label: label, note: note, seconds: seconds(model, now)),
                    .loadNext(skipping: model.skipped)]
        default:
            return []
        }
    }

    /// A save or read that failed: the item comes back on screen with its note (nothing the
    /// labeler did is lost), the message says what failed, and Enter tries again. Answering the
    /// item again works too.
    static func failed(_ model: inout LabelingModel, _ effect: LabelingEffect, _ message: String) -> [LabelingEffect] {
        switch effect {
        case let .answer(itemID, _, note, _):
            if model.answeredThisSession.last == itemID { model.answeredThisSession.removeLast() }
            model.pendingNote = note
            if model.leaving?.id == itemID { model.item = model.leaving }
            model.retry = [effect, .loadNext(skipping: model.skipped)]
            model.flash = "not saved, Enter tries again: \(message)"
        case let .skip(itemID, _):
            model.skipped.remove(itemID)
            if model.leaving?.id == itemID { model.item = model.leaving }
            model.retry = [effect, .loadNext(skipping: model.skipped.union([itemID]))]
            model.flash = "skip not saved, Enter tries again: \(message)"
        case .loadNext:
            model.retry = [effect]
            model.flash = "cannot load the next item, Enter tries again: \(message)"
        default:
            model.flash = "error: \(message)"
        }
        return []
    }

    static func finishedKey(_ model: inout LabelingModel, _ key: Key) -> [LabelingEffect] {
        switch key {
        case .char("q"), .control("c"), .control("d"), .escape, .enter:
            model.quitting = true
            return [.quit]
        case .char("u"):
            guard let last = model.answeredThisSession.popLast() else { return [] }
            model.finished = false
            return [.undo(itemID: last)]
        case .char("?"):
            model.mode = .guideline(scroll: 0)
            return []
        default:
            return []
        }
    }

    static func noteKey(_ model: inout LabelingModel, _ key: Key, text: String) -> [LabelingEffect] {
        switch key {
        case .enter:
            model.pendingNote = text.isEmpty ? nil : text
            model.mode = .labeling
            model.flash = text.isEmpty ? "note cleared" : "note kept: it is saved with your answer"
        case .escape, .control("c"):
            model.mode = .labeling
        case .backspace:
            model.mode = .note(String(text.dropLast()))
        case .char(let character):
            model.mode = .note(text + String(character))
        default:
            break
        }
        return []
    }

    static func guidelineKey(_ model: inout LabelingModel, _ key: Key, scroll: Int) -> [LabelingEffect] {
        switch key {
        case .escape, .char("?"), .char("q"), .enter:
            model.mode = .labeling
        case .char("j"), .down: model.mode = .guideline(scroll: scroll + 1)
        case .char("k"), .up: model.mode = .guideline(scroll: max(0, scroll - 1))
        case .pageDown, .char(" "): model.mode = .guideline(scroll: scroll + 10)
        case .pageUp: model.mode = .guideline(scroll: max(0, scroll - 10))
        case .home, .char("g"): model.mode = .guideline(scroll: 0)
        case .control("c"):
            model.quitting = true
            return [.quit]
        default: break
        }
        return []
    }

    /// The answer a key gives: a label's hotkey, or b / x for the enabled special labels.
    public static func label(for character: Character, in labelSet: LabelSet) -> String? {
        if let label = labelSet.labels.first(where: { $0.hotkey == character }) { return label.name }
        if let special = labelSet.specials.first(where: { $0.hotkey == character }) { return special.rawValue }
        return nil
    }

    static func seconds(_ model: LabelingModel, _ now: Double) -> Double {
        max(0, ((now - model.shownAt) * 10).rounded() / 10)
    }
}
