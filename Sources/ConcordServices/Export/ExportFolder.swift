import ConcordAnalysis
import ConcordStore
import ConcordFormats
import ConcordDomain
import Foundation

/// The folders an export writes, and the rules that keep an export from hurting anything else
/// (issue 16): an export never replaces a project or a folder it did not write, and the temporary
/// folder of an interrupted export is removed on a signal or by the next export.
///
/// Every folder Concord writes carries a marker file: `written by concord export` in a finished
/// export, `partial, pid N` in a temporary one. `--force` replaces only a folder with the first;
/// stale cleanup removes only temporary folders whose process is gone.
public enum ExportFolder {
    public static let marker = ".concord-export"
    static let finished = "written by concord export\n"

    /// Refuses an `--out` that is, contains or sits inside the project, and an existing folder
    /// that Concord did not write (or any existing one without `overwrite`). `out` must already be
    /// `resolved`: every check and every operation uses that one path.
    static func check(_ out: URL, project: URL, overwrite: Bool) throws {
        let target = out.path, home = resolved(project).path
        if target == home || home.hasPrefix(target + "/") {
            throw QueryError("--out \(out.path) contains the project \(project.path); an export never replaces a project — choose a folder outside it")
        }
        if target.hasPrefix(home + "/") {
            throw QueryError("--out \(out.path) is inside the project \(project.path); choose a folder outside it (e.g. beside it)")
        }
        try checkReplaceable(out, overwrite: overwrite)
    }

    /// Nothing at `out`, or (with `overwrite`) an earlier export marked as one.
    static func checkReplaceable(_ out: URL, overwrite: Bool) throws {
        guard FileManager.default.fileExists(atPath: out.path) else { return }
        guard overwrite else {
            throw QueryError("\(out.path) already exists; choose another --out or pass --force to replace an earlier export")
        }
        let mark = try? String(contentsOf: out.appendingPathComponent(marker), encoding: .utf8)
        guard mark == finished else {
            throw QueryError("\(out.path) exists and was not written by `concord export` (it has no \(marker) file); --force replaces only an earlier export, so remove it yourself or choose another --out")
        }
    }

    /// `.OUT.partial-PID-ID` or `.OUT.old-PID-ID` beside `out`: the process that owns it is in its name.
    static func sibling(of out: URL, _ kind: String) -> URL {
        out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).\(kind)-\(getpid())-\(UUID().uuidString.prefix(8))")
    }

    /// A new temporary folder beside `out`, marked, and registered so a signal removes it. What
    /// interrupted exports to `out` left behind is cleaned up first.
    static func makeTemporary(for out: URL) throws -> URL {
        cleanUp(besides: out)
        let temporary = sibling(of: out, "partial")
        // Registered before it exists, so that a signal at any moment from here on removes it.
        InterruptedExport.register(temporary)
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            try Data("partial, pid \(getpid())\n".utf8).write(to: temporary.appendingPathComponent(marker))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            InterruptedExport.register(nil)
            throw ExportIOError(path: temporary.deletingLastPathComponent().path, "cannot create the export's temporary folder here", error)
        }
        return temporary
    }

    /// Marks a finished export; called just before it is moved into place.
    static func markFinished(_ folder: URL) throws {
        do { try Data(finished.utf8).write(to: folder.appendingPathComponent(marker)) } catch {
            throw ExportIOError(path: folder.appendingPathComponent(marker).path, "cannot write the export marker", error)
        }
    }

    /// Moves the finished `temporary` folder to `out`. An earlier export there is moved aside
    /// first (checked again now: the export took time) and put back if the move fails.
    static func moveIntoPlace(_ temporary: URL, _ out: URL, overwrite: Bool) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: out.path) else {
            do { try fileManager.moveItem(at: temporary, to: out) } catch {
                throw ExportIOError(path: out.path, "cannot move the finished export into place", error)
            }
            return
        }
        try checkReplaceable(out, overwrite: overwrite)
        let old = sibling(of: out, "old")
        do {
            try fileManager.moveItem(at: out, to: old)
        } catch {
            throw ExportIOError(path: out.path, "cannot move the earlier export aside", error)
        }
        do {
            try fileManager.moveItem(at: temporary, to: out)
        } catch {
            try? fileManager.moveItem(at: old, to: out)
            throw ExportIOError(path: out.path, "cannot move the finished export into place (the earlier one is back)", error)
        }
        try? fileManager.removeItem(at: old)
    }

    /// Cleans up after exports to `out` whose process is gone (a `kill -9`, a power cut), going by
    /// the pid in each folder's name: a `.partial-` folder is removed; an `.old-` folder is put
    /// back when `out` is missing (it was moved aside and the new one never arrived), else removed.
    /// Folders of running exports, and folders without our marker, are left alone.
    static func cleanUp(besides out: URL) {
        let parent = out.deletingLastPathComponent(), fileManager = FileManager.default
        let names = ((try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []).sorted()
        for name in names {
            for kind in ["partial", "old"] {
                let prefix = ".\(out.lastPathComponent).\(kind)-"
                guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
                let folder = parent.appendingPathComponent(name)
                guard fileManager.fileExists(atPath: folder.appendingPathComponent(marker).path) else { continue }
                if kill(pid, 0) == 0 || errno != ESRCH { continue }  // that export is still running
                if kind == "old" && !fileManager.fileExists(atPath: out.path) {
                    try? fileManager.moveItem(at: folder, to: out)
                } else {
                    try? fileManager.removeItem(at: folder)
                }
            }
        }
    }

    /// The absolute path the kernel will use: links and `..` resolved by `realpath` as far as
    /// the path exists (a link followed by `..` goes where the kernel goes), the rest appended.
    static func resolved(_ url: URL) -> URL {
        var parts = URL(fileURLWithPath: url.path).path.split(separator: "/").map(String.init)
        var rest: [String] = []
        while !parts.isEmpty {
            if let real = realpath("/" + parts.joined(separator: "/"), nil) {
                defer { free(real) }
                var path = String(cString: real)
                for part in rest where part != "." {
                    path = part == ".." ? (path as NSString).deletingLastPathComponent : (path as NSString).appendingPathComponent(part)
                }
                return URL(fileURLWithPath: path)
            }
            rest.insert(parts.removeLast(), at: 0)
        }
        return URL(fileURLWithPath: "/" + rest.joined(separator: "/")).standardizedFileURL
    }
}

/// The temporary folder of the export under way, removed when a signal ends the process. The CLI
/// installs the signal handlers (`InterruptedExport.removeOnSignals()`); the exporter registers.
public enum InterruptedExport {
    nonisolated(unsafe) private static var current: String?
    private static let lock = NSLock()

    static func register(_ folder: URL?) {
        lock.lock()
        current = folder?.path
        lock.unlock()
    }

    /// On SIGINT, SIGTERM or SIGHUP, removes the registered temporary folder, then exits with
    /// 128 + the signal's number, as a shell reports a process ended by it.
    public static func removeOnSignals() {
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global(qos: .userInitiated))
            source.setEventHandler {
                lock.lock()
                let folder = current
                lock.unlock()
                if let folder {
                    // Renamed first, atomically: the export's thread may still be creating files
                    // under the old path, and those now fail instead of racing the removal.
                    let doomed = folder + ".removing"
                    let target = rename(folder, doomed) == 0 ? doomed : folder
                    for _ in 0..<5 where FileManager.default.fileExists(atPath: target) {
                        try? FileManager.default.removeItem(atPath: target)
                    }
                }
                _exit(128 + signal)
            }
            source.resume()
            sources.append(source)
        }
    }

    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
}
