/// A JSON value parsed from bytes (RFC 8259), for reading tool exports fast: a Label Studio task
/// through `JSONSerialization` cost 25 µs on this machine (its objects are bridged Foundation
/// dictionaries), a quarter of a million-task import. Numbers keep their written text (an id
/// `12` stays "12"); objects keep their keys in written order.
public enum JSONValueTree: Sendable, Equatable {
    case object([(key: String, value: JSONValueTree)])
    case array([JSONValueTree])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONValueTree, b: JSONValueTree) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(x), .array(y)): return x == y
        case let (.string(x), .string(y)), let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// The member `key` of an object (the last, if written twice); nil otherwise.
    public subscript(key: String) -> JSONValueTree? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The value at a dotted path such as `data.source_id`.
    public func value(at path: String) -> JSONValueTree? {
        value(at: path.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    /// The value at a path already split into its steps.
    public func value(at steps: [String]) -> JSONValueTree? {
        var current: JSONValueTree? = self
        for step in steps { current = current?[step] }
        return current
    }

    /// A string as it is, a number as written, true/false; nil for null, arrays and objects.
    public var scalarText: String? {
        switch self {
        case .string(let text), .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        default: return nil
        }
    }

    /// The value written back as compact JSON.
    public var jsonText: String {
        switch self {
        case .object(let members): return "{" + members.map { JSONText.quoted($0.key) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        case .array(let values): return "[" + values.map(\.jsonText).joined(separator: ",") + "]"
        case .string(let text): return JSONText.quoted(text)
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }

    public var string: String? { if case .string(let text) = self { return text } else { return nil } }
    public var double: Double? { if case .number(let text) = self { return Double(text) } else { return nil } }
    public var isTrue: Bool { self == .bool(true) }
    public var array: [JSONValueTree]? { if case .array(let values) = self { return values } else { return nil } }
    public var members: [(key: String, value: JSONValueTree)]? { if case .object(let members) = self { return members } else { return nil } }

    /// Parses one JSON value that fills `bytes` (white space around it allowed).
    public static func parse(_ bytes: [UInt8]) throws -> JSONValueTree {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer)
            parser.skipSpace()
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.position == buffer.count else { throw parser.failure("unexpected text after the value") }
            return value
        }
    }

    /// Why bytes are not JSON, and where (a byte offset).
    public struct SyntaxError: Error, Equatable {
        public let message: String
        public let offset: Int
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// Deeper than this is refused: a hostile file must not exhaust the stack.
        static let maximumDepth = 256

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func failure(_ message: String) -> SyntaxError { SyntaxError(message: message, offset: position) }

        mutating func skipSpace() {
            while position < bytes.count {
                let byte = bytes[position]
                guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else { return }
                position += 1
            }
        }

        mutating func value(depth: Int) throws -> JSONValueTree {
            guard depth < Self.maximumDepth else { throw failure("nested more than \(Self.maximumDepth) deep") }
            guard position < bytes.count else { throw failure("the value is missing") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func object(depth: Int) throws -> JSONValueTree {
            position += 1
            var members: [(key: String, value: JSONValueTree)] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key in quotes") }
                let key = try string()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
                position += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard position < bytes.count else { throw failure("the object is not closed") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                throw failure("expected ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) throws -> JSONValueTree {
            position += 1
            var values: [JSONValueTree] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(values) }
            while true {
                skipSpace()
                values.append(try value(depth: depth + 1))
                skipSpace()
                guard position < bytes.count else { throw failure("the array is not closed") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(values) }
                throw failure("expected ',' or ']' in an array")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count,
                  (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] }) else { throw failure("not a JSON value") }
            position += count
        }

        /// A number per RFC 8259's grammar: -? int frac? exp?, kept as written.
        mutating func number() throws -> String {
            let start = position
            func digits() -> Int {
                let first = position
                while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
                return position - first
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            let integer = position
            guard digits() > 0, bytes[integer] != UInt8(ascii: "0") || position == integer + 1 else {
                position = start
                throw failure("not a JSON value")
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw failure("a number with no digits after its point") }
            }
            if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw failure("a number with no digits in its exponent") }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }

        /// A string; the common case (no escapes) is one copy of its bytes.
        mutating func string() throws -> String {
            position += 1
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
                    position += 1
                    // ASCII needs no validation (String(validating:) was half the parse time).
                    if raw.allSatisfy({ $0 < 0x80 }) { return String(decoding: raw, as: UTF8.self) }
                    guard let text = String(validating: raw, as: UTF8.self) else { throw failure("invalid UTF-8 in a string") }
                    return text
                }
                if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
                if byte < 0x20 { throw failure("a control character inside a string (write it as \\u00XX)") }
                position += 1
            }
            throw failure("the string is not closed")
        }

        mutating func escapedString(from start: Int) throws -> String {
            var out = Array(bytes[start..<position])
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw failure("invalid UTF-8 in a string") }
                    return text
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { break }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                                throw failure("a lone surrogate in a string")
                            }
                            position += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw failure("a lone surrogate in a string") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw failure("a lone surrogate in a string") }
                        out.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default: throw failure("an unknown escape in a string")
                    }
                default:
                    if byte < 0x20 { throw failure("a control character inside a string (write it as \\u00XX)") }
                    out.append(byte)
                }
            }
            throw failure("the string is not closed")
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count else { throw failure("a short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                position += 1
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw failure("a bad \\u escape")
                }
                value = value << 4 | digit
            }
            return value
        }
    }
}
