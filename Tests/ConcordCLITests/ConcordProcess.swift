import ConcordTestSupport
import Foundation

/// Runs the built `concord` executable the way a user does, capturing its output.
struct ConcordProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `concord` binary next to the test bundle (`.build/<config>/`).
    static let binary: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("concord").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        fatalError("concord binary not found near \(CommandLine.arguments[0]); run `swift build` first")
    }()

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        try run(command: binary, arguments, in: directory)
    }

    /// Runs `command` (concord itself, or a wrapper such as setpriv that runs it).
    static func run(command: String, _ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // stderr goes to a file so that neither stream can fill a pipe and block the process.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("concord-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderrData = (try? Data(contentsOf: errorFile)) ?? Data()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Runs a shell script (for many processes at once); returns its exit status and output.
    static func shell(_ script: String, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }
}
