import ConcordTUI

/// A backend for tests: keys come from a script, frames are kept as grids. When the script runs
/// out it reports a signal, so a runtime's loop ends as it would on SIGTERM.
public final class ScriptedBackend: TerminalBackend {
    public var size: (width: Int, height: Int)
    public private(set) var frames: [CellGrid] = []
    private var keys: [Key]
    public var interrupted = false
    /// Called after every frame drawn (tests check the database at the moment of drawing).
    public var onDraw: ((CellGrid) -> Void)?

    public init(width: Int, height: Int, keys: [Key] = []) {
        size = (width, height)
        self.keys = keys
    }

    public func enqueue(_ more: [Key]) { keys += more }

    public func draw(_ grid: CellGrid) {
        frames.append(grid)
        onDraw?(grid)
    }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard !keys.isEmpty else { interrupted = true; return nil }
        return keys.removeFirst()
    }

    /// The last frame as text.
    public var screen: String { frames.last?.text ?? "" }
}
