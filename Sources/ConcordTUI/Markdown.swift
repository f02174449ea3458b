import Foundation

/// Renders Markdown for the terminal: headings, bullet and numbered lists with hanging indents,
/// block quotes, **bold**, *emphasis*/_emphasis_ and `code`, wrapped to a width. Enough for a
/// labeling guideline; anything else is shown as written.
public enum Markdown {
    public struct Span: Equatable, Sendable {
        public var text: String
        public var style: Style
    }
    public typealias Line = [Span]

    public static func render(_ markdown: String, width: Int) -> [Line] {
        guard width > 4 else { return [] }
        var lines: [Line] = []
        var inCode = false
        // A paragraph, list item or quote being gathered: consecutive lines join into one, as in
        // Markdown, and are wrapped to the width only when it ends.
        var pending: (text: String, first: String, indent: String, style: Style)?
        func flush() {
            guard let block = pending else { return }
            lines += wrap(inline(block.text, base: block.style), width: width, indent: block.indent, first: block.first)
            pending = nil
        }
        let normalised = markdown.replacingOccurrences(of: "\r\n", with: "\n")
        for raw in normalised.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if raw.hasPrefix("```") { flush(); inCode.toggle(); continue }
            if inCode { lines += wrap([Span(text: raw, style: .muted)], width: width, indent: "  "); continue }
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { flush(); lines.append([]); continue }
            if let level = headingLevel(trimmed) {
                flush()
                let title = String(trimmed.drop(while: { $0 == "#" }).drop(while: { $0 == " " }))
                if !lines.isEmpty, lines.last?.isEmpty == false { lines.append([]) }
                let style = level == 1 ? Style(bold: true, underline: true) : Style(bold: true)
                lines += wrap(inline(level == 1 ? title.uppercased() : title, base: style), width: width, indent: "")
                continue
            }
            if trimmed.hasPrefix(">") {
                let text = String(trimmed.dropFirst().drop(while: { $0 == " " }))
                if let block = pending, block.first == "│ " { pending!.text = block.text + " " + text; continue }
                flush()
                pending = (text, "│ ", "│ ", .muted)
                continue
            }
            let leading = raw.prefix(while: { $0 == " " }).count
            if let bullet = listMarker(trimmed) {
                flush()
                let indent = String(repeating: " ", count: min(8, leading))
                let marker = bullet.number.map { "\($0). " } ?? "• "
                pending = (bullet.rest, indent + marker, indent + String(repeating: " ", count: marker.count), .plain)
                continue
            }
            if pending != nil {
                pending!.text += " " + trimmed
            } else {
                pending = (trimmed, "", "", .plain)
            }
        }
        flush()
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    static func listMarker(_ line: String) -> (number: Int?, rest: String)? {
        for marker in ["- ", "* ", "+ "] where line.hasPrefix(marker) { return (nil, String(line.dropFirst(2))) }
        let digits = line.prefix(while: \.isNumber)
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (Int(digits), String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Splits inline markup into styled spans.
    static func inline(_ text: String, base: Style) -> [Span] {
        var spans: [Span] = []
        var current = "", style = base
        var bold = false, italic = false, code = false
        var index = text.startIndex
        func flush() { if !current.isEmpty { spans.append(Span(text: current, style: style)); current = "" } }
        func restyle() {
            style = base
            if bold { style.bold = true }
            if italic { style.italic = true; style.underline = true }
            if code { style.reverse = true }
        }
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "`" {
                flush(); code.toggle(); restyle(); index = next; continue
            }
            if !code, character == "*" || character == "_", next < text.endIndex, text[next] == character {
                flush(); bold.toggle(); restyle(); index = text.index(after: next); continue
            }
            if !code, character == "*" || (character == "_" && (index == text.startIndex || text[text.index(before: index)] == " " || italic)) {
                flush(); italic.toggle(); restyle(); index = next; continue
            }
            current.append(character)
            index = next
        }
        flush()
        return spans
    }

    /// Wraps spans to the width, keeping styles; continuation lines start with `indent`.
    static func wrap(_ spans: [Span], width: Int, indent: String, first: String? = nil) -> [Line] {
        var lines: [Line] = []
        let opening = first ?? indent
        var line: Line = opening.isEmpty ? [] : [Span(text: opening, style: .plain)]
        var lineWidth = DisplayText.width(opening)
        let indentWidth = DisplayText.width(indent)
        for span in spans {
            var word = ""
            func emit(_ piece: String) {
                let pieceWidth = DisplayText.width(piece)
                if lineWidth + pieceWidth > width, lineWidth > indentWidth {
                    while line.last?.text == " " { line.removeLast() }
                    lines.append(line)
                    line = indent.isEmpty ? [] : [Span(text: indent, style: .plain)]
                    lineWidth = indentWidth
                    if piece == " " { return }
                }
                line.append(Span(text: piece, style: span.style))
                lineWidth += pieceWidth
            }
            for character in span.text {
                if character == " " { if !word.isEmpty { emit(word); word = "" }; emit(" ") }
                else { word.append(character) }
            }
            if !word.isEmpty { emit(word) }
        }
        while line.last?.text == " " { line.removeLast() }
        lines.append(line)
        return lines
    }
}
