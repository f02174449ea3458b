import ConcordStore
import GRDB

/// Which recorded labels count as the same answer now, after the merges and renames in force:
/// an SQL expression for a label id's class (with its bound values). With no schema change in
/// force it is the label id itself, at no cost. Used where "do these answers agree?" is asked of
/// the database (adaptive overlap's tie-breakers, `status`); reports map labels the same way.
struct LabelClasses {
    /// SQL giving the class of `label_id`; repeat `arguments` for each use.
    let expression: String
    let arguments: StatementArguments
    /// The newest schema change (or revert), 0 for none: a table derived with these classes is
    /// stale once it moves.
    let schemaVersion: Int64

    /// The newest schema change (or revert), 0 for none: cheap, to tell whether classes changed.
    static func schemaVersion(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM schema_changes") ?? 0
    }

    static func current(_ db: Database) throws -> LabelClasses {
        let version = try schemaVersion(db)
        let changes = try SchemaChangeStore.active(db)
        guard !changes.isEmpty else { return LabelClasses(expression: "label_id", arguments: [], schemaVersion: version) }
        var classOfName: [String: Int64] = [:], cases: [(Int64, Int64)] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM labels ORDER BY id") {
            let id: Int64 = row["id"], name = changes.reduce(row["name"] as String) { $1.apply($0) }
            let representative = classOfName[name] ?? id
            classOfName[name] = representative
            if representative != id { cases.append((id, representative)) }
        }
        guard !cases.isEmpty else { return LabelClasses(expression: "label_id", arguments: [], schemaVersion: version) }
        var arguments = StatementArguments()
        for (id, representative) in cases { arguments += [id, representative] }
        let whens = String(repeating: " WHEN ? THEN ?", count: cases.count)
        return LabelClasses(expression: "(CASE label_id\(whens) ELSE label_id END)", arguments: arguments, schemaVersion: version)
    }

    /// SQL that is true when a group's answers are all one class, and its arguments.
    var agreeing: (sql: String, arguments: StatementArguments) {
        ("min(\(expression)) = max(\(expression))", arguments + arguments)
    }
}
