import ConcordDomain
import ConcordFormats
import Foundation
import Testing

/// The tool-export JSON parser against Foundation's `JSONSerialization` (the reference): the
/// same values for every document Foundation writes, and RFC 8259's edge cases.
@Suite("JSON value tree")
struct JSONValueTreeTests {
    /// A random JSON value of Foundation types, as JSONSerialization writes and reads them.
    static func randomValue(_ random: inout SeededGenerator, depth: Int = 0) -> Any {
        let strings = ["", "a", "é", "日本", "line\nbreak", "tab\t", "quote\"", "back\\slash", "😀 emoji", "\u{1}ctl", "/slash", "\u{7F}"]
        switch random.next() % (depth > 3 ? 4 : 6) {
        case 0: return strings[Int(random.next() % UInt64(strings.count))]
        case 1: return Int(random.next() % 2_000_000) - 1_000_000
        case 2: return Double(Int(random.next() % 100_000)) / 64
        case 3: return random.next() % 2 == 0
        case 4: return (0..<Int(random.next() % 4)).map { _ in randomValue(&random, depth: depth + 1) }
        default:
            var object: [String: Any] = [:]
            for index in 0..<Int(random.next() % 4) { object["k\(index)\(strings[Int(random.next() % UInt64(strings.count))])"] = randomValue(&random, depth: depth + 1) }
            return object
        }
    }

    /// Foundation's value in the tree's terms, for comparing (objects by sorted key).
    static func canonical(_ value: Any) -> String {
        switch value {
        case let string as String: return "s:" + string
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return "n:\(number.doubleValue)"
        case let array as [Any]: return "[" + array.map(canonical).joined(separator: ",") + "]"
        case let object as [String: Any]: return "{" + object.keys.sorted().map { "\($0)=\(canonical(object[$0]!))" }.joined(separator: ",") + "}"
        default: return "null"
        }
    }

    static func canonical(_ tree: JSONValueTree) -> String {
        switch tree {
        case .string(let text): return "s:" + text
        case .number(let text): return "n:\(Double(text)!)"
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .array(let values): return "[" + values.map(canonical).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { "\($0.key)=\(canonical($0.value))" }.joined(separator: ",") + "}"
        }
    }

    @Test("2,000 documents written by JSONSerialization read back as JSONSerialization reads them")
    func agreesWithFoundation() throws {
        var random = SeededGenerator(seed: 8)
        for _ in 0..<2_000 {
            let value: [String: Any] = ["v": Self.randomValue(&random)]
            let data = try JSONSerialization.data(withJSONObject: value, options: random.next() % 2 == 0 ? [.prettyPrinted] : [])
            let tree = try JSONValueTree.parse([UInt8](data))
            let reference = try JSONSerialization.jsonObject(with: data)
            #expect(Self.canonical(tree) == Self.canonical(reference), "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test("RFC 8259 edge cases: escapes, surrogate pairs, numbers as written; malformed input refused")
    func edgeCases() throws {
        #expect(try JSONValueTree.parse(Array(#"{"a":"\u00e9\ud83d\ude00\n\/","b":-0.5e+3,"c":12,"d":[true,false,null]}"#.utf8))
                == .object([("a", .string("é😀\n/")), ("b", .number("-0.5e+3")), ("c", .number("12")),
                            ("d", .array([.bool(true), .bool(false), .null]))]))
        #expect(try JSONValueTree.parse(Array(" [ ] ".utf8)) == .array([]))
        for bad in ["01", "1.", ".5", "-", "1e", #""\u00""#, #""\ud83d""#, "\"a\u{1}\"", "[1,]", "{\"a\":1,}", "{a:1}", "tru",
                    "[1] 2", #""\q""#, "[", "{\"a\"", "\"abc"] {
            #expect(throws: JSONValueTree.SyntaxError.self, "\(bad)") { try JSONValueTree.parse(Array(bad.utf8)) }
        }
        #expect(throws: JSONValueTree.SyntaxError.self) { try JSONValueTree.parse([0x22, 0xFF, 0x22]) }  // invalid UTF-8
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONValueTree.SyntaxError.self) { try JSONValueTree.parse(Array(deep.utf8)) }
    }
}
