import Foundation

/// Reads JSON Lines: one JSON object per line, blank lines ignored. Strings are taken as they
/// are, numbers and booleans as their JSON text, null as missing; a nested array or object is kept
/// as its JSON text. Columns are the keys in order of first appearance across the whole file, so
/// the whole file is parsed when it is opened (JSONL is the small-file format; big imports are CSV).
public struct JSONLReader: RecordReader {
    public let file: String
    public let columns: [String]
    public private(set) var bytesRead = 0

    private let records: [(line: Int, bytes: Int, values: [String: JSONValue])]
    private var index = 0

    public init(path: String, displayName: String? = nil) throws {
        let file = displayName ?? path
        self.file = file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(file: file, "cannot open the file (missing or not readable)")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [(Int, Int, [String: JSONValue])] = []
        var columns: [String] = []
        var known = Set<String>()
        let decoder = JSONDecoder()
        // Split on LF before decoding so an invalid byte is reported on its own line.
        for (offset, raw) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw DataFileError(file: file, line: line, "invalid UTF-8; save the file as UTF-8")
            }
            if text.allSatisfy(\.isWhitespace) { continue }
            let object: [String: JSONValue]
            do {
                object = try decoder.decode([String: JSONValue].self, from: Data(text.utf8))
            } catch {
                throw DataFileError(file: file, line: line, "not a JSON object (\(Self.reason(error)))")
            }
            // Keys in the order the line wrote them, so the column order is stable and readable.
            // A key written twice is an error, as a column named twice in a CSV header is: the
            // decoder would silently keep one of the two values.
            let written = Self.keysInOrder(text)
            if written.count != Set(written).count, let twice = written.enumerated().first(where: { written[..<$0.offset].contains($0.element) }) {
                throw DataFileError(file: file, line: line, field: twice.element, "the object has this key twice")
            }
            for key in written + object.keys.sorted() where object[key] != nil && !known.contains(key) {
                known.insert(key)
                columns.append(key)
            }
            records.append((line, raw.count + 1, object))
        }
        guard !records.isEmpty else {
            throw DataFileError(file: file, "the file is empty (expected one JSON object per line)")
        }
        self.records = records
        self.columns = columns
    }

    public mutating func next(into values: inout [String?]) throws -> Int? {
        guard index < records.count else { return nil }
        let record = records[index]
        index += 1
        bytesRead += record.bytes
        values = columns.map { record.values[$0]?.text }
        return record.line
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
