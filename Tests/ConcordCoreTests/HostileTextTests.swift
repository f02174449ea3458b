import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import Testing

/// Issue 16: no text from data, names or arguments reaches a file Concord writes with its control
/// characters, names with them are refused at the door, and hostile files get clear errors.
@Suite("Hostile text")
struct HostileTextTests {
    static let escape = "\u{1B}[31m"

    @Test("label, labeler and field names with control characters are refused with a clear error")
    func names() throws {
        #expect(throws: ConfigError.self) { try LabelSet.withDefaultHotkeys(names: ["ok", "bad\(Self.escape)"]) }
        #expect(throws: ConfigError.self) {
            try ProjectConfig(name: "p", labelSet: try LabelSet.withDefaultHotkeys(names: ["a"]), sliceFields: ["cond\u{07}"])
        }
        let project = try makeProject(in: temporaryFolder())
        let labeler = write("item,labeler,label,text\ni1,ana,a,x\ni2,\(Self.escape)eve,a,y\n", to: "l.csv", in: project.directory)
        #expect { try Importer(project: project, options: ImportOptions()).run(files: [labeler]) } throws: {
            ($0 as? DataFileError)?.line == 3 && ($0 as? DataFileError)?.field == "labeler" && "\($0)".contains("control character")
        }
        let header = write("id,text,co\u{1B}nd\ni1,x,clean\n", to: "h.csv", in: project.directory)
        #expect { try Importer(project: project, options: ImportOptions()).run(files: [header]) } throws: {
            ($0 as? DataFileError)?.line == 1 && "\($0)".contains("control character")
        }
        #expect(throws: AnnotationError.self) {
            try project.sqlite.pool.write { try SQLiteStore.labelerID($0, name: "x\u{9B}y") }
        }
        #expect(try project.store.status().items == 0)
    }

    @Test("a JSONL object with a key twice is an error, as a CSV header with a column twice is")
    func duplicateKeys() throws {
        let project = try makeProject(in: temporaryFolder())
        let file = write("{\"id\":\"i1\",\"text\":\"a\"}\n{\"id\":\"i2\",\"text\":\"b\",\"text\":\"c\"}\n", to: "d.jsonl", in: project.directory)
        #expect { try Importer(project: project, options: ImportOptions()).run(files: [file]) } throws: {
            ($0 as? DataFileError)?.line == 2 && ($0 as? DataFileError)?.field == "text" && "\($0)".contains("twice")
        }
    }

    @Test("any field name can be reached: names are bound as values, never spliced into a JSON path")
    func fieldNames() throws {
        let project = try makeProject(in: temporaryFolder())
        let items = write("id,text,\"c\"\"q\"\ni1,x,one\ni2,y,two\n", to: "i.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [items])
        #expect(try project.hasField("c\"q"))
        #expect(try !project.hasField("src\"]"))
        for key in ["i1", "i2"] {
            try project.store.append(AnnotationEvent(itemKey: key, labeler: "ana", label: "a"), guideline: nil, guidelinePath: nil)
        }
        let loaded = try RatingTableLoader.load(project, AgreementQuery(sliceField: "c\"q"))
        #expect(loaded.table.sliceValues.sorted() == ["one", "two"])
        #expect { try RatingTableLoader.load(project, AgreementQuery(sliceField: "src\"]")) } throws: {
            "\($0)".contains("no item has a field")
        }
    }

    @Test("text Concord writes to a Markdown file is inert: the dataset card")
    func datasetCard() throws {
        let folder = temporaryFolder().appendingPathComponent("p")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = try ProjectConfig(name: "p", description: "made by \(Self.escape)mallory\u{202E}", labelSet: try LabelSet.withDefaultHotkeys(names: ["a"]))
        write(ConfigFile.render(config), to: ConfigFile.fileName, in: folder)
        let project = try Project(path: folder.path)
        let answers = write("item,labeler,label,text\ni1,ana,a,x\ni1,ben,a,x\n", to: "a.csv", in: folder)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [answers])
        let out = temporaryFolder().appendingPathComponent("export")
        try Exporter(project: project, options: ExportOptions()).run(to: out)
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(!card.unicodeScalars.contains { Names.isControl($0) && $0 != "\n" })
        #expect(card.contains("made by ␛[31mmallory\\u{202E}"))
    }

    @Test("inert text keeps line breaks and shows every other control character")
    func inert() {
        #expect(Names.inert("a\nb") == "a\nb")
        #expect(Names.inert("\u{1B}]0;x\u{07}") == "␛]0;x␇")
        #expect(Names.inert("\u{9B}31m\u{7F}") == "\\u{9B}31m␡")
        #expect(Names.problem("snake_case_ok") == nil && Names.problem("tab\there") != nil)
    }
}
