import ConcordFormats
import ConcordDomain
import ConcordStore
import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API, for the bulk paths (import, full scans)
/// where GRDB's argument boxing costs about 2× (see shared/notes). Parameters are always bound,
/// never spliced into SQL. Use only inside a `pool.write`/`read` closure on the connection given.
public final class BulkStatement {
    private let statement: OpaquePointer
    private let connection: OpaquePointer

    /// `SQLITE_TRANSIENT` is a cast macro that does not import: SQLite copies the bound bytes.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    public init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "closed database connection")
        }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.statement = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(statement) }

    public func bind(_ index: Int32, _ value: String?) {
        guard var text = value else { sqlite3_bind_null(statement, index); return }
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                      Int32(bytes.count), Self.transient)
            } else {
                _ = sqlite3_bind_text(statement, index, "", 0, Self.transient)  // "" is text, not NULL
            }
        }
    }

    /// Binds bytes without copying them: they must stay alive and unchanged until the statement
    /// is reset. nil binds NULL.
    public func bindUncopied(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>?) {
        guard let bytes else { sqlite3_bind_null(statement, index); return }
        let base = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
        sqlite3_bind_text(statement, index, base, Int32(bytes.count), nil)  // nil: SQLITE_STATIC
    }

    public func bind(_ index: Int32, _ value: Int64?) {
        guard let value else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_int64(statement, index, value)
    }

    public func bind(_ index: Int32, _ value: Double?) {
        guard let value else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_double(statement, index, value)
    }

    /// Runs a statement that returns no rows, then resets it for the next bindings.
    public func execute() throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw currentError(code) }
    }

    /// Steps a query: true while a row is available (read it with `int64(_:)`/`text(_:)`).
    public func step() throws -> Bool {
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw currentError(code)
        }
    }

    public func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    /// Rows the last `execute` changed, and the row id it inserted last (SQLite's own counters,
    /// without GRDB's per-call checks).
    public var changes: Int { Int(sqlite3_changes(connection)) }
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    public func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    /// The column's UTF-8 bytes, valid until the next step; nil for NULL.
    public func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return body(UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column))))
    }

    /// The column as text, every byte of it (a NUL inside the value is kept, not a terminator).
    public func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    private func currentError(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
    }
}
