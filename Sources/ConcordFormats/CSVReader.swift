import Foundation

/// A streaming RFC 4180 reader over bytes: a header row, quoted fields with doubled quotes and
/// embedded newlines (LF or CRLF), a leading UTF-8 BOM skipped, blank lines ignored. Every field
/// must be valid UTF-8, and every record must have as many fields as the header.
///
/// Written in the project rather than taken from a package: the CSV packages available here
/// mis-split fields that start with combining marks or fail to read files on Linux, and are ~10×
/// slower (shared/notes/swift-on-this-machine.md). Tests compare it with Python's `csv` module.
public struct CSVReader: RecordReader {
    public let file: String
    public private(set) var columns: [String] = []
    public private(set) var bytesRead = 0

    private let handle: FileHandle
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEOF = false
    private var line = 1
    private let delimiter: UInt8
    /// SHA-256 of every byte read, when asked for (`hashing:`).
    private var hasher: SHA256?

    private var field: [UInt8] = []
    private var fields: [[UInt8]] = []
    private var fieldCount = 0

    private static let chunkSize = 1 << 20
    private static let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// Opens `path` and reads its header row. `displayName` is what errors call the file. With
    /// `hashing`, every byte read is hashed too (`contentSHA256`), so that a caller that reads
    /// the whole file does not read it a second time for its SHA-256.
    public init(path: String, displayName: String? = nil, delimiter: Character = ",", hashing: Bool = false) throws {
        file = displayName ?? path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataFileError(file: file, "cannot open the file (missing or not readable)")
        }
        self.handle = handle
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
        field.reserveCapacity(256)
        if hashing { hasher = SHA256() }
        try refill()
        if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        guard let headerLine = try readFields() else {
            throw DataFileError(file: file, "the file is empty (expected a header row)")
        }
        var names: [String] = []
        for index in 0..<fieldCount {
            guard let name = String(validating: fields[index], as: UTF8.self) else {
                throw DataFileError(file: file, line: headerLine, field: "column \(index + 1) of the header",
                                    "invalid UTF-8")
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if names.contains(trimmed) {
                throw DataFileError(file: file, line: headerLine, field: trimmed, "the header names this column twice")
            }
            names.append(trimmed)
        }
        columns = names
    }

    /// The file's SHA-256 as lowercase hex, once every record has been read (with `hashing:`).
    public var contentSHA256: String? {
        guard atEOF, let hasher else { return nil }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    public mutating func next(into values: inout [String?]) throws -> Int? {
        guard let start = try readFields() else { return nil }
        guard fieldCount == columns.count else {
            throw DataFileError(file: file, line: start,
                                "the record has \(fieldCount) field\(fieldCount == 1 ? "" : "s"); the header has \(columns.count)")
        }
        if values.count != columns.count { values = Array(repeating: nil, count: columns.count) }
        for index in 0..<fieldCount {
            guard let value = Self.decode(fields[index]) else {
                let bad = firstInvalidByte(fields[index])
                throw DataFileError(file: file, line: start, field: columns[index],
                                    "invalid UTF-8 (byte 0x\(String(bad, radix: 16, uppercase: true))); save the file as UTF-8")
            }
            values[index] = value
        }
        return start
    }

    /// UTF-8 bytes as a String, or nil when they are not valid UTF-8. ASCII (the common case)
    /// needs no validation.
    @inline(__always)
    private static func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            if !buffer.contains(where: { $0 >= 0x80 }) { return String(decoding: buffer, as: UTF8.self) }
            return String(validating: buffer, as: UTF8.self)
        }
    }

    // MARK: - Scanning

    private mutating func refill() throws {
        if atEOF { chunk = []; position = 0; return }
        let data = try handle.read(upToCount: Self.chunkSize) ?? Data()
        if data.isEmpty { atEOF = true }
        chunk = [UInt8](data)
        position = 0
        hasher?.update(data: chunk)
    }

    /// Next byte, refilling the chunk as needed; nil at end of file.
    @inline(__always)
    private mutating func nextByte() throws -> UInt8? {
        if position == chunk.count {
            try refill()
            if chunk.isEmpty { return nil }
        }
        let byte = chunk[position]
        position += 1
        bytesRead += 1
        return byte
    }

    private mutating func peekByte() throws -> UInt8? {
        if position == chunk.count {
            try refill()
            if chunk.isEmpty { return nil }
        }
        return chunk[position]
    }

    private mutating func endField() {
        if fieldCount < fields.count {
            swap(&fields[fieldCount], &field)
        } else {
            fields.append(field)
            field = []
            field.reserveCapacity(256)
        }
        field.removeAll(keepingCapacity: true)
        fieldCount += 1
    }

    /// Splits the next non-blank record into `fields[0..<fieldCount]`; returns its first line.
    private mutating func readFields() throws -> Int? {
        while true {
            fieldCount = 0
            field.removeAll(keepingCapacity: true)
            let start = line
            guard var byte = try nextByte() else { return nil }
            // Blank line: skip it.
            if byte == Self.lf { line += 1; continue }
            if byte == Self.cr {
                if try peekByte() == Self.lf { _ = try nextByte() }
                line += 1
                continue
            }
            while true {
                if byte == Self.quote && field.isEmpty {
                    try readQuotedField(openedOnLine: line)
                    // After the closing quote: a delimiter, the end of the record, or an error.
                    guard let after = try nextByte() else { endField(); return start }
                    if after == delimiter {
                        endField()
                        guard let following = try nextByte() else { endField(); return start }
                        byte = following
                        continue
                    }
                    if after == Self.lf || after == Self.cr {
                        if after == Self.cr, try peekByte() == Self.lf { _ = try nextByte() }
                        line += 1
                        endField()
                        return start
                    }
                    throw DataFileError(file: file, line: line, field: columnName(fieldCount),
                                        "unexpected character '\(printable(after))' after a closing quote (write a quote inside a quoted field as \"\")")
                } else if byte == delimiter {
                    endField()
                } else if byte == Self.lf || byte == Self.cr {
                    if byte == Self.cr, try peekByte() == Self.lf { _ = try nextByte() }
                    line += 1
                    endField()
                    return start
                } else {
                    field.append(byte)
                }
                guard let following = try nextByte() else { endField(); return start }
                byte = following
            }
        }
    }

    /// Reads a quoted field's content up to its closing quote ("" is a literal quote).
    private mutating func readQuotedField(openedOnLine openLine: Int) throws {
        while true {
            guard let byte = try nextByte() else {
                throw DataFileError(file: file, line: openLine, field: columnName(fieldCount),
                                    "unterminated quoted field (the quote opened here is never closed)")
            }
            if byte == Self.quote {
                if try peekByte() == Self.quote {
                    _ = try nextByte()
                    field.append(Self.quote)
                } else {
                    return
                }
            } else {
                if byte == Self.lf { line += 1 }
                field.append(byte)
            }
        }
    }

    private func columnName(_ index: Int) -> String {
        index < columns.count ? columns[index] : "column \(index + 1)"
    }

    private func printable(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16, uppercase: true)
    }

    private func firstInvalidByte(_ bytes: [UInt8]) -> UInt8 {
        var index = 0
        while index < bytes.count {
            let prefix = Array(bytes[index...].prefix(4))
            var length = 1
            while length <= prefix.count, String(validating: prefix[0..<length], as: UTF8.self) == nil { length += 1 }
            if length > prefix.count { return bytes[index] }
            index += length
        }
        return bytes.first ?? 0
    }
}
