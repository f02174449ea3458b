import ConcordAnalysis
import ConcordStore
import Foundation

/// The operating-system account running Concord (the effective user), read from the password
/// database rather than from $USER, which anyone can set.
enum OSAccount {
    static var name: String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}
