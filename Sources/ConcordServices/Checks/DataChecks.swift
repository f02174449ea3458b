import ConcordFormats
import ConcordDomain
import ConcordAnalysis
import ConcordStore

/// `concord check`: tests on data, not code (the ML Test Score idea), for a team's own CI. Each
/// check has a figure, a threshold from concord.yaml's `checks:` and a verdict; any failure makes
/// the report fail. Checks of the split files (leakage, drift, classes per split) need an export
/// folder and are skipped, and say so, without one.
public struct CheckReport: Sendable, Codable {
    public enum Status: String, Sendable, Codable { case pass, fail, skip }

    public struct Check: Sendable, Codable {
        /// "leakage.texts", "drift.labels", …
        public var name: String
        public var status: Status
        /// The measured figure and the threshold it is held against; null for a skipped check.
        @NullEncodable public var figure: Double?
        @NullEncodable public var threshold: Double?
        /// What was measured, and where the worst case is.
        public var detail: String
    }

    public var project: String
    @NullEncodable public var export: String?
    public var checks: [Check]
    public var failed: Int
    public var passed: Bool
}

public enum DataChecks {
    public static func run(_ project: Project, export folder: String?) throws -> CheckReport {
        let limits = project.config.checks
        var checks: [CheckReport.Check] = []
        func check(_ name: String, _ figure: Double, atMost limit: Double, _ detail: String) {
            checks.append(.init(name: name, status: figure <= limit + 1e-12 ? .pass : .fail, figure: figure, threshold: limit, detail: detail))
        }
        func check(_ name: String, _ figure: Double, atLeast limit: Double, _ detail: String) {
            checks.append(.init(name: name, status: figure >= limit - 1e-12 ? .pass : .fail, figure: figure, threshold: limit, detail: detail))
        }
        func skip(_ name: String, _ why: String) {
            checks.append(.init(name: name, status: .skip, figure: nil, threshold: nil, detail: why))
        }

        // The split files are read on a second core while the project's figures are computed.
        let slices = project.config.sliceFields
        let reading = Concurrent<ExportedSplits?>()
        reading.start { try folder.map { try ExportedSplits.read(folder: $0, fields: slices) } }
        let loaded = try RatingTableLoader.load(project, AgreementQuery())
        var analysis = AgreementAnalysis.configured(for: loaded, query: AgreementQuery())
        analysis.bootstrapReplicates = 0
        let report = analysis.run(loaded.table)
        let missing = try slices.map { (field: $0, items: try RatingTableLoader.itemsWithoutValue(project, field: $0)) }

        let exportNames = ["leakage.texts", "leakage.groups", "drift.labels", "drift.slices", "labels.per_split"]
        if let splits = try reading.wait() {
            check("leakage.texts", Double(splits.leakedItems), atMost: limits.maxLeakedItems,
                  "items whose normalised text is also in another split" + examples(splits.leakedItemExamples))
            if splits.hasGroups {
                check("leakage.groups", Double(splits.leakedGroups), atMost: limits.maxLeakedGroups,
                      "groups with items in more than one split" + examples(splits.leakedGroupExamples))
            } else {
                skip("leakage.groups", "the export has no group column (exported without --group-by)")
            }
            let labelDrift = drift(splits.labels, names: splits.names)
            check("drift.labels", labelDrift.value, atMost: limits.maxLabelDrift,
                  "largest |label share in a split − in the whole|" + labelDrift.worst)
            if slices.isEmpty {
                skip("drift.slices", "the config has no slices")
            } else {
                var worst = (value: 0.0, worst: "")
                for field in slices {
                    let measured = drift(splits.fields[field] ?? [], names: splits.names, field: field)
                    if measured.value >= worst.value { worst = measured }
                }
                check("drift.slices", worst.value, atMost: limits.maxSliceDrift,
                      "largest |slice value share in a split − in the whole|" + worst.worst)
            }
            let classes = Set(splits.labels.flatMap(\.keys)).sorted()
            var fewest = (count: Int.max, where: "")
            for (split, counts) in splits.labels.enumerated() where splits.items[split] > 0 {
                for label in classes where (counts[label] ?? 0) < fewest.count {
                    fewest = (counts[label] ?? 0, "\(splits.names[split]) has \(counts[label] ?? 0) of '\(label)'")
                }
            }
            check("labels.per_split", Double(fewest.count == .max ? 0 : fewest.count), atLeast: limits.minItemsPerClass,
                  "fewest items of a class in a split" + (fewest.where.isEmpty ? "" : "; worst: \(fewest.where)"))
        } else {
            for name in exportNames { skip(name, "needs the export: concord check PROJECT --export DIR") }
        }

        // The labels themselves.
        let judged = report.per_label.filter { Double($0.hlp_n) >= limits.minLabelsForHLP && $0.hlp != nil }
        if let worst = judged.min(by: { $0.hlp! < $1.hlp! }) {
            check("labels.hlp", worst.hlp!, atLeast: limits.minLabelHLP,
                  "lowest pairwise HLP of a label with ≥ \(Int(limits.minLabelsForHLP)) labels; worst: '\(worst.label)' (n = \(worst.hlp_n))")
        } else {
            skip("labels.hlp", "no label has \(Int(limits.minLabelsForHLP)) pairable labels yet")
        }

        // Coverage.
        let table = loaded.table, k = project.config.labelersPerItem
        let items = try project.store.itemCount()
        var complete = 0, unresolved = 0
        var counts = [Int](repeating: 0, count: table.categoryCount)
        for item in 0..<table.itemCount {
            let range = table.ratings(ofItem: item)
            for c in counts.indices { counts[c] = 0 }
            for r in range { counts[Int(table.categoryOfRating[r])] += 1 }
            // Under adaptive overlap a reviewer's label settles a disagreeing item too.
            let settled = k.isAdaptive && table.referenceOfItem[item] >= 0
            if k.isComplete(answers: range.count, unanimous: settled || counts.contains(range.count)) { complete += 1 }
            let adjudicated = Int(table.referenceOfItem[item])
            if case .unresolved = Consensus.of(counts: counts, adjudicated: adjudicated >= 0 ? adjudicated : nil, minimumShare: 0.5) {
                unresolved += 1
            }
        }
        check("coverage.underlabeled", items == 0 ? 0 : Double(items - complete) / Double(items), atMost: limits.maxUnderlabeledShare,
              k.isAdaptive ? "share of items still needing labels under adaptive overlap \(k) (\(items - complete) of \(items))"
                : "share of items with fewer than k = \(k) labels (\(items - complete) of \(items))")
        check("coverage.unresolved", table.itemCount == 0 ? 0 : Double(unresolved) / Double(table.itemCount),
              atMost: limits.maxUnresolvedShare,
              "share of labeled items without a consensus (\(unresolved) of \(table.itemCount): ties or no strict majority)")
        let special = report.labeler_figures.filter { $0.answers > 0 }.map { figure in
            (figure.labeler, (figure.borderline_share ?? 0) + (figure.unintelligible_share ?? 0))
        }
        if let worst = special.max(by: { $0.1 < $1.1 }), loaded.borderlineCategory != nil || loaded.unintelligibleCategory != nil {
            check("coverage.special_per_labeler", worst.1, atMost: limits.maxSpecialShare,
                  "largest share of a labeler's answers that are borderline or unintelligible; worst: \(worst.0)")
        } else {
            skip("coverage.special_per_labeler", "no special labels in this project, or no answers yet")
        }

        // Metadata.
        if project.config.sliceFields.isEmpty {
            skip("metadata.missing", "the config has no slices")
        } else {
            var worst = (share: 0.0, field: "")
            for (field, count) in missing {
                let share = items == 0 ? 0 : Double(count) / Double(items)
                if share >= worst.share { worst = (share, "\(field): \(count) of \(items) items") }
            }
            check("metadata.missing", worst.share, atMost: limits.maxMissingShare,
                  "largest share of items without a value in a slice field; worst: \(worst.field)")
        }

        let failed = checks.filter { $0.status == .fail }.count
        return CheckReport(project: project.config.name, export: folder, checks: checks, failed: failed, passed: failed == 0)
    }

    static func examples(_ names: [String]) -> String { names.isEmpty ? "" : "; e.g. " + names.joined(separator: ", ") }

    /// The largest difference of a value's share in a split from its share over all splits.
    static func drift(_ perSplit: [[String: Int]], names: [String], field: String? = nil) -> (value: Double, worst: String) {
        var whole: [String: Int] = [:]
        for counts in perSplit { for (value, count) in counts { whole[value, default: 0] += count } }
        let total = Double(whole.values.reduce(0, +))
        guard total > 0 else { return (0, "") }
        var worst = (value: 0.0, worst: "")
        for (split, counts) in perSplit.enumerated() {
            let size = Double(counts.values.reduce(0, +))
            guard size > 0 else { continue }
            for (value, count) in whole.sorted(by: { $0.key < $1.key }) {
                let here = Double(counts[value] ?? 0) / size, there = Double(count) / total
                if abs(here - there) > worst.value {
                    let name = field.map { "\($0) = \(value.isEmpty ? "(none)" : value)" } ?? "'\(value)'"
                    worst = (abs(here - there), String(format: "; worst: %@ in %@, %.3f vs %.3f", name, names[split], here, there))
                }
            }
        }
        return worst
    }
}
