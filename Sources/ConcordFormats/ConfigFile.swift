import ConcordDomain
import Foundation
import Yams

/// Reads and writes `concord.yaml`, the human-editable project configuration.
public enum ConfigFile {
    public static let fileName = "concord.yaml"

    /// A config is a page of settings: anything larger is not one.
    static let maximumBytes = 1 << 20

    /// The settings a config may have; anything else is reported as a probable typo.
    static let knownKeys: Set<String> = [
        "name", "description", "scale", "labels", "special_labels", "labelers_per_item",
        "guidelines", "slices", "group", "data", "checks", "identity", "retest", "retest_after",
    ]

    struct Document: Codable {
        struct LabelEntry: Codable {
            var name: String
            var key: String?
            var description: String?
        }
        var name: String
        var description: String?
        var scale: Scale?
        var labels: [LabelEntry]
        var special_labels: [SpecialLabel]?
        var labelers_per_item: CountOrRange?
        var guidelines: String?
        var slices: [String]?
        var group: String?
        var data: [String]?
        var checks: [String: Double]?
        var identity: IdentityMode?
        var retest: Double?
        var retest_after: Int?
    }

    /// `labelers_per_item` as written: a number (3) or a range (2..4), read as text.
    struct CountOrRange: Codable {
        var text: String
        init(from decoder: Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let number = try? value.decode(Int.self) { text = String(number) } else { text = try value.decode(String.self) }
        }
        func encode(to encoder: Encoder) throws {
            var value = encoder.singleValueContainer()
            try value.encode(text)
        }
    }

    public static func load(path: String) throws -> ProjectConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(file: path, "no project config here (expected \(fileName); create one with `concord init`)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataFileError(file: path, "invalid UTF-8; save the file as UTF-8")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> ProjectConfig {
        guard text.utf8.count <= maximumBytes else {
            throw DataFileError(file: file, "the config is \(text.utf8.count) bytes; a concord.yaml is at most \(maximumBytes)")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        }
        guard let node, case .mapping(let mapping) = node else {
            throw DataFileError(file: file, "expected a YAML mapping of settings (name:, labels:, …)")
        }
        try ConfigShape.check(node, file: file)
        for key in mapping.keys {
            guard let name = key.string, knownKeys.contains(name) else {
                throw DataFileError(file: file, line: key.mark.map { $0.line }, field: key.string ?? "?",
                                    "unknown setting; the settings are: \(knownKeys.sorted().joined(separator: ", "))")
            }
        }
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: node)
        } catch let error as DecodingError {
            throw decodingError(error, file: file, text: text)
        }
        do {
            let specials = document.special_labels ?? SpecialLabel.allCases
            let scale = document.scale ?? .nominal
            let labelSet: LabelSet
            if document.labels.allSatisfy({ $0.key == nil }) {
                var set = try LabelSet.withDefaultHotkeys(names: document.labels.map(\.name), scale: scale, specials: specials)
                set = try LabelSet(labels: zip(set.labels, document.labels).map {
                    Label(name: $0.name, hotkey: $0.hotkey, description: $1.description ?? "")
                }, scale: scale, specials: specials)
                labelSet = set
            } else {
                labelSet = try LabelSet(labels: document.labels.enumerated().map { index, entry in
                    guard let key = entry.key, key.count == 1 else {
                        throw ConfigError.invalid("label '\(entry.name)' needs a one-character `key:` (give every label a key, or none)")
                    }
                    return Label(name: entry.name, hotkey: key.first!, description: entry.description ?? "")
                }, scale: scale, specials: specials)
            }
            var config = try ProjectConfig(
                name: document.name, description: document.description ?? "", labelSet: labelSet,
                labelersPerItem: try setting("labelers_per_item", in: text, file: file) {
                    try document.labelers_per_item.map { try LabelsPerItem(parsing: $0.text) } ?? 3
                },
                guidelines: document.guidelines,
                sliceFields: document.slices ?? [], groupField: document.group, seedData: document.data ?? [])
            config.identity = document.identity ?? .accounts
            if let share = document.retest {
                // Each setting checked under its own name, so a complaint names its line.
                config.retest = try setting("retest", in: text, file: file) { try RetestPolicy(share: share) }
                if let after = document.retest_after {
                    config.retest = try setting("retest_after", in: text, file: file) { try RetestPolicy(share: share, after: after) }
                }
            } else if document.retest_after != nil {
                throw DataFileError(file: file, line: lineOf(key: "retest_after", in: text), field: "retest_after",
                                    "retest_after needs retest: (the share of items shown again, e.g. 0.05)")
            }
            for (key, value) in document.checks ?? [:] {
                guard let setting = CheckThresholds.settings.first(where: { $0.key == key }) else {
                    throw DataFileError(file: file, line: lineOf(key: key, in: text, nested: true), field: "checks.\(key)",
                                        "unknown check threshold; the thresholds are: \(CheckThresholds.settings.map(\.key).joined(separator: ", "))")
                }
                guard value.isFinite, value >= 0 else {
                    throw DataFileError(file: file, line: lineOf(key: key, in: text, nested: true), field: "checks.\(key)",
                                        "a threshold is a number ≥ 0, got \(value)")
                }
                config.checks[keyPath: setting.keyPath] = value
            }
            return config
        } catch let error as ConfigError {
            throw DataFileError(file: file, error.description)
        }
    }

    /// A setting read by `read`, whose complaint names the setting's line.
    private static func setting<T>(_ key: String, in text: String, file: String, _ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch let error as ConfigError {
            throw DataFileError(file: file, line: lineOf(key: key, in: text), field: key, error.description)
        }
    }

    /// The YAML text for a config, with comments that explain each setting.
    public static func render(_ config: ProjectConfig) -> String {
        var lines = ["# Concord project configuration. Edit freely; `concord status` checks it."]
        lines.append("name: \(quoted(config.name))")
        if !config.description.isEmpty { lines.append("description: \(quoted(config.description))") }
        lines.append("scale: \(config.labelSet.scale.rawValue)            # nominal or ordinal (ordinal: labels listed lowest first)")
        lines.append("labels:")
        for label in config.labelSet.labels {
            lines.append("  - name: \(quoted(label.name))")
            lines.append("    key: \(quoted(String(label.hotkey)))")
            if !label.description.isEmpty { lines.append("    description: \(quoted(label.description))") }
        }
        let specials = config.labelSet.specials.map(\.rawValue).joined(separator: ", ")
        lines.append("special_labels: [\(specials)]   # built-in answers; remove to disable")
        lines.append("labelers_per_item: \(config.labelersPerItem)      # k: labels wanted per item (2..4: adaptive, more only while answers disagree)")
        if config.retest.isOn {
            lines.append("retest: \(config.retest.share)      # share of items shown again to the same labeler, blind")
            lines.append("retest_after: \(config.retest.after)      # at least this many of their answers later")
        }
        if let guidelines = config.guidelines {
            lines.append("guidelines: \(quoted(guidelines))   # relative to this file")
        }
        lines.append("slices: [\(config.sliceFields.map(quoted).joined(separator: ", "))]   # metadata fields reported as slices")
        if let group = config.groupField { lines.append("group: \(quoted(group))   # items of one group stay in one split") }
        if !config.seedData.isEmpty {
            lines.append("data: [\(config.seedData.map(quoted).joined(separator: ", "))]   # imported when the database is created")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ value: String) -> String {
        let plain = value.allSatisfy { $0.isLetter || $0.isNumber || "_-./ ".contains($0) }
            && !value.isEmpty && !value.first!.isNumber && value.first != " " && value.last != " "
            && !["yes", "no", "true", "false", "null", "on", "off"].contains(value.lowercased())
        return plain ? value : JSONText.quoted(value)
    }

    private static func yamlError(_ error: YamlError, file: String) -> DataFileError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _):
            return DataFileError(file: file, line: mark.line, "YAML syntax: \(problem) (column \(mark.column))")
        default:
            return DataFileError(file: file, "YAML: \(error)")
        }
    }

    private static func decodingError(_ error: DecodingError, file: String, text: String) -> DataFileError {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case let .keyNotFound(key, context):
            let at = path(context.codingPath)
            return DataFileError(file: file, field: at.isEmpty ? key.stringValue : "\(at).\(key.stringValue)",
                                 "required setting is missing")
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            let at = path(context.codingPath)
            let top = context.codingPath.first?.stringValue
            return DataFileError(file: file, line: top.flatMap { lineOf(key: $0, in: text) }, field: at,
                                 context.debugDescription)
        @unknown default:
            return DataFileError(file: file, "\(error)")
        }
    }

    /// The line a setting is on; `nested` also finds it indented under another.
    private static func lineOf(key: String, in text: String, nested: Bool = false) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where (nested ? line.drop { $0 == " " } : line[...]).hasPrefix(key + ":") {
            return index + 1
        }
        return nil
    }
}
