import ConcordFormats
import ConcordServices
import ConcordAnalysis

/// The dashboard's update: model + message → new model + commands. Pure: no I/O, no clock.
public enum DashboardScreen: Screen {
    /// The figures, unless they came with the model.
    public static func start(_ model: DashboardModel) -> [Command] { model.figures == nil ? [.load] : [] }

    public static func update(_ model: DashboardModel, _ message: Message) -> (DashboardModel, [Command]) {
        changing(model) { apply(message, to: &$0) }
    }

    public static func view(_ model: DashboardModel, width: Int, height: Int) -> CellGrid {
        DashboardView.render(model, width: width, height: height)
    }

    public static func isClosed(_ model: DashboardModel) -> Bool { model.quitting }

    static func apply(_ message: Message, to model: inout DashboardModel) -> [Command] {
        switch message {
        case let .key(key):
            return keyPressed(&model, key)
        case .resized, .reviewClosed(.success):
            return []
        case .interrupted:
            model.quitting = true
        case let .loaded(.success(figures)):
            model.show(figures)
        case let .loaded(.failure(failure)):
            model.loadFailure = failure.message
        case let .reviewClosed(.failure(failure)):
            model.selection = "cannot open the review screen: \(failure)"
        }
        return []
    }

    static func keyPressed(_ model: inout DashboardModel, _ key: Key) -> [Command] {
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
            return openCell(&model)
        default:
            break
        }
        return []
    }

    /// Enter on a heatmap cell: the items a pair of labelers disagree on, or that carry both labels.
    static func openCell(_ model: inout DashboardModel) -> [Command] {
        let names = heatmapNames(model)
        guard !names.isEmpty else { return [] }
        let a = names[min(model.cursor.row, names.count - 1)], b = names[min(model.cursor.column, names.count - 1)]
        model.selection = model.panel == .labelers ? "items \(a) and \(b) disagree on" : "items labeled both \(a) and \(b)"
        // A labeler's own diagonal cell has no items to review.
        guard a != b || model.panel == .confusion else { return [] }
        guard model.mayOpenReview else {
            model.selection = (model.selection ?? "") + " — run with --as REVIEWER to review them"
            return []
        }
        var filter = DisagreementQueue.Filter()
        if model.panel == .labelers { filter.pair = (a, b) } else { filter.bothLabels = (a, b) }
        return [.openReview(filter)]
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
