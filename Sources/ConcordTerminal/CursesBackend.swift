import CNcursesw
import ConcordTUI
import Foundation

/// Puts cell grids on a real terminal through ncursesw and reads keys. This is the only code that
/// calls curses; screens never do. Every exit path restores the terminal (`close`, and the
/// signal flag the loop polls for SIGTERM, SIGHUP and SIGINT).
public final class CursesBackend: TerminalBackend {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case dumbTerminal(String)
        case cannotStart(String)

        public var description: String {
            switch self {
            case .notATerminal:
                return "the labeling screen needs a terminal (stdin and stdout are not one); use `concord annotate` in scripts"
            case let .dumbTerminal(term):
                return "this terminal (TERM=\(term)) cannot show a full-screen interface; run it in a terminal such as xterm, or use `concord annotate`"
            case let .cannotStart(term):
                return "cannot start the terminal interface for TERM=\(term); check TERM, or use `concord annotate`"
            }
        }
    }

    private var screen: OpaquePointer?
    private let window: UnsafeMutablePointer<WINDOW>
    private let colors: Bool
    /// False under a non-UTF-8 locale that could not be switched: the grid is shown as ASCII.
    private let unicode: Bool
    private var closed = false

    public init() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw StartError.notATerminal }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb", term != "unknown" else { throw StartError.dumbTerminal(term.isEmpty ? "unset" : term) }
        // Wide characters need a UTF-8 locale; fall back to C.UTF-8 when the user's is not.
        setlocale(LC_ALL, "")
        var utf8 = concord_locale_is_utf8() != 0
        if !utf8, setlocale(LC_CTYPE, "C.UTF-8") != nil { utf8 = concord_locale_is_utf8() != 0 }
        unicode = utf8
        // newterm returns NULL on failure, where initscr would exit the process.
        guard let created = newterm(nil, concord_stdout(), concord_stdin()) else { throw StartError.cannotStart(term) }
        screen = created
        set_term(created)
        guard let window = concord_stdscr() else { throw StartError.cannotStart(term) }
        self.window = window
        concord_install_signal_handlers()
        raw()
        noecho()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colors = has_colors() && !noColor
        if colors {
            start_color()
            use_default_colors()
            for (index, color) in [COLOR_RED, COLOR_GREEN, COLOR_YELLOW, COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN, COLOR_WHITE].enumerated() {
                init_pair(Int16(index + 1), Int16(color), -1)
            }
        }
    }

    deinit { close() }

    /// Restores the terminal. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
    }

    public var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    public var interrupted: Bool { concord_pending_signal() != 0 }

    public func draw(_ grid: CellGrid) {
        werase(window)
        for y in 0..<grid.height {
            var x = 0
            while x < grid.width {
                let cell = grid[x, y]
                if cell.text.isEmpty { x += 1; continue }
                wattrset(window, Int32(bitPattern: attributes(cell.style)))
                let text = unicode ? cell.text : (cell.text.allSatisfy(\.isASCII) ? cell.text : "?")
                // The bottom-right cell cannot be written without scrolling in curses; mvwaddstr
                // returns ERR there but draws the glyph, which is what we want.
                _ = mvwaddstr(window, Int32(y), Int32(x), text)
                x += 1
            }
        }
        wattrset(window, 0)
        wrefresh(window)
    }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        wtimeout(window, Int32(timeoutMilliseconds))
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == ERR { return nil }
        if result == concord_key_code_yes() {
            switch Int32(character) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_NPAGE: return .pageDown
            case KEY_PPAGE: return .pageUp
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case concord_key_resize(): return .resize
            default: return nil
            }
        }
        switch character {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(UInt8(character) + 96)))
        default:
            guard let scalar = UnicodeScalar(UInt32(character)) else { return nil }
            return .char(Character(scalar))
        }
    }

    private func attributes(_ style: Style) -> attr_t {
        var value: attr_t = 0
        if style.bold { value |= concord_a_bold() }
        if style.dim { value |= concord_a_dim() }
        if style.italic { value |= concord_a_italic() }
        if style.underline { value |= concord_a_underline() }
        if style.reverse { value |= concord_a_reverse() }
        if colors, style.color != .none {
            let pair: Int32
            switch style.color {
            case .red: pair = 1
            case .green: pair = 2
            case .yellow: pair = 3
            case .blue: pair = 4
            case .magenta: pair = 5
            case .cyan: pair = 6
            case .gray: pair = 7
            case .none: pair = 0
            }
            value |= concord_color_pair(pair)
        }
        return value
    }
}
