import ConcordStore
import GRDB

extension DatabaseError: BackendError {
    public var backendMessage: String { message ?? "\(resultCode)" }
}
