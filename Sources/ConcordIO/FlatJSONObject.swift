/// Reads one field from item metadata without a general JSON parser. Metadata is always written
/// by `JSONText.object` as a flat object of string values (`{"k":"v",…}`), so a scan of that one
/// form suffices; anything else returns nil and the caller falls back to SQLite's json_extract.
/// At a million items this is the difference between 0.4 s and 0.1 s for `--by FIELD`.
enum FlatJSONObject {
    enum Lookup: Equatable {
        case found(String)
        case absent
        /// Not the flat form this reader knows.
        case unreadable
    }

    static func value(of key: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Lookup {
        var index = 0
        func skipSpaces() { while index < bytes.count, bytes[index] == 0x20 { index += 1 } }
        /// Reads a string literal at `index` (after its opening quote); nil on malformed input.
        func string() -> (start: Int, end: Int, escaped: Bool)? {
            let start = index
            var escaped = false
            while index < bytes.count {
                switch bytes[index] {
                case 0x22: defer { index += 1 }; return (start, index, escaped)
                case 0x5C: escaped = true; index += 2
                default: index += 1
                }
            }
            return nil
        }
        skipSpaces()
        guard index < bytes.count, bytes[index] == 0x7B else { return .unreadable }
        index += 1
        skipSpaces()
        if index < bytes.count, bytes[index] == 0x7D { return .absent }
        while index < bytes.count {
            skipSpaces()
            guard bytes[index] == 0x22 else { return .unreadable }
            index += 1
            guard let name = string() else { return .unreadable }
            skipSpaces()
            guard index < bytes.count, bytes[index] == 0x3A else { return .unreadable }
            index += 1
            skipSpaces()
            guard index < bytes.count, bytes[index] == 0x22 else { return .unreadable }
            index += 1
            guard let value = string() else { return .unreadable }
            if !name.escaped, name.end - name.start == key.count,
               key.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress! + name.start, key.count) == 0 }) {
                if value.escaped { return .unreadable }  // rare: let SQLite unescape it
                return .found(String(decoding: UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]), as: UTF8.self))
            }
            skipSpaces()
            guard index < bytes.count else { return .unreadable }
            if bytes[index] == 0x2C { index += 1; continue }
            if bytes[index] == 0x7D { return .absent }
            return .unreadable
        }
        return .unreadable
    }
}

#if canImport(Glibc)
import Glibc
#endif
