/// What a screen needs from a terminal: its size, a way to show a grid, keys, and whether a
/// signal (SIGTERM, SIGHUP) asked the program to stop.
public protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    func draw(_ grid: CellGrid)
    /// The next key, or nil when none came within the timeout.
    func readKey(timeoutMilliseconds: Int) -> Key?
    var interrupted: Bool { get }
}
