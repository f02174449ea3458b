import ConcordTestSupport
import ConcordDomain
import ConcordFormats
@testable import ConcordServices
import ConcordStore
import Foundation
import Testing

/// `concord export --format hf`: a folder that Hugging Face `datasets.load_dataset(DIR)` loads as
/// it is, with the label as a ClassLabel in label-set order, whatever the labels and fields are called.
@Suite("Export: Hugging Face dataset folder")
struct HuggingFaceExportTests {
    /// Label names that are YAML syntax when unquoted (a mapping, a comment, quotes, a flow
    /// sequence, a backslash); `it's\` and `<b>&c` are merged into `[m]`, so the label set the
    /// export sees has four classes. Fields `yes: no` (a mapping too) and `label_name` (a column
    /// the hf layout takes for itself). 100 items, 50 speakers, three labelers.
    static let labels = ["yes:no", "#x", "\"q\"", "<b>&c", "it's\\"]

    func project() throws -> Project {
        let project = try makeProject(in: temporaryFolder(), labels: Self.labels)
        var items = "id,text,cond,speaker,\"yes: no\",label_name\n", answers = "item,labeler,label,seconds\n"
        for index in 0..<100 {
            let key = "i\(String(format: "%03d", index))"
            items += "\(key),\"text \(index)\",\(index % 2 == 0 ? "clean" : "noisy"),s\(index % 50),v\(index % 3),n\(index)\n"
            let truth = Self.labels[index % Self.labels.count]
            // Every 9th item has a borderline consensus: left out by default.
            let given = index % 9 == 4 ? ["borderline", "borderline", truth] : [truth, truth, index % 7 == 3 ? Self.labels[0] : truth]
            for (labeler, label) in zip(["ana", "ben", "cy"], given) { answers += "\(key),\(labeler),\(csv(label)),\(index % 5 + 1)\n" }
        }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [
            write(items, to: "items.csv", in: project.directory), write(answers, to: "answers.csv", in: project.directory)])
        let merge = SchemaChange(id: 0, kind: .merge, sources: ["<b>&c", "it's\\"], target: "[m]")
        try merge.validate(against: try project.labelSet())
        _ = try project.store.recordSchemaChange(merge, by: "lead")
        return project
    }

    func csv(_ value: String) -> String { "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    func export(_ project: Project, _ configure: (inout ExportOptions) -> Void = { _ in }) throws -> (URL, ExportManifest) {
        var options = ExportOptions()
        options.format = .hf
        options.groupBy = "speaker"
        configure(&options)
        let out = temporaryFolder().appendingPathComponent("export")
        return (out, try Exporter(project: project, options: options).run(to: out))
    }

    func rows(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test("the label is its class index with its name beside it; the card declares the files and the features, no split counts")
    func layout() throws {
        let project = try project()
        let (out, manifest) = try export(project)
        let classes = try project.labelSet().labels.map(\.name)
        #expect(classes == ["yes:no", "#x", "\"q\"", "[m]"])
        #expect(manifest.options.format == "hf")
        #expect(manifest.files.map(\.file) == ["data/train.jsonl", "data/validation.jsonl", "data/test.jsonl"])
        #expect(manifest.files.map(\.split) == ["train", "dev", "test"])
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(ExportFolder.marker).path))
        for file in manifest.files {
            let rows = try rows(out.appendingPathComponent(file.file))
            #expect(rows.count == file.rows && file.rows > 0)
            for row in rows {
                let index = try #require(row["label"] as? Int)
                #expect(classes[index] == row["label_name"] as? String)
                #expect(row["yes: no"] is String && row["meta_label_name"] is String)
            }
        }
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.hasPrefix("---\npretty_name: \"test\"\nconfigs:\n- config_name: default\n"))
        let front = card.components(separatedBy: "\n---\n")[0]
        #expect(front.contains("  - split: validation\n    path: \"data/validation.jsonl\""))
        #expect(front.contains("          \"3\": \"[m]\""))
        #expect(front.contains("  - name: \"yes: no\"\n    dtype: string"))
        #expect(!front.contains("splits:") && !front.contains("borderline"))
        #expect(card.contains("load_dataset(\"path/to/this/folder\")"))
    }

    @Test("kept special labels are classes after the label set; empty splits are not declared")
    func specialsAndEmptySplits() throws {
        let project = try project()
        let (out, manifest) = try export(project) { $0.borderline = .keep; $0.ratios = [1, 0, 1] }
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.contains("          \"4\": \"borderline\"") && !card.contains("\"unintelligible\""))
        #expect(manifest.files[1].rows == 0)
        #expect(!card.contains("split: validation") && card.contains("split: test"))
    }

    @Test("the same database, options and seed give byte-identical folders")
    func reproducible() throws {
        let project = try project()
        let (first, manifest) = try export(project)
        let (second, _) = try export(project)
        for name in manifest.files.map(\.file) + ["manifest.json", "README.md"] {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test("a dry run writes nothing, and shows the rows the export then writes")
    func dryRun() throws {
        let project = try project()
        var options = ExportOptions()
        options.format = .hf
        options.groupBy = "speaker"
        let before = try FileManager.default.subpathsOfDirectory(atPath: project.directory.path).sorted()
        let preview = try Exporter(project: project, options: options).preview()
        #expect(try FileManager.default.subpathsOfDirectory(atPath: project.directory.path).sorted() == before)
        let (_, manifest) = try export(project)
        #expect(manifest.files.map { preview.rows[$0.split] } == manifest.files.map(\.rows))
    }

    /// Whether this machine's python3 has PyYAML, which `datasets` reads cards with.
    static let pythonHasYAML = (try? ExportTests().runPython("import yaml; print('ok')", [])) == "ok"

    @Test("a quoted YAML scalar reads back as the (inert) text, whatever YAML syntax it holds",
          .enabled(if: HuggingFaceExportTests.pythonHasYAML, "needs python3 with PyYAML (pip install pyyaml)"))
    func yamlScalars() throws {
        let values = ["yes: no", "#x", "- a", "[m]", "{b: c}", "a\\b", "\"q\"", "it's", "@at", "`tick`", "*alias", "&anchor",
                      "!tag", "%dir", "|", ">", "null", "~", "true", "no", "1e3", "0x10", "", " padded ", "---", "日本語", "🙂",
                      "line\u{2028}sep", "next\u{85}line", "non\u{FFFE}char", "esc\u{1B}[31m", "tab\tand\nnewline"]
        let folder = temporaryFolder()
        write(values.map { "- " + YAMLScalar.quoted($0) }.joined(separator: "\n") + "\n", to: "values.yaml", in: folder)
        write(String(decoding: try JSONSerialization.data(withJSONObject: values.map(Names.inert)), as: UTF8.self),
              to: "expected.json", in: folder)
        let script = """
            import json, sys, yaml
            got = yaml.safe_load(open(sys.argv[1] + "/values.yaml", encoding="utf-8"))
            expected = json.load(open(sys.argv[1] + "/expected.json", encoding="utf-8"))
            bad = [(g, e) for g, e in zip(got, expected) if g != e]
            assert len(got) == len(expected) and not bad, bad
            print("ok")
            """
        #expect(try ExportTests().runPython(script, [folder.path]) == "ok")
    }

    @Test("datasets.load_dataset(DIR) loads train, validation and test, with the label set as a ClassLabel",
          .enabled(if: ExportTests.pythonHasPandasAndDatasets, "needs python3 with pandas and datasets (pip install pandas datasets)"))
    func loadDataset() throws {
        let project = try project()
        let (out, manifest) = try export(project)
        let classes = try project.labelSet().labels.map(\.name)
        // i001 is "#x" by all three labelers.
        let rows = Dictionary(uniqueKeysWithValues: manifest.files.map { (HuggingFaceCard.splitName($0.split), $0.rows) })
        let script = """
            import json, sys
            import datasets
            out, classes, rows = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
            ds = datasets.load_dataset(out)
            assert sorted(ds) == ["test", "train", "validation"], list(ds)
            for split, count in rows.items():
                assert ds[split].num_rows == count, (split, ds[split].num_rows, count)
            label = ds["train"].features["label"]
            assert isinstance(label, datasets.ClassLabel), label
            assert label.names == classes, (label.names, classes)
            assert all(ds[split].features == ds["train"].features for split in ds)
            found = [row for split in ds.values() for row in split if row["id"] == "i001"]
            assert len(found) == 1, found
            assert label.int2str(found[0]["label"]) == "#x" == found[0]["label_name"], found[0]
            assert "yes: no" in ds["train"].column_names and "meta_label_name" in ds["train"].column_names
            assert ds["train"].features["n_labels"].dtype == "int64" and ds["train"].features["agreement"].dtype == "float64"
            print("ok")
            """
        let arguments = [out.path, String(decoding: try JSONSerialization.data(withJSONObject: classes), as: UTF8.self),
                         String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)]
        let result = try ExportTests().runPython(script, arguments)
        #expect(result == "ok", "\(result)")
    }
}
