import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import Foundation
import Testing

/// Issue 16: any config, however hostile, gets a clear error (exit 65) within a second.
@Suite("Project config: hostile input")
struct ConfigHardeningTests {
    static let valid = """
        name: p
        scale: nominal
        labels:
          - name: a
            key: "1"
            description: the first
          - name: b
            key: "2"
        special_labels: [borderline, unintelligible]
        labelers_per_item: 3
        slices: [cond, "device"]
        group: speaker
        checks:
          max_label_drift: 0.05

        """

    @Test("a complex key is an error with its line, not a crash")
    func complexKey() {
        // Before: SIGILL inside Yams' decoder, for every command.
        #expect { try ConfigFile.parse(Self.valid + "? [a]\n: b\n", file: "c.yaml") } throws: {
            ($0 as? DataFileError)?.line == 15 && "\($0)".contains("complex keys")
        }
        #expect { try ConfigFile.parse("name: p\nlabels:\n  - ? {x: 1}\n    : a\n", file: "c.yaml") } throws: {
            "\($0)".contains("complex keys")
        }
    }

    @Test("an alias bomb nested nine deep is refused at once")
    func aliasBomb() {
        // Before: eight levels took 19 s and 2 GB; nine ran out of memory.
        var bomb = Self.valid + "bomb:\n  l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 { bomb += "  l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ",") + "]\n" }
        let start = Date()
        #expect { try ConfigFile.parse(bomb, file: "c.yaml") } throws: { "\($0)".contains("more than 100000 values") }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test("2,000 mutated configs: each parses or gets a DataFileError, none takes a second", arguments: [UInt64(1), 2])
    func fuzz(seed: UInt64) {
        // Mutations that reach YAML's corners: flow and block collections, complex keys, anchors
        // and aliases, tags, multi-documents, odd scalars, deep nesting, truncation.
        let fragments = ["? ", ": ", "&a ", "*a", "[", "]", "{", "}", "- ", "!!binary ", "!!set ", "---\n", "...\n", "|\n  x\n",
                         ">-\n  y\n", "\"\\u0000\"", "'", "\"", "#", "\t", "\n", "  ", "null", "~", "0x1F", "1e400", ".nan", "yes",
                         "<<: *a\n", "%YAML 1.1\n", "\u{FEFF}", "é", "👍🏽", "\\", ",", "@", "`", "=", "labels:", "name:", "checks:"]
        var random = SeededGenerator(seed: seed)
        var slowest = 0.0, outcomes = (parsed: 0, refused: 0)
        for _ in 0..<1_000 {
            var text = Array(Self.valid.unicodeScalars)
            for _ in 0..<(1 + Int(random.next() % 6)) {
                let position = Int(random.next() % UInt64(text.count + 1))
                switch random.next() % 4 {
                case 0: text.insert(contentsOf: fragments[Int(random.next() % UInt64(fragments.count))].unicodeScalars, at: position)
                case 1: if position < text.count { text.remove(at: position) }
                case 2: text = Array(text.prefix(position))
                default:
                    // Nest what follows deeper.
                    text.insert(contentsOf: String(repeating: "- [", count: Int(random.next() % 40)).unicodeScalars, at: position)
                }
            }
            var string = ""
            string.unicodeScalars.append(contentsOf: text)
            let start = Date()
            do {
                _ = try ConfigFile.parse(string, file: "c.yaml")
                outcomes.parsed += 1
            } catch is DataFileError {
                outcomes.refused += 1
            } catch {
                Issue.record("not a DataFileError: \(error) for\n\(string)")
            }
            slowest = max(slowest, Date().timeIntervalSince(start))
        }
        #expect(slowest < 1, "slowest config took \(slowest) s")
        #expect(outcomes.parsed > 10 && outcomes.refused > 500, "\(outcomes)")
    }
}

@Suite("Project: the guideline file stays in the project")
struct GuidelineConfinementTests {
    func project(guidelines: String) throws -> URL {
        let folder = temporaryFolder().appendingPathComponent("Projects/p")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = try ProjectConfig(name: "p", labelSet: try LabelSet.withDefaultHotkeys(names: ["a", "b"]), guidelines: guidelines)
        write(ConfigFile.render(config), to: ConfigFile.fileName, in: folder)
        return folder
    }

    @Test("a guideline outside the project and its Guidelines folder is refused, and nothing is read from it")
    func outside() throws {
        // Before: `guidelines: /etc/shadow` copied that file into the database.
        for path in ["/etc/passwd", "../../../etc/passwd", "../other/notes.md"] {
            let folder = try project(guidelines: path)
            #expect(throws: DataFileError.self, "\(path)") { try Project(path: folder.path) }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(SQLiteBackend.fileName).path))
        }
    }

    @Test("a link inside the project that points outside is refused too")
    func link() throws {
        let folder = try project(guidelines: "guide.md")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("guide.md").path, withDestinationPath: "/etc/passwd")
        #expect { try Project(path: folder.path) } throws: { "\($0)".contains("must be inside the project folder") }
    }

    @Test("the project folder and a Guidelines folder beside it or beside Projects/ are allowed")
    func allowed() throws {
        for (path, file) in [("guide.md", "guide.md"), ("../../Guidelines/g.md", "../../Guidelines/g.md"), ("../Guidelines/g.md", "../Guidelines/g.md")] {
            let folder = try project(guidelines: path)
            let target = folder.appendingPathComponent(file).standardizedFileURL
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            write("# Guide\n", to: target.lastPathComponent, in: target.deletingLastPathComponent())
            let opened = try Project(path: folder.path)
            #expect(try opened.currentGuideline()?.content == "# Guide\n")
        }
    }
}
