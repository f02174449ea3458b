import Foundation

/// The top-level elements of a JSON array in a file, one at a time, read in chunks: a Label
/// Studio export of a million tasks is never held in memory whole. Each element comes with the
/// line it starts on, for error messages. Only the nesting is tracked here (strings and their
/// escapes, brackets); each element is parsed by the caller.
struct JSONArrayElements {
    let file: String
    private let handle: FileHandle
    private var chunk: [UInt8] = []
    private var position = 0
    private var line = 1
    private var started = false
    private var finished = false
    private(set) var bytesRead = 0

    static let chunkSize = 1 << 20

    init(path: String, file: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataFileError(file: file, "cannot open the file (missing or not readable)")
        }
        self.handle = handle
        self.file = file
    }

    /// The next element's bytes and the line it starts on; nil after the closing bracket.
    mutating func next() throws -> (bytes: [UInt8], line: Int)? {
        guard !finished else { return nil }
        if !started {
            guard let first = try nextSignificantByte() else { throw DataFileError(file: file, line: line, "the file is empty") }
            guard first == UInt8(ascii: "[") else { throw DataFileError(file: file, line: line, "expected a JSON array of tasks") }
            started = true
        }
        guard var byte = try nextSignificantByte() else {
            throw DataFileError(file: file, line: line, "the file ends inside the array (no closing ])")
        }
        if byte == UInt8(ascii: ",") {
            guard let after = try nextSignificantByte() else { throw DataFileError(file: file, line: line, "the file ends after a comma") }
            byte = after
        }
        if byte == UInt8(ascii: "]") {
            finished = true
            if let extra = try nextSignificantByte() {
                throw DataFileError(file: file, line: line, "unexpected '\(Character(UnicodeScalar(extra)))' after the array's closing ]")
            }
            return nil
        }
        let startLine = line
        var element: [UInt8] = [byte]
        var depth = (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[")) ? 1 : 0
        var inString = byte == UInt8(ascii: "\""), escaped = false
        // A scalar element (not a task) ends at the next comma or bracket.
        while depth > 0 || inString {
            guard let next = try nextByte() else { throw DataFileError(file: file, line: startLine, "the file ends inside this element") }
            element.append(next)
            if inString {
                if escaped { escaped = false } else if next == UInt8(ascii: "\\") { escaped = true } else if next == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch next {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return (element, startLine)
    }

    private mutating func nextByte() throws -> UInt8? {
        if position == chunk.count {
            let data = try handle.read(upToCount: Self.chunkSize) ?? Data()
            guard !data.isEmpty else { return nil }
            chunk = [UInt8](data)
            position = 0
            if bytesRead == 0, chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            bytesRead += data.count
        }
        let byte = chunk[position]
        position += 1
        if byte == 0x0A { line += 1 }
        return byte
    }

    private mutating func nextSignificantByte() throws -> UInt8? {
        while let byte = try nextByte() {
            if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return byte }
        }
        return nil
    }
}
