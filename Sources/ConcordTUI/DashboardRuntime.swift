import ConcordIO
import ConcordMetrics
import ConcordStore

/// Shows the dashboard until q, Esc or a signal.
public enum DashboardRuntime {
    /// `openReview` shows the review screen for a heatmap cell's items (on the same terminal) and
    /// returns when the reviewer leaves it; nil when nobody who may review is known.
    public static func run(_ model: inout DashboardModel, backend: TerminalBackend,
                           openReview: ((DisagreementQueue.Filter) throws -> Void)? = nil) {
        var needsDraw = true
        while !model.quitting && !backend.interrupted {
            if let filter = model.pendingReview {
                model.pendingReview = nil
                if let openReview {
                    do { try openReview(filter) } catch { model.selection = "cannot open the review screen: \(error)" }
                } else {
                    model.selection = (model.selection ?? "") + " — run with --as REVIEWER to review them"
                }
                needsDraw = true
            }
            if needsDraw {
                let size = backend.size
                backend.draw(DashboardView.render(model, width: size.width, height: size.height))
                needsDraw = false
            }
            guard let key = backend.readKey(timeoutMilliseconds: 100) else { continue }
            if key != .resize { DashboardScreen.update(&model, key) }
            needsDraw = true
        }
    }
}
