import ConcordDomain
import ConcordMetrics
import ConcordStore
import GRDB

/// Reads a project's current answers into a `RatingTable`, in one read transaction so that every
/// figure comes from the same snapshot. Answers are scanned in primary-key order (item, labeler)
/// through the C API: at 2.4M answers this scan is most of the time a report takes.
public enum RatingTableLoader {
    public struct Loaded {
        public var table: RatingTable
        /// The round read, as "R (hash)", when the query named one.
        public var roundLabel: String?
        /// Answers whose label is not in the config's label set (e.g. after the config changed).
        public var answersOutsideLabelSet: Int
        public var borderlineCategory: Int?
        public var unintelligibleCategory: Int?
    }

    public static func load(_ project: Project, _ query: AgreementQuery) throws -> Loaded {
        let labelSet = project.config.labelSet
        var categories = labelSet.labels.map(\.name)
        if !query.excludeSpecial { categories += labelSet.specials.map(\.rawValue) }
        let ordinal: [Int]? = labelSet.scale == .ordinal ? Array(labelSet.labels.indices) : nil

        return try project.store.pool.read { db in
            var categoryOfLabelID: [Int64: Int] = [:]
            var excludedLabelIDs = Set<Int64>()
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labels") {
                let name: String = row["name"]
                if let index = categories.firstIndex(of: name) { categoryOfLabelID[row["id"]] = index }
                else if query.excludeSpecial && SpecialLabel(rawValue: name) != nil { excludedLabelIDs.insert(row["id"]) }
            }
            let labelers = try Row.fetchAll(db, sql: "SELECT id, name FROM labelers ORDER BY name")
            var raterOfLabelerID: [Int64: Int] = [:]
            for (index, row) in labelers.enumerated() { raterOfLabelerID[row["id"]] = index }

            let versions = try Row.fetchAll(db, sql: "SELECT id, hash FROM guideline_versions ORDER BY id")
            var roundOfVersionID: [Int64: Int] = [:]
            for (index, row) in versions.enumerated() { roundOfVersionID[row["id"]] = index }
            var roundFilter: Int64?
            var roundLabel: String?
            if let round = query.round {
                let hashes = versions.map { $0["hash"] as String }
                let chosen: Int?
                if let number = Int(round) { chosen = (1...max(1, versions.count)).contains(number) && number <= versions.count ? number - 1 : nil }
                else { chosen = hashes.firstIndex { $0.hasPrefix(round.lowercased()) } }
                guard let chosen else {
                    let known = hashes.enumerated().map { "\($0.offset + 1) (\($0.element.prefix(8)))" }
                    throw QueryError("no round '\(round)'; the rounds are: \(known.isEmpty ? "none yet" : known.joined(separator: ", "))")
                }
                roundFilter = versions[chosen]["id"]
                roundLabel = "\(chosen + 1) (\(hashes[chosen].prefix(8)))"
            }

            var table = RatingTable(categories: categories, ordinalCategories: ordinal,
                                    raters: labelers.map { $0["name"] })
            table.rounds = versions.map { String(($0["hash"] as String).prefix(8)) }

            // Adjudicated references: the latest adjudication of each item, unless it reverted.
            var referenceOfItem: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT item_id, label_id FROM adjudications a
                WHERE id = (SELECT max(id) FROM adjudications WHERE item_id = a.item_id) AND label_id IS NOT NULL
                """) {
                if let category = categoryOfLabelID[row["label_id"]] { referenceOfItem[row["item_id"]] = category }
            }
            var predictionOfItem: [Int64: Int] = [:]
            if query.withPredictions {
                let scan = try BulkStatement(db, sql: "SELECT item_id, label_id FROM predictions")
                while try scan.step() {
                    if let category = categoryOfLabelID[scan.int64(1)] { predictionOfItem[scan.int64(0)] = category }
                }
            }
            let sliceOfItemID = try query.sliceField.map { field in
                try loadSlices(db, field: field, project: project, table: &table)
            }

            var outside = 0
            let scan = try BulkStatement(db, sql: """
                SELECT item_id, labeler_id, label_id, seconds, guideline_version_id FROM answers
                \(roundFilter == nil ? "" : "WHERE guideline_version_id = ?")
                ORDER BY item_id, labeler_id
                """)
            if let roundFilter { scan.bind(1, roundFilter) }
            var currentItem: Int64 = -1
            while try scan.step() {
                guard let category = categoryOfLabelID[scan.int64(2)] else {
                    if !excludedLabelIDs.contains(scan.int64(2)) { outside += 1 }
                    continue
                }
                let item = scan.int64(0)
                if item != currentItem {
                    currentItem = item
                    var slice = -1
                    if let sliceOfItemID, item < sliceOfItemID.count { slice = Int(sliceOfItemID[Int(item)]) }
                    table.appendItem(reference: referenceOfItem[item] ?? -1, slice: slice,
                                     prediction: predictionOfItem[item] ?? -1)
                }
                let seconds: Double? = scan.isNull(3) ? nil : scan.double(3)
                let round = scan.isNull(4) ? -1 : (roundOfVersionID[scan.int64(4)] ?? -1)
                table.appendRating(rater: raterOfLabelerID[scan.int64(1)]!, category: category, seconds: seconds, round: round)
            }
            return Loaded(table: table, roundLabel: roundLabel, answersOutsideLabelSet: outside,
                          borderlineCategory: categories.firstIndex(of: SpecialLabel.borderline.rawValue),
                          unintelligibleCategory: categories.firstIndex(of: SpecialLabel.unintelligible.rawValue))
        }
    }

    /// Slice value of every item, as an array indexed by item row id (dense: ids are 1…N).
    private static func loadSlices(_ db: Database, field: String, project: Project, table: inout RatingTable) throws -> [Int32] {
        let sql: String
        if field == project.config.groupField {
            sql = "SELECT id, group_key FROM items"
        } else {
            let known = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM items WHERE json_extract(metadata, '$."' || ? || '"') IS NOT NULL)
                """, arguments: [field]) ?? false
            guard known || project.config.sliceFields.contains(field) else {
                throw QueryError("no item has a field '\(field)'; slice fields in the config: \(project.config.sliceFields.joined(separator: ", "))")
            }
            sql = "SELECT id, json_extract(metadata, '$.\"' || ? || '\"') FROM items"
        }
        let maxID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM items") ?? 0
        var slices = [Int32](repeating: -1, count: Int(maxID) + 1)
        var valueIndex: [String: Int32] = [:]
        let scan = try BulkStatement(db, sql: sql)
        if field != project.config.groupField { scan.bind(1, field) }
        while try scan.step() {
            guard let value = scan.text(1) else { continue }
            let index: Int32
            if let known = valueIndex[value] { index = known } else {
                index = Int32(table.sliceValues.count)
                valueIndex[value] = index
                table.sliceValues.append(value)
            }
            slices[Int(scan.int64(0))] = index
        }
        return slices
    }
}
