import ConcordFormats
import ConcordServices
import ConcordAnalysis

/// The dashboard: a project's figures as pictures in the terminal. Panels (Tab or 1–6): overview,
/// HLP bars, labeler κ heatmap, label coincidence heatmap, model gap, model evaluation. The
/// figures come in ready-made (the same reports `concord agreement` prints), as a load's result.
public struct DashboardModel: Sendable {
    public enum Panel: Int, CaseIterable, Sendable {
        case overview, hlp, labelers, confusion, gap, model

        var title: String {
            switch self {
            case .overview: return "Overview"
            case .hlp: return "HLP"
            case .labelers: return "Labelers"
            case .confusion: return "Confusion"
            case .gap: return "Model gap"
            case .model: return "Model"
            }
        }
    }

    /// Who reads the figures: a reviewer or admin reads every one; a labeler reads aggregates and
    /// their own row, never the per-pair κ or another labeler's figures.
    public enum Audience: Equatable, Sendable {
        case everyFigure
        case labeler(String)

        func shown(_ figures: DashboardData) -> DashboardData {
            switch self {
            case .everyFigure: return figures
            case let .labeler(name): return figures.withIndividualFiguresWithheld(keeping: name)
            }
        }
    }

    public var projectName: String
    public let audience: Audience
    /// Whether Enter on a heatmap cell may open its items in the review screen (a reviewer is known).
    public let mayOpenReview: Bool
    /// The figures as this audience may read them; nil until they are loaded.
    public private(set) var figures: DashboardData?
    /// Why the figures could not be loaded.
    public var loadFailure: String?
    public var panel: Panel = .overview
    public var scroll = 0
    /// Heatmap cursor (row, column).
    public var cursor = (row: 0, column: 0)
    public var quitting = false
    /// The cell Enter last selected, in words.
    public var selection: String?

    public init(projectName: String, audience: Audience = .everyFigure, mayOpenReview: Bool = false, figures: DashboardData? = nil) {
        self.projectName = projectName
        self.audience = audience
        self.mayOpenReview = mayOpenReview
        self.figures = figures.map(audience.shown)
    }

    /// Shows loaded figures, withholding what this audience may not read.
    public mutating func show(_ loaded: DashboardData) {
        figures = audience.shown(loaded)
        loadFailure = nil
    }
}
