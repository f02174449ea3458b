/// A backend for tests and benchmarks: keys come from a script, frames are kept as grids.
public final class ScriptedBackend: TerminalBackend {
    public var size: (width: Int, height: Int)
    public private(set) var frames: [CellGrid] = []
    private var keys: [Key]
    public var interrupted = false
    /// Called after every frame drawn (benchmarks time keystroke → frame).
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

/// What a screen needs from a terminal: its size, a way to show a grid, keys, and whether a
/// signal (SIGTERM, SIGHUP) asked the program to stop.
public protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    func draw(_ grid: CellGrid)
    /// The next key, or nil when none came within the timeout.
    func readKey(timeoutMilliseconds: Int) -> Key?
    var interrupted: Bool { get }
}
