import ConcordTestSupport
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordAnalysis
import ConcordStore
import Foundation
import Testing

/// Issue 12: group-aware splits that represent the whole, and groupings that cannot be honoured.
@Suite("Export: splits that represent the data")
struct SplitRepresentationTests {
    /// ConvAbuse (first answers) with `bot` and `split` as slice fields and `conv_id` as metadata.
    static let convAbuse: Project = {
        let folder = temporaryFolder().appendingPathComponent("convabuse")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = try! ProjectConfig(name: "ConvAbuse", labelSet: try! LabelSet.withDefaultHotkeys(
            names: ["not_abusive", "ambiguous", "mildly_abusive", "strongly_abusive", "very_strongly_abusive"], specials: []),
            sliceFields: ["bot", "split"])
        write(ConfigFile.render(config), to: ConfigFile.fileName, in: folder)
        let project = try! Project(path: folder.path)
        var options = ImportOptions(itemColumn: "item_id", labelerColumn: "annotator_id", filters: [("repeat", "0")])
        options.metadataColumns = ["bot", "split", "conv_id"]
        _ = try! Importer(project: project, options: options).run(files: [convAbuseFile()])
        return project
    }()

    /// Grouped by conversation, seeds 1, 2, 7 and 99 (the seeds of the measurement).
    /// Before: groups were placed largest first, so dev and test held single-item conversations only
    /// and CarbonBot made 47% of train but 4–6% of dev and test. The anchor, scikit-learn 1.9.1's
    /// StratifiedGroupKFold(n_splits=10, shuffle=True) on the same items (fold 0 test, fold 1 dev, the
    /// rest train; `concord-bench splits` prints it beside Concord), kept CarbonBot at 0.346–0.391
    /// of every split (0.383 in the whole) and 1.46–1.47 items per group: Concord must do at least
    /// that well.
    @Test("ConvAbuse by conversation: both bots, the labels and the group sizes represented in every split",
          arguments: [UInt64(1), 2, 7, 99])
    func convAbuseByConversation(seed: UInt64) throws {
        var options = ExportOptions()
        options.groupBy = "conv_id"
        options.seed = seed
        let preview = try Exporter(project: Self.convAbuse, options: options).preview()
        let whole = preview.representation.whole
        let carbon = try #require(whole.fields["bot"]?["CarbonBot"])
        #expect(abs(carbon - 0.383) < 0.001)
        for part in preview.representation.splits {
            let share = try #require(part.fields["bot"]?["CarbonBot"])
            #expect(abs(share - carbon) <= 0.01, "\(part.split): CarbonBot \(share)")
            #expect((part.max_label_deviation ?? 1) <= 0.01, "\(part.split): labels off by \(part.max_label_deviation)")
            let perGroup = try #require(part.items_per_group)
            #expect((1.44...1.52).contains(perGroup), "\(part.split): \(perGroup) items per group")
            #expect(try #require(part.largest_group) > 10, "\(part.split) holds only small conversations")
        }
        #expect(preview.rows["dev"]! + preview.rows["test"]! >= 740)
    }

    @Test("no conversation lands in two splits, and the files say the same as the manifest")
    func groupsStayTogether() throws {
        var options = ExportOptions()
        options.groupBy = "conv_id"
        let out = temporaryFolder().appendingPathComponent("export")
        let manifest = try Exporter(project: Self.convAbuse, options: options).run(to: out)
        var splitOfGroup: [String: String] = [:]
        for split in Exporter.splitNames {
            for line in try String(contentsOf: out.appendingPathComponent("\(split).jsonl"), encoding: .utf8).split(separator: "\n") {
                let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let group = try #require(record["group"] as? String)
                #expect(splitOfGroup[group] == nil || splitOfGroup[group] == split, "conversation \(group) in two splits")
                splitOfGroup[group] = split
            }
        }
        #expect(splitOfGroup.count == manifest.groups)
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.contains("## How each split represents the whole") && card.contains("| max bot dev. |"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        let representation = try #require(json["representation"] as? [String: Any])
        let splits = try #require(representation["splits"] as? [[String: Any]])
        #expect(splits.map { $0["split"] as? String } == ["train", "dev", "test"])
        for key in ["items", "groups", "largest_group", "items_per_group", "labels", "fields", "max_label_deviation", "max_field_deviation"] {
            #expect(splits[0][key] != nil, "missing \(key)")
        }
    }

    @Test("a group field no item has is refused: exporting without groups would leak")
    func unknownGroupField() throws {
        var options = ExportOptions()
        options.groupBy = "conversation"
        let out = temporaryFolder().appendingPathComponent("export")
        #expect { try Exporter(project: Self.convAbuse, options: options).run(to: out) } throws: {
            "\($0)".contains("--group-by: no item has a field 'conversation'")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Four items: two in group g1, one in g2, one without a group.
    func partlyGrouped() throws -> Project {
        let project = try makeProject(in: temporaryFolder())
        let items = "id,text,cond,speaker\ni1,one,x,g1\ni2,two,x,g1\ni3,three,y,g2\ni4,four,y,\n"
        var answers = "item,labeler,label\n"
        for item in ["i1", "i2", "i3", "i4"] { answers += "\(item),ana,a\n\(item),ben,a\n" }
        _ = try Importer(project: project, options: ImportOptions()).run(files: [
            write(items, to: "items.csv", in: project.directory), write(answers, to: "answers.csv", in: project.directory)])
        return project
    }

    @Test("items without a group are refused, or with --missing-group own each is a group of its own")
    func missingGroups() throws {
        let project = try partlyGrouped()
        var options = ExportOptions()
        options.groupBy = "speaker"
        let out = temporaryFolder().appendingPathComponent("export")
        #expect { try Exporter(project: project, options: options).run(to: out) } throws: {
            "\($0)".contains("1 of 4 items have no value (the first: 'i4')") && "\($0)".contains("--missing-group own")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        options.missingGroup = .own
        let manifest = try Exporter(project: project, options: options).run(to: out)
        #expect(manifest.items_exported == 4 && manifest.groups == 2 && manifest.options.missing_group == "own")
        #expect(manifest.representation.whole.groups == 3)
    }

    @Test("a group larger than a split's share is reported, not silently broken")
    func oversizedGroup() throws {
        let project = try partlyGrouped()
        var options = ExportOptions()
        options.groupBy = "speaker"
        options.missingGroup = .own
        let preview = try Exporter(project: project, options: options).preview()
        #expect(preview.representation.warnings.contains { $0.hasPrefix("group 'g1' has 2 items, more than the dev split's share of 0") })
    }

    @Test("an empty split has no deviation to report (null), not the whole's largest share")
    func emptySplit() throws {
        // Found in review: with --ratios 80,20,0 the empty test split reported a deviation of 0.6.
        var options = ExportOptions()
        options.groupBy = "conv_id"
        options.ratios = [80, 20, 0]
        let representation = try Exporter(project: Self.convAbuse, options: options).preview().representation
        let test = try #require(representation.splits.last)
        #expect(test.items == 0 && test.max_label_deviation == nil && test.max_field_deviation.isEmpty)
        #expect(representation.splits.dropLast().allSatisfy { $0.max_label_deviation != nil })
    }

    @Test("a dry run measures the split and writes nothing")
    func dryRun() throws {
        var options = ExportOptions()
        options.groupBy = "conv_id"
        let exporter = Exporter(project: Self.convAbuse, options: options)
        let preview = try exporter.preview()
        let out = temporaryFolder().appendingPathComponent("export")
        let manifest = try exporter.run(to: out)
        #expect(preview.itemsExported == manifest.items_exported)
        #expect(preview.representation.splits.map(\.items) == manifest.representation.splits.map(\.items))
        #expect(preview.rows == Dictionary(uniqueKeysWithValues: manifest.files.map { ($0.split, $0.rows) }))
    }
}
