/// How a cell is drawn. Colours are hints: a backend without colour (or with NO_COLOR set) keeps
/// only the attributes, so every screen stays readable in monochrome.
public struct Style: Hashable, Sendable {
    public enum Color: UInt8, Sendable { case none, red, green, yellow, blue, magenta, cyan, gray }

    public var bold = false
    public var dim = false
    public var italic = false
    public var underline = false
    public var reverse = false
    public var color: Color = .none

    public init(bold: Bool = false, dim: Bool = false, italic: Bool = false, underline: Bool = false,
                reverse: Bool = false, color: Color = .none) {
        self.bold = bold
        self.dim = dim
        self.italic = italic
        self.underline = underline
        self.reverse = reverse
        self.color = color
    }

    public static let plain = Style()
    public static let title = Style(bold: true, reverse: true)
    public static let heading = Style(bold: true)
    public static let muted = Style(dim: true)
    public static let key = Style(bold: true, color: .cyan)
    public static let warning = Style(bold: true, color: .yellow)
}
