import ConcordFormats
import ConcordServices
import ConcordAnalysis

/// The dashboard: a project's figures as pictures in the terminal. Panels (Tab or 1–6): overview,
/// HLP bars, labeler κ heatmap, label coincidence heatmap, model gap, model evaluation. Model + update + view like
/// every screen; the figures come in ready-made (the same reports `concord agreement` prints).
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

    public struct Progress: Sendable {
        public var items: Int
        public var complete: Int
        public var labelersPerItem: Int
        public var perLabeler: [(name: String, answers: Int)]

        public init(items: Int, complete: Int, labelersPerItem: Int, perLabeler: [(name: String, answers: Int)]) {
            self.items = items
            self.complete = complete
            self.labelersPerItem = labelersPerItem
            self.perLabeler = perLabeler
        }
    }

    public var projectName: String
    public var report: AgreementReport
    public var gap: GapReport?
    /// The model's precision, recall, F1 and confusion against the resolved reference.
    public var evaluation: ModelEvaluation?
    public var progress: Progress
    /// How far the audit sample has been labeled blind.
    public var audit: (sampled: Int, referenced: Int) = (0, 0)
    public var panel: Panel = .overview
    public var scroll = 0
    /// Heatmap cursor (row, column).
    public var cursor = (row: 0, column: 0)
    public var quitting = false
    /// The cell Enter last selected, in words.
    public var selection: String?
    /// The items Enter asked to open in the review screen (the runtime opens them).
    public var pendingReview: DisagreementQueue.Filter?

    public init(projectName: String, report: AgreementReport, gap: GapReport?, progress: Progress) {
        self.projectName = projectName
        self.report = report
        self.gap = gap
        self.progress = progress
    }
}

public enum DashboardScreen {
    public static func update(_ model: inout DashboardModel, _ key: Key) {
        switch key {
        case .char("q"), .control("c"), .escape:
            model.quitting = true
        case .tab, .char("l"):
            model.panel = DashboardModel.Panel(rawValue: (model.panel.rawValue + 1) % DashboardModel.Panel.allCases.count)!
            model.scroll = 0
        case .char("h"):
            let count = DashboardModel.Panel.allCases.count
            model.panel = DashboardModel.Panel(rawValue: (model.panel.rawValue + count - 1) % count)!
            model.scroll = 0
        case .char(let character) where ("1"..."6").contains(character):
            model.panel = DashboardModel.Panel(rawValue: Int(String(character))! - 1)!
            model.scroll = 0
        case .char("j"), .pageDown: model.scroll += key == .pageDown ? 10 : 1
        case .char("k"), .pageUp: model.scroll = max(0, model.scroll - (key == .pageUp ? 10 : 1))
        case .down: model.cursor.row = min(model.cursor.row + 1, heatmapSize(model) - 1)
        case .up: model.cursor.row = max(0, model.cursor.row - 1)
        case .right: model.cursor.column = min(model.cursor.column + 1, heatmapSize(model) - 1)
        case .left: model.cursor.column = max(0, model.cursor.column - 1)
        case .enter:
            let names = heatmapNames(model)
            guard !names.isEmpty else { return }
            let a = names[min(model.cursor.row, names.count - 1)], b = names[min(model.cursor.column, names.count - 1)]
            model.selection = model.panel == .labelers ? "items \(a) and \(b) disagree on" : "items labeled both \(a) and \(b)"
            var filter = DisagreementQueue.Filter()
            if model.panel == .labelers { if a != b { filter.pair = (a, b) } } else { filter.bothLabels = (a, b) }
            if a != b || model.panel == .confusion { model.pendingReview = filter }
        default:
            break
        }
    }

    static func heatmapNames(_ model: DashboardModel) -> [String] {
        switch model.panel {
        case .labelers: return model.report.labeler_figures.filter { $0.answers > 0 }.map(\.labeler)
        case .confusion: return model.report.categories
        default: return []
        }
    }

    static func heatmapSize(_ model: DashboardModel) -> Int { max(1, heatmapNames(model).count) }
}
