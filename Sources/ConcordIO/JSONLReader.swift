import Foundation

/// Reads JSON Lines: one JSON object per line, blank lines ignored. Strings are taken as they
/// are, numbers and booleans as their JSON text, null as missing; a nested array or object is kept
/// as its JSON text. Columns are the keys in order of first appearance.
public struct JSONLReader: RecordReader {
    public let file: String
    public private(set) var columns: [String] = []
    public private(set) var bytesRead = 0

    private let lines: [Substring.UTF8View]
    private var index = 0
    private var columnIndex: [String: Int] = [:]

    public init(path: String, displayName: String? = nil) throws {
        file = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(file: file, "cannot open the file (missing or not readable)")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw DataFileError(file: file, "the file is empty (expected one JSON object per line)")
        }
        // Split on LF before decoding so an invalid byte is reported on its own line.
        var split: [Substring.UTF8View] = []
        var lineNumber = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw DataFileError(file: file, line: lineNumber, "invalid UTF-8; save the file as UTF-8")
            }
            split.append(Substring(text).utf8)
        }
        lines = split
    }

    public mutating func next(into values: inout [String?]) throws -> Int? {
        while index < lines.count {
            index += 1
            let text = String(lines[index - 1]) ?? ""
            if text.allSatisfy(\.isWhitespace) { continue }
            bytesRead += text.utf8.count + 1
            let object: [String: JSONValue]
            do {
                object = try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
            } catch {
                throw DataFileError(file: file, line: index, "not a JSON object (\(Self.reason(error)))")
            }
            // Keys in the order the line wrote them, so the column order is stable and readable.
            for key in Self.keysInOrder(text) where object[key] != nil && columnIndex[key] == nil {
                columnIndex[key] = columns.count
                columns.append(key)
            }
            for key in object.keys.sorted() where columnIndex[key] == nil {
                columnIndex[key] = columns.count
                columns.append(key)
            }
            values = Array(repeating: nil, count: columns.count)
            for (key, value) in object { values[columnIndex[key]!] = value.text }
            return index
        }
        return nil
    }

    private static func reason(_ error: Error) -> String {
        if case DecodingError.typeMismatch = error { return "the line is JSON but not an object" }
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription
        }
        return "\(error)"
    }

    /// Top-level keys of a one-line JSON object, in written order (a light scan; decoding already
    /// validated the line).
    private static func keysInOrder(_ text: String) -> [String] {
        var keys: [String] = []
        var depth = 0, inString = false, escaped = false, current = "", expectingKey = false
        for character in text {
            if inString {
                if escaped { escaped = false; current.append(character); continue }
                if character == "\\" { escaped = true; current.append(character); continue }
                if character == "\"" {
                    inString = false
                    if depth == 1 && expectingKey {
                        if let key = try? JSONDecoder().decode(String.self, from: Data("\"\(current)\"".utf8)) { keys.append(key) }
                        expectingKey = false
                    }
                    continue
                }
                current.append(character)
                continue
            }
            switch character {
            case "\"": inString = true; current = ""
            case "{", "[": depth += 1; if depth == 1 { expectingKey = true }
            case "}", "]": depth -= 1
            case ",": if depth == 1 { expectingKey = true }
            case ":": if depth == 1 { expectingKey = false }
            default: break
            }
        }
        return keys
    }
}

/// Any JSON value, decoded so that numbers and booleans keep their written form.
enum JSONValue: Decodable {
    case string(String), number(Double), integer(Int64), bool(Bool), null, nested(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .nested(JSONText.array(value.map(\.jsonText))) }
        else if let value = try? container.decode([String: JSONValue].self) {
            self = .nested(JSONText.object(value.mapValues(\.jsonText).sorted { $0.key < $1.key }, raw: true))
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unsupported JSON value")
        }
    }

    /// The value as an import field: nil for null.
    var text: String? {
        switch self {
        case .string(let value): return value
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return nil
        case .nested(let json): return json
        }
    }

    /// The value written back as JSON.
    var jsonText: String {
        switch self {
        case .string(let value): return JSONText.quoted(value)
        case .null: return "null"
        default: return text!
        }
    }
}
