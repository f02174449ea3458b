import ConcordDomain
import ConcordStore

/// The labeling screen's update: model + message → new model + commands. Pure: no I/O, no clock
/// (times come in the messages).
public enum LabelingScreen: Screen {
    public static func start(_ model: LabelingModel) -> [Command] { [.markSessionStart] }

    public static func update(_ model: LabelingModel, _ message: Message) -> (LabelingModel, [Command]) {
        changing(model) { apply(message, to: &$0) }
    }

    public static func view(_ model: LabelingModel, width: Int, height: Int) -> CellGrid {
        LabelingView.render(model, width: width, height: height)
    }

    public static func message(for input: TerminalInput) -> Message? {
        switch input {
        case let .key(key, at): return .key(key, at: at)
        case .resized: return .resized
        case let .tick(at): return .tick(at: at)
        case .interrupted: return .interrupted
        }
    }

    public static func isClosed(_ model: LabelingModel) -> Bool { model.quitting }

    static func apply(_ message: Message, to model: inout LabelingModel) -> [Command] {
        switch message {
        case let .key(key, at):
            return keyPressed(&model, key, at: at)
        case .resized:
            return []
        case let .tick(at):
            return renewal(&model, at: at)
        case .interrupted:
            model.quitting = true
            return [.quit]
        case let .sessionStarted(result):
            // Without the session's start the screen still works; it just shows no position.
            guard case let .success(start) = result else { return [.loadNext(skipping: [])] }
            return [.loadNext(skipping: []), .countProgress(since: start)]
        case let .nextLoaded(.success(item), at):
            show(&model, item, at: at)
            return []
        case let .nextLoaded(.failure(failure), _):
            model.retry = .loadNext(skipping: model.skipped)
            model.flash = "cannot load the next item, Enter tries again: \(failure)"
            return []
        case let .undone(_, .success(item), at):
            show(&model, item, at: at)
            model.flash = "undone: answer it again"
            return []
        case let .undone(itemID, .failure(failure), _):
            // The answer stands: the item that was on screen comes back.
            model.answeredThisSession.append(itemID)
            if let leaving = model.leaving { model.item = leaving }
            model.flash = "error: \(failure)"
            return []
        case let .progressCounted(.success(progress)):
            model.answeredBefore = progress.answeredBefore
            model.openAtStart = progress.openAtStart
            return []
        case .progressCounted(.failure):
            return []
        case let .written(command, .success):
            switch command {
            case .answer, .skip: return [.loadNext(skipping: model.skipped)]
            default: return []
            }
        case let .written(command, .failure(failure)):
            return failed(&model, command, failure.message)
        case let .dashboardClosed(at):
            // The time away does not count as time spent on the item.
            model.shownAt = at
            return []
        }
    }

    static func show(_ model: inout LabelingModel, _ item: AssignedItem?, at time: Double) {
        // A save that failed belongs to the item it was for: another item on screen drops it.
        if let retry = model.retry, retry.itemID == nil || retry.itemID != item?.id { model.retry = nil }
        model.item = item
        model.leaving = nil
        model.shownAt = time
        model.claimRenewedAt = time
        model.textScroll = 0
        model.finished = item == nil
    }

    /// Keeps the claim on the item on screen alive while the labeler is here.
    static func renewal(_ model: inout LabelingModel, at now: Double) -> [Command] {
        guard let item = model.item, now - model.claimRenewedAt > model.claimDuration / 3 else { return [] }
        model.claimRenewedAt = now
        return [.renewClaim(itemID: item.id)]
    }

    /// Takes the item off the screen while its answer or skip is written; it comes back if that fails.
    static func takeOff(_ model: inout LabelingModel) {
        model.leaving = model.item
        model.item = nil
    }

    static func keyPressed(_ model: inout LabelingModel, _ key: Key, at now: Double) -> [Command] {
        model.flash = nil
        if key == .enter, let retry = model.retry, model.mode == .labeling {
            // Try again what failed: the save (the item leaves the screen as it did), or the read.
            model.retry = nil
            switch retry {
            case let .answer(itemID, _, _, _):
                model.answeredThisSession.append(itemID)
                model.pendingNote = nil
                takeOff(&model)
            case let .skip(itemID, _):
                model.skipped.insert(itemID)
                takeOff(&model)
            default:
                break
            }
            return [retry]
        }
        switch model.mode {
        case .labeling: return model.finished ? finishedKey(&model, key) : labelingKey(&model, key, at: now)
        case let .note(text): return noteKey(&model, key, text: text)
        case let .guideline(scroll): return guidelineKey(&model, key, scroll: scroll)
        }
    }

    static func labelingKey(_ model: inout LabelingModel, _ key: Key, at now: Double) -> [Command] {
        switch key {
        case .char("q"), .control("c"), .control("d"):
            model.quitting = true
            return [.quit]
        case .char("?"):
            model.mode = .guideline(scroll: 0)
            return []
        case .tab:
            return [.openDashboard(projectName: model.projectName, audience: model.readsAnswers ? .everyFigure : .labeler(model.labeler))]
        case .char("n"):
            model.mode = .note(model.pendingNote ?? "")
            return []
        case .char("u"):
            model.retry = nil
            guard let last = model.answeredThisSession.popLast() else {
                model.flash = "nothing to undo in this session"
                return []
            }
            takeOff(&model)
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
            model.retry = nil
            model.skipped.insert(item.id)
            takeOff(&model)
            // A note belongs to the item it was written for.
            if model.pendingNote != nil { model.pendingNote = nil; model.flash = "skipped; the note was for that item and is dropped" }
            return [.skip(itemID: item.id, seconds: seconds(model, now))]
        case .char(let character):
            guard let item = model.item, let label = label(for: character, in: model.labelSet) else {
                if model.item != nil { model.flash = "'\(character)' is not a label key (? shows the guideline)" }
                return []
            }
            model.answeredThisSession.append(item.id)
            let note = model.pendingNote
            model.pendingNote = nil
            takeOff(&model)
            model.retry = nil
            return [.answer(itemID: item.id, label: label, note: note, seconds: seconds(model, now))]
        default:
            return []
        }
    }

    /// A save that failed: the item comes back on screen with its note (nothing the labeler did
    /// is lost), the message says what failed, and Enter tries again. Answering the item again
    /// works too. A claim that could not be renewed or released is left to expire.
    static func failed(_ model: inout LabelingModel, _ command: Command, _ message: String) -> [Command] {
        switch command {
        case let .answer(itemID, _, note, _):
            if model.answeredThisSession.last == itemID { model.answeredThisSession.removeLast() }
            model.pendingNote = note
            if model.leaving?.id == itemID { model.item = model.leaving }
            model.retry = command
            model.flash = "not saved, Enter tries again: \(message)"
        case let .skip(itemID, _):
            model.skipped.remove(itemID)
            if model.leaving?.id == itemID { model.item = model.leaving }
            model.retry = command
            model.flash = "skip not saved, Enter tries again: \(message)"
        default:
            break
        }
        return []
    }

    static func finishedKey(_ model: inout LabelingModel, _ key: Key) -> [Command] {
        switch key {
        case .char("q"), .control("c"), .control("d"), .escape, .enter:
            model.quitting = true
            return [.quit]
        case .char("u"):
            model.retry = nil
            guard let last = model.answeredThisSession.popLast() else { return [] }
            return [.undo(itemID: last)]
        case .char("r"):
            // Look again: with adaptive overlap, others' answers can leave an item needing one more.
            return [.loadNext(skipping: model.skipped)]
        case .char("?"):
            model.mode = .guideline(scroll: 0)
            return []
        default:
            return []
        }
    }

    static func noteKey(_ model: inout LabelingModel, _ key: Key, text: String) -> [Command] {
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

    static func guidelineKey(_ model: inout LabelingModel, _ key: Key, scroll: Int) -> [Command] {
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
