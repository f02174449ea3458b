import Foundation

/// Word wrapping by display width. Newlines in the text start new lines; a word longer than the
/// width is broken; nothing ever exceeds the width.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [[DisplayText.Glyph]] {
        guard width > 0 else { return [] }
        var result: [[DisplayText.Glyph]] = []
        for paragraph in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let glyphs = DisplayText.glyphs(String(paragraph).replacingOccurrences(of: "\r", with: ""))
            if glyphs.isEmpty { result.append([]); continue }
            var line: [DisplayText.Glyph] = [], lineWidth = 0
            var word: [DisplayText.Glyph] = [], wordWidth = 0
            func flushWord() {
                if lineWidth + wordWidth > width && !line.isEmpty {
                    while line.last?.text == " " { line.removeLast(); lineWidth -= 1 }
                    result.append(line); line = []; lineWidth = 0
                }
                for glyph in word {
                    if lineWidth + glyph.width > width { result.append(line); line = []; lineWidth = 0 }
                    line.append(glyph); lineWidth += glyph.width
                }
                word = []; wordWidth = 0
            }
            for glyph in glyphs {
                if glyph.text == " " {
                    flushWord()
                    if lineWidth > 0 && lineWidth < width { line.append(glyph); lineWidth += 1 }
                } else {
                    word.append(glyph); wordWidth += glyph.width
                }
            }
            flushWord()
            while line.last?.text == " " { line.removeLast() }
            result.append(line)
        }
        return result
    }
}
