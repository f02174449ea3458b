import Foundation

/// Whether the caller will write. Writers get the damage check on open; readers get a store that
/// never writes a byte (a report on a project the account may not write, or on a read-only disk).
public enum StoreAccess: Sendable {
    case writing
    case reading
}

/// A kind of store (SQLite today; PostgreSQL next): opens the store of a project folder.
public protocol StoreBackend: Sendable {
    /// For messages and the config: `sqlite`.
    var name: String { get }
    /// Opens (creating if new) the store of the project in `directory`.
    func open(projectDirectory directory: URL, access: StoreAccess) throws -> any ProjectStore
}

/// The backends this executable was built with. The executable registers them at start (the
/// composition root), so that the services, the CLI and the TUI know only the protocols.
public enum StoreBackends {
    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var backends: [any StoreBackend] = []
    }
    private static let registry = Registry()

    /// Makes `backend` available; the first registered is the default.
    public static func register(_ backend: any StoreBackend) {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        if !registry.backends.contains(where: { $0.name == backend.name }) { registry.backends.append(backend) }
    }

    /// The backend named `name` (nil: the default).
    public static func backend(named name: String? = nil) throws -> any StoreBackend {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        let found = name.map { name in registry.backends.first { $0.name == name } } ?? registry.backends.first
        guard let found else {
            let known = registry.backends.map(\.name).joined(separator: ", ")
            throw StoreError.noBackend(name: name, known: known.isEmpty ? "none registered" : known)
        }
        return found
    }
}
