import ConcordTestSupport
@testable import ConcordSQLite
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import GRDB
import Testing

/// The labeling screen in a real terminal (tmux), checked on screen and in the database.
@Suite("Labeling end to end (tmux)", .serialized)
struct LabelingEndToEndTests {
    /// A project of `items` voice queries with k labels per item; returns its folder.
    func project(items: Int = 12, k: Int = 3, texts: [String]? = nil, settings: String = "") throws -> URL {
        let folder = temporaryFolder().appendingPathComponent("voice")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        write("""
            name: Voice e2e
            labels:
              - {name: play_music, key: "1"}
              - {name: set_timer, key: "2"}
              - {name: weather, key: "3"}
            labelers_per_item: \(k)
            guidelines: guide.md
            slices: [condition]
            \(settings)
            """, to: "concord.yaml", in: folder)
        write("# Intent guide\n\nPick the **one** intent the speaker wanted.\n\n## play_music\n\n- songs, radio\n", to: "guide.md", in: folder)
        var csv = "id,text,condition\n"
        for index in 0..<items {
            let text = texts.map { $0[index % $0.count] } ?? "query number \(index) please"
            csv += "q\(String(format: "%02d", index)),\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\",clean\n"
        }
        let itemsFile = write(csv, to: "items.csv", in: folder.deletingLastPathComponent())
        let imported = try ConcordProcess.run(["import", folder.path, itemsFile])
        #expect(imported.status == 0, "\(imported.stderr)")
        return folder
    }

    func label(_ project: URL, as name: String, extra: String = "") -> String {
        "'\(ConcordProcess.binary)' label '\(project.path)' --as \(name) \(extra)"
    }

    func rows(_ project: URL, _ sql: String) throws -> [Row] {
        let store = try SQLiteStore(path: project.appendingPathComponent(SQLiteBackend.fileName).path)
        return try store.pool.read { try Row.fetchAll($0, sql: sql) }
    }

    @Test("ten items labeled with hotkeys, each saved with its time")
    func tenItems() throws {
        let project = try project()
        let tmux = try TmuxSession(label(project, as: "ana"))
        try tmux.wait(for: "query number 0 please")
        for index in 0..<10 {
            try tmux.keys(String(index % 3 + 1))
            try tmux.wait(for: "query number \(index + 1) please")
        }
        try tmux.wait(for: "item 11 of 12")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
        let answers = try rows(project, """
            SELECT i.key, l.name, a.seconds FROM answers a JOIN items i ON i.id = a.item_id JOIN labels l ON l.id = a.label_id ORDER BY i.key
            """)
        #expect(answers.count == 10)
        #expect(answers.map { $0["name"] as String }.prefix(3) == ["play_music", "set_timer", "weather"])
        #expect(answers.allSatisfy { ($0["seconds"] as Double?) != nil })
        #expect(try tmux.screen().contains("ana: 10 answers saved"))
    }

    /// Issue 15: `retest:` in concord.yaml brings a labeler's own items back, blind: the screen
    /// looks exactly as for a new item, and the second answer never replaces the first.
    @Test("retests while labeling: items come back blind, their answers kept apart")
    func retests() throws {
        let project = try project(items: 16, k: 1, settings: "retest: 0.4\nretest_after: 3")
        let tmux = try TmuxSession(label(project, as: "ana"))
        func shownItem(_ screen: String) -> String? {
            screen.range(of: #"query number \d+ please"#, options: .regularExpression).map { String(screen[$0]) }
        }
        var seen: Set<String> = [], again = 0
        var screen = try tmux.wait(for: "the first item") { shownItem($0) != nil }
        while let shown = shownItem(screen) {
            #expect(!screen.lowercased().contains("retest"))
            // A new item gets 1 (play_music); an item seen before gets 2 (set_timer).
            let repeated = seen.contains(shown)
            if repeated { again += 1 }
            seen.insert(shown)
            try tmux.keys(repeated ? "2" : "1")
            screen = try tmux.wait(for: "the next item") { shownItem($0) != shown || $0.contains("Nothing left to label") }
            if screen.contains("Nothing left to label") { break }
        }
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
        #expect(seen.count == 16)
        #expect(again > 0, "with retest: 0.4 over 16 items, some come back")
        let answers = try rows(project, "SELECT l.name FROM answers a JOIN labels l ON l.id = a.label_id")
        #expect(answers.count == 16 && answers.allSatisfy { ($0["name"] as String) == "play_music" })
        let retests = try rows(project, "SELECT l.name FROM retests r JOIN labels l ON l.id = r.label_id")
        #expect(retests.count == again && retests.allSatisfy { ($0["name"] as String) == "set_timer" })
        let agreement = try ConcordProcess.run(["agreement", project.path, "--json", "--bootstrap", "0"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(agreement.stdout.utf8)) as? [String: Any])
        let retest = try #require(report["test_retest"] as? [String: Any])
        #expect(retest["n"] as? Int == again && retest["agreement"] as? Double == 0)
    }

    @Test("undo, borderline, unintelligible and a note")
    func undoBorderlineNote() throws {
        let project = try project()
        let tmux = try TmuxSession(label(project, as: "ben"))
        try tmux.wait(for: "query number 0 please")
        try tmux.keys("3")
        try tmux.wait(for: "query number 1 please")
        try tmux.keys("u")
        try tmux.wait(for: "undone")
        #expect(try tmux.screen().contains("query number 0 please"))
        try tmux.keys("b")
        try tmux.wait(for: "query number 1 please")
        try tmux.keys("n")
        try tmux.wait(for: "note:")
        try tmux.type("noisy line")
        try tmux.keys("Enter")
        try tmux.wait(for: "note kept")
        try tmux.keys("x")
        try tmux.wait(for: "query number 2 please")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
        let events = try rows(project, """
            SELECT i.key, e.kind, l.name, e.note FROM annotation_events e JOIN items i ON i.id = e.item_id
            LEFT JOIN labels l ON l.id = e.label_id ORDER BY e.id
            """)
        #expect(events.map { "\($0["key"] as String) \($0["kind"] as String) \(($0["name"] as String?) ?? "-") \(($0["note"] as String?) ?? "-")" } == [
            "q00 label weather -", "q00 retract - -", "q00 label borderline -", "q01 label unintelligible noisy line",
        ])
    }

    @Test("the guideline panel opens with ?, scrolls, and closes with Esc")
    func guideline() throws {
        let project = try project()
        let tmux = try TmuxSession(label(project, as: "cy"))
        try tmux.wait(for: "query number 0 please")
        try tmux.keys("?")
        // Wait for the whole panel: a capture can land in the middle of a redraw.
        try tmux.wait(for: "the rendered guideline in place of the item") { panel in
            panel.contains("INTENT GUIDE") && panel.contains("Pick the one intent the speaker wanted.")
                && panel.contains("• songs, radio") && !panel.contains("query number 0")
        }
        try tmux.keys("Escape")
        try tmux.wait(for: "query number 0 please")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
    }

    @Test("redraws on resize, says when the window is too small, and recovers")
    func resize() throws {
        let project = try project()
        let tmux = try TmuxSession(label(project, as: "dee"))
        try tmux.wait(for: "query number 0 please")
        try tmux.resize(width: 50, height: 14)
        try tmux.wait(for: "50 columns") { screen in
            screen.split(separator: "\n").allSatisfy { $0.count <= 50 } && screen.contains("query number 0")
                && screen.contains("1 play_music")
        }
        try tmux.resize(width: 16, height: 5)
        try tmux.wait(for: "window too small")
        try tmux.resize(width: 80, height: 24)
        try tmux.wait(for: "query number 0 please")
        try tmux.keys("1")
        try tmux.wait(for: "query number 1 please")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
    }

    @Test("two labelers at once on one project never get an item beyond k")
    func twoLabelers() throws {
        let project = try project(items: 8, k: 1)
        let tmux = try TmuxSession(label(project, as: "ana"))
        let second = try tmux.newWindow(label(project, as: "ben"))
        let first = "e2e:0"
        try tmux.wait(for: "query number", target: first)
        try tmux.wait(for: "query number", target: second)
        var done = Set<String>()
        while done.count < 2 {
            for target in [first, second] where !done.contains(target) {
                let screen = try tmux.screen(target)
                if screen.contains("Nothing left to label") { done.insert(target); continue }
                guard let shown = screen.split(separator: "\n").first(where: { $0.contains("query number") }) else { continue }
                try tmux.keys("2", target: target)
                try tmux.wait(for: "the next item", target: target) { !$0.contains(String(shown)) }
            }
        }
        for target in [first, second] { try tmux.keys("q", target: target) }
        let counts = try rows(project, "SELECT item_id, count(*) AS n FROM answers GROUP BY item_id")
        #expect(counts.count == 8)
        #expect(counts.allSatisfy { ($0["n"] as Int) == 1 })
        let perLabeler = try rows(project, "SELECT labeler_id, count(*) AS n FROM answers GROUP BY labeler_id")
        #expect(perLabeler.count == 2)
    }

    @Test("the terminal is restored after q, Ctrl-C, SIGTERM and SIGHUP", arguments: ["q", "C-c", "TERM", "HUP"])
    func restoresTerminal(how: String) throws {
        let project = try project()
        let sttyFile = project.appendingPathComponent("stty.txt").path
        let tmux = try TmuxSession(label(project, as: "eve") + "; stty -a > '\(sttyFile)'")
        try tmux.wait(for: "query number 0 please")
        switch how {
        case "q", "C-c": try tmux.keys(how)
        default:
            // Anchored on the binary, so the shell around it (whose command line also names the
            // project) is not signalled.
            _ = try Spawn.run(["pkill", "-\(how)", "-f", "^\(ConcordProcess.binary) label \(project.path)"])
        }
        let screen = try tmux.wait(for: "EXITED:")
        #expect(!screen.contains("query number 0"))
        let stty = try String(contentsOfFile: sttyFile, encoding: .utf8)
        #expect(stty.contains(" icanon") && !stty.contains("-icanon"))
        #expect(stty.contains(" echo ") && !stty.contains("-echo "))
        #expect(try rows(project, "SELECT * FROM claims").isEmpty)
    }

    @Test("kill -9 loses nothing that was answered")
    func killNine() throws {
        let project = try project()
        let tmux = try TmuxSession(label(project, as: "fay"))
        try tmux.wait(for: "query number 0 please")
        for index in 0..<3 {
            try tmux.keys("1")
            try tmux.wait(for: "query number \(index + 1) please")
        }
        _ = try Spawn.run(["pkill", "-KILL", "-f", "^\(ConcordProcess.binary) label \(project.path)"])
        try tmux.wait(for: "EXITED:137")
        #expect(try rows(project, "SELECT * FROM answers").count == 3)
    }

    /// Issue 16, "keep it proven": 50 trials of the labeling screen killed with `kill -9`, each
    /// right after a keystroke whose save may be in flight. Every answer whose screen moved on is in
    /// the database; the one in flight is there or not, never half; nothing else is.
    @Test("50 kill -9 trials mid-keystroke: every answer whose screen moved on is in the database")
    func killTrials() throws {
        let project = try project(items: 120, k: 60)
        func shownItem(_ screen: String) -> String? {
            screen.range(of: #"query number \d+ please"#, options: .regularExpression).map { String(screen[$0]) }
        }
        for trial in 0..<50 {
            let name = "trial\(trial)"
            let tmux = try TmuxSession(label(project, as: name), width: 100, height: 30)
            var shown = try #require(shownItem(try tmux.wait(for: "the first item") { shownItem($0) != nil }))
            var movedOn = 0
            for _ in 0..<(1 + trial % 3) {
                try tmux.keys("1")
                let before = shown
                shown = try #require(shownItem(try tmux.wait(for: "the next item") { shownItem($0).map { $0 != before } ?? false }))
                movedOn += 1
            }
            // One more keystroke, and the process dies while it may be saving it.
            try tmux.keys(["1", "2", "3"][trial % 3])
            _ = try Spawn.run(["pkill", "-KILL", "-f", "^\(ConcordProcess.binary) label \(project.path) --as \(name)$"])
            try tmux.wait(for: "EXITED:137")
            let saved = try rows(project, "SELECT count(*) AS n FROM answers a JOIN labelers p ON p.id = a.labeler_id WHERE p.name = '\(name)'")
                .first?["n"] as Int? ?? -1
            #expect(saved == movedOn || saved == movedOn + 1, "trial \(trial): \(movedOn) moved on, \(saved) saved")
        }
    }

    @Test("without --as, the labeler is the operating-system account, whatever $USER says")
    func accountNotEnvironment() throws {
        // Before: `USER=x concord label P` labeled as x.
        let project = try project()
        let account = String(cString: getpwuid(geteuid())!.pointee.pw_name)
        let tmux = try TmuxSession("'\(ConcordProcess.binary)' label '\(project.path)'", width: 100, height: 30,
                                   environment: ["USER": "mallory"])
        try tmux.wait(for: "query number 0 please")
        try tmux.keys("1")
        try tmux.wait(for: "query number 1 please")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
        let names = try rows(project, "SELECT DISTINCT p.name FROM answers a JOIN labelers p ON p.id = a.labeler_id").map { $0["name"] as String }
        #expect(names == [account] && account != "mallory")
    }

    @Test("escape sequences in item text are shown inertly")
    func inertEscapes() throws {
        let project = try project(items: 2, texts: ["red \u{1B}[31mALERT\u{1B}[0m and \u{1B}]52;c;ZXZpbA==\u{07} clip", "plain"])
        let tmux = try TmuxSession(label(project, as: "gus"))
        let screen = try tmux.wait(for: "ALERT")
        #expect(screen.contains("red ␛[31mALERT␛[0m and ␛]52;c;ZXZpbA==␇ clip"))
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
    }

    @Test("TERM=dumb gets a clear message and exit code 69")
    func dumbTerminal() throws {
        let project = try project()
        let tmux = try TmuxSession(label(project, as: "hal"), environment: ["TERM": "dumb"])
        let screen = try tmux.wait(for: "EXITED:69")
        #expect(screen.contains("cannot show a full-screen interface"))
    }

    @Test("a non-UTF-8 locale still shows wide characters")
    func asciiLocale() throws {
        let project = try project(items: 2, texts: ["日本語のテキスト", "plain"])
        let tmux = try TmuxSession(label(project, as: "ivy"), environment: ["LANG": "C", "LC_ALL": "C"])
        try tmux.wait(for: "日本語のテキスト")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
    }
}

@Suite("Demo end to end (tmux)", .serialized)
struct DemoEndToEndTests {
    @Test("the demo opens the dashboard with real figures, and every panel can be reached")
    func dashboard() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let project = root.appendingPathComponent("Projects/voice-assistant").path
        let tmux = try TmuxSession("'\(ConcordProcess.binary)' demo --project '\(project)'", width: 100, height: 30)
        try tmux.wait(for: "Krippendorff's α (nominal)", timeout: 30)
        for (key, title) in [("2", "HLP per condition"), ("3", "Cohen's κ between labelers"), ("4", "Label coincidences"),
                             ("5", "Model gap to HLP"), ("6", "vs the resolved reference"), ("Tab", "Progress")] {
            try tmux.keys(key)
            try tmux.wait(for: title)
        }
        // Enter on a κ cell opens the pair's disagreements in the review screen; q comes back.
        try tmux.keys("3", "Right", "Enter")
        try tmux.wait(for: "items to review")
        try tmux.keys("q")
        try tmux.wait(for: "Cohen's κ between labelers")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
    }

    @Test("demo --no-tui prints the figures `concord agreement --json` gives for the same database")
    func textFiguresMatchJSON() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let demo = try ConcordProcess.run(["demo", "--no-tui"], in: root)
        #expect(demo.status == 0)
        let path = try #require(demo.stdout.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let json = try ConcordProcess.run(["agreement", path, "--by", "condition", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let alpha = try #require(report["krippendorff_alpha"] as? Double)
        #expect(demo.stdout.contains("Krippendorff's α (nominal)   \(String(format: "%.3f", alpha))"))
    }
}

@Suite("Review end to end (tmux)", .serialized)
struct ReviewEndToEndTests {
    @Test("a reviewer adjudicates three items from the keyboard; a labeler is refused")
    func threeItems() throws {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", project, "--labels", "red,green,blue"]).status == 0)
        var csv = "item,labeler,label,text\n"
        for index in 0..<4 {
            for (labeler, label) in zip(["ana", "ben", "cy"], ["red", index % 2 == 0 ? "green" : "red", "blue"]) {
                csv += "c\(index),\(labeler),\(label),colour \(index)\n"
            }
        }
        #expect(try ConcordProcess.run(["import", project, write(csv, to: "a.csv", in: folder)]).status == 0)
        // Every way in to adjudication refuses a labeler the same way (the admin running the
        // test acts for ana; ana's role decides). The dashboard shows a labeler aggregates only.
        for command in [["review", project, "--as", "ana"], ["adjudicate", project, "--as", "ana", "c0", "red"]] {
            let refused = try ConcordProcess.run(command)
            #expect(refused.status == 77, "\(command[0])")
            #expect(refused.stderr.contains("ana is a labeler; only reviewers and admins may adjudicate"), "\(command[0])")
        }
        #expect(try ConcordProcess.run(["labelers", project, "--add", "rita", "--role", "reviewer"]).status == 0)

        let tmux = try TmuxSession("'\(ConcordProcess.binary)' review '\(project)' --as rita", width: 100, height: 30)
        try tmux.wait(for: "4 items to review")
        try tmux.keys("Enter")
        for index in 0..<3 {
            try tmux.wait(for: "answers")
            try tmux.keys(String(index % 3 + 1))
            try tmux.wait(for: "why?")
            try tmux.keys("3")
        }
        try tmux.keys("Escape")
        try tmux.wait(for: "1 items to review · 3 adjudicated this session")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
        let store = try SQLiteStore(path: folder.appendingPathComponent("p/concord.sqlite").path)
        let count = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM adjudications WHERE reason = 'truly_ambiguous'") }
        #expect(count == 3)
        let queue = try ConcordProcess.run(["disagreements", project, "--json"])
        let entries = try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.count == 1)
    }

    @Test("the audit: a reviewer labels the sample blind in a real terminal, and HLP shows its reference")
    func blindAudit() throws {
        let folder = temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", project, "--labels", "red,green,blue"]).status == 0)
        var csv = "item,labeler,label,text\n"
        for index in 0..<6 {
            for (labeler, label) in zip(["anabel", "benedict"], ["red", index < 3 ? "red" : "green"]) {
                csv += "c\(index),\(labeler),\(label),colour \(index)\n"
            }
        }
        #expect(try ConcordProcess.run(["import", project, write(csv, to: "a.csv", in: folder)]).status == 0)
        #expect(try ConcordProcess.run(["labelers", project, "--add", "rita", "--role", "reviewer"]).status == 0)
        #expect(try ConcordProcess.run(["audit", project, "--sample", "4"]).status == 0)

        let tmux = try TmuxSession("'\(ConcordProcess.binary)' review '\(project)' --as rita --audit", width: 100, height: 30)
        try tmux.wait(for: "4 audit items to label blind")
        try tmux.keys("Enter")
        for _ in 0..<4 {
            try tmux.wait(for: "other answers are hidden")
            let screen = try tmux.screen()
            #expect(!screen.contains("anabel") && !screen.contains("benedict") && !screen.contains("why?"))
            try tmux.keys("1")
        }
        try tmux.wait(for: "Nothing to audit")
        try tmux.keys("q")
        try tmux.wait(for: "EXITED:0")
        let hlp = try ConcordProcess.run(["hlp", project, "--json"])
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(hlp.stdout.utf8)) as? [String: Any])
        let reference = try #require(figures["hlp_reference"] as? [String: Any])
        #expect(reference["items"] as? Int == 4 && reference["n"] as? Int == 8)
    }
}
