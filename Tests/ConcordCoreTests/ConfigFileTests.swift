import ConcordTestSupport
import ConcordDomain
import ConcordFormats
import ConcordServices
import Foundation
import Testing

@Suite("Project config")
struct ConfigFileTests {
    @Test("round-trips through its YAML rendering")
    func roundTrip() throws {
        let config = try ProjectConfig(
            name: "Severity: weld defects", labelSet: try LabelSet.withDefaultHotkeys(names: ["none", "minor", "major"], scale: .ordinal),
            labelersPerItem: 2, guidelines: "../../Guidelines/x.md", sliceFields: ["line", "shift"], groupField: "batch",
            seedData: ["data/items.csv"])
        let parsed = try ConfigFile.parse(ConfigFile.render(config), file: "concord.yaml")
        #expect(parsed == config)
    }

    @Test("every shipped sample project config is valid")
    func shippedProjects() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let projects = root.appendingPathComponent("Projects")
        let names = try FileManager.default.contentsOfDirectory(atPath: projects.path).filter {
            FileManager.default.fileExists(atPath: projects.appendingPathComponent($0).appendingPathComponent(ConfigFile.fileName).path)
        }
        #expect(names.count >= 2)
        for name in names {
            let config = try ConfigFile.load(path: projects.appendingPathComponent(name).appendingPathComponent(ConfigFile.fileName).path)
            #expect(!config.labelSet.labels.isEmpty)
            let guideline = projects.appendingPathComponent(name).appendingPathComponent(config.guidelines!).standardizedFileURL.path
            #expect(FileManager.default.fileExists(atPath: guideline), "guideline of \(name)")
        }
    }

    @Test("reports a misspelt setting with its line", arguments: [
        ("name: x\nlabels: [{name: a}]\nlabelers_per_itme: 3\n", "labelers_per_itme", 3),
    ])
    func typo(text: String, field: String, line: Int) throws {
        #expect { try ConfigFile.parse(text, file: "concord.yaml") } throws: {
            let error = $0 as? DataFileError
            return error?.field == field && error?.line == line && error!.message.contains("unknown setting")
        }
    }

    @Test("rejects label sets a labeler could not use", arguments: [
        ("name: x\nlabels: [{name: a, key: b}]\n", "reserved"),
        ("name: x\nlabels: [{name: a, key: '1'}, {name: c, key: '1'}]\n", "already used"),
        ("name: x\nlabels: [{name: a}, {name: a}]\n", "twice"),
        ("name: x\nlabels: [{name: borderline}]\n", "built-in"),
        ("name: x\nlabels: []\n", "empty"),
        ("name: x\nlabels: [{name: a}]\nlabelers_per_item: 0\n", "at least 1"),
        ("labels: [{name: a}]\n", "missing"),
        ("name: x\nlabels: [{name: a}\n", "YAML syntax"),
    ])
    func invalid(text: String, expected: String) throws {
        #expect { try ConfigFile.parse(text, file: "concord.yaml") } throws: {
            ($0 as? DataFileError)?.description.contains(expected) == true
        }
    }
}
