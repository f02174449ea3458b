/// A key press, as every screen's update function receives it (backends translate to this).
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backspace
    /// Ctrl + a letter (Ctrl-C arrives as `.control("c")`: the terminal is in raw mode).
    case control(Character)
    case resize
}
