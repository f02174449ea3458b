import ConcordFormats
import ConcordDomain
import ConcordAnalysis
import ConcordStore
import Foundation

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
        /// The item's position in the rating table it was read from (Label Studio's answers).
        /// Declared beside `adjudicated` so that it takes no room: it fills that Bool's padding.
        var row: Int32
        var stratum: Int
    }

    /// What an export would write, before anything is written: `--dry-run` prints it.
    struct Plan {
        var records: [Record]
        /// Item indices per split, in item-id order.
        var splits: [[Int]]
        var leftOut: [String: Int]
        var considered: Int
        var agreement: ExportManifest.Agreement
        var strataNames: [String]
        var groupCount: Int?
        var representation: SplitRepresentation
        /// The answers behind the records: kept for Label Studio only, which writes every one.
        var answers: RatingTable?
    }

    /// What `--dry-run` shows: the split sizes, labels per split and how each split represents
    /// the whole, with nothing written.
    public struct Preview: Sendable {
        public var itemsWithAnswers: Int
        public var itemsExported: Int
        public var rows: [String: Int]
        public var leftOut: [String: Int]
        public var representation: SplitRepresentation
    }

    public func preview() throws -> Preview {
        try validate()
        let plan = try plan()
        return Preview(itemsWithAnswers: plan.considered, itemsExported: plan.splits.map(\.count).reduce(0, +),
                       rows: Dictionary(uniqueKeysWithValues: zip(Self.splitNames, plan.splits.map(\.count))),
                       leftOut: plan.leftOut.filter { $0.value > 0 }, representation: plan.representation)
    }

    /// Cleans, splits, balances and measures, in memory.
    func plan() throws -> Plan {
        var collected = try collect()
        let (assignment, groupCount, warnings) = split(collected.records, strata: collected.strataNames.count, features: collected.features,
                                                       groupOf: collected.groupOf)
        // Items keep the database's order (item id) inside each split: stable for a database.
        var splits = [[Int]](repeating: [], count: 3)
        for (index, split) in assignment.enumerated() where split >= 0 { splits[Int(split)].append(index) }
        // Balance the training split only.
        let (keptTrain, balancedOut) = balance(splits[0], collected.records)
        splits[0] = keptTrain
        if balancedOut > 0 { collected.leftOut[Consensus.LeftOut.balanced_out_of_train.rawValue] = balancedOut }
        let representation = SplitRepresentation.measure(
            splits: splits, names: Self.splitNames, features: collected.features, labelFamily: 0,
            fieldFamilies: collected.fieldFamilies, groupOf: options.groupBy == nil ? nil : collected.groupOf, warnings: warnings)
        return Plan(records: collected.records, splits: splits, leftOut: collected.leftOut, considered: collected.considered,
                    agreement: collected.agreement, strataNames: collected.strataNames,
                    groupCount: options.groupBy == nil ? nil : groupCount, representation: representation,
                    answers: collected.answers)
    }

    /// Exports into `directory` (which must not exist unless `overwrite`), atomically: the files
    /// are written to a temporary sibling folder that is renamed into place at the end.
    @discardableResult
    public func run(to requested: URL, overwrite: Bool = false) throws -> ExportManifest {
        try validate()
        let fileManager = FileManager.default
        // One path for every check and every operation: the one the kernel will use.
        let directory = ExportFolder.resolved(requested)
        try ExportFolder.check(directory, project: project.directory, overwrite: overwrite)
        var plan = try plan()
        let splits = plan.splits, strataNames = plan.strataNames

        let temporary = try ExportFolder.makeTemporary(for: directory)
        defer { InterruptedExport.register(nil) }
        do {
            let columns = metadataColumns(plan.records)
            let records = plan.records, format = options.format, hasGroups = options.groupBy != nil
            // The classes of the hf ClassLabel and the Label Studio choices.
            let classes = try format == .hf || format == .labelStudio ? classNames(records) : []
            let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, $0.offset) })
            if format == .hf { try makeFolder(temporary.appendingPathComponent("data")) }
            var files: [ExportManifest.File] = []
            var counts: [String: [String: Int]] = [:], byStratum: [String: [String: Int]] = [:]
            for (split, name) in Self.splitNames.enumerated() {
                let fileName = format.fileName(forSplit: name), url = temporary.appendingPathComponent(fileName)
                let hash: String
                if format == .labelStudio, let answers = plan.answers {
                    hash = try LabelStudioFile.write(records, order: splits[split], answers: answers, columns: columns,
                                                     hasGroups: hasGroups, to: url)
                } else {
                    hash = try DatasetFile.write(records, order: splits[split], columns: columns, format: format,
                                                 hasGroups: hasGroups, classIndex: classIndex, to: url)
                }
                files.append(.init(split: name, file: fileName, rows: splits[split].count, sha256: hash))
                counts[name] = splits[split].reduce(into: [:]) { $0[records[$1].label, default: 0] += 1 }
                byStratum[name] = splits[split].reduce(into: [:]) { $0[strataNames[records[$1].stratum], default: 0] += 1 }
            }
            let deviations = stratumDeviations(splits: splits, records: records, names: strataNames)
            var manifest = ExportManifest(
                concord_export_format: 1, project: project.config.name, options: manifestOptions(), files: files,
                counts: counts, counts_by_stratum: options.stratifyBy == ["label"] ? nil : byStratum,
                max_stratum_deviation: deviations.map { abs($0.deviation) }.max() ?? 0, stratification: deviations,
                groups: plan.groupCount, representation: plan.representation,
                items_with_answers: plan.considered, items_exported: splits.map(\.count).reduce(0, +),
                left_out: plan.leftOut, agreement: plan.agreement,
                guideline_version: try project.currentGuideline()?.hash,
                schema_version: project.store.schemaVersion, schema_changes: [])
            manifest.left_out = manifest.left_out.filter { $0.value > 0 }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try write(encoder.encode(manifest) + Data("\n".utf8), to: temporary.appendingPathComponent("manifest.json"))
            var card = DatasetCard.markdown(manifest, project: project, options: options, classes: classes)
            if format == .hf {
                card = HuggingFaceCard.frontMatter(title: project.config.name, files: files,
                                                   columns: DatasetFile.header(format: format, hasGroups: hasGroups, columns: columns),
                                                   classNames: classes) + card
            }
            try write(Data(Names.inert(card).utf8), to: temporary.appendingPathComponent("README.md"))
            if format == .labelStudio {
                try write(Data(LabelStudioConfig.xml(choices: classes).utf8), to: temporary.appendingPathComponent(LabelStudioConfig.fileName))
            }
            plan.records.removeAll()
            try ExportFolder.markFinished(temporary)
            try ExportFolder.moveIntoPlace(temporary, directory, overwrite: overwrite)
            return manifest
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw error
        }
    }

    private func validate() throws {
        guard options.ratios.count == 3, options.ratios.allSatisfy({ $0 >= 0 && $0.isFinite }),
              options.ratios.reduce(0, +) > 0, options.ratios.reduce(0, +).isFinite else {
            throw QueryError("--ratios takes three non-negative numbers for train,dev,test, e.g. 80,10,10")
        }
        for field in options.stratifyBy where field != "label" {
            guard try project.hasField(field) else { throw QueryError("--stratify-by: no item has a field '\(field)'") }
        }
        if let group = options.groupBy, try !project.hasField(group) {
            throw QueryError("--group-by: no item has a field '\(group)'; without a field to group by, the export would leak (use --group-by none to split items on their own)")
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
    private func collect() throws -> Collected {
        let loaded = try RatingTableLoader.load(project, AgreementQuery())
        let table = loaded.table
        // Dawid–Skene's labels, when asked for, from the same table (special labels are classes
        // there too, and the export's policies then apply to them as to a majority).
        let model = options.consensus == .dawidSkene ? DawidSkene().run(table) : nil
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
        // What each item brings to the splits: its label, its stratum, and each reported field.
        var fieldNames: [String] = []
        for field in options.stratifyBy.filter({ $0 != "label" }) + project.config.sliceFields
        where field != groupField && !fieldNames.contains(field) { fieldNames.append(field) }
        var features = SplitFeatures(families: ["label", "stratum"] + fieldNames)
        var dimensions = [Int32](repeating: 0, count: 2 + fieldNames.count)
        var labelDimension: [String: Int32] = [:], stratumDimension: [Int32] = []
        // Groups as small integers; an item without a group is a group of its own (negative ids)
        // unless that is refused.
        var groupIDs: [String: Int32] = [:], groupOf: [Int32] = [], withoutGroup = 0, firstWithoutGroup: String?

        var item = 0
        try project.store.forEachItem { scan in
                guard item < table.itemCount else { return }
                let id = Int(scan.id)
                guard id == table.itemID(ofItem: item) else { return }
                defer { item += 1 }
                for index in counts.indices { counts[index] = 0 }
                let range = table.ratings(ofItem: item)
                for r in range { counts[Int(table.categoryOfRating[r])] += 1 }
                let adjudicated = table.referenceOfItem[item] >= 0 ? Int(table.referenceOfItem[item]) : nil
                let consensus: Consensus
                if let model, adjudicated == nil, !range.isEmpty {
                    let category = model.label(ofItem: item)
                    consensus = .model(category, posterior: model.posterior[item * table.categoryCount + category])
                } else {
                    consensus = Consensus.of(counts: counts, adjudicated: adjudicated, minimumShare: options.minAgreement)
                }
                guard let category = consensus.category else {
                    if case .unresolved(let reason) = consensus { leftOut[reason.rawValue, default: 0] += 1 }
                    return
                }
                var label = table.categories[category]
                if let special = SpecialLabel(rawValue: label) {
                    switch options.policy(for: special) {
                    case .drop:
                        leftOut[special.rawValue, default: 0] += 1
                        return
                    case .keep: break
                    case .map(let target): label = target
                    }
                }
                let metadata = scan.metadata()
                let groupKey = scan.group()
                let group = groupField.flatMap { field in groupIsColumn ? groupKey : metadata.first { $0.key == field }?.value }
                if let group {
                    if let known = groupIDs[group] { groupOf.append(known) } else {
                        groupIDs[group] = Int32(groupIDs.count)
                        groupOf.append(Int32(groupIDs.count - 1))
                    }
                } else {
                    withoutGroup += 1
                    if firstWithoutGroup == nil { firstWithoutGroup = scan.key() }
                    groupOf.append(-Int32(withoutGroup))
                }
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
                case .model: how = "dawid-skene"
                default: how = "majority"
                }
                if let known = labelDimension[label] { dimensions[0] = known } else {
                    dimensions[0] = features.intern(label, family: 0)
                    labelDimension[label] = dimensions[0]
                }
                if stratum == stratumDimension.count { stratumDimension.append(features.intern(strataNames[stratum], family: 1)) }
                dimensions[1] = stratumDimension[stratum]
                for (position, field) in fieldNames.enumerated() {
                    let value = field == project.config.groupField ? (groupKey ?? "") : (metadata.first { $0.key == field }?.value ?? "")
                    dimensions[2 + position] = features.intern(value, family: 2 + position)
                }
                features.append(dimensions: dimensions)
                records.append(Record(key: scan.key() ?? "", text: scan.payload() ?? "", label: label, group: group,
                                      metadata: metadata, labels: range.count,
                                      agreement: range.isEmpty ? 1 : Double(counts[category]) / Double(range.count),
                                      how: how, adjudicated: adjudicated != nil, row: Int32(item), stratum: stratum))
        }
        if let groupField, withoutGroup > 0, options.missingGroup == .error {
            throw QueryError("--group-by \(groupField): \(withoutGroup) of \(records.count) items have no value (the first: '\(firstWithoutGroup ?? "")'); give them one, or pass --missing-group own to keep each such item in a group of its own")
        }
        return Collected(records: records, leftOut: leftOut, considered: table.itemCount, agreement: agreement,
                         strataNames: strataNames, features: features,
                         fieldFamilies: fieldNames.enumerated().map { ($0.element, 2 + $0.offset) }, groupOf: groupOf,
                         answers: options.format == .labelStudio ? table : nil)
    }

    struct Collected {
        var records: [Record]
        var leftOut: [String: Int]
        var considered: Int
        var agreement: ExportManifest.Agreement
        var strataNames: [String]
        var features: SplitFeatures
        var fieldFamilies: [(name: String, family: Int)]
        /// Each record's group id (negative: an item without a group, on its own).
        var groupOf: [Int32]
        var answers: RatingTable?
    }

    /// Each record's split, the number of groups, and what the groups made impossible.
    private func split(_ records: [Record], strata: Int, features: SplitFeatures, groupOf: [Int32]) -> ([Int8], Int, [String]) {
        var units: [SplitPlanner.Unit] = []
        var train: [Int] = []
        var byGroup: [Int32: [(index: Int, stratum: Int)]] = [:]
        for (index, record) in records.enumerated() {
            let grouped = options.groupBy != nil && groupOf[index] >= 0
            if options.devTestAdjudicatedOnly && !record.adjudicated && !grouped {
                train.append(index)
                continue
            }
            if grouped {
                byGroup[groupOf[index], default: []].append((index, record.stratum))
            } else {
                units.append(SplitPlanner.Unit(key: "item:" + record.key, items: [(index, record.stratum)]))
            }
        }
        var warnings: [String] = []
        let shares = SplitPlanner.normalised(options.ratios)
        var oversized: [(name: String, size: Int, split: String, target: Double)] = []
        for (_, members) in byGroup {
            // A group with any item that may not go to dev/test stays in train whole.
            if options.devTestAdjudicatedOnly && members.contains(where: { !records[$0.index].adjudicated }) {
                train += members.map(\.index)
                continue
            }
            let name = records[members[0].index].group ?? ""
            units.append(SplitPlanner.Unit(key: "group:" + name, items: members))
            if let smallest = shares.indices.filter({ shares[$0] > 0 }).min(by: { shares[$0] < shares[$1] }) {
                let target = Double(records.count) * shares[smallest]
                if Double(members.count) > target { oversized.append((name, members.count, Self.splitNames[smallest], target)) }
            }
        }
        for group in oversized.sorted(by: { ($0.size, $1.name) > ($1.size, $0.name) }).prefix(5) {
            warnings.append("group '\(group.name)' has \(group.size) items, more than the \(group.split) split's share of \(Int(group.target.rounded())): wherever it goes, that split's size is off")
        }
        if oversized.count > 5 { warnings.append("… and \(oversized.count - 5) more groups larger than a split's share") }
        var assignment = SplitPlanner.assign(units: units, itemCount: records.count, strata: max(strata, 1),
                                             ratios: options.ratios, seed: options.seed, features: features)
        for index in train { assignment[index] = 0 }
        return (assignment, byGroup.count, warnings)
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
              group_by: options.groupBy, missing_group: options.missingGroup.rawValue, balance: options.balanceText, min_agreement: options.minAgreement,
              borderline: ExportOptions.policyText(options.borderline),
              unintelligible: ExportOptions.policyText(options.unintelligible),
              dev_test: options.devTestAdjudicatedOnly ? "adjudicated-only" : "any", consensus: options.consensus.rawValue)
    }

    /// The labels in label-set order (schema changes applied); then the special labels that can
    /// occur (hf: those kept as a class; Label Studio: every enabled one, as labelers answer with
    /// them); then, by name, any exported label the set lacks (a `map:` target renamed since).
    private func classNames(_ records: [Record]) throws -> [String] {
        let labelSet = try project.labelSet()
        var names = labelSet.labels.map(\.name)
        for special in labelSet.specials where options.format == .labelStudio || options.policy(for: special) == .keep {
            names.append(special.rawValue)
        }
        let known = Set(names)
        return names + Set(records.lazy.map(\.label).filter { !known.contains($0) }).sorted()
    }

    private func makeFolder(_ url: URL) throws {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false) } catch {
            throw ExportIOError(path: url.path, "cannot create the folder", error)
        }
    }

    private func write(_ data: Data, to url: URL) throws {
        do { try data.write(to: url) } catch { throw ExportIOError(path: url.path, "cannot write the file", error) }
    }
}
