import ConcordSQLite
import ConcordStore
import Foundation

/// Wall-clock timing and process helpers for the benchmarks.
enum Measure {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Writes every dirty page to disk before a timed run, so that no run pays for the writeback
    /// of the one before it (each import run writes and deletes a few hundred MB).
    static func settle() {
        sync()
    }

    /// The median of `runs` timings of `body` (wall-clock varies a lot on a shared 2-core VM).
    static func median(runs: Int, _ body: (Int) throws -> Double) rethrows -> Double {
        var timings: [Double] = []
        for run in 0..<runs { timings.append(try body(run)) }
        return timings.sorted()[timings.count / 2]
    }

    /// Runs a command to completion; returns its wall-clock seconds. Throws on a non-zero exit.
    static func command(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let input = Pipe()
        if stdin != nil { process.standardInput = input }
        return try seconds {
            try process.run()
            if let stdin {
                input.fileHandleForWriting.write(Data(stdin.utf8))
                try input.fileHandleForWriting.close()
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
            }
        }
    }

    /// Runs a command and returns its standard output; throws on a non-zero exit.
    static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(executable) \(arguments.first ?? "") exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `concord-bench CHILD ARGS…` in a fresh process `runs` times, so that each run's peak
    /// RSS is its own. The child prints "SECONDS PEAK_MB" on its first line and a summary after.
    /// Returns the median seconds, the largest peak, and the last run's summary.
    static func child(_ arguments: [String], runs: Int) throws -> (seconds: Double, peak: Double, summary: String) {
        var timings: [Double] = [], peaks: [Double] = []
        var summary = ""
        for _ in 0..<runs {
            let output = try capture(CommandLine.arguments[0], arguments)
            let lines = output.split(separator: "\n")
            guard let first = lines.first?.split(separator: " "), first.count == 2,
                  let seconds = Double(first[0]), let peak = Double(first[1]) else {
                throw BenchError("unexpected child output: \(output)")
            }
            timings.append(seconds)
            peaks.append(peak)
            summary = lines.dropFirst().joined(separator: "\n")
        }
        return (timings.sorted()[runs / 2], peaks.max()!, summary)
    }

    /// The child's side of `child(_:runs:)`: its first line, seconds since `start` and peak RSS.
    static func reportChild(since start: UInt64) {
        print("\(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) \(peakRSSMegabytes())")
    }

    /// Resident set size high-water mark of this process, in MB (from /proc).
    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kilobytes / 1024
    }

    static func which(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func format(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }
