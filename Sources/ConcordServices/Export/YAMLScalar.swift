import ConcordDomain
import ConcordFormats

/// A string as a YAML double-quoted scalar that reads back as exactly that string whatever it
/// holds (`yes:no`, `#x`, `- a`, quotes, backslashes, `: `): JSON's escapes are also YAML's. As
/// everywhere in a card, the text is made inert first. PyYAML (which `datasets` reads cards with)
/// refuses U+FFFE and U+FFFF even inside quotes, so those two are escaped as well.
enum YAMLScalar {
    static func quoted(_ value: String) -> String {
        let json = JSONText.quoted(Names.inert(value))
        guard json.unicodeScalars.contains(where: isRefused) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if isRefused(scalar) { out += "\\u" + String(scalar.value, radix: 16, uppercase: true) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    private static func isRefused(_ scalar: Unicode.Scalar) -> Bool { scalar.value == 0xFFFE || scalar.value == 0xFFFF }
}
