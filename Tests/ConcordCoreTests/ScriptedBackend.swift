import ConcordTUI

/// A backend for tests: keys come from a script, frames are kept as grids. When the script runs
/// out it reports a signal, so a runtime's loop ends as it would on SIGTERM.
final class ScriptedBackend: TerminalBackend {
    var size: (width: Int, height: Int)
    private(set) var frames: [CellGrid] = []
    private var keys: [Key]
    var interrupted = false
    /// Called after every frame drawn (tests check the database at the moment of drawing).
    var onDraw: ((CellGrid) -> Void)?

    init(width: Int, height: Int, keys: [Key] = []) {
        size = (width, height)
        self.keys = keys
    }

    func enqueue(_ more: [Key]) { keys += more }

    func draw(_ grid: CellGrid) {
        frames.append(grid)
        onDraw?(grid)
    }

    func readKey(timeoutMilliseconds: Int) -> Key? {
        guard !keys.isEmpty else { interrupted = true; return nil }
        return keys.removeFirst()
    }

    /// The last frame as text.
    var screen: String { frames.last?.text ?? "" }
}
