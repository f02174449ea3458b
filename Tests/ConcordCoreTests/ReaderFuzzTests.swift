import ConcordTestSupport
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import Testing

/// Issue 16, "keep it proven": mutated CSV and JSONL files, with a fixed seed. The readers must
/// read every file or refuse it with a located `DataFileError`, never crash or hang; an import
/// that is refused must leave the database as it was.
@Suite("Readers: fuzzed files")
struct ReaderFuzzTests {
    static let csv = Array("item,labeler,label,text,cond\ni1,ana,a,\"a, quoted\"\"text\"\"\",clean\ni1,ben,b,\"a, quoted\"\"text\"\"\",clean\ni2,ana,c,\"multi\nline\",noisy\n".utf8)
    static let jsonl = Array("{\"item\":\"i1\",\"labeler\":\"ana\",\"label\":\"a\",\"text\":\"x \\\"q\\\" \\u00e9\",\"cond\":\"clean\"}\n{\"item\":\"i2\",\"labeler\":\"ben\",\"label\":\"b\",\"text\":\"y\",\"cond\":\"noisy\",\"n\":3}\n".utf8)
    /// Byte strings that reach each reader's corners.
    static let fragments: [[UInt8]] = ["\"", "\"\"", ",", "\n", "\r\n", "\r", "{", "}", "[", "]", ":", "\\", "\\u", "\\ud800", "null", "1e999",
                                      "\u{FEFF}", "é", "👍🏽", "\t", " "].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0x00], [0x1B]]

    static func mutate(_ base: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = base
        for _ in 0..<(1 + Int(random.next() % 5)) {
            let position = Int(random.next() % UInt64(bytes.count + 1))
            switch random.next() % 4 {
            case 0: bytes.insert(contentsOf: fragments[Int(random.next() % UInt64(fragments.count))], at: position)
            case 1: if position < bytes.count { bytes.remove(at: position) }
            case 2: bytes = Array(bytes.prefix(position))
            default: if position < bytes.count { bytes[position] = UInt8(truncatingIfNeeded: random.next()) }
            }
        }
        return bytes
    }

    @Test("2,000 mutated CSV and JSONL files: each is read or refused with file and line, none takes a second")
    func readers() throws {
        let folder = temporaryFolder()
        var random = SeededGenerator(seed: 16)
        var refused = 0, read = 0, slowest = 0.0
        for round in 0..<2_000 {
            let json = round % 2 == 1
            let path = writeBytes(Self.mutate(json ? Self.jsonl : Self.csv, &random), to: "f\(round).\(json ? "jsonl" : "csv")", in: folder)
            let start = Date()
            do {
                var reader: any RecordReader = json ? try JSONLReader(path: path) : try CSVReader(path: path)
                var values: [String?] = []
                while try reader.next(into: &values) != nil {}
                read += 1
            } catch let error as DataFileError {
                #expect(error.file == path)
                refused += 1
            } catch {
                Issue.record("not a DataFileError: \(error)")
            }
            slowest = max(slowest, Date().timeIntervalSince(start))
        }
        #expect(slowest < 1)
        #expect(read > 100 && refused > 100, "read \(read), refused \(refused)")
    }

    @Test("100 mutated imports: a refused one leaves the database exactly as it was")
    func imports() throws {
        let project = try makeProject(in: temporaryFolder())
        _ = try Importer(project: project, options: ImportOptions()).run(files: [writeBytes(Self.csv, to: "base.csv", in: project.directory)])
        var random = SeededGenerator(seed: 61)
        var refused = 0
        for round in 0..<100 {
            let json = round % 2 == 1
            let path = writeBytes(Self.mutate(json ? Self.jsonl : Self.csv, &random), to: "m\(round).\(json ? "jsonl" : "csv")",
                                  in: project.directory)
            let before = try snapshot(project)
            do {
                _ = try Importer(project: project, options: ImportOptions()).run(files: [path])
            } catch is DataFileError {
                refused += 1
                #expect(try snapshot(project) == before, "round \(round) changed the database")
            } catch is AnnotationError {
                refused += 1
                #expect(try snapshot(project) == before, "round \(round) changed the database")
            }
        }
        #expect(refused > 20)
    }
}
