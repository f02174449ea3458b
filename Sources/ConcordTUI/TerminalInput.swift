/// What the terminal brings a screen, as the runtime reads it: a key with the time it arrived, a
/// new size, the passing of time while no key comes, or a signal asking the program to stop.
public enum TerminalInput: Equatable, Sendable {
    case key(Key, at: Double)
    case resized
    /// No key came within the runtime's wait (a tenth of a second).
    case tick(at: Double)
    /// SIGTERM, SIGHUP or SIGINT: the screen is closed without another frame.
    case interrupted
}
