import Foundation

/// Reads the values of chosen keys from one line of a flat JSON object (`{"k":v,…}` whose values
/// are strings, numbers, booleans or null), such as the lines `concord export` writes. Strings are
/// unescaped; numbers and booleans come back as their JSON text; null and absent keys as nil.
/// Anything else (nesting, a syntax error) is nil for the whole line: a general JSON parser costs
/// several times more at a million lines.
enum FlatJSONLine {
    static func values(of keys: [[UInt8]], in line: UnsafeBufferPointer<UInt8>) -> [String?]? {
        var result = [String?](repeating: nil, count: keys.count)
        var index = 0
        let count = line.count
        func skipSpaces() { while index < count, line[index] == 0x20 || line[index] == 0x09 || line[index] == 0x0D { index += 1 } }
        /// The string literal at `index` (its opening quote), unescaped; advances past it.
        func string() -> String? {
            guard index < count, line[index] == 0x22 else { return nil }
            index += 1
            let start = index
            while index < count, line[index] != 0x22, line[index] != 0x5C { index += 1 }
            guard index < count else { return nil }
            if line[index] == 0x22 {
                defer { index += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: line[start..<index]), as: UTF8.self)
            }
            // An escape: decode the rest of the literal scalar by scalar.
            var bytes = Array(line[start..<index])
            while index < count {
                let byte = line[index]
                if byte == 0x22 { index += 1; return String(decoding: bytes, as: UTF8.self) }
                guard byte == 0x5C else { bytes.append(byte); index += 1; continue }
                guard index + 1 < count else { return nil }
                let escaped = line[index + 1]
                index += 2
                switch escaped {
                case 0x22, 0x5C, 0x2F: bytes.append(escaped)
                case 0x62: bytes.append(0x08)
                case 0x66: bytes.append(0x0C)
                case 0x6E: bytes.append(0x0A)
                case 0x72: bytes.append(0x0D)
                case 0x74: bytes.append(0x09)
                case 0x75:
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < count, line[index] == 0x5C, line[index + 1] == 0x75 {
                        index += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    bytes += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default: return nil
                }
            }
            return nil
        }
        func hex4() -> UInt32? {
            guard index + 4 <= count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = line[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: return nil
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }
        /// A number, true, false or null, up to the next comma, brace or whitespace; refused
        /// (`valid` false) when it is none of them.
        func bare() -> (valid: Bool, text: String?) {
            let start = index
            while index < count, ![0x2C, 0x7D, 0x20, 0x09, 0x0D, 0x0A].contains(line[index]) { index += 1 }
            let text = String(decoding: UnsafeBufferPointer(rebasing: line[start..<index]), as: UTF8.self)
            switch text {
            case "null": return (true, nil)
            case "true", "false": return (true, text)
            default: return (isNumber(text), text)
            }
        }
        /// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        func isNumber(_ text: String) -> Bool {
            var bytes = Array(text.utf8)[...]
            if bytes.first == 0x2D { bytes = bytes.dropFirst() }
            func digits() -> Int { let n = bytes.prefix { (0x30...0x39).contains($0) }.count; bytes = bytes.dropFirst(n); return n }
            guard let first = bytes.first, (0x30...0x39).contains(first) else { return false }
            if first == 0x30 { bytes = bytes.dropFirst() } else { _ = digits() }
            if bytes.first == 0x2E { bytes = bytes.dropFirst(); guard digits() > 0 else { return false } }
            if bytes.first == 0x65 || bytes.first == 0x45 {
                bytes = bytes.dropFirst()
                if bytes.first == 0x2B || bytes.first == 0x2D { bytes = bytes.dropFirst() }
                guard digits() > 0 else { return false }
            }
            return bytes.isEmpty
        }

        skipSpaces()
        guard index < count, line[index] == 0x7B else { return nil }
        index += 1
        skipSpaces()
        if index < count, line[index] == 0x7D {
            index += 1
            skipSpaces()
            return index == count ? result : nil
        }
        while index < count {
            skipSpaces()
            let keyStart = index + 1
            guard let keyText = string() else { return nil }
            let keyEnd = index - 1
            skipSpaces()
            guard index < count, line[index] == 0x3A else { return nil }
            index += 1
            skipSpaces()
            guard index < count else { return nil }
            let value: String?
            if line[index] == 0x22 { guard let text = string() else { return nil }; value = text }
            else if line[index] == 0x7B || line[index] == 0x5B { return nil }
            else {
                let token = bare()
                guard token.valid else { return nil }
                value = token.text
            }
            // A key written with escapes is compared unescaped ("\u0061" is "a").
            let raw = UnsafeBufferPointer(rebasing: line[keyStart..<keyEnd])
            let position = raw.contains(0x5C) ? keys.firstIndex(where: { $0.elementsEqual(keyText.utf8) })
                                              : keys.firstIndex(where: { $0.elementsEqual(raw) })
            if let position { result[position] = value }
            skipSpaces()
            guard index < count else { return nil }
            if line[index] == 0x2C { index += 1; continue }
            if line[index] == 0x7D {
                index += 1
                skipSpaces()
                return index == count ? result : nil  // nothing may follow the object
            }
            return nil
        }
        return nil
    }
}
