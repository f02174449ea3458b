import ConcordIO
import ConcordMetrics

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
        guard let report = model.figures?.report else { return [] }
        switch model.panel {
        case .labelers: return report.labeler_figures.filter { $0.answers > 0 }.map(\.labeler)
        case .confusion: return report.categories
        default: return []
        }
    }

    static func heatmapSize(_ model: DashboardModel) -> Int { max(1, heatmapNames(model).count) }
}
