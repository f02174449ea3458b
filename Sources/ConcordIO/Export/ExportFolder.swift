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
    /// that Concord did not write (or any existing one without `overwrite`).
    static func check(_ out: URL, project: URL, overwrite: Bool) throws {
        let target = resolved(out), home = resolved(project)
        if target == home || home.hasPrefix(target + "/") {
            throw QueryError("--out \(out.path) contains the project \(project.path); an export never replaces a project — choose a folder outside it")
        }
        if target.hasPrefix(home + "/") {
            throw QueryError("--out \(out.path) is inside the project \(project.path); choose a folder outside it (e.g. beside it)")
        }
        guard FileManager.default.fileExists(atPath: out.path) else { return }
        guard overwrite else {
            throw QueryError("\(out.path) already exists; choose another --out or pass --force to replace an earlier export")
        }
        let mark = try? String(contentsOf: out.appendingPathComponent(marker), encoding: .utf8)
        guard mark == finished else {
            throw QueryError("\(out.path) exists and was not written by `concord export` (it has no \(marker) file); --force replaces only an earlier export, so remove it yourself or choose another --out")
        }
    }

    /// A new temporary folder beside `out`, marked with this process, and registered so a signal
    /// removes it. Stale temporary folders of earlier, interrupted exports to `out` go first.
    static func makeTemporary(for out: URL) throws -> URL {
        removeStale(besides: out)
        let temporary = out.deletingLastPathComponent()
            .appendingPathComponent(".\(out.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
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

    /// Removes `.OUT.partial-*` and `.OUT.old-*` folders beside `out` whose marker names a process
    /// that no longer runs (a `kill -9`, a power cut). Folders without our marker are left alone.
    static func removeStale(besides out: URL) {
        let parent = out.deletingLastPathComponent()
        let prefixes = [".\(out.lastPathComponent).partial-", ".\(out.lastPathComponent).old-"]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where prefixes.contains(where: name.hasPrefix) {
            let folder = parent.appendingPathComponent(name)
            guard let mark = try? String(contentsOf: folder.appendingPathComponent(marker), encoding: .utf8) else { continue }
            if mark.hasPrefix("partial, pid "), let pid = Int32(mark.dropFirst("partial, pid ".count).trimmingCharacters(in: .whitespacesAndNewlines)),
               kill(pid, 0) == 0 || errno != ESRCH {
                continue  // another export is writing it right now
            }
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// A path with `.`/`..` and links resolved as far as the path exists.
    static func resolved(_ url: URL) -> String {
        var existing = url.standardizedFileURL, rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var path = existing.resolvingSymlinksInPath().path
        for part in rest { path = (path as NSString).appendingPathComponent(part) }
        return path
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
