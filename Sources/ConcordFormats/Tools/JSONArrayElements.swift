import Foundation

/// The top-level elements of a JSON array in a file, one at a time, read in chunks: a Label
/// Studio export of a million tasks is never held in memory whole. Each element (an object)
/// comes with the
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
        // Label Studio's exports are arrays of objects; anything else is not one of them.
        guard byte == UInt8(ascii: "{") else { throw DataFileError(file: file, line: startLine, "an element of the array that is not a JSON object") }
        var element: [UInt8] = [byte]
        var depth = 1
        var inString = false, escaped = false
        // Scans the chunk in place and copies the element's bytes a run at a time (a byte-at-a-
        // time loop was a tenth of a million-task import).
        while depth > 0 || inString {
            if position == chunk.count {
                guard try refill() else { throw DataFileError(file: file, line: startLine, "the file ends inside this element") }
            }
            let runStart = position
            var ended = false
            chunk.withUnsafeBufferPointer { buffer in
                var index = position
                while index < buffer.count {
                    let next = buffer[index]
                    index += 1
                    if next == 0x0A { line += 1 }
                    if inString {
                        if escaped { escaped = false } else if next == 0x5C { escaped = true } else if next == 0x22 { inString = false }
                    } else if next == 0x22 {
                        inString = true
                    } else if next == 0x7B || next == 0x5B {
                        depth += 1
                    } else if next == 0x7D || next == 0x5D {
                        depth -= 1
                    }
                    if depth == 0 && !inString { ended = true; break }
                }
                position = index
            }
            element.append(contentsOf: chunk[runStart..<position])
            if ended { break }
        }
        return (element, startLine)
    }

    /// Reads the next chunk; false at the end of the file.
    private mutating func refill() throws -> Bool {
        let data = try handle.read(upToCount: Self.chunkSize) ?? Data()
        guard !data.isEmpty else { return false }
        chunk = [UInt8](data)
        position = 0
        if bytesRead == 0, chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        bytesRead += data.count
        return true
    }

    private mutating func nextByte() throws -> UInt8? {
        if position == chunk.count, try !refill() { return nil }
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
