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

    @Test("a hotkey answers with the time since the item appeared, then asks for the next item")
    func answer() {
        var model = Self.model()
        let effects = LabelingScreen.update(&model, .key(.char("1"), at: 13.24))
        #expect(effects == [.answer(itemID: 7, label: "spam", note: nil, seconds: 3.2), .loadNext(skipping: [])])
        #expect(model.item == nil)
        #expect(model.answeredThisSession == [7])
    }

    @Test("b and x answer borderline and unintelligible; s skips (not an answer)")
    func specialsAndSkip() {
        var model = Self.model()
        #expect(LabelingScreen.update(&model, .key(.char("b"), at: 11)).first == .answer(itemID: 7, label: "borderline", note: nil, seconds: 1))
        model = Self.model()
        #expect(LabelingScreen.update(&model, .key(.char("x"), at: 11)).first == .answer(itemID: 7, label: "unintelligible", note: nil, seconds: 1))
        model = Self.model()
        #expect(LabelingScreen.update(&model, .key(.char("s"), at: 12)) == [.skip(itemID: 7, seconds: 2), .loadNext(skipping: [7])])
        #expect(model.answeredThisSession.isEmpty)
    }

    @Test("n takes a note that is saved with the next answer; Esc cancels it")
    func note() {
        var model = Self.model()
        _ = LabelingScreen.update(&model, .key(.char("n"), at: 11))
        for character in "odd " { _ = LabelingScreen.update(&model, .key(.char(character), at: 11)) }
        _ = LabelingScreen.update(&model, .key(.backspace, at: 11))
        _ = LabelingScreen.update(&model, .key(.enter, at: 11))
        #expect(model.pendingNote == "odd")
        #expect(LabelingScreen.update(&model, .key(.char("2"), at: 12)).first == .answer(itemID: 7, label: "ham", note: "odd", seconds: 2))
        var cancelled = Self.model()
        _ = LabelingScreen.update(&cancelled, .key(.char("n"), at: 11))
        _ = LabelingScreen.update(&cancelled, .key(.char("z"), at: 11))
        _ = LabelingScreen.update(&cancelled, .key(.escape, at: 11))
        #expect(cancelled.pendingNote == nil && cancelled.mode == .labeling)
    }

    @Test("a note is dropped when its item is skipped, not saved on the next one")
    func noteDroppedOnSkip() {
        var model = Self.model()
        model.pendingNote = "for m7"
        _ = LabelingScreen.update(&model, .key(.char("s"), at: 11))
        #expect(model.pendingNote == nil)
    }

    @Test("u undoes the last answer of the session; with none it says so")
    func undo() {
        var model = Self.model()
        #expect(LabelingScreen.update(&model, .key(.char("u"), at: 11)).isEmpty)
        #expect(model.flash == "nothing to undo in this session")
        _ = LabelingScreen.update(&model, .key(.char("1"), at: 11))
        _ = LabelingScreen.update(&model, .itemLoaded(AssignedItem(id: 8, key: "m8", payload: "x", metadata: []), at: 12))
        #expect(LabelingScreen.update(&model, .key(.char("u"), at: 13)) == [.undo(itemID: 7)])
        #expect(model.answeredThisSession.isEmpty)
    }

    @Test("Tab asks for the dashboard")
    func dashboardKey() {
        var model = Self.model()
        #expect(LabelingScreen.update(&model, .key(.tab, at: 11)) == [.dashboard])
        #expect(model.item != nil)
    }

    @Test("? opens the guideline, j scrolls it, Esc returns; q quits")
    func guidelineAndQuit() {
        var model = Self.model()
        _ = LabelingScreen.update(&model, .key(.char("?"), at: 11))
        #expect(model.mode == .guideline(scroll: 0))
        _ = LabelingScreen.update(&model, .key(.char("j"), at: 11))
        #expect(model.mode == .guideline(scroll: 1))
        // Label keys do nothing while reading the guideline.
        #expect(LabelingScreen.update(&model, .key(.char("1"), at: 11)).isEmpty)
        _ = LabelingScreen.update(&model, .key(.escape, at: 11))
        #expect(model.mode == .labeling)
        #expect(LabelingScreen.update(&model, .key(.char("q"), at: 11)) == [.quit])
        var interrupted = Self.model()
        #expect(LabelingScreen.update(&interrupted, .key(.control("c"), at: 11)) == [.quit])
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
        var model = Self.model()
        _ = LabelingScreen.update(&model, .itemLoaded(nil, at: 1))
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
        try runtime.run()
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
        try runtime.start()
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
        try runtime.run()
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
