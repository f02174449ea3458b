import ConcordFormats
import Foundation

/// A split file written from chunks of records rendered on all cores, a batch of chunks at a time,
/// then hashed and written in order: no split is ever held whole, and the bytes do not depend on
/// the number of cores.
enum ChunkedFile {
    /// Records per chunk.
    static let chunkSize = 32_768

    /// Writes the chunks `render` makes of `order` (it is told which chunk is the first), then
    /// `suffix`, to `url`, and returns the file's SHA-256 (hex). An empty `order` is one empty chunk.
    static func write(_ order: [Int], suffix: Data = Data(), to url: URL,
                      render: (_ chunk: ArraySlice<Int>, _ first: Bool) -> Data) throws -> String {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = try? FileHandle(forWritingTo: url) else {
            throw ExportIOError(path: url.path, "cannot create the file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        func append(_ bytes: Data) throws {
            hasher.update(data: bytes)
            do { try handle.write(contentsOf: bytes) } catch {
                throw ExportIOError(path: url.path, "cannot write the file (\(error.localizedDescription))")
            }
        }
        let chunks = stride(from: 0, to: max(order.count, 1), by: chunkSize).map { $0..<min($0 + chunkSize, order.count) }
        let batch = 2 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        for first in stride(from: 0, to: chunks.count, by: batch) {
            let rendered = Concurrent.map(first..<min(first + batch, chunks.count)) { chunk in render(order[chunks[chunk]], chunk == 0) }
            for bytes in rendered { try append(bytes) }
        }
        if !suffix.isEmpty { try append(suffix) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
