import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordAnalysis
@testable import ConcordStore
import Foundation
import GRDB
import Testing

@Suite("Agreement from the database")
struct AgreementStoreTests {
    func report(_ project: Project, _ query: AgreementQuery = AgreementQuery()) throws -> AgreementReport {
        let loaded = try RatingTableLoader.load(project, query)
        var analysis = AgreementAnalysis()
        analysis.sliceField = query.sliceField
        analysis.bootstrapReplicates = 0
        analysis.roundLabel = loaded.roundLabel
        analysis.borderlineCategory = loaded.borderlineCategory
        return analysis.run(loaded.table)
    }

    func importRows(_ project: Project, _ csv: String, name: String = UUID().uuidString + ".csv") throws {
        let path = write(csv, to: name, in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [path])
    }

    /// ConvAbuse (Cercas Curry, Abercrombie & Rieser, EMNLP 2021; CC BY 4.0). The figures are the
    /// dataset preparer's, not the paper's: the README that ships with this long-form copy
    /// (Tests/Fixtures/convabuse, from shared/data) gives Krippendorff's α (nominal) 0.437 and mean
    /// pairwise agreement 79.4 % on the 5-way severity, first answers only (repeat = 0).
    @Test("ConvAbuse: α nominal 0.437 and 79.4 % agreement, as the dataset preparer's README gives")
    func convAbuse() throws {
        let path = convAbuseFile()
        try #require(FileManager.default.fileExists(atPath: path))
        let folder = temporaryFolder().appendingPathComponent("convabuse")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = try ProjectConfig(name: "ConvAbuse", labelSet: try LabelSet.withDefaultHotkeys(
            names: ["not_abusive", "ambiguous", "mildly_abusive", "strongly_abusive", "very_strongly_abusive"], specials: []),
            sliceFields: ["bot", "split"])
        write(ConfigFile.render(config), to: ConfigFile.fileName, in: folder)
        let project = try Project(path: folder.path)
        _ = try Importer(project: project, options: ImportOptions(
            itemColumn: "item_id", labelerColumn: "annotator_id", filters: [("repeat", "0")])).run(files: [path])
        let figures = try report(project, AgreementQuery(sliceField: "bot"))
        #expect(figures.categories.count == 5)
        #expect(String(format: "%.3f", figures.krippendorff_alpha!) == "0.437")
        #expect(String(format: "%.3f", figures.percent_agreement!) == "0.794")
        #expect(figures.items == 4_185 && figures.labelers == 8 && figures.annotations == 12_411)
        #expect(figures.cohen_kappa.count == 28)
        #expect(figures.per_slice?.map(\.value).sorted() == ["CarbonBot", "E.L.I.Z.A."])
        // Pairwise HLP with each label weighted once (2 to 7 labels per item here), against an
        // independent computation in Python over the same CSV (csv module, first answers, the last
        // row per annotator and item): per label Σ n_k(n_k−1)/(n−1) / Σ n_k, items with n ≥ 2.
        let expected = ["not_abusive": 0.916222653193, "ambiguous": 0.142805939580, "mildly_abusive": 0.284263959391,
                        "strongly_abusive": 0.521394141639, "very_strongly_abusive": 0.379227053140]
        for label in figures.per_label { #expect(abs(label.hlp! - expected[label.label]!) < 1e-11, "\(label.label)") }
        #expect(abs(figures.hlp! - 0.794988316816) < 1e-11 && figures.hlp_n == 12_411)
        // Specific agreement weighs items by n − 1 and so differs where n varies (0.311 here).
        #expect(String(format: "%.3f", figures.per_label[2].specific_agreement!) == "0.311")
    }

    @Test("rounds: a changed guideline starts a new round, and --round reads only its answers")
    func rounds() throws {
        let project = try makeProject(in: temporaryFolder())
        try importRows(project, "item,labeler,label,text\ni1,ana,a,one\ni1,ben,a,one\ni2,ana,b,two\ni2,ben,c,two\n")
        write("# Guidelines\n\nVersion 2: b and c are told apart by …\n", to: "guidelines.md", in: project.directory)
        try importRows(project, "item,labeler,label,text\ni3,ana,b,three\ni3,ben,b,three\ni4,ana,c,four\ni4,ben,c,four\n")
        let all = try report(project)
        #expect(all.per_round.count == 2)
        #expect(all.per_round.map(\.items) == [2, 2])
        #expect(all.per_round[0].percent_agreement == 0.5)
        #expect(all.per_round[1].percent_agreement == 1)
        let second = try report(project, AgreementQuery(round: "2"))
        #expect(second.items == 2 && second.percent_agreement == 1)
        #expect(second.round?.hasPrefix("2 (") == true)
        let byHash = try report(project, AgreementQuery(round: String(all.per_round[0].guideline_version.prefix(6))))
        #expect(byHash.items == 2 && byHash.percent_agreement == 0.5)
        #expect { try report(project, AgreementQuery(round: "7")) } throws: { "\($0)".contains("the rounds are: 1 (") }
    }

    @Test("--exclude-special leaves borderline and unintelligible out and shrinks K")
    func excludeSpecial() throws {
        let project = try makeProject(in: temporaryFolder())
        try importRows(project, "item,labeler,label,text\ni1,ana,a,one\ni1,ben,borderline,one\ni2,ana,b,two\ni2,ben,b,two\n")
        let counted = try report(project)
        #expect(counted.categories == ["a", "b", "c", "borderline", "unintelligible"])
        #expect(counted.annotations == 4)
        #expect(counted.percent_agreement == 0.5)
        #expect(counted.labeler_figures.first { $0.labeler == "ben" }?.borderline_share == 0.5)
        let excluded = try report(project, AgreementQuery(excludeSpecial: true))
        #expect(excluded.categories == ["a", "b", "c"])
        #expect(excluded.annotations == 3)
        #expect(excluded.items_multi == 1 && excluded.percent_agreement == 1)
    }

    @Test("slices by a metadata field and by the group field; an unknown field is refused")
    func slices() throws {
        let project = try makeProject(in: temporaryFolder())
        try importRows(project, "id,text,cond,speaker\ni1,one,clean,s1\ni2,two,noisy,s1\ni3,three,noisy,s2\n")
        try importRows(project, "item,labeler,label\ni1,ana,a\ni1,ben,a\ni2,ana,a\ni2,ben,b\ni3,ana,c\ni3,ben,b\n")
        let byCondition = try report(project, AgreementQuery(sliceField: "cond"))
        let values = Dictionary(uniqueKeysWithValues: byCondition.per_slice!.map { ($0.value, $0) })
        #expect(values["clean"]?.percent_agreement == 1)
        #expect(values["noisy"]?.percent_agreement == 0)
        #expect(values["noisy"]?.n == 2)
        let bySpeaker = try report(project, AgreementQuery(sliceField: "speaker"))
        #expect(bySpeaker.per_slice!.map(\.value).sorted() == ["s1", "s2"])
        #expect { try report(project, AgreementQuery(sliceField: "colour")) } throws: { "\($0)".contains("no item has a field 'colour'") }
    }

    @Test("predictions import and the gap table; a bad prediction is located")
    func predictions() throws {
        let project = try makeProject(in: temporaryFolder())
        try importRows(project, "item,labeler,label,text,cond\ni1,ana,a,one,clean\ni1,ben,a,one,clean\ni2,ana,b,two,noisy\ni2,ben,b,two,noisy\n")
        let file = write("item,prediction\ni1,a\ni2,a\n", to: "pred.csv", in: project.directory)
        #expect(try PredictionImporter(project: project).run(file: file) == 2)
        let loaded = try RatingTableLoader.load(project, AgreementQuery(sliceField: "cond", withPredictions: true))
        let gap = GapAnalysis.run(loaded.table, sliceField: "cond")
        #expect(gap.model_accuracy == 0.5)
        #expect(gap.items_compared == 2)
        // b: the model never says it (F1 0) where people always agree (HLP 1); noisy: accuracy 0 vs
        // HLP 1. Both gap 1 on half the data; ties go by category name, then value.
        #expect(gap.rows.map { "\($0.category)=\($0.value)" } == ["cond=noisy", "label=b", "label=a", "cond=clean"])
        #expect(gap.rows.prefix(2).allSatisfy { $0.gap == 1 && $0.gap_x_share == 0.5 })
        let bad = write("item,prediction\ni1,a\ni2,zebra\n", to: "bad.csv", in: project.directory)
        #expect { try PredictionImporter(project: project).run(file: bad) } throws: {
            let error = $0 as? DataFileError
            return error?.line == 3 && error?.field == "prediction"
        }
    }

    @Test("upgrading a v1 database keeps every answer and backfills its time and guideline version")
    func upgradeFromV1() throws {
        let path = temporaryFolder().appendingPathComponent("v1.sqlite").path
        let queue = try DatabaseQueue(path: path)
        // Exactly the v1 schema: the real migrator, stopped after its first migration.
        try Schema.migrator.migrate(queue, upTo: "v1-annotation-log")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO items (key, payload, created_at) VALUES ('i1', 'x', 0);
                INSERT INTO labelers (name, created_at) VALUES ('ana', 0);
                INSERT INTO labels (name) VALUES ('a');
                INSERT INTO guideline_versions (hash, content, first_seen) VALUES ('abc', 'g', 0);
                INSERT INTO annotation_events (item_id, labeler_id, kind, label_id, seconds, guideline_version_id, created_at)
                VALUES (1, 1, 'label', 1, 4.5, 1, 0);
                """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let row = try store.pool.read { try Row.fetchOne($0, sql: "SELECT seconds, guideline_version_id FROM answers") }
        #expect(row?["seconds"] as Double? == 4.5)
        #expect(row?["guideline_version_id"] as Int64? == 1)
    }
}

@Suite("Slice values from metadata")
struct SliceMetadataTests {
    @Test("values read from Concord's flat metadata equal SQLite's json_extract, including escapes and Unicode")
    func matchesJSONExtract() throws {
        let project = try makeProject(in: temporaryFolder())
        let values = ["clean", "car \"noise\"", "日本語", "a,b", "back\\slash", "", "tab\there", "emoji 👍🏽"]
        var csv = "id,text,cond\n"
        for (index, value) in values.enumerated() {
            csv += "i\(index),text,\"\(value.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        }
        let path = write(csv, to: "items.csv", in: project.directory)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [path])
        try project.sqlite.pool.write { db in
            // Metadata in a form Concord does not write itself: must fall back to json_extract.
            try db.execute(sql: """
                INSERT INTO items (key, payload, metadata, created_at) VALUES ('odd', 'x', '{ "other": 1, "cond" : "spaced" }', 0)
                """)
            for index in values.indices {
                try db.execute(sql: "INSERT INTO labelers (name, created_at) SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM labelers WHERE name = ?)",
                               arguments: ["l\(index)", "l\(index)"])
            }
        }
        for key in ["odd"] + values.indices.map({ "i\($0)" }) {
            try project.store.append(AnnotationEvent(itemKey: key, labeler: "ana", label: "a"), guideline: nil, guidelinePath: nil)
        }
        let loaded = try RatingTableLoader.load(project, AgreementQuery(sliceField: "cond"))
        let expected = try project.sqlite.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, json_extract(metadata, '$.cond') AS value FROM items ORDER BY id")
        }
        let table = loaded.table
        for item in 0..<table.itemCount {
            let id = table.itemID(ofItem: item)
            let want: String? = expected.first { ($0["id"] as Int) == id }?["value"]
            let slice = Int(table.sliceOfItem[item])
            let got = slice >= 0 ? table.sliceValues[slice] : nil
            #expect(got == (want?.isEmpty == true ? nil : want), "item \(id)")
        }
    }
}
