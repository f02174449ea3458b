import ConcordAnalysis
import ConcordDomain
import ConcordFormats
import Foundation

// What the application asks of a project's store, named for what it does. The CLI, the TUI and
// the services see only these protocols; a backend (SQLite today, PostgreSQL next) implements
// them in a target of its own, and the store contract tests run one body against every backend.

/// The append-only log of answers: a change or an undo appends; nothing is rewritten.
public protocol AnswerLog: Sendable {
    /// Appends one event. The labeler is created on first sight; the item must exist.
    /// `enteredBy`: the admin acting on the labeler's behalf, recorded with the event.
    @discardableResult
    func append(_ event: AnnotationEvent, guideline: GuidelineVersion?, guidelinePath: String?, enteredBy: String?) throws -> Int64
    /// The labeler's current answer for an item (nil when they have none).
    func currentAnswer(itemKey: String, labeler: String) throws -> String?
    /// The internal id of an item, by its key.
    func itemID(key: String) throws -> Int64?
    /// Takes back every current answer made in a round (see `ProjectStore.requeue`).
    func requeue(round: String, by: String, enteredBy: String?) throws -> Int
}

/// Handing items to labelers, and their reviews.
public protocol Sessions: Sendable {
    /// A labeler's session: claims the next item atomically, never past what `labelersPerItem`
    /// asks for; with `retest` on, shows some of the labeler's own items again.
    func labelingSession(labeler: String, labelersPerItem: LabelsPerItem, retest: RetestPolicy, claimDuration: TimeInterval,
                         enteredBy: String?, clock: @escaping @Sendable () -> Int64) throws -> any LabelingSession
    /// A reviewer's session; refuses anyone who is not a reviewer or admin (`ReviewError`).
    func reviewSession(reviewer: String, enteredBy: String?) throws -> any ReviewSession
    /// The reviewers' "guideline unclear" notes, oldest first.
    func guidelineNotes() throws -> [GuidelineNote]
}

/// Label schema changes (merges, renames), recorded and applied when labels are read.
public protocol SchemaChangeLog: Sendable {
    func schemaChanges() throws -> [SchemaChangeEntry]
    /// The changes in force as of schema version `version` (a change id; nil: now; 0: none).
    func activeSchemaChanges(asOf version: Int64?) throws -> [SchemaChange]
    @discardableResult
    func recordSchemaChange(_ change: SchemaChange, by person: String?) throws -> Int64
    func revertSchemaChange(_ id: Int64, by person: String?) throws
}

/// The audit sample: items drawn uniformly at random, labeled blind by a reviewer.
public protocol AuditSampling: Sendable {
    /// Draws `size` more items (seeded); returns their keys in the order drawn.
    func drawAuditSample(size: Int, seed: UInt64, drawnBy: String?) throws -> [String]
    func auditSample() throws -> [AuditSample.Entry]
    func auditProgress() throws -> AuditSample.Progress
}

/// Bringing data in: items, answers and model predictions from files, in one transaction each.
public protocol BulkImport: Sendable {
    /// Imports `files` whole or not at all (the first bad record names file, line and field).
    func importFiles(_ files: [String], context: ImportContext, progress: ((Int, Int) -> Void)?) throws -> [FileImportReport]
    /// Imports a model's predictions (item, label) from `file`; returns how many were written.
    func importPredictions(file: String, itemColumn: String?, predictionColumn: String?, model: String,
                           answers: [String]) throws -> Int
    /// Whether nothing was ever imported or created.
    func isEmpty() throws -> Bool
}

/// Reading answers for the analyses.
public protocol RatingSource: Sendable {
    /// The current answers as a rating table, for a query.
    func ratings(_ request: RatingsRequest) throws -> LoadedRatings
    /// Items without a value for metadata field `field` (or without a group, for the group field).
    func itemsWithoutValue(field: String, isGroup: Bool) throws -> Int
    /// Whether some item has metadata field `field`.
    func hasMetadataField(_ field: String) throws -> Bool
    /// Each item's key by internal id.
    func itemKeys(ids: [Int64]) throws -> [Int64: String]
    /// Each item's value of metadata field `field`, by item key.
    func metadataValues(field: String) throws -> [String: String]
    /// Every item in id order, for export.
    func forEachItem(_ body: (ItemScanRow) throws -> Void) throws
    /// The names of the models with predictions.
    func modelNames() throws -> [String]
    /// Every retest with the labeler's first answer, in the order they were recorded.
    func retests() throws -> [Retest]
}

/// Where the project stands.
public protocol StatusReporting: Sendable {
    func status() throws -> StoreStatus
    func itemCount() throws -> Int
    /// How damage is looked for, and what was last found, in a sentence for `status`.
    func integritySummary() -> String
}

/// People: accounts mapped to labeler names, roles, and the role log.
public protocol Membership: Sendable {
    /// Who `account` is here (read only; `enroll` records it).
    func member(account: String) throws -> Member
    func member(named name: String) throws -> Member?
    func members() throws -> [Member]
    /// Records what `member(account:)` resolved.
    func enroll(_ member: Member) throws
    /// Sets a role (admins only), mapping `account` to the name if given; logged.
    func setRole(name: String, role: Role, account: String?, by changer: Member) throws
    func roleChanges() throws -> [RoleChange]
}

/// Looking after the file or server itself.
public protocol Maintenance: Sendable {
    /// Where the store lives, for messages (a file path, or a server URL without its password).
    var location: String { get }
    /// The newest schema version this store has (recorded in export manifests).
    var schemaVersion: String { get }
    /// The problems a full (`full`) or quick check finds; empty: none; nil: not known in time.
    func damage(full: Bool) throws -> [String]?
    /// Records the full check's verdict, so writers can refuse a store found damaged.
    func recordDamageCheck(_ problems: [String]) throws
    /// An online copy to `path`, checked after it is made; never overwrites.
    func backup(to path: String) throws
}

/// A project's store: everything above.
public protocol ProjectStore: AnswerLog, Sessions, SchemaChangeLog, AuditSampling, BulkImport, RatingSource,
    StatusReporting, Membership, Maintenance {}

extension AnswerLog {
    @discardableResult
    public func append(_ event: AnnotationEvent, guideline: GuidelineVersion?, guidelinePath: String?) throws -> Int64 {
        try append(event, guideline: guideline, guidelinePath: guidelinePath, enteredBy: nil)
    }
}

extension Sessions {
    public func labelingSession(labeler: String, labelersPerItem: LabelsPerItem, retest: RetestPolicy = .off,
                                claimDuration: TimeInterval = 15 * 60, enteredBy: String? = nil) throws -> any LabelingSession {
        try labelingSession(labeler: labeler, labelersPerItem: labelersPerItem, retest: retest, claimDuration: claimDuration,
                            enteredBy: enteredBy, clock: { Clock.nowMillis() })
    }

    public func reviewSession(reviewer: String) throws -> any ReviewSession {
        try reviewSession(reviewer: reviewer, enteredBy: nil)
    }
}

extension Membership {
    public func setRole(name: String, role: Role, by changer: Member) throws {
        try setRole(name: name, role: role, account: nil, by: changer)
    }
}

extension SchemaChangeLog {
    public func activeSchemaChanges() throws -> [SchemaChange] { try activeSchemaChanges(asOf: nil) }
}
