/// Minimal, fast JSON writing for the hot paths (metadata of a million items, export lines).
/// Output is deterministic: the caller fixes key order.
public enum JSONText {
    /// A JSON string literal with every control character escaped.
    public static func quoted(_ value: String) -> String {
        // Fast path: printable ASCII without quote or backslash needs no escaping.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + value + "\"" }
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) ||
                scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// A JSON object of string values, in the given order. With `raw`, values are already JSON.
    public static func object(_ pairs: [(key: String, value: String)], raw: Bool = false) -> String {
        var out = "{"
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out += "," }
            out += quoted(pair.key) + ":" + (raw ? pair.value : quoted(pair.value))
        }
        return out + "}"
    }

    public static func array(_ rawValues: [String]) -> String { "[" + rawValues.joined(separator: ",") + "]" }
}
