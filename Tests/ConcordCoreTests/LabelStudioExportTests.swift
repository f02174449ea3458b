import ConcordTestSupport
import ConcordAnalysis
import ConcordDomain
import ConcordFormats
@testable import ConcordServices
import ConcordStore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `concord export --format label-studio`: tasks Label Studio imports, with every labeler's answer
/// as an annotation and the exported label as the ground truth, and the labeling interface they fit.
@Suite("Export: Label Studio tasks")
struct LabelStudioExportTests {
    /// Names that break JSON or XML when pasted in unescaped (control characters are refused earlier).
    static let labels = ["a", "\"q\"", "<b>", "x&y", "it's"]
    static let labelers = ["ana", "o'brien \"the\" <admin> & co", "back\\slash ü 🙂"]

    struct Answer: Hashable {
        var labeler: String
        var label: String
        var seconds: Double?
    }

    /// 60 items, 30 speakers, three labelers; some answers without seconds, some borderline; a
    /// metadata field `item` (the key Label Studio tasks keep the item id under).
    func project() throws -> (Project, [String: [Answer]]) {
        let project = try makeProject(in: temporaryFolder(), labels: Self.labels)
        var items = "id,text,cond,speaker,item\n", csv = "item,labeler,label,seconds\n"
        var answers: [String: [Answer]] = [:]
        for index in 0..<60 {
            let key = "i\(String(format: "%02d", index))"
            items += "\(key),\"text <\(index)> & \"\"more\"\"\",\(index % 2 == 0 ? "clean" : "noisy"),s\(index % 30),m\(index)\n"
            let truth = Self.labels[index % Self.labels.count]
            let given = [truth, index % 4 == 1 ? "borderline" : truth, index % 6 == 5 ? Self.labels[0] : truth]
            for (position, (labeler, label)) in zip(Self.labelers, given).enumerated() {
                let seconds: Double? = (index + position) % 4 == 0 ? nil : Double(index % 7) + 0.25 * Double(position)
                answers[key, default: []].append(Answer(labeler: labeler, label: label, seconds: seconds))
                csv += "\(key),\(quoted(labeler)),\(quoted(label)),\(seconds.map { String($0) } ?? "")\n"
            }
        }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [
            write(items, to: "items.csv", in: project.directory), write(csv, to: "answers.csv", in: project.directory)])
        return (project, answers)
    }

    func quoted(_ value: String) -> String { "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    func options(_ format: ExportOptions.Format) -> ExportOptions {
        var options = ExportOptions()
        options.format = format
        options.groupBy = "speaker"
        return options
    }

    @Test("one annotation per labeler's answer, with its seconds, and the exported label as concord's ground truth")
    func tasks() throws {
        let (project, answers) = try project()
        let out = temporaryFolder().appendingPathComponent("export")
        let manifest = try Exporter(project: project, options: options(.labelStudio)).run(to: out)
        #expect(manifest.options.format == "label-studio")
        #expect(manifest.files.map(\.file) == ["train.json", "dev.json", "test.json"])
        // The same export as JSONL gives each item's label.
        let jsonl = temporaryFolder().appendingPathComponent("jsonl")
        try Exporter(project: project, options: options(.jsonl)).run(to: jsonl)
        var exported: [String: String] = [:]
        for split in Exporter.splitNames {
            for line in try String(contentsOf: jsonl.appendingPathComponent("\(split).jsonl"), encoding: .utf8).split(separator: "\n") {
                let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                exported[record["id"] as! String] = record["label"] as? String
            }
        }
        var ids = Set<Int>(), seen = Set<String>()
        for file in manifest.files {
            let data = try Data(contentsOf: out.appendingPathComponent(file.file))
            #expect(Hashing.sha256Hex(data) == file.sha256)
            let tasks = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            #expect(tasks.count == file.rows)
            for task in tasks {
                let id = try #require(task["id"] as? Int)
                #expect(ids.insert(id).inserted)
                let taskData = try #require(task["data"] as? [String: Any])
                let key = try #require(taskData["item"] as? String)
                seen.insert(key)
                let index = Int(key.dropFirst())!
                #expect(taskData["text"] as? String == "text <\(index)> & \"more\"")
                #expect(taskData["meta_item"] as? String == "m\(index)" && taskData["group"] as? String == "s\(index % 30)")
                let annotations = try #require(task["annotations"] as? [[String: Any]])
                let expected = try #require(answers[key])
                #expect(annotations.count == expected.count + 1)
                var given: [Answer] = []
                for annotation in annotations {
                    let result = try #require((annotation["result"] as? [[String: Any]])?.first)
                    #expect(result["type"] as? String == "choices" && result["from_name"] as? String == "label" && result["to_name"] as? String == "text")
                    let choices = try #require((result["value"] as? [String: Any])?["choices"] as? [String])
                    let email = try #require((annotation["completed_by"] as? [String: Any])?["email"] as? String)
                    #expect(annotation["was_cancelled"] as? Bool == false)
                    given.append(Answer(labeler: email, label: choices.joined(), seconds: annotation["lead_time"] as? Double))
                    #expect(annotation["ground_truth"] as? Bool == (email == "concord"))
                }
                #expect(given.last == Answer(labeler: "concord", label: try #require(exported[key]), seconds: nil))
                #expect(Set(given.dropLast()) == Set(expected), "\(key)")
            }
        }
        #expect(seen == Set(exported.keys))
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.contains("label_config.xml") && card.contains("LABEL_STUDIO_ALLOW_IMPORT_TASKS_WITH_UNKNOWN_EMAILS"))
    }

    @Test("an export re-imported into Concord gives the same answers and figures; the consensus annotation does not count")
    func roundTrip() throws {
        let (project, answers) = try project()
        let out = temporaryFolder().appendingPathComponent("export")
        var everything = options(.labelStudio)
        everything.borderline = .keep
        let manifest = try Exporter(project: project, options: everything).run(to: out)
        // Items whose three answers all differ have no consensus and are not exported.
        #expect(manifest.left_out == ["tie_or_no_majority": 4])
        let again = try makeProject(in: temporaryFolder(), labels: Self.labels)
        var importOptions = ImportOptions()
        importOptions.itemKey = "data.item"
        let reports = try Importer(project: again, options: importOptions)
            .run(files: manifest.files.map { out.appendingPathComponent($0.file).path })
        #expect(reports.allSatisfy { $0.format == "label-studio" })
        // Every exported item comes back with exactly its answers (the `concord` consensus is not one).
        var keys: [String] = []
        try again.store.forEachItem { keys.append($0.key() ?? "") }
        #expect(keys.count == manifest.items_exported)
        for key in keys {
            for answer in answers[key] ?? [] {
                #expect(try again.store.currentAnswer(itemKey: key, labeler: answer.labeler) == answer.label)
            }
        }
        #expect(try again.store.status().labelerCounts.keys.sorted() == Self.labelers.sorted())
        // The same figures as the same answers imported from Concord's own files.
        let reference = try makeProject(in: temporaryFolder(), labels: Self.labels)
        var csv = "item,labeler,label\n"
        for key in keys {
            for answer in answers[key] ?? [] { csv += "\(key),\(quoted(answer.labeler)),\(quoted(answer.label))\n" }
        }
        var create = ImportOptions()
        create.createItems = true
        _ = try Importer(project: reference, options: create).run(files: [write(csv, to: "answers.csv", in: reference.directory)])
        func figures(_ project: Project) throws -> AgreementReport {
            let loaded = try RatingTableLoader.load(project, AgreementQuery())
            var analysis = AgreementAnalysis.configured(for: loaded, query: AgreementQuery())
            analysis.bootstrapReplicates = 0
            return analysis.run(loaded.table)
        }
        let after = try figures(again), expected = try figures(reference)
        #expect(after.items == expected.items && after.annotations == expected.annotations)
        #expect(after.krippendorff_alpha == expected.krippendorff_alpha && after.hlp == expected.hlp && after.gwet_ac1 == expected.gwet_ac1)
    }

    @Test("label_config.xml parses, and its choices are the label set and the special labels, in order")
    func labelingInterface() throws {
        let (project, _) = try project()
        let out = temporaryFolder().appendingPathComponent("export")
        try Exporter(project: project, options: options(.labelStudio)).run(to: out)
        let elements = try XMLElements.of(Data(contentsOf: out.appendingPathComponent("label_config.xml")))
        #expect(elements.first?.name == "View")
        #expect(elements.contains { $0.name == "Text" && $0.attributes == ["name": "text", "value": "$text"] })
        #expect(elements.contains { $0.name == "Choices" && $0.attributes["name"] == "label" && $0.attributes["toName"] == "text" })
        #expect(elements.filter { $0.name == "Choice" }.map { $0.attributes["value"] } == Self.labels + ["borderline", "unintelligible"])
    }

    @Test("a dry run writes nothing, and shows the rows the export then writes")
    func dryRun() throws {
        let (project, _) = try project()
        let before = try FileManager.default.subpathsOfDirectory(atPath: project.directory.path).sorted()
        let preview = try Exporter(project: project, options: options(.labelStudio)).preview()
        #expect(try FileManager.default.subpathsOfDirectory(atPath: project.directory.path).sorted() == before)
        let manifest = try Exporter(project: project, options: options(.labelStudio)).run(to: temporaryFolder().appendingPathComponent("export"))
        #expect(manifest.files.map { preview.rows[$0.split] } == manifest.files.map(\.rows))
    }

    @Test("the same database, options and seed give byte-identical tasks")
    func reproducible() throws {
        let (project, _) = try project()
        let first = temporaryFolder().appendingPathComponent("export"), second = temporaryFolder().appendingPathComponent("export")
        try Exporter(project: project, options: options(.labelStudio)).run(to: first)
        try Exporter(project: project, options: options(.labelStudio)).run(to: second)
        for name in ["train.json", "dev.json", "test.json", "label_config.xml", "manifest.json", "README.md"] {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)), "\(name)")
        }
    }
}

/// Every element of an XML document in document order, with its attributes.
private final class XMLElements: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []

    /// Throws when the document is not well-formed.
    static func of(_ data: Data) throws -> [(name: String, attributes: [String: String])] {
        let parser = XMLParser(data: data), collector = XMLElements()
        parser.delegate = collector
        guard parser.parse() else { throw QueryError("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")") }
        return collector.elements
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        elements.append((name, attributes))
    }
}
