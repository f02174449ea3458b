import ConcordAnalysis
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import ConcordTestSupport
import Foundation
import Testing

/// Answers made in Label Studio and Prodigy, imported as they were exported. The real files
/// (/work/shared/data/interop, copied under Tests/Fixtures/interop) have one annotator each; the
/// agreement tests write several annotators' files as each tool's documentation describes them
/// (labelstud.io/guide/export, prodi.gy/docs/api-interfaces).
@Suite("Interop: import")
struct InteropImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/interop")

    func importing(_ project: Project, _ files: [String], _ configure: (inout ImportOptions) -> Void = { _ in }) throws -> [FileImportReport] {
        var options = ImportOptions()
        configure(&options)
        return try Importer(project: project, options: options).run(files: files)
    }

    /// The same answers as a long-form CSV, to compare figures with.
    static let answersCSV = """
        item,labeler,label,text,lang
        t1,ana@x.org,pos,good film,en
        t1,user-7,pos,good film,en
        t1,cy@x.org,neg,good film,en
        t2,ana@x.org,neg,bad film,en
        t2,user-7,neg,bad film,en
        t3,ana@x.org,neu,a film,fr
        t3,user-7,pos,a film,fr
        t3,cy@x.org,neu,a film,fr

        """

    /// Label Studio tasks holding the answers above, with what an export also holds: a changed
    /// answer (the later `created_at` wins), a cancelled one, Concord's own consensus, a user id
    /// for `completed_by`, and a model's predictions.
    static let labelStudioTasks = #"""
        [
          {"id": 1, "data": {"text": "good film", "lang": "en", "item": "t1"},
           "annotations": [
             {"id": 11, "completed_by": {"id": 3, "email": "ana@x.org"}, "created_at": "2024-01-02T10:00:00Z", "lead_time": 2.5,
              "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["pos"]}}]},
             {"id": 12, "completed_by": 7, "created_at": "2024-01-02T10:01:00Z",
              "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["pos"]}}]},
             {"id": 13, "completed_by": {"id": 9, "email": "cy@x.org"}, "created_at": "2024-01-03T09:00:00Z",
              "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["neg"]}}]},
             {"id": 14, "completed_by": {"id": 9, "email": "cy@x.org"}, "created_at": "2024-01-02T09:00:00Z",
              "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["pos"]}}]},
             {"id": 15, "completed_by": {"email": "concord"}, "ground_truth": true,
              "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["pos"]}}]}],
           "predictions": [{"model_version": "bert-1", "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["pos"]}}]}]},
          {"id": 2, "data": {"text": "bad film", "lang": "en", "item": "t2"},
           "annotations": [
             {"id": 21, "completed_by": {"id": 3, "email": "ana@x.org"}, "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["neg"]}}]},
             {"id": 22, "completed_by": 7, "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["neg"]}}]},
             {"id": 23, "completed_by": {"id": 9, "email": "cy@x.org"}, "was_cancelled": true, "result": []}],
           "predictions": [{"model_version": "bert-1", "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["neg"]}}]}]},
          {"id": 3, "data": {"text": "a film", "lang": "fr", "item": "t3"},
           "annotations": [
             {"id": 31, "completed_by": {"id": 3, "email": "ana@x.org"}, "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["neu"]}}]},
             {"id": 32, "completed_by": 7, "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["pos"]}}]},
             {"id": 33, "completed_by": {"id": 9, "email": "cy@x.org"}, "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["neu"]}}]}]}
        ]
        """#

    func agreement(_ project: Project) throws -> AgreementReport {
        let loaded = try RatingTableLoader.load(project, AgreementQuery())
        var analysis = AgreementAnalysis.configured(for: loaded, query: AgreementQuery())
        analysis.bootstrapReplicates = 0
        return analysis.run(loaded.table)
    }

    @Test("a Label Studio export with several annotators gives the figures of the same answers as a CSV")
    func labelStudioAgreement() throws {
        let fromCSV = try makeProject(in: temporaryFolder(), labels: ["pos", "neg", "neu"])
        _ = try importing(fromCSV, [write(Self.answersCSV, to: "answers.csv", in: fromCSV.directory)]) { $0.metadataColumns = ["lang"] }
        let fromLS = try makeProject(in: temporaryFolder(), labels: ["pos", "neg", "neu"])
        // Named .txt: the format is recognised by content.
        let reports = try importing(fromLS, [write(Self.labelStudioTasks, to: "export.txt", in: fromLS.directory)]) { $0.itemKey = "data.item" }
        #expect(reports[0].format == "label-studio")
        #expect(reports[0].eventsAdded == 9 && reports[0].predictionsAdded == 2)
        let csv = try agreement(fromCSV), ls = try agreement(fromLS)
        #expect(ls.items == 3 && ls.annotations == 8 && ls.labelers == 3)
        #expect(ls.krippendorff_alpha == csv.krippendorff_alpha && ls.percent_agreement == csv.percent_agreement && ls.hlp == csv.hlp)
        #expect(try fromLS.store.currentAnswer(itemKey: "t1", labeler: "cy@x.org") == "neg")  // the later created_at
        #expect(try fromLS.store.metadataValues(field: "lang") == ["t1": "en", "t2": "en", "t3": "fr"])
        #expect(try fromLS.store.modelNames() == ["bert-1"])
        #expect(try importing(fromLS, [fromLS.directory.appendingPathComponent("export.txt").path]) { $0.itemKey = "data.item" }[0].alreadyImported)
    }

    @Test("Label Studio's JSON_MIN and CSV exports of the same answers give the same figures")
    func labelStudioFlatExports() throws {
        let reference = try agreement({
            let project = try makeProject(in: temporaryFolder(), labels: ["pos", "neg", "neu"])
            _ = try importing(project, [write(Self.answersCSV, to: "answers.csv", in: project.directory)])
            return project
        }())
        var json = "[\n", csv = "id,text,lang,sentiment,annotator,annotation_id,created_at,updated_at,lead_time\n"
        var annotation = 0
        for line in Self.answersCSV.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            annotation += 1
            // Label Studio writes a user without an email as its id.
            let annotator = f[1] == "user-7" ? "7" : "\"\(f[1])\""
            json += (annotation > 1 ? ",\n" : "") + #"{"id": "\#(f[0])", "text": "\#(f[3])", "lang": "\#(f[4])", "sentiment": "\#(f[2])", "annotator": \#(annotator), "annotation_id": \#(annotation), "created_at": "2024-01-01", "updated_at": "2024-01-01", "lead_time": 1.5}"#
            csv += "\(f[0]),\(f[3]),\(f[4]),\(f[2]),\(f[1] == "user-7" ? "7" : f[1]),\(annotation),2024-01-01,2024-01-01,1.5\n"
        }
        json += "\n]\n"
        for (name, content, format) in [("min.json", json, "label-studio-min"), ("export.csv", csv, "label-studio-csv")] {
            let project = try makeProject(in: temporaryFolder(), labels: ["pos", "neg", "neu"])
            let report = try importing(project, [write(content, to: name, in: project.directory)])[0]
            #expect(report.format == format && report.eventsAdded == 8)
            let figures = try agreement(project)
            #expect(figures.krippendorff_alpha == reference.krippendorff_alpha && figures.annotations == 8, "\(format)")
            #expect(try project.store.currentAnswer(itemKey: "t3", labeler: "user-7") == "pos")
            #expect(try project.store.metadataValues(field: "lang")["t3"] == "fr")
        }
    }

    @Test("Label Studio: what Concord cannot take is refused with the task id and the JSON path, and nothing changes")
    func labelStudioErrors() throws {
        let project = try makeProject(in: temporaryFolder(), labels: ["pos", "neg"])
        func task(_ result: String) -> String {
            #"[{"id": 41, "data": {"text": "x"}, "annotations": [{"completed_by": 1, "result": [\#(result)]}]}]"#
        }
        let cases: [(String, String)] = [
            (#"{"type": "rectanglelabels", "from_name": "box", "value": {}}"#, "task 41, annotations[0].result[0].type: 'rectanglelabels' is not a choices result"),
            (#"{"type": "choices", "from_name": "s", "value": {"choices": ["pos", "neg"]}}"#, "task 41, annotations[0].result[0].value.choices: 2 choices in one answer"),
            (#"{"type": "choices", "from_name": "s", "value": {"choices": ["meh"]}}"#, "task 41, annotations[0].result[0].value.choices: 'meh' is not in the label set"),
            (#"{"type": "choices", "from_name": "s", "value": {"choices": ["pos"]}}, {"type": "choices", "from_name": "t", "value": {"choices": ["neg"]}}"#,
             "task 41, annotations[0].result[1].from_name: a second choices control 't'"),
        ]
        let before = try snapshot(project)
        for (index, (result, message)) in cases.enumerated() {
            let file = write(task(result), to: "bad\(index).json", in: project.directory)
            #expect { try importing(project, [file]) } throws: { error in
                guard let error = error as? DataFileError else { return false }
                return error.line == 1 && error.message.contains(message)
            }
        }
        #expect(try snapshot(project) == before)
        // --from-name picks one control and passes the others over.
        let two = write(task(cases[3].0), to: "two.json", in: project.directory)
        #expect(try importing(project, [two]) { $0.fromName = "t" }[0].eventsAdded == 1)
        #expect(try project.store.currentAnswer(itemKey: "41", labeler: "user-1") == "neg")
    }

    @Test("Label Studio's real export: the answer, its labeler's email and its lead time")
    func labelStudioRealFile() throws {
        let project = try makeProject(in: temporaryFolder(), labels: ["Positive", "Negative", "Neutral"])
        let report = try importing(project, [Self.fixtures.appendingPathComponent("label-studio/csv_test_history.json").path])[0]
        #expect(report.eventsAdded == 1)
        #expect(try project.store.currentAnswer(itemKey: "6141", labeler: "sergei@heartex.e2e") == "Positive")
        let loaded = try RatingTableLoader.load(project, AgreementQuery())
        #expect(loaded.table.raters == ["sergei@heartex.e2e"])
    }

    /// Two annotators in one Prodigy dataset `news` (sessions `news-ana`, `news-ben`): a choice
    /// interface with options, an ignored line, and a rejected choice (no answer).
    static let prodigyChoices = #"""
        {"text": "rates rise", "options": [{"id": "econ", "text": "Economy"}, {"id": "sport", "text": "Sport"}], "accept": ["econ"], "answer": "accept", "_input_hash": 101, "_task_hash": 1, "_session_id": "news-ana", "meta": {"source": "wire"}}
        {"text": "rates rise", "options": [{"id": "econ", "text": "Economy"}, {"id": "sport", "text": "Sport"}], "accept": ["econ"], "answer": "accept", "_input_hash": 101, "_task_hash": 1, "_session_id": "news-ben", "meta": {"source": "wire"}}
        {"text": "cup final", "options": [{"id": "econ", "text": "Economy"}, {"id": "sport", "text": "Sport"}], "accept": ["sport"], "answer": "accept", "_input_hash": 102, "_task_hash": 2, "_session_id": "news-ana", "meta": {"source": "blog"}}
        {"text": "cup final", "options": [{"id": "econ", "text": "Economy"}, {"id": "sport", "text": "Sport"}], "accept": ["econ"], "answer": "accept", "_input_hash": 102, "_task_hash": 2, "_session_id": "news-ben", "meta": {"source": "blog"}}
        {"text": "weather", "options": [{"id": "econ", "text": "Economy"}, {"id": "sport", "text": "Sport"}], "accept": [], "answer": "ignore", "_input_hash": 103, "_task_hash": 3, "_session_id": "news-ana"}
        {"text": "weather", "options": [{"id": "econ", "text": "Economy"}, {"id": "sport", "text": "Sport"}], "accept": ["sport"], "answer": "reject", "_input_hash": 103, "_task_hash": 3, "_session_id": "news-ben"}

        """#

    @Test("Prodigy: choice answers by annotator, the dataset prefix stripped, ignores and rejections not answers")
    func prodigyChoices() throws {
        let project = try makeProject(in: temporaryFolder(), labels: ["econ", "sport"])
        let report = try importing(project, [write(Self.prodigyChoices, to: "news.jsonl", in: project.directory)])[0]
        #expect(report.format == "prodigy" && report.eventsAdded == 4)
        #expect(try project.store.currentAnswer(itemKey: "102", labeler: "ana") == "sport")
        #expect(try project.store.currentAnswer(itemKey: "102", labeler: "ben") == "econ")
        #expect(try project.store.metadataValues(field: "source") == ["101": "wire", "102": "blog"])
        let report2 = try agreement(project)
        #expect(report2.items == 2 && report2.labelers == 2 && report2.percent_agreement == 0.5)
        // Several accepted options in a single-label project are refused on their line.
        let two = Self.prodigyChoices.replacingOccurrences(of: #""accept": ["sport"], "answer": "accept", "_input_hash": 102"#,
                                                           with: #""accept": ["sport", "econ"], "answer": "accept", "_input_hash": 102"#)
        let other = try makeProject(in: temporaryFolder(), labels: ["econ", "sport"])
        #expect { try importing(other, [write(two, to: "two.jsonl", in: other.directory)]) } throws: {
            ($0 as? DataFileError)?.line == 3 && ($0 as? DataFileError)?.message.contains("2 accepted options") == true
        }
    }

    @Test("Prodigy's real binary export: accepts are the label, rejects need --reject-as, ignores are skipped")
    func prodigyBinaryRealFile() throws {
        let file = Self.fixtures.appendingPathComponent("prodigy/github-issues-DOCUMENTATION-textcat.jsonl").path
        let project = try makeProject(in: temporaryFolder(), labels: ["DOCUMENTATION", "other"])
        #expect { try importing(project, [file]) } throws: { ($0 as? DataFileError)?.message.contains("--reject-as") == true }
        let report = try importing(project, [file]) { $0.rejectAs = "other" }[0]
        // 830 lines: 261 accepted, 525 rejected, 44 ignored (the fixture's README).
        #expect(report.rows == 786 && report.eventsAdded == 786)
        let status = try project.store.status()
        #expect(status.labelCounts == ["DOCUMENTATION": 261, "other": 525])
        #expect(status.labelerCounts == [ProdigyReader.soleAnnotator: 786])
    }

    @Test("--create-items: an answers file without text creates its items; without the flag the refusal stays")
    func createItems() throws {
        let project = try makeProject(in: temporaryFolder())
        let answers = write("item,labeler,label\nq1,ana,a\nq1,ben,b\nq2,ana,c\n", to: "answers.csv", in: project.directory)
        #expect { try importing(project, [answers]) } throws: { ($0 as? DataFileError)?.message.contains("--create-items") == true }
        let report = try importing(project, [answers]) { $0.createItems = true }[0]
        #expect(report.itemsAdded == 2 && report.eventsAdded == 3)
        // An item already in the project is taken as it is, its text kept.
        let items = write("id,text\nq3,real text\n", to: "items.csv", in: project.directory)
        _ = try importing(project, [items])
        let more = write("item,labeler,label\nq3,ana,a\nq4,ana,b\n", to: "more.csv", in: project.directory)
        #expect(try importing(project, [more]) { $0.createItems = true }[0].itemsAdded == 1)
        var texts: [String: String] = [:]
        try project.store.forEachItem { texts[$0.key() ?? ""] = $0.payload() }
        #expect(texts == ["q1": "", "q2": "", "q3": "real text", "q4": ""])
    }

    @Test("formats are recognised by content: JSON Lines named .csv, CSV named .json")
    func detectedByContent() throws {
        let project = try makeProject(in: temporaryFolder())
        let jsonl = write("{\"id\": \"j1\", \"text\": \"one\"}\n", to: "items.csv", in: project.directory)
        let csv = write("id,text\nc1,two\n", to: "items.json", in: project.directory)
        let reports = try importing(project, [jsonl, csv])
        #expect(reports.map(\.format) == ["jsonl", "csv"])
        #expect(try project.store.itemCount() == 2)
    }
}
