import ConcordTestSupport
import Foundation

/// A program running in a real terminal: a detached tmux session of a fixed size, on a socket of
/// its own, driven with send-keys and read with capture-pane.
final class TmuxSession {
    let socket = "concord-e2e-\(UUID().uuidString.prefix(8))"
    let name = "e2e"
    private(set) var windows = 0

    /// Starts `command` (a shell command line). When it ends, the pane shows `EXITED:<status>`.
    init(_ command: String, width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws {
        try run(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", wrapped(command, environment)])
        windows = 1
    }

    /// Opens another window of the same session running `command`; returns its target.
    func newWindow(_ command: String, environment: [String: String] = [:]) throws -> String {
        try run(["new-window", "-t", name, wrapped(command, environment)])
        windows += 1
        return "\(name):\(windows - 1)"
    }

    private func wrapped(_ command: String, _ environment: [String: String]) -> String {
        let variables = (["LANG": "C.UTF-8", "TERM": "xterm-256color"].merging(environment) { $1 })
            .map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        return "env \(variables) \(command); echo EXITED:$?; sleep 120"
    }

    func keys(_ keys: String..., target: String? = nil) throws {
        for key in keys { try run(["send-keys", "-t", target ?? name, key]) }
    }

    func type(_ text: String, target: String? = nil) throws {
        try run(["send-keys", "-t", target ?? name, "-l", text])
    }

    func screen(_ target: String? = nil) throws -> String {
        try run(["capture-pane", "-p", "-t", target ?? name])
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen satisfies `condition`; returns the screen, or throws with it.
    @discardableResult
    func wait(for description: String, target: String? = nil, timeout: TimeInterval = 10,
              _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen(target)
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TmuxError("timed out waiting for \(description); the screen was:\n\(last)")
    }

    /// Waits for `text`, also where the terminal wrapped it across lines (after `kill -9` the tty
    /// stays raw, so the shell's next output starts mid-line and wraps).
    @discardableResult
    func wait(for text: String, target: String? = nil, timeout: TimeInterval = 10) throws -> String {
        try wait(for: "'\(text)'", target: target, timeout: timeout) {
            $0.contains(text) || $0.replacingOccurrences(of: "\n", with: "").contains(text)
        }
    }

    deinit { _ = try? run(["kill-server"]) }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let (status, text) = try Spawn.run(["tmux", "-u", "-L", socket] + arguments)
        guard status == 0 else { throw TmuxError("tmux \(arguments.first ?? ""): \(text)") }
        return text
    }
}

/// Runs a program to completion with posix_spawn and waitpid. Foundation's Process was seen to
/// never reap a tmux client that had just started the (daemonised) tmux server.
enum Spawn {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // The tmux server (and every program in its panes) inherits this spawn's signal mask; the
        // test runner's threads block signals, so start from an empty mask and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TmuxError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let exited = (status & 0x7F) == 0
        return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), text)
    }
}

struct TmuxError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
