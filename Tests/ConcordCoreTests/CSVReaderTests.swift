import ConcordTestSupport
import ConcordFormats
import ConcordServices
import Foundation
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    func records(_ path: String) throws -> (header: [String], rows: [[String]]) {
        var reader = try CSVReader(path: path)
        var rows: [[String]] = []
        var values: [String?] = []
        while try reader.next(into: &values) != nil { rows.append(values.map { $0! }) }
        return (reader.columns, rows)
    }

    /// Python's csv module as the reference parser for the same bytes.
    func pythonRecords(_ path: String) throws -> [[String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
                print(json.dumps([r for r in csv.reader(f) if r]))
            """, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([[String]].self, from: data)
    }

    @Test("agrees with Python's csv module on RFC 4180 edge cases")
    func matchesPython() throws {
        let folder = temporaryFolder()
        let cases: [(String, [UInt8])] = [
            ("crlf-and-embedded-newlines", Array("id,text\r\n1,\"two\r\nlines\"\r\n2,\"lf\ninside\"\r\n".utf8)),
            ("doubled-quotes", Array("id,text\n1,\"she said \"\"hi\"\"\"\n2,\"\"\"\"\n".utf8)),
            ("bom", [0xEF, 0xBB, 0xBF] + Array("id,text\n1,x\n".utf8)),
            ("empty-fields", Array("id,text,meta\n1,,\n2,\"\",z\n".utf8)),
            ("no-final-newline", Array("id,text\n1,last".utf8)),
            ("combining-mark-first", Array("id,text\n1,\u{0301}accent first\n2,e\u{0301}\n".utf8)),
            ("cjk-emoji", Array("id,text\n1,日本語のテキスト\n2,👍🏽 ok\n".utf8)),
            ("blank-lines", Array("id,text\n\n1,a\n\n2,b\n".utf8)),
            ("quoted-comma", Array("id,text\n1,\"a, b, c\"\n".utf8)),
        ]
        for (name, bytes) in cases {
            let path = writeBytes(bytes, to: "\(name).csv", in: folder)
            let ours = try records(path)
            let python = try pythonRecords(path)
            #expect([ours.header] + ours.rows == python, "case \(name)")
        }
    }

    @Test("reads across its 1 MiB chunk boundary")
    func chunkBoundary() throws {
        let folder = temporaryFolder()
        var text = "id,text\n"
        for index in 0..<40_000 { text += "\(index),\"line \(index)\nwith \"\"quote\"\" and, comma\"\n" }
        let path = write(text, to: "big.csv", in: folder)
        let ours = try records(path)
        #expect(ours.rows.count == 40_000)
        #expect(ours.rows[39_999] == ["39999", "line 39999\nwith \"quote\" and, comma"])
        #expect(try pythonRecords(path).count == 40_001)
    }

    @Test("locates an unterminated quote at the line it opens")
    func unterminatedQuote() throws {
        let path = write("id,text\n1,ok\n2,\"never closed\n3,more\n", to: "u.csv", in: temporaryFolder())
        #expect(throws: DataFileError.self) { try records(path) }
        do { _ = try records(path) } catch let error as DataFileError {
            #expect(error.line == 3)
            #expect(error.field == "text")
            #expect(error.message.contains("unterminated"))
        }
    }

    @Test("names line and field of invalid UTF-8")
    func invalidUTF8() throws {
        let path = writeBytes(Array("id,text\n1,fine\n2,caf".utf8) + [0xE9] + Array("\n".utf8), to: "latin1.csv", in: temporaryFolder())
        do {
            _ = try records(path)
            Issue.record("expected an error")
        } catch let error as DataFileError {
            #expect(error.line == 3)
            #expect(error.field == "text")
            #expect(error.message.contains("invalid UTF-8 (byte 0xE9)"))
        }
    }

    @Test("rejects a record with the wrong number of fields, an empty file, a duplicate header")
    func shapeErrors() throws {
        let folder = temporaryFolder()
        let short = write("id,text,cond\n1,a,x\n2,b\n", to: "short.csv", in: folder)
        #expect { try records(short) } throws: { ($0 as? DataFileError)?.line == 3 }
        let empty = write("", to: "empty.csv", in: folder)
        #expect { try records(empty) } throws: { ($0 as? DataFileError)?.message.contains("empty") == true }
        let twice = write("id,id\n1,2\n", to: "twice.csv", in: folder)
        #expect { try records(twice) } throws: { ($0 as? DataFileError)?.field == "id" }
    }
}
