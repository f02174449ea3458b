import ConcordAnalysis
import ArgumentParser
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import ConcordTUI
import ConcordTerminal

/// A subcommand whose failures become one clear line on stderr and an exit code that means
/// something, instead of a stack of Swift error descriptions.
protocol ConcordCommand: ParsableCommand {
    func execute() throws
}

extension ConcordCommand {
    func run() throws {
        do {
            try execute()
        } catch let error as DataFileError {
            fail(error.description, code: .badInput)
        } catch let error as ConfigError {
            fail(error.description, code: .badInput)
        } catch let error as AnnotationError {
            fail(error.description, code: .badInput)
        } catch let error as QueryError {
            fail(error.description, code: .badInput)
        } catch let error as RequeueError {
            fail(error.description, code: .badInput)
        } catch let error as AuditError {
            fail(error.description, code: .badInput)
        } catch let error as ReviewError {
            fail(error.description, code: .notPermitted)
        } catch let error as PermissionError {
            fail(error.description, code: .notPermitted)
        } catch let error as MembershipError {
            fail(error.description, code: .notPermitted)
        } catch let error as CursesBackend.StartError {
            fail(error.description, code: .unavailable)
        } catch let error as ExportIOError {
            fail(error.description, code: .database)
        } catch let error as StoreError {
            fail(error.description, code: .database)
        } catch let error as BackendError {
            fail("database: \(error.backendMessage)", code: .database)
        }
    }

    func fail(_ message: String, code: ExitStatus) -> Never {
        Console.error(message)
        Foundation.exit(code.rawValue)
    }
}

/// Exit codes, after BSD sysexits where one fits.
enum ExitStatus: Int32 {
    case badInput = 65   // EX_DATAERR
    case database = 74   // EX_IOERR
    case unavailable = 69  // EX_UNAVAILABLE: e.g. no terminal for the labeling screen
    case notPermitted = 77 // EX_NOPERM: e.g. reviewing without the reviewer role
}

/// Output helpers: results on stdout, diagnostics and progress on stderr.
enum Console {
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(safe(cut(message)))\n".utf8))
    }

    /// An error line a person can read: a 10 MB header in a message is cut, and says so.
    static let longestMessage = 1_000
    static func cut(_ message: String) -> String {
        guard message.count > longestMessage else { return message }
        return String(message.prefix(longestMessage)) + "… (\(message.count - longestMessage) more characters)"
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(safe(message))\n".utf8))
    }

    /// Names, values and messages can come from anyone's data: shown, never interpreted.
    static func safe(_ text: String) -> String { DisplayText.sanitized(text) }

    /// A progress line that redraws in place on a terminal and prints every 10% otherwise.
    final class Progress: @unchecked Sendable {
        private let label: String
        private var lastShown = -1
        init(_ label: String) { self.label = label }

        func update(_ done: Int, of total: Int) {
            guard total > 0 else { return }
            let percent = min(100, done * 100 / total)
            if Console.stderrIsTTY {
                guard percent != lastShown else { return }
                let width = 30, filled = percent * width / 100
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)%".utf8))
            } else if percent / 10 != lastShown / 10 && total > 8 << 20 {
                FileHandle.standardError.write(Data("\(label) \(percent)%\n".utf8))
            } else {
                return
            }
            lastShown = percent
        }

        func finish() {
            if Console.stderrIsTTY && lastShown >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}

/// `1234567` → `1,234,567`.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
        out.append(character)
    }
    return (value < 0 ? "-" : "") + out
}

/// Pretty JSON with stable key order, for every `--json` report.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Prints report text with `Console.safe` applied (JSON output escapes on its own).
func printSafe(_ text: String) {
    print(Console.safe(text))
}

