/// Text as a terminal shows it: one entry per grapheme, each 0, 1 or 2 cells wide, with every
/// control character and escape sequence made visible instead of interpreted.
///
/// Item text comes from anyone's data, so it must never move the cursor, change colours, set the
/// clipboard (OSC 52) or retitle the window: ESC is shown as `␛`, other C0 controls as their
/// Control Pictures (`␀`…`␟`), DEL as `␡`, C1 controls as `\u{9B}`-style text, and bidirectional
/// overrides as `<U+202E>`. Graphemes are normalised to what terminals agree on: combining marks
/// stay with their base; variation selectors, skin-tone modifiers and ZWJ tails are dropped
/// (terminals disagree about their width).
public enum DisplayText {
    public struct Glyph: Equatable, Sendable {
        public var text: String
        public var width: Int
    }

    public static func glyphs(_ string: String) -> [Glyph] {
        var result: [Glyph] = []
        result.reserveCapacity(string.count)
        for character in string {
            append(character, to: &result)
        }
        return result
    }

    /// `string` with every control character and escape sequence made visible, newlines kept:
    /// for text printed to a terminal outside the grid (CLI reports, error messages).
    public static func sanitized(_ string: String) -> String {
        guard string.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
            || isBidiControl($0.value) }) else { return string }
        return string.split(separator: "\n", omittingEmptySubsequences: false)
            .map { glyphs(String($0)).map(\.text).joined() }.joined(separator: "\n")
    }

    /// Total display width of a string after sanitising.
    public static func width(_ string: String) -> Int { glyphs(string).reduce(0) { $0 + $1.width } }

    static func append(_ character: Character, to result: inout [Glyph]) {
        let scalars = character.unicodeScalars
        let base = scalars.first!
        let value = base.value
        // Line breaks are layout, handled by the wrapper; a stray one here shows as a symbol.
        if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) {
            if character == "\t" { result.append(Glyph(text: " ", width: 1)); result.append(Glyph(text: " ", width: 1)); return }
            let shown: String
            switch value {
            case 0x1B: shown = "␛"
            case 0x7F: shown = "␡"
            case 0x80...0x9F: shown = "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            default: shown = String(UnicodeScalar(0x2400 + value)!)
            }
            for piece in shown { result.append(Glyph(text: String(piece), width: 1)) }
            // Anything combined onto a control character is shown plainly after it.
            for scalar in scalars.dropFirst() { append(Character(scalar), to: &result) }
            return
        }
        if isBidiControl(value) {
            for piece in "<U+\(String(value, radix: 16, uppercase: true))>" { result.append(Glyph(text: String(piece), width: 1)) }
            return
        }
        // Base plus combining marks; drop what terminals disagree on.
        var kept = String.UnicodeScalarView()
        kept.append(base)
        for scalar in scalars.dropFirst() {
            if scalar.value == 0x200D { break }                       // ZWJ: keep the first emoji only
            if (0xFE00...0xFE0F).contains(scalar.value) { continue }  // variation selectors
            if (0x1F3FB...0x1F3FF).contains(scalar.value) { continue } // skin tones
            if isBidiControl(scalar.value) { continue }
            if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
                || scalar.properties.generalCategory == .spacingMark {
                kept.append(scalar)
            }
        }
        let width = scalarWidth(base)
        if width == 0 {
            // A combining mark with no base (e.g. at the start of a field): show it on a space.
            result.append(Glyph(text: " " + String(kept), width: 1))
            return
        }
        result.append(Glyph(text: String(kept), width: width))
    }

    static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
    }

    /// Cells a base scalar takes: 2 for East Asian wide/fullwidth and emoji presentation, 0 for
    /// combining marks and zero-width characters, else 1.
    static func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return 1 }
        let category = scalar.properties.generalCategory
        if category == .nonspacingMark || category == .enclosingMark || category == .format { return 0 }
        if value == 0x200B { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        for range in wideRanges where range.contains(value) { return 2 }
        return 1
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks (Unicode 15, UAX #11), coarsely.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
