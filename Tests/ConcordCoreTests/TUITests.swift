import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTUI
import Foundation
import GRDB
import Testing

@Suite("TUI: text on a terminal")
struct DisplayTextTests {
    @Test("CJK and emoji take two cells, combining marks none; ZWJ tails and skin tones are dropped")
    func widths() {
        #expect(DisplayText.width("abc") == 3)
        #expect(DisplayText.width("日本語") == 6)
        #expect(DisplayText.width("e\u{301}") == 1)
        #expect(DisplayText.glyphs("e\u{301}").map(\.text) == ["e\u{301}"])
        #expect(DisplayText.width("👍") == 2)
        #expect(DisplayText.glyphs("👍🏽").map(\.text) == ["👍"])
        #expect(DisplayText.glyphs("👨‍👩‍👧").map(\.text) == ["👨"])
        #expect(DisplayText.width("한국어") == 6)
        #expect(DisplayText.width("\u{301}x") == 2)  // a combining mark without a base sits on a space
    }

    @Test("control characters and escape sequences are shown, never interpreted", arguments: [
        ("red \u{1B}[31mRED\u{1B}[0m", "red ␛[31mRED␛[0m"),
        ("\u{1B}]52;c;SGVsbG8=\u{07}", "␛]52;c;SGVsbG8=␇"),
        ("\u{1B}]0;pwned\u{07}title", "␛]0;pwned␇title"),
        ("c1 \u{9B}2J", "c1 \\u{9B}2J"),
        ("bell\u{07} nul\u{00} del\u{7F}", "bell␇ nul␀ del␡"),
        ("abc\u{202E}def", "abc<U+202E>def"),
    ])
    func inert(input: String, shown: String) {
        let text = DisplayText.glyphs(input).map(\.text).joined()
        #expect(text == shown)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x07 })
    }

    @Test("a wide glyph is never split at the edge of the grid")
    func noSplit() {
        var grid = CellGrid(width: 5, height: 1)
        grid.put("ab日本", x: 0, y: 0)
        #expect(grid.text == "ab日")
        #expect(grid[3, 0].text == "")
        #expect(grid[4, 0].text == " ")
    }

    @Test("wrapping respects display width and newlines")
    func wrap() {
        let lines = TextWrap.lines("hello wide 日本語の文章 world\nsecond", width: 10).map { $0.map(\.text).joined() }
        #expect(lines == ["hello wide", "日本語の文", "章 world", "second"])
        for line in TextWrap.lines("a very long unbreakable-word-here and more", width: 8) {
            #expect(line.reduce(0) { $0 + $1.width } <= 8)
        }
    }

    @Test("Markdown: headings, joined paragraphs, lists with hanging indent, emphasis")
    func markdown() {
        let lines = Markdown.render("""
            # Guide
            First line
            continues here.

            - **bold** item that is long enough to wrap around
            1. step
            > quoted
            """, width: 24)
        let text = lines.map { $0.map(\.text).joined() }
        #expect(text == ["GUIDE", "First line continues", "here.", "", "• bold item that is long", "  enough to wrap around",
                         "1. step", "│ quoted"])
        #expect(lines[0].first?.style.bold == true)
        #expect(lines[4].first { $0.text == "bold" }?.style.bold == true)
    }
}

@Suite("TUI: labeling screen")
struct LabelingScreenTests {
    static let labelSet = try! LabelSet.withDefaultHotkeys(names: ["spam", "ham", "eggs"])

    static func model() -> LabelingModel {
        var model = LabelingModel(projectName: "Demo", labeler: "ana", guidelineVersion: "c75dc914",
                                  guidelineMarkdown: "# Guide\n\nSay **spam** for spam.", labelSet: labelSet)
        model.item = AssignedItem(id: 7, key: "m7", payload: "Buy cheap watches now", metadata: [("source", "inbox")])
        model.shownAt = 10
        model.answeredBefore = 36
        model.openAtStart = 464
        return model
    }

    /// The model and commands after a message.
    static func after(_ model: LabelingModel, _ message: LabelingScreen.Message) -> (LabelingModel, [LabelingScreen.Command]) {
        LabelingScreen.update(model, message)
    }

    /// The model after keys pressed at `time`; the commands they ask for are left out.
    static func pressed(_ model: LabelingModel, _ keys: [Key], at time: Double = 11) -> LabelingModel {
        keys.reduce(model) { after($0, .key($1, at: time)).0 }
    }

    @Test("a hotkey answers with the time since the item appeared; the next item is asked for once the answer is written")
    func answer() {
        let (answered, commands) = Self.after(Self.model(), .key(.char("1"), at: 13.24))
        #expect(commands == [.answer(itemID: 7, label: "spam", note: nil, seconds: 3.2)])
        #expect(answered.item == nil)
        #expect(answered.answeredThisSession == [7])
        #expect(Self.after(answered, .written(commands[0], .success(()))).1 == [.loadNext(skipping: [])])
        let next = AssignedItem(id: 8, key: "m8", payload: "x", metadata: [])
        let shown = Self.after(answered, .nextLoaded(.success(next), at: 14)).0
        #expect(shown.item == next && shown.shownAt == 14)
    }

    @Test("b and x answer borderline and unintelligible; s skips (not an answer)")
    func specialsAndSkip() {
        #expect(Self.after(Self.model(), .key(.char("b"), at: 11)).1 == [.answer(itemID: 7, label: "borderline", note: nil, seconds: 1)])
        #expect(Self.after(Self.model(), .key(.char("x"), at: 11)).1 == [.answer(itemID: 7, label: "unintelligible", note: nil, seconds: 1)])
        let (skipped, commands) = Self.after(Self.model(), .key(.char("s"), at: 12))
        #expect(commands == [.skip(itemID: 7, seconds: 2)])
        #expect(skipped.answeredThisSession.isEmpty)
        #expect(Self.after(skipped, .written(commands[0], .success(()))).1 == [.loadNext(skipping: [7])])
    }

    @Test("n takes a note that is saved with the next answer; Esc cancels it")
    func note() {
        let noted = Self.pressed(Self.model(), [.char("n"), .char("o"), .char("d"), .char("d"), .char(" "), .backspace, .enter])
        #expect(noted.pendingNote == "odd")
        #expect(Self.after(noted, .key(.char("2"), at: 12)).1 == [.answer(itemID: 7, label: "ham", note: "odd", seconds: 2)])
        let cancelled = Self.pressed(Self.model(), [.char("n"), .char("z"), .escape])
        #expect(cancelled.pendingNote == nil && cancelled.mode == .labeling)
    }

    @Test("a note is dropped when its item is skipped, not saved on the next one")
    func noteDroppedOnSkip() {
        var model = Self.model()
        model.pendingNote = "for m7"
        #expect(Self.pressed(model, [.char("s")]).pendingNote == nil)
    }

    @Test("u undoes the last answer of the session and shows its item again; with none it says so")
    func undo() {
        let (nothing, none) = Self.after(Self.model(), .key(.char("u"), at: 11))
        #expect(none.isEmpty)
        #expect(nothing.flash == "nothing to undo in this session")
        var model = Self.pressed(Self.model(), [.char("1")])
        model = Self.after(model, .nextLoaded(.success(AssignedItem(id: 8, key: "m8", payload: "x", metadata: [])), at: 12)).0
        let (undoing, commands) = Self.after(model, .key(.char("u"), at: 13))
        #expect(commands == [.undo(itemID: 7)])
        #expect(undoing.answeredThisSession.isEmpty)
        let again = Self.after(undoing, .undone(itemID: 7, .success(Self.model().item), at: 14)).0
        #expect(again.item?.id == 7 && again.shownAt == 14 && again.flash == "undone: answer it again")
        // An undo that fails leaves the answer standing and the item on screen.
        let failed = Self.after(undoing, .undone(itemID: 7, .failure(EffectFailure("disk I/O error")), at: 14)).0
        #expect(failed.item?.id == 8 && failed.answeredThisSession == [7] && failed.flash == "error: disk I/O error")
    }

    @Test("Tab asks for the dashboard as the labeler may read it; time away from the item does not count")
    func dashboardKey() {
        let (model, commands) = Self.after(Self.model(), .key(.tab, at: 11))
        #expect(commands == [.openDashboard(projectName: "Demo", audience: .labeler("ana"))])
        #expect(model.item != nil)
        var reviewer = Self.model()
        reviewer.readsAnswers = true
        #expect(Self.after(reviewer, .key(.tab, at: 11)).1 == [.openDashboard(projectName: "Demo", audience: .everyFigure)])
        let back = Self.after(model, .dashboardClosed(at: 70)).0
        #expect(back.shownAt == 70)
        #expect(Self.after(back, .key(.char("1"), at: 72.5)).1 == [.answer(itemID: 7, label: "spam", note: nil, seconds: 2.5)])
    }

    @Test("? opens the guideline, j scrolls it, Esc returns; q quits")
    func guidelineAndQuit() {
        var model = Self.pressed(Self.model(), [.char("?")])
        #expect(model.mode == .guideline(scroll: 0))
        model = Self.pressed(model, [.char("j")])
        #expect(model.mode == .guideline(scroll: 1))
        // Label keys do nothing while reading the guideline.
        #expect(Self.after(model, .key(.char("1"), at: 11)).1.isEmpty)
        model = Self.pressed(model, [.escape])
        #expect(model.mode == .labeling)
        #expect(Self.after(model, .key(.char("q"), at: 11)).1 == [.quit])
        #expect(Self.after(Self.model(), .key(.control("c"), at: 11)).1 == [.quit])
    }

    @Test("a save that fails keeps the item and its note on screen; Enter issues the same save again")
    func saveFailureRetries() {
        var model = Self.model()
        model.pendingNote = "why"
        let (saving, commands) = Self.after(model, .key(.char("1"), at: 12))
        let failed = Self.after(saving, .written(commands[0], .failure(EffectFailure("database or disk is full")))).0
        #expect(failed.item?.id == 7 && failed.pendingNote == "why" && failed.answeredThisSession.isEmpty)
        #expect(failed.flash == "not saved, Enter tries again: database or disk is full")
        let (retrying, again) = Self.after(failed, .key(.enter, at: 30))
        #expect(again == commands)  // the time on the item is the one measured at the first try
        #expect(retrying.item == nil && retrying.answeredThisSession == [7] && retrying.pendingNote == nil)
        #expect(Self.after(retrying, .written(again[0], .success(()))).1 == [.loadNext(skipping: [])])
    }

    /// Found in review: a failed save stayed the thing Enter retries after the labeler skipped
    /// the item, so Enter on the next item replayed the old answer.
    @Test("a failed save is dropped when its item is skipped; Enter on the next item does not replay it")
    func staleRetryDropped() {
        let (saving, commands) = Self.after(Self.model(), .key(.char("1"), at: 12))
        let failed = Self.after(saving, .written(commands[0], .failure(EffectFailure("database or disk is full")))).0
        #expect(failed.retry != nil)
        let (skipped, skip) = Self.after(failed, .key(.char("s"), at: 13))
        #expect(skipped.retry == nil && skip.count == 1 && skip.first?.itemID == 7)
        #expect(Self.after(skipped, .key(.enter, at: 14)).1.isEmpty)
    }

    @Test("with nothing left, r looks again: an item others were answering may need a tie-breaker now")
    func lookAgain() {
        let model = Self.after(Self.model(), .nextLoaded(.success(nil), at: 1)).0
        #expect(model.finished)
        #expect(LabelingView.render(model, width: 80, height: 24).text.contains("r looks again"))
        let (_, commands) = Self.after(model, .key(.char("r"), at: 2))
        #expect(commands == [.loadNext(skipping: [])])
    }

    @Test("a next item that cannot be read: the screen says so and Enter asks for it again")
    func readFailureRetries() {
        let answered = Self.pressed(Self.model(), [.char("1")])
        let failed = Self.after(answered, .nextLoaded(.failure(EffectFailure("disk I/O error")), at: 12)).0
        #expect(LabelingView.render(failed, width: 80, height: 24).text.contains("could not load the next item; Enter tries again"))
        #expect(Self.after(failed, .key(.enter, at: 13)).1 == [.loadNext(skipping: [])])
    }

    @Test("the session's start brings the first item and the progress count; ticks renew the claim every third of its time")
    func startAndTicks() {
        var model = Self.model()
        #expect(LabelingScreen.start(model) == [.markSessionStart])
        #expect(Self.after(model, .sessionStarted(.success(42))).1 == [.loadNext(skipping: []), .countProgress(since: 42)])
        #expect(Self.after(model, .sessionStarted(.failure(EffectFailure("busy")))).1 == [.loadNext(skipping: [])])
        model.claimDuration = 30
        model.claimRenewedAt = 10
        #expect(Self.after(model, .tick(at: 19)).1.isEmpty)
        let (renewed, commands) = Self.after(model, .tick(at: 21))
        #expect(commands == [.renewClaim(itemID: 7)])
        #expect(Self.after(renewed, .tick(at: 22)).1.isEmpty)
    }

    @Test("a signal closes the screen and releases the claims; a resize keeps the message on screen")
    func signalAndResize() {
        let (stopped, commands) = Self.after(Self.model(), .interrupted)
        #expect(stopped.quitting && commands == [.quit])
        var model = Self.model()
        model.flash = "note kept: it is saved with your answer"
        #expect(Self.after(model, .resized).0.flash == model.flash)
    }

    @Test("the 80×24 screen: title, progress, item, metadata, label bar, legend")
    func screen80x24() {
        let text = LabelingView.render(Self.model(), width: 80, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(text.count == 24)
        #expect(text[0].hasPrefix(" Concord · Demo") && text[0].hasSuffix("ana · guideline c75dc914"))
        #expect(text[1].hasPrefix(" item 37 of 500  "))
        #expect(text[1].hasSuffix("m7"))
        #expect(text[3] == " Buy cheap watches now")
        #expect(text.contains { $0 == " source: inbox" })
        #expect(text[21] == " 1 spam  2 ham  3 eggs  b borderline  x unintelligible")
        #expect(text[23] == " 1-3 label  b border  x unintell.  s skip  n note  u undo  ? guide  q quit")
    }

    @Test("degrades cleanly down to 20×6 and says so below", arguments: [(60, 16), (40, 12), (30, 8), (20, 6)])
    func smallSizes(width: Int, height: Int) {
        let grid = LabelingView.render(Self.model(), width: width, height: height)
        let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { DisplayText.width(String($0)) <= width })
        #expect(grid.text.contains("Buy cheap"))
        #expect(grid.text.contains("1 spam"))
    }

    @Test("below 20×6 the screen says the window is too small")
    func tooSmall() {
        #expect(LabelingView.render(Self.model(), width: 19, height: 6).text.contains("window too small"))
        #expect(LabelingView.render(Self.model(), width: 40, height: 5).text.contains("window too small"))
        // Nothing to draw on: an empty grid, not a crash.
        #expect(LabelingView.render(Self.model(), width: 0, height: 0).text.isEmpty)
    }

    @Test("item text with escape sequences is drawn inertly")
    func escapesInItem() {
        var model = Self.model()
        model.item?.payload = "click \u{1B}[2J\u{1B}]52;c;ZXZpbA==\u{07} here"
        let text = LabelingView.render(model, width: 80, height: 24).text
        #expect(text.contains("click ␛[2J␛]52;c;ZXZpbA==␇ here"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test("the progress bar never breaks, whatever the counts")
    func progressEdges() throws {
        for (before, open, session) in [(0, 0, 0), (5, 0, 3), (0, 3, 7), (100, 1, 0), (2, 5, 1)] {
            var model = Self.model()
            model.answeredBefore = before
            model.openAtStart = open
            model.answeredThisSession = Array(repeating: 1, count: session)
            let text = LabelingView.render(model, width: 80, height: 24).text
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 24 && lines.allSatisfy { DisplayText.width(String($0)) <= 80 })
            // "item A of B" with 1 ≤ A ≤ B, or no position at all when there is nothing to count.
            let match = text.firstMatch(of: /item (\d+) of (\d+)/)
            if before + open == 0 {
                #expect(match == nil, "\(before), \(open), \(session)")
            } else {
                let (current, total) = (Int(try #require(match).1)!, Int(try #require(match).2)!)
                #expect(total == before + open && 1 <= current && current <= total, "\(before), \(open), \(session)")
            }
        }
    }

    @Test("when nothing is left the screen says so")
    func finished() {
        let model = Self.after(Self.model(), .nextLoaded(.success(nil), at: 1)).0
        #expect(LabelingView.render(model, width: 80, height: 24).text.contains("Nothing left to label for you here."))
    }
}

@Suite("TUI: runtime on a real database")
struct LabelingRuntimeTests {
    @Test("labels with hotkeys; each answer is in the database before the next item is drawn")
    func durableBeforeDraw() throws {
        let project = try makeProject(in: temporaryFolder())
        var csv = "id,text,cond\n"
        for index in 0..<6 { csv += "i\(index),item number \(index),clean\n" }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(csv, to: "items.csv", in: project.directory)])
        let session = try project.store.labelingSession(labeler: "ana", labelersPerItem: 3)
        let backend = ScriptedBackend(width: 80, height: 24, keys: [.char("1"), .char("2"), .char("b"), .char("u"), .char("3"), .char("q")])
        // Every frame: the item it shows, and how many answers the database held when it was drawn.
        var frames: [(item: Int, answers: Int)] = []
        backend.onDraw = { grid in
            guard let match = grid.text.firstMatch(of: /item number (\d+)/) else { return }
            let answers = (try? project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM answers") }) ?? -1
            frames.append((Int(match.1)!, answers))
        }
        let runtime = try LabelingRuntime(project: project, session: session, backend: backend)
        runtime.run()
        // Keys 1, 2, b, u, 3: item k is drawn only once the answers to items 0..<k are saved (after
        // the undo, item 2 is drawn again with two). A runtime that drew first would show item k
        // with k − 1 answers, in every frame, progress redraws included.
        #expect(frames.map(\.item) == frames.map(\.answers), "\(frames)")
        var order: [Int] = []
        for frame in frames where order.last != frame.item { order.append(frame.item) }
        #expect(order == [0, 1, 2, 3, 2, 3])
        let answers = try project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT i.key, l.name, a.seconds FROM answers a JOIN items i ON i.id = a.item_id JOIN labels l ON l.id = a.label_id ORDER BY i.key")
        }
        #expect(answers.map { $0["key"] as String } == ["i0", "i1", "i2"])
        #expect(answers.map { $0["name"] as String } == ["a", "b", "c"])
        #expect(answers.allSatisfy { ($0["seconds"] as Double?) != nil })
        let claims = try project.sqlite.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM claims") }
        #expect(claims == 0)  // released on quit
        #expect(backend.frames.contains { $0.text.contains("item number 1") })  // frame order may include a progress redraw
    }

    @Test("whatever the effects, the next item is drawn only after the answer is written; q releases the claims")
    func orderOfEffects() {
        let log = EffectLog()
        let backend = ScriptedBackend(width: 80, height: 24, keys: [.char("1"), .char("2"), .char("q")])
        backend.onDraw = { grid in
            if let shown = grid.text.firstMatch(of: /text of (m\d)/) { log.add("draw \(shown.1)") }
        }
        let model = LabelingModel(projectName: "Demo", labeler: "ana", guidelineVersion: nil, guidelineMarkdown: "",
                                  labelSet: LabelingScreenTests.labelSet)
        LabelingRuntime(model: model, effects: LoggedLabelingEffects(items: 3, log: log), backend: backend, clock: { 0 }).run()
        #expect(log.entries == ["session start", "next", "draw m0", "answer m0 spam", "next", "draw m1", "answer m1 ham", "next", "draw m2",
                                "release claims", "draw m2"])
    }

    @Test("a failed save (a full disk) keeps the item on screen, says so, and Enter saves it once the fault clears")
    func failedSaveRecovers() throws {
        // Before: the screen showed the error, then stuck on "loading the next item…".
        let project = try makeProject(in: temporaryFolder())
        var csv = "id,text,cond\n"
        for index in 0..<3 { csv += "i\(index),item number \(index),clean\n" }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [write(csv, to: "items.csv", in: project.directory)])
        let session = try project.store.labelingSession(labeler: "ana", labelersPerItem: 3)
        let backend = ScriptedBackend(width: 80, height: 24, keys: [])
        let runtime = try LabelingRuntime(project: project, session: session, backend: backend)
        runtime.start()
        let first = try #require(runtime.model.item)
        // The disk fills: every write of the log and of claims fails, on the store's one writer.
        let fault = ["annotation_events", "claims"].map {
            "CREATE TEMP TRIGGER full_\($0) BEFORE INSERT ON \($0) BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;"
        }.joined()
        try project.sqlite.pool.writeWithoutTransaction { try $0.execute(sql: fault) }
        runtime.handle(.char("n"))
        for character in "why" { runtime.handle(.char(character)) }
        runtime.handle(.enter)
        runtime.handle(.char("1"))
        var screen = try #require(backend.frames.last).text
        #expect(screen.contains("not saved, Enter tries again") && screen.contains("disk is full"))
        #expect(screen.contains("item number \(first.key.dropFirst())") && !screen.contains("loading the next item"))
        #expect(runtime.model.item?.id == first.id && runtime.model.pendingNote == "why")
        // Still full: Enter fails again, and says so again.
        runtime.handle(.enter)
        #expect(try #require(backend.frames.last).text.contains("not saved"))
        // The fault clears: Enter saves the answer with its note and moves on.
        try project.sqlite.pool.writeWithoutTransaction {
            try $0.execute(sql: "DROP TRIGGER temp.full_annotation_events; DROP TRIGGER temp.full_claims;")
        }
        runtime.handle(.enter)
        screen = try #require(backend.frames.last).text
        #expect(!screen.contains("not saved") && runtime.model.item != nil && runtime.model.item?.id != first.id)
        #expect(try project.store.currentAnswer(itemKey: first.key, labeler: "ana") == "a")
        let note = try project.sqlite.pool.read { try String.fetchOne($0, sql: "SELECT note FROM annotation_events WHERE kind = 'label'") }
        #expect(note == "why")
        #expect(runtime.model.answeredThisSession == [first.id])
    }

    @Test("Tab opens the dashboard from the labeling screen; q comes back to the same item")
    func dashboardRoundTrip() throws {
        let project = try makeProject(in: temporaryFolder())
        let items = write("item,labeler,label,text\ni0,ana,a,first\ni0,ben,b,first\ni1,ana,a,second\n", to: "a.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [items])
        let session = try project.store.labelingSession(labeler: "cy", labelersPerItem: 3)
        let backend = ScriptedBackend(width: 80, height: 24, keys: [.tab, .char("2"), .char("q"), .char("1"), .char("q")])
        let runtime = try LabelingRuntime(project: project, session: session, backend: backend)
        runtime.run()
        #expect(backend.frames.contains { $0.text.contains("HLP per label") })
        #expect(runtime.model.answeredThisSession.count == 1)
        #expect(try project.store.currentAnswer(itemKey: "i1", labeler: "cy") == "a")  // fewest labels first
    }

    @Test("the dashboard behind Tab shows a labeler no per-pair κ and no one else's row; a reviewer sees them")
    func dashboardForALabeler() throws {
        let project = try makeProject(in: temporaryFolder())
        let items = write("item,labeler,label,text\ni0,ana,a,first\ni0,ben,b,first\ni1,ana,a,second\ni1,ben,a,second\n", to: "a.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [items])
        func labelersPanel(readsAnswers: Bool) throws -> String {
            let session = try project.store.labelingSession(labeler: "cy", labelersPerItem: 3)
            let backend = ScriptedBackend(width: 100, height: 30, keys: [.tab, .char("3"), .char("q"), .char("q")])
            try LabelingRuntime(project: project, session: session, backend: backend, readsAnswers: readsAnswers).run()
            return try #require(backend.frames.last { $0.text.contains("Cohen's κ between labelers") }).text
        }
        let labeler = try labelersPanel(readsAnswers: false)
        #expect(!labeler.contains("ana") && !labeler.contains("ben"))
        #expect(labeler.contains("for reviewers and admins"))
        let reviewer = try labelersPanel(readsAnswers: true)
        #expect(reviewer.contains("ana") && reviewer.contains("ben"))
    }
}

/// What a runtime asked of its effects and drew, in order. Locked: the progress count runs in
/// the background.
final class EffectLog: @unchecked Sendable {
    private var logged: [String] = []
    private let lock = NSLock()

    func add(_ entry: String) { lock.withLock { logged.append(entry) } }
    var entries: [String] { lock.withLock { logged } }
}

/// Labeling effects over `items` in-memory items ("text of m0" …) that log every write and read.
final class LoggedLabelingEffects: LabelingEffects {
    let items: [AssignedItem]
    let log: EffectLog

    init(items count: Int, log: EffectLog) {
        items = (0..<count).map { AssignedItem(id: Int64($0), key: "m\($0)", payload: "text of m\($0)", metadata: []) }
        self.log = log
    }

    func lastEventID() throws -> Int64 { log.add("session start"); return 0 }
    func next(skipping: Set<Int64>) throws -> AssignedItem? {
        log.add("next")
        let answered = Set(log.entries.compactMap { $0.hasPrefix("answer ") ? $0.split(separator: " ")[1] : nil })
        return items.first { !skipping.contains($0.id) && !answered.contains(Substring($0.key)) }
    }
    func answer(itemID: Int64, label: String, note: String?, seconds: Double) throws { log.add("answer m\(itemID) \(label)") }
    func skip(itemID: Int64, seconds: Double) throws { log.add("skip m\(itemID)") }
    func retract(itemID: Int64) throws -> AssignedItem? { log.add("retract m\(itemID)"); return items[Int(itemID)] }
    // Not counted: a count would redraw the screen at a moment the test cannot predict.
    func progress(since start: Int64) throws -> (answeredBefore: Int, openAtStart: Int) { throw EffectFailure("not counted") }
    func renewClaim(itemID: Int64) throws { log.add("renew m\(itemID)") }
    func releaseClaims() throws { log.add("release claims") }
    var dashboard: any DashboardEffects { fatalError("the dashboard is not opened in these tests") }
}
