import ConcordDomain

/// `label_config.xml` of an `--format label-studio` export: the labeling interface of a Label
/// Studio project that the exported tasks fit — the item's text, and a single choice among the
/// labels, named as the tasks' results name them. Paste it under Settings → Labeling Interface →
/// Code, or pass it as `label_config` when creating the project through the API.
public enum LabelStudioConfig {
    public static let fileName = "label_config.xml"

    static func xml(choices: [String]) -> String {
        let text = LabelStudioFile.objectName, control = LabelStudioFile.controlName
        var lines = ["<View>", "  <Text name=\"\(text)\" value=\"$\(text)\"/>",
                     "  <Choices name=\"\(control)\" toName=\"\(text)\" choice=\"single\">"]
        lines += choices.map { "    <Choice value=\"\(attribute($0))\"/>" }
        lines += ["  </Choices>", "</View>", ""]
        return lines.joined(separator: "\n")
    }

    /// `value` as the text of a double-quoted XML attribute. Names never hold control characters
    /// (they are refused on the way in); any character XML 1.0 cannot hold at all becomes U+FFFD,
    /// so the file always parses.
    static func attribute(_ value: String) -> String {
        var out = ""
        for scalar in Names.inert(value).unicodeScalars {
            if let entity = entities[scalar] {
                out += entity
            } else if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                out += "\u{FFFD}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static let entities: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;"]
}
