/// Computes an `AgreementReport` from a `RatingTable` in one pass over the items.
public struct AgreementAnalysis {
    public var sliceField: String?
    public var roundNames: [String] = []
    public var excludeSpecial = false
    public var roundLabel: String?
    public var bootstrapReplicates = 1000
    public var bootstrapSeed: UInt64 = 20_261_122
    /// Categories that count as "borderline" and "unintelligible" for the labeler figures.
    public var borderlineCategory: Int?
    public var unintelligibleCategory: Int?

    public init() {}

    public func run(_ table: RatingTable) -> AgreementReport {
        let k = table.categoryCount
        let ordinal = table.ordinalCategories
        let sliceCount = table.sliceValues.count
        // Per slice (index sliceCount = no value); overall is their sum.
        var sliceCounts = [AgreementCounts](repeating: AgreementCounts(categoryCount: k), count: sliceCount + 1)
        var sliceItems = [Int](repeating: 0, count: sliceCount + 1)
        var sliceAudits = [ReferenceCounts](repeating: ReferenceCounts(categoryCount: k), count: sliceCount + 1)
        var roundCounts = [AgreementCounts](repeating: AgreementCounts(categoryCount: k), count: table.rounds.count)
        var roundItems = [Int](repeating: 0, count: table.rounds.count)
        var scaleCounts = AgreementCounts(categoryCount: ordinal?.count ?? 0)
        var scaleOf = [Int](repeating: -1, count: k)
        if let ordinal { for (rank, category) in ordinal.enumerated() { scaleOf[category] = rank } }
        var bootstrap = PoissonBootstrap(categoryCount: ordinal?.count ?? k)

        var pairs = PairCounter(raterCount: table.raters.count, categoryCount: k)
        var profiles = [LabelerAccumulator](repeating: LabelerAccumulator(), count: table.raters.count)

        var counts = [Int32](repeating: 0, count: k)
        var scale = [Int32](repeating: 0, count: max(1, ordinal?.count ?? 0))
        var present: [Int] = [], scalePresent: [Int] = []
        var adjudicated = 0

        counts.withUnsafeMutableBufferPointer { counts in
          scale.withUnsafeMutableBufferPointer { scale in
            for item in 0..<table.itemCount {
                let range = table.ratings(ofItem: item)
                guard !range.isEmpty else { continue }
                present.removeAll(keepingCapacity: true)
                let firstRound = Int(table.roundOfRating[range.lowerBound])
                var oneRound = true
                for r in range {
                    let c = Int(table.categoryOfRating[r])
                    if counts[c] == 0 { present.append(c) }
                    counts[c] += 1
                    if Int(table.roundOfRating[r]) != firstRound { oneRound = false }
                }
                if table.referenceOfItem[item] >= 0 { adjudicated += 1 }
                let slice = table.sliceOfItem[item] >= 0 ? Int(table.sliceOfItem[item]) : sliceCount
                sliceItems[slice] += 1
                sliceCounts[slice].add(counts: UnsafeBufferPointer(counts), present: present[...])
                let audit = Int(table.auditOfItem[item])
                if audit >= 0 { sliceAudits[slice].add(reference: audit, matching: Int(counts[audit]), labels: range.count) }
                if ordinal != nil {
                    scalePresent.removeAll(keepingCapacity: true)
                    for c in present where scaleOf[c] >= 0 {
                        scale[scaleOf[c]] = counts[c]
                        scalePresent.append(scaleOf[c])
                    }
                    scaleCounts.add(counts: UnsafeBufferPointer(scale), present: scalePresent[...])
                    bootstrap.add(counts: UnsafeBufferPointer(scale), present: scalePresent[...])
                    for s in scalePresent { scale[s] = 0 }
                } else {
                    bootstrap.add(counts: UnsafeBufferPointer(counts), present: present[...])
                }
                if !roundCounts.isEmpty {
                    if oneRound {
                        if firstRound >= 0 {
                            roundItems[firstRound] += 1
                            roundCounts[firstRound].add(counts: UnsafeBufferPointer(counts), present: present[...])
                        }
                    } else {
                        addByRound(table, range, into: &roundCounts, items: &roundItems)
                    }
                }
                pairs.add(table, range)
                for r in range {
                    let own = Int(table.categoryOfRating[r])
                    profiles[Int(table.raterOfRating[r])].add(
                        own: own, counts: counts, present: present, seconds: table.secondsOfRating[r],
                        borderline: borderlineCategory, unintelligible: unintelligibleCategory)
                }
                for c in present { counts[c] = 0 }
            }
          }
        }

        var overall = AgreementCounts(categoryCount: k)
        for slice in sliceCounts { overall.merge(slice) }
        var audits = ReferenceCounts(categoryCount: k)
        for slice in sliceAudits { audits.merge(slice) }
        let nominal = Coefficients.krippendorffAlpha(overall, metric: .nominal)
        let ordinalAlpha = ordinal != nil ? Coefficients.krippendorffAlpha(scaleCounts, metric: .ordinal) : nil
        let primaryMetric: AlphaMetric = ordinal != nil ? .ordinal : .nominal
        let interval = bootstrap.interval(metric: primaryMetric, replicates: bootstrapReplicates, seed: bootstrapSeed)
        let hlp = overall.hlp
        let pairKappas = pairs.kappas(raters: table.raters)
        let definedKappas = pairKappas.compactMap(\.kappa)
        let totalAnswers = overall.ratings

        let answersPerLabel = labelTotals(table)
        let perLabel = (0..<k).map { c -> AgreementReport.LabelFigures in
            let answers = answersPerLabel[c]
            let share = totalAnswers > 0 ? Double(answers) / Double(totalAnswers) : nil
            let hlpLabel = overall.hlp(category: c)
            return AgreementReport.LabelFigures(
                label: table.categories[c], n: answers, share: share,
                specific_agreement: Coefficients.specificAgreement(overall, category: c),
                hlp: hlpLabel.value, hlp_low: hlpLabel.low, hlp_high: hlpLabel.high, hlp_n: hlpLabel.n,
                hlp_reference: audits.figure(category: c))
        }

        var perSlice: [AgreementReport.SliceFigures]?
        if let sliceField {
            let rated = sliceItems.reduce(0, +)
            perSlice = (0...sliceCount).compactMap { slice in
                let counts = sliceCounts[slice]
                guard sliceItems[slice] > 0 else { return nil }
                let sliceHLP = counts.hlp
                return AgreementReport.SliceFigures(
                    field: sliceField, value: slice < sliceCount ? table.sliceValues[slice] : "(none)",
                    n: sliceItems[slice], share: rated > 0 ? Double(sliceItems[slice]) / Double(rated) : nil,
                    items_multi: counts.itemsMulti,
                    percent_agreement: Coefficients.percentAgreement(counts),
                    krippendorff_alpha: Coefficients.krippendorffAlpha(counts, metric: .nominal),
                    hlp: sliceHLP.value, hlp_low: sliceHLP.low, hlp_high: sliceHLP.high, hlp_n: sliceHLP.n,
                    hlp_reference: sliceAudits[slice].figure())
            }
        }

        let perRound = table.rounds.indices.map { round in
            AgreementReport.RoundFigures(
                round: round + 1, guideline_version: table.rounds[round], items: roundItems[round],
                items_multi: roundCounts[round].itemsMulti,
                percent_agreement: Coefficients.percentAgreement(roundCounts[round]),
                krippendorff_alpha: Coefficients.krippendorffAlpha(roundCounts[round], metric: .nominal))
        }

        let labelerFigures = table.raters.indices.map { rater in
            profiles[rater].figures(name: table.raters[rater], meanKappa: pairs.meanKappa(of: rater, in: pairKappas, raters: table.raters))
        }

        var coincidence: [[Double]] = []
        for c in 0..<k { coincidence.append(Array(overall.coincidence[(c * k)..<(c * k + k)])) }

        return AgreementReport(
            categories: table.categories, scale: ordinal != nil ? "ordinal" : "nominal",
            alpha_metric: primaryMetric.rawValue, exclude_special: excludeSpecial, round: roundLabel,
            items: overall.itemsRated, items_multi: overall.itemsMulti,
            labelers: table.raters.indices.filter { profiles[$0].answers > 0 }.count,
            annotations: totalAnswers,
            percent_agreement: Coefficients.percentAgreement(overall),
            krippendorff_alpha: ordinal != nil ? ordinalAlpha : nominal,
            krippendorff_alpha_nominal: nominal, krippendorff_alpha_ordinal: ordinalAlpha,
            alpha_low: interval?.low, alpha_high: interval?.high,
            bootstrap_replicates: bootstrapReplicates, bootstrap_seed: bootstrapSeed,
            fleiss_kappa: Coefficients.fleissKappa(overall), gwet_ac1: Coefficients.gwetAC1(overall),
            cohen_kappa: pairKappas,
            mean_cohen_kappa: definedKappas.isEmpty ? nil : definedKappas.reduce(0, +) / Double(definedKappas.count),
            hlp: hlp.value, hlp_low: hlp.low, hlp_high: hlp.high, hlp_n: hlp.n,
            hlp_reference: audits.figure(), adjudicated_items: adjudicated,
            per_label: perLabel, per_slice: perSlice, per_round: perRound,
            labeler_figures: labelerFigures, coincidence: coincidence)
    }

    /// Answers per category over the whole table.
    private func labelTotals(_ table: RatingTable) -> [Int] {
        var totals = [Int](repeating: 0, count: table.categoryCount)
        for c in table.categoryOfRating { totals[Int(c)] += 1 }
        return totals
    }

    /// An item labeled across rounds: each round sees only its own ratings of the item.
    private func addByRound(_ table: RatingTable, _ range: Range<Int>, into counts: inout [AgreementCounts], items: inout [Int]) {
        var byRound: [Int: [Int]] = [:]
        for r in range where table.roundOfRating[r] >= 0 {
            byRound[Int(table.roundOfRating[r]), default: Array(repeating: 0, count: table.categoryCount)][Int(table.categoryOfRating[r])] += 1
        }
        for (round, roundCounts) in byRound {
            items[round] += 1
            counts[round].add(counts: roundCounts)
        }
    }
}
