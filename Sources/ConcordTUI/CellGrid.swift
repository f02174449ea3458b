/// A screen as a grid of cells: what every view draws into and every backend shows. A wide
/// glyph takes two cells (its second is a continuation) and is never split at an edge.
public struct CellGrid: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        /// What the cell shows: one glyph, or "" for the second half of a wide glyph.
        public var text: String
        public var style: Style

        public static let blank = Cell(text: " ", style: .plain)
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Writes `text` at (x, y), sanitised, clipped at `limit` cells (default: the right edge).
    /// Returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        put(DisplayText.glyphs(text), x: x, y: y, style: style, limit: limit)
    }

    @discardableResult
    public mutating func put(_ glyphs: [DisplayText.Glyph], x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = max(0, x)
        for glyph in glyphs {
            guard column + glyph.width <= end else {
                // A wide glyph that would cross the edge leaves a blank instead of half a glyph.
                if glyph.width == 2 && column < end { cells[y * width + column] = Cell(text: " ", style: style); column += 1 }
                break
            }
            if glyph.width == 0 { continue }
            cells[y * width + column] = Cell(text: glyph.text, style: style)
            if glyph.width == 2 { cells[y * width + column + 1] = Cell(text: "", style: style) }
            column += glyph.width
        }
        return column - max(0, x)
    }

    /// Fills a row (or part of it) with one style, e.g. a title bar.
    public mutating func fill(row y: Int, from x: Int = 0, width count: Int? = nil, style: Style, character: String = " ") {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + (count ?? width)) { cells[y * width + column] = Cell(text: character, style: style) }
    }

    /// The grid as plain text, one line per row, trailing spaces trimmed: what tests assert on.
    public var text: String {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += cells[y * width + x].text }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
