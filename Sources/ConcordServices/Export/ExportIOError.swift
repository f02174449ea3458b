import ConcordAnalysis
import ConcordStore
import ConcordFormats
import ConcordDomain
import Foundation

/// A file or folder of an export that cannot be created, written or moved: its path, what failed,
/// and the system's reason (errno), never a raw Foundation error (exit 74 in the CLI).
public struct ExportIOError: Error, CustomStringConvertible {
    public var path: String
    public var what: String
    public var reason: String?

    init(path: String, _ what: String, _ cause: Error? = nil) {
        self.path = path
        self.what = what
        reason = cause.map { Self.reason($0, at: path) }
    }

    public var description: String { "\(path): \(what)" + (reason.map { " (\($0))" } ?? "") }

    /// The POSIX reason under a Foundation error ("Permission denied", "Not a directory"); when
    /// Foundation gives none, the path itself is asked: the first part of it that exists.
    static func reason(_ error: Error, at path: String) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        var existing = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isDirectory), existing.path != "/" {
            existing.deleteLastPathComponent()
        }
        if !isDirectory.boolValue { return "\(existing.path): Not a directory" }
        if access(existing.path, W_OK) != 0 { return "\(existing.path): \(String(cString: strerror(errno)))" }
        if statfsFull(existing.path) { return "No space left on device" }
        return error.localizedDescription
    }

    private static func statfsFull(_ path: String) -> Bool {
        var info = statvfs()
        return statvfs(path, &info) == 0 && info.f_bavail == 0
    }
}
