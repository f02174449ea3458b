import ConcordAnalysis
import ConcordDomain
import ConcordFormats
import ConcordStore
import Dispatch
import GRDB

/// Reads a project's current answers into a `RatingTable`.
///
/// At 2.4M answers reading is most of a report's time, so: answers are scanned in primary-key
/// order (item, labeler) through the C API, in one read transaction (one snapshot); ids are
/// mapped through dense arrays, not dictionaries; and the slice values are read from the metadata
/// bytes on a second connection meanwhile. (Splitting the answer scan across both cores was
/// measured too: no faster on two cores once the slice read runs beside it, and 60% more memory.)
enum SQLiteRatings {
    static func load(_ store: SQLiteStore, _ request: RatingsRequest) throws -> LoadedRatings {
        let query = request.query, categories = request.categories, ordinal = request.ordinalCategories
        let mapping = request.mapping

        let slices = Concurrent<SliceValues>()
        if let field = query.sliceField {
            slices.start { try store.pool.read { try loadSlices($0, field: field, request: request) } }
        }
        // The id maps and the answers come from one read transaction: a labeler or label added
        // meanwhile is either in both or in neither.
        let (plan, scanned) = try store.pool.read { db -> (ScanPlan, Scanned) in
            let plan = try ScanPlan(db: db, categories: categories, query: query, mapping: mapping)
            var empty = RatingTable(categories: categories, ordinalCategories: ordinal, raters: plan.raters)
            empty.rounds = plan.roundNames
            return (plan, try scan(db, plan, into: empty))
        }
        var table = scanned.table

        if query.sliceField != nil {
            let values = try slices.wait()
            table.sliceValues = values.names
            for item in 0..<table.itemCount {
                let id = table.itemID(ofItem: item)
                if id < values.ofItemID.count { table.setSlice(Int(values.ofItemID[id]), ofItem: item) }
            }
        }
        return LoadedRatings(table: table, roundLabel: plan.roundLabel, answersOutsideLabelSet: scanned.outside,
                      borderlineCategory: categories.firstIndex(of: SpecialLabel.borderline.rawValue),
                      unintelligibleCategory: categories.firstIndex(of: SpecialLabel.unintelligible.rawValue),
                      model: plan.model, models: plan.models, predictionsByItemID: plan.predictionsByItemID)
    }

    /// Everything a scan needs to map database ids to table indices, read once.
    struct ScanPlan: Sendable {
        /// Category of a label id: ≥ 0 counted, `excluded` left out on purpose, `unknown` not in config.
        static let excluded = -2, unknown = -1
        var categoryOfLabel: [Int]
        var raters: [String]
        var raterOfLabeler: [Int]
        var roundOfVersion: [Int]
        var roundNames: [String]
        var roundFilter: Int64?
        var roundLabel: String?
        var references: [Int]?
        var audits: [Int]?
        var models: [String] = []
        var model: String?
        var predictions: [Int]?
        var predictionsByItemID: [String: [Int]] = [:]
        var maxItemID: Int
        var expectedAnswers: Int
        var firstAnswers: Int?

        init(db: Database, categories: [String], query: AgreementQuery, mapping: (String) -> String) throws {
            firstAnswers = query.firstAnswersPerItem
            categoryOfLabel = [Int](repeating: Self.unknown, count: try maxID(db, "labels") + 1)
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labels") {
                // A recorded label counts as what the schema changes in force make of it.
                let name = mapping(row["name"] as String), id: Int = row["id"]
                if let index = categories.firstIndex(of: name) { categoryOfLabel[id] = index }
                else if query.excludeSpecial && SpecialLabel(rawValue: name) != nil { categoryOfLabel[id] = Self.excluded }
            }
            let labelers = try Row.fetchAll(db, sql: "SELECT id, name FROM labelers ORDER BY name")
            raters = labelers.map { $0["name"] }
            raterOfLabeler = [Int](repeating: 0, count: try maxID(db, "labelers") + 1)
            for (index, row) in labelers.enumerated() { raterOfLabeler[row["id"] as Int] = index }
            let versions = try Row.fetchAll(db, sql: "SELECT id, hash FROM guideline_versions ORDER BY id")
            roundOfVersion = [Int](repeating: -1, count: try maxID(db, "guideline_versions") + 1)
            for (index, row) in versions.enumerated() { roundOfVersion[row["id"] as Int] = index }
            roundNames = versions.map { String(($0["hash"] as String).prefix(8)) }
            (roundFilter, roundLabel) = try SQLiteRatings.chooseRound(query.round, versions: versions)
            maxItemID = try maxID(db, "items")
            expectedAnswers = try Int.fetchOne(db, sql: "SELECT ifnull(max(rowid), 0) FROM annotation_events") ?? 0
            references = try SQLiteRatings.perItem(db, count: maxItemID + 1, categoryOfLabel: categoryOfLabel, sql: """
                SELECT item_id, label_id FROM adjudications a
                WHERE id = (SELECT max(id) FROM adjudications WHERE item_id = a.item_id) AND label_id IS NOT NULL
                """)
            audits = try SQLiteRatings.perItem(db, count: maxItemID + 1, categoryOfLabel: categoryOfLabel,
                                                   sql: AuditSample.referencesSQL)
            guard query.withPredictions || query.allModels else { return }
            models = try String.fetchAll(db, sql: """
                SELECT name FROM models m WHERE EXISTS (SELECT 1 FROM predictions WHERE model_id = m.id) ORDER BY name
                """)
            model = try SQLiteRatings.chooseModel(query.model, among: models, anyWhenSeveral: query.allModels)
            for name in query.allModels ? models : (model.map { [$0] } ?? []) {
                predictionsByItemID[name] = try SQLiteRatings.perItem(
                    db, count: maxItemID + 1, categoryOfLabel: categoryOfLabel,
                    sql: "SELECT item_id, label_id FROM predictions WHERE model_id = (SELECT id FROM models WHERE name = ?)",
                    argument: name) ?? [Int](repeating: -1, count: maxItemID + 1)
            }
            predictions = model.flatMap { predictionsByItemID[$0] }
        }
    }

    struct Scanned: Sendable {
        var table: RatingTable
        var outside: Int
    }

    /// Every current answer (of the round, if one is chosen), in (item, labeler) order.
    static func scan(_ db: Database, _ plan: ScanPlan, into empty: RatingTable) throws -> Scanned {
        var table = empty
        table.reserveCapacity(ratings: plan.expectedAnswers, items: plan.maxItemID)
        let firstAnswers = plan.firstAnswers
        let scan = try BulkStatement(db, sql: """
            SELECT item_id, labeler_id, label_id, seconds, guideline_version_id\(firstAnswers == nil ? "" : ", ifnull(first_event_id, event_id)")
            FROM answers
            \(plan.roundFilter == nil || firstAnswers != nil ? "" : "WHERE guideline_version_id = ?")
            ORDER BY item_id, labeler_id
            """)
        if let roundFilter = plan.roundFilter, firstAnswers == nil { scan.bind(1, roundFilter) }
        var outside = 0, currentItem = -1
        let categoryOfLabel = plan.categoryOfLabel, roundOfVersion = plan.roundOfVersion
        func add(_ row: ScannedAnswer) {
            let label = Int(row.label)
            let category = label < categoryOfLabel.count ? categoryOfLabel[label] : ScanPlan.unknown
            guard category >= 0 else {
                if category == ScanPlan.unknown { outside += 1 }
                return
            }
            let item = Int(row.item)
            if item != currentItem {
                currentItem = item
                table.appendItem(id: item, reference: plan.references?[item] ?? -1, audit: plan.audits?[item] ?? -1,
                             prediction: plan.predictions?[item] ?? -1)
            }
            let version = Int(row.version)
            table.appendRating(rater: plan.raterOfLabeler[Int(row.labeler)], category: category, seconds: row.seconds,
                               round: version >= 0 && version < roundOfVersion.count ? roundOfVersion[version] : -1)
        }
        // With `firstAnswers`, only the n answers of each item whose labelers answered it first
        // (since they last took an answer back: `first_event_id`, kept on the row, so a change of
        // answer does not move a labeler up and an item sent back starts afresh). An item's rows
        // are held until the next item's come, then the first n of them read.
        var held: [ScannedAnswer] = []
        func release() {
            guard let first = firstAnswers, !held.isEmpty else { return }
            held.sort { $0.firstEvent < $1.firstEvent }
            // A round is chosen among the first answers, not before: an answer of the round that
            // came as a tie-breaker is not one of the first.
            for row in held.prefix(first) where plan.roundFilter.map({ row.version == $0 }) ?? true { add(row) }
            held.removeAll(keepingCapacity: true)
        }
        while try scan.step() {
            let row = ScannedAnswer(item: scan.int64(0), labeler: scan.int64(1), label: scan.int64(2),
                                    seconds: scan.isNull(3) ? nil : scan.double(3), version: scan.isNull(4) ? -1 : scan.int64(4),
                                    firstEvent: firstAnswers == nil ? 0 : scan.int64(5))
            guard firstAnswers != nil else { add(row); continue }
            if let last = held.last, last.item != row.item { release() }
            held.append(row)
        }
        release()
        return Scanned(table: table, outside: outside)
    }

    /// One row of the answer scan.
    struct ScannedAnswer {
        var item: Int64
        var labeler: Int64
        var label: Int64
        var seconds: Double?
        /// The guideline version's id, -1 for none.
        var version: Int64
        /// The log entry that first gave the answer (0 when not read).
        var firstEvent: Int64
    }

    private static func maxID(_ db: Database, _ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM \(table)") ?? 0
    }

    /// A per-item category from (item_id, label_id) rows, as an array by item id; nil when empty.
    static func perItem(_ db: Database, count: Int, categoryOfLabel: [Int], sql: String, argument: String? = nil) throws -> [Int]? {
        let scan = try BulkStatement(db, sql: sql)
        if let argument { scan.bind(1, argument) }
        var result: [Int]?
        while try scan.step() {
            let label = Int(scan.int64(1))
            guard label < categoryOfLabel.count, categoryOfLabel[label] >= 0 else { continue }
            if result == nil { result = [Int](repeating: -1, count: count) }
            result![Int(scan.int64(0))] = categoryOfLabel[label]
        }
        return result
    }

    /// `--model`: the one named; else the model named `model`, else the only one. With several
    /// and none named, `anyWhenSeveral` takes the first by name instead of refusing.
    static func chooseModel(_ requested: String?, among models: [String], anyWhenSeveral: Bool) throws -> String? {
        let list = models.isEmpty ? "none yet" : models.joined(separator: ", ")
        if let requested {
            guard models.contains(requested) else { throw QueryError("no predictions from a model named '\(requested)'; the models are: \(list)") }
            return requested
        }
        if models.isEmpty { return nil }
        if models.contains(defaultModelName) { return defaultModelName }
        if models.count == 1 || anyWhenSeveral { return models[0] }
        throw QueryError("this project has predictions from several models (\(list)); choose one with --model NAME")
    }

    /// `--round`: a 1-based round number or a guideline hash prefix.
    static func chooseRound(_ round: String?, versions: [Row]) throws -> (Int64?, String?) {
        guard let round else { return (nil, nil) }
        let hashes = versions.map { $0["hash"] as String }
        let chosen: Int?
        if let number = Int(round) { chosen = number >= 1 && number <= versions.count ? number - 1 : nil }
        else { chosen = hashes.firstIndex { $0.hasPrefix(round.lowercased()) } }
        guard let chosen else {
            let known = hashes.enumerated().map { "\($0.offset + 1) (\($0.element.prefix(8)))" }
            throw QueryError("no round '\(round)'; the rounds are: \(known.isEmpty ? "none yet" : known.joined(separator: ", "))")
        }
        return (versions[chosen]["id"], "\(chosen + 1) (\(hashes[chosen].prefix(8)))")
    }

    /// How many items have no value in `field` (a slice field, the group field or metadata).
    static func itemsWithoutValue(_ store: SQLiteStore, field: String, isGroup: Bool) throws -> Int {
        try store.pool.read { db in
            let values = try loadSlices(db, field: field, isGroup: isGroup)
            let items = try Int.fetchOne(db, sql: "SELECT count(*) FROM items") ?? 0
            return items - values.ofItemID.lazy.filter { $0 >= 0 }.count
        }
    }

    struct SliceValues: Sendable {
        var names: [String] = []
        /// Index into `names` for each item row id; -1 when the item has no value.
        var ofItemID: [Int32] = []
    }

    private static func loadSlices(_ db: Database, field: String, request: RatingsRequest) throws -> SliceValues {
        let declared = request.sliceFields.contains(field) || field == request.groupField
        guard try declared || SQLiteStore.hasMetadataField(db, field) else {
            throw QueryError("no item has a field '\(field)'; slice fields in the config: \(request.sliceFields.joined(separator: ", "))")
        }
        return try loadSlices(db, field: field, isGroup: field == request.groupField)
    }

    private static func loadSlices(_ db: Database, field: String, isGroup: Bool) throws -> SliceValues {
        var values = SliceValues()
        values.ofItemID = [Int32](repeating: -1, count: try maxID(db, "items") + 1)
        var index: [String: Int32] = [:]
        func record(_ value: String, _ item: Int) {
            let position: Int32
            if let known = index[value] { position = known } else {
                position = Int32(values.names.count)
                index[value] = position
                values.names.append(value)
            }
            values.ofItemID[item] = position
        }
        if isGroup {
            let scan = try BulkStatement(db, sql: "SELECT id, group_key FROM items")
            while try scan.step() { if let value = scan.text(1) { record(value, Int(scan.int64(0))) } }
            return values
        }
        // Metadata is the flat JSON Concord writes; read the field from its bytes, and ask SQLite
        // only for an item whose metadata is in another form.
        let key = Array(field.utf8)
        let scan = try BulkStatement(db, sql: "SELECT id, metadata FROM items")
        let extract = try BulkStatement(db, sql: "SELECT field.value FROM items, json_each(items.metadata) AS field WHERE field.key = ? AND items.id = ?")
        while try scan.step() {
            let item = Int(scan.int64(0))
            switch scan.withBytes(1, { FlatJSONObject.value(of: key, in: $0) }) ?? .absent {
            case .found(let value): record(value, item)
            case .absent: break
            case .unreadable:
                extract.bind(1, field)
                extract.bind(2, Int64(item))
                if try extract.step(), let value = extract.text(0) { record(value, item) }
                extract.reset()
            }
        }
        return values
    }
}
