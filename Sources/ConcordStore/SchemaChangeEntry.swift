import ConcordDomain

/// A recorded merge or rename, and whether a later revert switched it off.
public struct SchemaChangeEntry: Sendable {
    public var change: SchemaChange
    public var madeBy: String?
    public var reverted: Bool

    public init(change: SchemaChange, madeBy: String?, reverted: Bool) {
        self.change = change
        self.madeBy = madeBy
        self.reverted = reverted
    }
}
