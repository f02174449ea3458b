import ConcordFormats
import ConcordDomain
import ConcordAnalysis
import ConcordStore

/// The items that need a reviewer, most useful first (SPEC §5): items whose answers disagree and
/// that are not adjudicated yet. Unanimous items never enter (at k labels they count as accepted),
/// nor items with fewer than `minimumLabels` answers; (adaptive overlap) items still waiting for a
/// tie-breaker come after the rest. Priority: more distinct answers first, then
/// special labels present, then answers in labels people rarely agree on (low HLP), then answers
/// from labelers who often disagree with the rest.
public enum DisagreementQueue {
    public struct Filter: Sendable {
        public var label: String?
        public var sliceField: String?
        public var sliceValue: String?
        /// Two labelers: the items both answered differently (a cell of the κ matrix).
        public var pair: (String, String)?
        /// Two labels: the items with answers of both (a cell of the confusion matrix).
        public var bothLabels: (String, String)?
        public var minimumLabels = 2
        /// Unanimous items count as accepted and stay out of the queue (turn off to review them too).
        public var autoAcceptUnanimous = true

        public init(label: String? = nil, sliceField: String? = nil, sliceValue: String? = nil, pair: (String, String)? = nil) {
            self.label = label
            self.sliceField = sliceField
            self.sliceValue = sliceValue
            self.pair = pair
        }
    }

    /// The audit sample's items not yet labeled blind, as a queue that shows no answers.
    public static func audit(_ sample: [AuditSample.Entry]) -> [Entry] {
        sample.filter { $0.reference == nil }.map {
            Entry(item: $0.item, item_id: $0.itemID, answers: [:], distinct: 0, labels: 0, priority: 0, why: ["audit sample"])
        }
    }

    public struct Entry: Sendable, Codable, Equatable {
        public var item: String
        public var item_id: Int64
        /// How many answers each label got, e.g. ["weather": 2, "smart_home": 1] (a dictionary: no order).
        public var answers: [String: Int]
        public var distinct: Int
        public var labels: Int
        public var priority: Double
        /// Why it ranks where it does, in words.
        public var why: [String]
        /// Adaptive overlap still asks for more labels on it: it comes after the settled items.
        public var awaiting_tie_breaker = false
    }

    public static func build(_ project: Project, filter: Filter = Filter()) throws -> [Entry] {
        let loaded = try RatingTableLoader.load(project, AgreementQuery(sliceField: filter.sliceField))
        let table = loaded.table
        var analysis = AgreementAnalysis()
        analysis.bootstrapReplicates = 0
        let report = analysis.run(table)
        let hlpOfCategory = report.per_label.map { $0.hlp ?? 1 }
        let consensusOfRater = report.labeler_figures.map { $0.consensus_agreement ?? 1 }
        let specials = Set(SpecialLabel.allCases.compactMap { table.categories.firstIndex(of: $0.rawValue) })
        let sliceIndex = filter.sliceValue.flatMap { table.sliceValues.firstIndex(of: $0) }
        if filter.sliceValue != nil && sliceIndex == nil { return [] }
        let labelIndex = filter.label.flatMap { table.categories.firstIndex(of: $0) }
        if filter.label != nil && labelIndex == nil { throw QueryError("no label '\(filter.label!)' in this project") }
        let bothIndices = try filter.bothLabels.map { both -> (Int, Int) in
            guard let a = table.categories.firstIndex(of: both.0), let b = table.categories.firstIndex(of: both.1) else {
                throw QueryError("no labels \(both.0), \(both.1) in this project")
            }
            return (a, b)
        }
        let pair = try filter.pair.map { pair -> (Int, Int) in
            guard let a = table.raters.firstIndex(of: pair.0), let b = table.raters.firstIndex(of: pair.1) else {
                throw QueryError("no labeler pair \(pair.0), \(pair.1) in this project")
            }
            return (a, b)
        }

        // Under adaptive overlap an item that disagrees is asked for more labels: until it has
        // them it comes after the settled items (it may never get them: too few labelers left).
        let plan = project.config.labelersPerItem
        var entries: [Entry] = []
        for item in 0..<table.itemCount where table.referenceOfItem[item] < 0 {
            let range = table.ratings(ofItem: item)
            guard range.count >= filter.minimumLabels else { continue }
            var counts = [Int](repeating: 0, count: table.categoryCount)
            for r in range { counts[Int(table.categoryOfRating[r])] += 1 }
            let present = counts.indices.filter { counts[$0] > 0 }
            guard present.count >= 2 || !filter.autoAcceptUnanimous else { continue }
            let awaiting = plan.isAdaptive && !plan.isComplete(answers: range.count, unanimous: present.count == 1)
            if let sliceIndex, Int(table.sliceOfItem[item]) != sliceIndex { continue }
            if let labelIndex, counts[labelIndex] == 0 { continue }
            if let both = bothIndices, counts[both.0] == 0 || counts[both.1] == 0 { continue }
            if let (a, b) = pair {
                let answerOf = { (rater: Int) in range.first { Int(table.raterOfRating[$0]) == rater }.map { table.categoryOfRating[$0] } }
                guard let first = answerOf(a), let second = answerOf(b), first != second else { continue }
            }
            var why = [present.count == 1 ? "unanimous" : "\(present.count) different answers"]
            var priority = Double(present.count)
            if present.contains(where: specials.contains) {
                priority += 0.5
                why.append("borderline/unintelligible given")
            }
            let lowestHLP = present.map { hlpOfCategory[$0] }.min() ?? 1
            priority += 1 - lowestHLP
            if lowestHLP < 0.6 { why.append("a label people rarely agree on (HLP \(String(format: "%.2f", lowestHLP)))") }
            let weakest = range.map { consensusOfRater[Int(table.raterOfRating[$0])] }.min() ?? 1
            priority += (1 - weakest) / 2
            if awaiting { why.append("a tie-breaker is still to come (\(range.count) of \(plan.maximum) labels)") }
            entries.append(Entry(
                item: "", item_id: Int64(table.itemID(ofItem: item)),
                answers: Dictionary(uniqueKeysWithValues: present.map { (table.categories[$0], counts[$0]) }),
                distinct: present.count, labels: range.count, priority: (priority * 10_000).rounded() / 10_000, why: why,
                awaiting_tie_breaker: awaiting))
        }
        entries.sort { ($0.awaiting_tie_breaker ? 0 : 1, $0.priority, -$0.item_id) > ($1.awaiting_tie_breaker ? 0 : 1, $1.priority, -$1.item_id) }
        // Item keys for what is shown (one query for the queue, not one per item of the project).
        let ids = entries.map(\.item_id)
        let keys = try project.store.itemKeys(ids: ids)
        for index in entries.indices { entries[index].item = keys[entries[index].item_id] ?? "" }
        return entries
    }
}
