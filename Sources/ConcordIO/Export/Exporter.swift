import ConcordDomain
import ConcordMetrics
import ConcordStore
import Foundation
import GRDB

/// Writes a cleaned, stratified, group-aware, reproducible train/dev/test dataset (SPEC §6).
public struct Exporter {
    public static let splitNames = ["train", "dev", "test"]
    public let project: Project
    public let options: ExportOptions

    public init(project: Project, options: ExportOptions) {
        self.project = project
        self.options = options
    }

    /// One exported item.
    struct Record {
        var key: String
        var text: String
        var label: String
        var group: String?
        var metadata: [(key: String, value: String)]
        var labels: Int
        var agreement: Double
        var how: String
        var adjudicated: Bool
        var stratum: Int
    }

    /// Exports into `directory` (which must not exist unless `overwrite`), atomically: the files
    /// are written to a temporary sibling folder that is renamed into place at the end.
    @discardableResult
    public func run(to directory: URL, overwrite: Bool = false) throws -> ExportManifest {
        try validate()
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: directory.path) && !overwrite {
            throw QueryError("\(directory.path) already exists; choose another --out or pass --force to replace it")
        }
        var (records, leftOut, considered, agreement, strataNames) = try collect()
        let (assignment, groupCount) = split(records, strata: strataNames.count)
        // Items keep the database's order (item id) inside each split: stable for a database.
        var splits = [[Int]](repeating: [], count: 3)
        for (index, split) in assignment.enumerated() where split >= 0 { splits[Int(split)].append(index) }
        // Balance the training split only.
        let (keptTrain, balancedOut) = balance(splits[0], records)
        splits[0] = keptTrain
        if balancedOut > 0 { leftOut[Consensus.LeftOut.balanced_out_of_train.rawValue] = balancedOut }

        let temporary = directory.deletingLastPathComponent()
            .appendingPathComponent(".\(directory.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
        do {
            let columns = metadataColumns(records)
            // The three files are rendered and hashed in parallel; written in order.
            let rendered = Concurrent.map(Self.splitNames.indices) { split in
                DatasetFile.render(records, order: splits[split], columns: columns, format: options.format,
                                   hasGroups: options.groupBy != nil)
            }
            let hashes = Concurrent.map(rendered.indices) { Hashing.sha256Hex(rendered[$0]) }
            var files: [ExportManifest.File] = []
            var counts: [String: [String: Int]] = [:], byStratum: [String: [String: Int]] = [:]
            for (split, name) in Self.splitNames.enumerated() {
                let fileName = "\(name).\(options.format.rawValue)"
                try rendered[split].write(to: temporary.appendingPathComponent(fileName))
                files.append(.init(split: name, file: fileName, rows: splits[split].count, sha256: hashes[split]))
                counts[name] = splits[split].reduce(into: [:]) { $0[records[$1].label, default: 0] += 1 }
                byStratum[name] = splits[split].reduce(into: [:]) { $0[strataNames[records[$1].stratum], default: 0] += 1 }
            }
            let deviations = stratumDeviations(splits: splits, records: records, names: strataNames)
            var manifest = ExportManifest(
                concord_export_format: 1, project: project.config.name, options: manifestOptions(), files: files,
                counts: counts, counts_by_stratum: options.stratifyBy == ["label"] ? nil : byStratum,
                max_stratum_deviation: deviations.map { abs($0.deviation) }.max() ?? 0, stratification: deviations,
                groups: options.groupBy == nil ? nil : groupCount,
                items_with_answers: considered, items_exported: splits.map(\.count).reduce(0, +),
                left_out: leftOut, agreement: agreement,
                guideline_version: try project.currentGuideline()?.hash,
                schema_version: ProjectStore.knownMigrations.last ?? "", schema_changes: [])
            manifest.left_out = manifest.left_out.filter { $0.value > 0 }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try (encoder.encode(manifest) + Data("\n".utf8)).write(to: temporary.appendingPathComponent("manifest.json"))
            try Data(DatasetCard.markdown(manifest, project: project, options: options).utf8)
                .write(to: temporary.appendingPathComponent("README.md"))
            records.removeAll()
            try moveIntoPlace(temporary, directory)
            return manifest
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw error
        }
    }

    private func validate() throws {
        guard options.ratios.count == 3, options.ratios.allSatisfy({ $0 >= 0 }), options.ratios.reduce(0, +) > 0 else {
            throw QueryError("--ratios takes three non-negative numbers for train,dev,test, e.g. 80,10,10")
        }
        for field in options.stratifyBy where field != "label" {
            guard try project.hasField(field) else { throw QueryError("--stratify-by: no item has a field '\(field)'") }
        }
        for policy in [options.borderline, options.unintelligible] {
            if case .map(let label) = policy, !project.config.labelSet.labels.contains(where: { $0.name == label }) {
                throw QueryError("map:\(label): '\(label)' is not a label of this project")
            }
        }
        if case .cap(let ratio) = options.balance, ratio < 1 {
            throw QueryError("--balance cap:R needs R ≥ 1 (the largest class at most R × the smallest)")
        }
    }

    /// Every item with answers, cleaned to one label, or counted under the reason it was left
    /// out. Items and answers are both read in item-id order and joined in one pass.
    private func collect() throws -> ([Record], [String: Int], Int, ExportManifest.Agreement, [String]) {
        let loaded = try RatingTableLoader.load(project, AgreementQuery())
        let table = loaded.table
        var analysis = AgreementAnalysis()
        analysis.bootstrapReplicates = 0
        let report = analysis.run(table)
        let agreement = ExportManifest.Agreement(items_multi: report.items_multi, krippendorff_alpha: report.krippendorff_alpha,
                                                 percent_agreement: report.percent_agreement, gwet_ac1: report.gwet_ac1)
        var leftOut: [String: Int] = [:]
        var records: [Record] = []
        records.reserveCapacity(table.itemCount)
        var strata: [String: Int] = [:], strataNames: [String] = []
        var counts = [Int](repeating: 0, count: table.categoryCount)
        let groupField = options.groupBy
        let groupIsColumn = groupField != nil && groupField == project.config.groupField

        try project.store.pool.read { db in
            let scan = try BulkStatement(db, sql: "SELECT id, key, payload, group_key, metadata FROM items ORDER BY id")
            var item = 0
            while item < table.itemCount, try scan.step() {
                let id = Int(scan.int64(0))
                guard id == table.itemID(ofItem: item) else { continue }
                defer { item += 1 }
                for index in counts.indices { counts[index] = 0 }
                let range = table.ratings(ofItem: item)
                for r in range { counts[Int(table.categoryOfRating[r])] += 1 }
                let adjudicated = table.referenceOfItem[item] >= 0 ? Int(table.referenceOfItem[item]) : nil
                let consensus = Consensus.of(counts: counts, adjudicated: adjudicated, minimumShare: options.minAgreement)
                guard let category = consensus.category else {
                    if case .unresolved(let reason) = consensus { leftOut[reason.rawValue, default: 0] += 1 }
                    continue
                }
                var label = table.categories[category]
                if let special = SpecialLabel(rawValue: label) {
                    switch special == .borderline ? options.borderline : options.unintelligible {
                    case .drop:
                        leftOut[special.rawValue, default: 0] += 1
                        continue
                    case .keep: break
                    case .map(let target): label = target
                    }
                }
                let metadata = scan.withBytes(4) { FlatJSONObject.pairs(in: $0) } ?? []
                let groupKey = scan.text(3)
                let group = groupField.flatMap { field in groupIsColumn ? groupKey : metadata.first { $0.key == field }?.value }
                let stratumKey = options.stratifyBy.map { field in
                    field == "label" ? label
                        : "\(field)=\(field == project.config.groupField ? (groupKey ?? "") : (metadata.first { $0.key == field }?.value ?? ""))"
                }.joined(separator: " | ")
                let stratum: Int
                if let known = strata[stratumKey] { stratum = known } else {
                    stratum = strataNames.count
                    strata[stratumKey] = stratum
                    strataNames.append(stratumKey)
                }
                let how: String
                switch consensus {
                case .adjudicated: how = "adjudicated"
                case .unanimous: how = "unanimous"
                default: how = "majority"
                }
                records.append(Record(key: scan.text(1) ?? "", text: scan.text(2) ?? "", label: label, group: group,
                                      metadata: metadata, labels: range.count,
                                      agreement: range.isEmpty ? 1 : Double(counts[category]) / Double(range.count),
                                      how: how, adjudicated: adjudicated != nil, stratum: stratum))
            }
        }
        return (records, leftOut, table.itemCount, agreement, strataNames)
    }

    private func split(_ records: [Record], strata: Int) -> ([Int8], Int) {
        var units: [SplitPlanner.Unit] = []
        var train: [Int] = []
        var byGroup: [String: [(index: Int, stratum: Int)]] = [:]
        for (index, record) in records.enumerated() {
            if options.devTestAdjudicatedOnly && !record.adjudicated && record.group == nil {
                train.append(index)
                continue
            }
            if let group = record.group {
                byGroup[group, default: []].append((index, record.stratum))
            } else {
                units.append(SplitPlanner.Unit(key: "item:" + record.key, items: [(index, record.stratum)]))
            }
        }
        for (group, members) in byGroup {
            // A group with any item that may not go to dev/test stays in train whole.
            if options.devTestAdjudicatedOnly && members.contains(where: { !records[$0.index].adjudicated }) {
                train += members.map(\.index)
                continue
            }
            units.append(SplitPlanner.Unit(key: "group:" + group, items: members))
        }
        var assignment = SplitPlanner.assign(units: units, itemCount: records.count, strata: max(strata, 1),
                                             ratios: options.ratios, seed: options.seed)
        for index in train { assignment[index] = 0 }
        return (assignment, byGroup.count)
    }

    /// Drops training items above the balance policy's per-label cap (in a seeded order).
    private func balance(_ train: [Int], _ records: [Record]) -> ([Int], Int) {
        let cap: (Int) -> Int
        switch options.balance {
        case .none: return (train, 0)
        case .undersample: cap = { $0 }
        case .cap(let ratio): cap = { Int((Double($0) * ratio).rounded(.down)) }
        }
        var byLabel: [String: [Int]] = [:]
        for index in train { byLabel[records[index].label, default: []].append(index) }
        guard let smallest = byLabel.values.map(\.count).min() else { return (train, 0) }
        var random = SeededGenerator(seed: options.seed ^ 0xBA1A_4CE0)
        var kept: [Int] = [], dropped = 0
        for label in byLabel.keys.sorted() {
            var members = byLabel[label]!  // in item order: stable for a database
            SplitPlanner.shuffle(&members, &random)
            let limit = cap(smallest)
            kept += members.prefix(limit)
            dropped += max(0, members.count - limit)
        }
        return (kept, dropped)
    }

    private func stratumDeviations(splits: [[Int]], records: [Record], names: [String]) -> [ExportManifest.StratumDeviation] {
        let shares = SplitPlanner.normalised(options.ratios)
        var totals = [Int](repeating: 0, count: names.count)
        var perSplit = [[Int]](repeating: [Int](repeating: 0, count: names.count), count: 3)
        for (split, members) in splits.enumerated() {
            for index in members { perSplit[split][records[index].stratum] += 1; totals[records[index].stratum] += 1 }
        }
        var result: [ExportManifest.StratumDeviation] = []
        for (stratum, name) in names.enumerated() {
            for split in 0..<3 {
                // Balancing changes train on purpose; deviations are about dev/test and the split.
                let exact = Double(totals[stratum]) * shares[split]
                result.append(.init(stratum: name, split: Self.splitNames[split], count: perSplit[split][stratum],
                                    exact: (exact * 1000).rounded() / 1000,
                                    deviation: ((Double(perSplit[split][stratum]) - exact) * 1000).rounded() / 1000))
            }
        }
        return result
    }

    private func metadataColumns(_ records: [Record]) -> [String] {
        var fields = Set<String>()
        for record in records { for pair in record.metadata { fields.insert(pair.key) } }
        return fields.sorted()
    }

    private func manifestOptions() -> ExportManifest.Options {
        .init(format: options.format.rawValue, ratios: options.ratios, seed: options.seed, stratify_by: options.stratifyBy,
              group_by: options.groupBy, balance: options.balanceText, min_agreement: options.minAgreement,
              borderline: ExportOptions.policyText(options.borderline),
              unintelligible: ExportOptions.policyText(options.unintelligible),
              dev_test: options.devTestAdjudicatedOnly ? "adjudicated-only" : "any")
    }

    private func moveIntoPlace(_ temporary: URL, _ directory: URL) throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: directory.path) {
            let old = directory.deletingLastPathComponent()
                .appendingPathComponent(".\(directory.lastPathComponent).old-\(UUID().uuidString.prefix(8))")
            try fileManager.moveItem(at: directory, to: old)
            try fileManager.moveItem(at: temporary, to: directory)
            try? fileManager.removeItem(at: old)
        } else {
            try fileManager.moveItem(at: temporary, to: directory)
        }
    }
}
