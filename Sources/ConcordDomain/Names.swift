/// Rules for names that people and files give Concord (labels, labelers, metadata fields) and
/// for text Concord writes to files: names with control characters are refused at the door, and
/// text from data is made inert before it reaches a Markdown or text file.
public enum Names {
    /// Why `name` cannot be a name, or nil when it can.
    public static func problem(_ name: String) -> String? {
        guard let bad = name.unicodeScalars.first(where: isControl) else { return nil }
        return "contains a control character (U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(4))); names are plain text"
    }

    /// C0 and C1 controls, DEL, and the bidirectional controls that can reorder what a reader sees.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x200E || value == 0x200F
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// `text` for a file people read (Markdown, plain text): every control character but the line
    /// break shown as a visible symbol (ESC as ␛), so no escape sequence survives into a file that
    /// someone will `cat`.
    public static func inert(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar), scalar != "\n" else { out.unicodeScalars.append(scalar); continue }
            switch scalar.value {
            case 0x1B: out += "␛"
            case 0x7F: out += "␡"
            case 0..<0x20: out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
