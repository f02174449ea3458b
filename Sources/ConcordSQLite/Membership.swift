import ConcordFormats
import ConcordStore
import ConcordDomain
import Foundation
import GRDB




extension SQLiteStore {
    /// Who `account` is here (the member's `account` is always `account`). Read only: `enroll`
    /// records it once they act.
    /// - An account mapped to a labeler name is that labeler.
    /// - Until any admin has an account (a project from before accounts, or made by a library
    ///   rather than `concord init`), the owner of the database file is its admin.
    /// - Otherwise the account is the labeler of the same name, or a new labeler.
    public func member(account: String) throws -> Member {
        let owner = fileOwner
        return try pool.read { db in
            if let row = try Row.fetchOne(db, sql: "SELECT name, role FROM labelers WHERE account = ?", arguments: [account]) {
                return Member(name: row["name"], role: Role(rawValue: row["role"]) ?? .labeler, account: account)
            }
            let named = try Row.fetchOne(db, sql: "SELECT role, account FROM labelers WHERE name = ?", arguments: [account])
            if let mapped = named?["account"] as String? { throw MembershipError.nameTaken(name: account, account: mapped) }
            let hasAdmin = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM labelers WHERE account IS NOT NULL AND role = 'admin')") ?? false
            if !hasAdmin, account == owner { return Member(name: account, role: .admin, account: account) }
            return Member(name: account, role: named.flatMap { Role(rawValue: $0["role"]) } ?? .labeler, account: account)
        }
    }

    /// The person named `name` (nil: nobody by that name yet).
    public func member(named name: String) throws -> Member? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT role, account FROM labelers WHERE name = ?", arguments: [name]).map {
                Member(name: name, role: Role(rawValue: $0["role"]) ?? .labeler, account: $0["account"])
            }
        }
    }

    /// Everyone in the project, by name.
    public func members() throws -> [Member] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, account FROM labelers ORDER BY name").map {
                Member(name: $0["name"], role: Role(rawValue: $0["role"]) ?? .labeler, account: $0["account"])
            }
        }
    }

    /// Records what `member(account:)` resolved: the labeler row exists and carries the account.
    /// The file owner taking up an unclaimed project is logged as a role change.
    public func enroll(_ member: Member) throws {
        guard let account = member.account else { return }
        // Already recorded (every command after someone's first): nothing to write, so no need to
        // wait for the write lock while others label.
        let recorded = try pool.read { db in
            try String.fetchOne(db, sql: "SELECT account FROM labelers WHERE name = ?", arguments: [member.name])
        }
        if let recorded {
            guard recorded == account else { throw MembershipError.nameTaken(name: member.name, account: recorded) }
            return
        }
        try pool.write { db in
            let current = try Row.fetchOne(db, sql: "SELECT role, account FROM labelers WHERE name = ?", arguments: [member.name])
            if let mapped = current?["account"] as String? {
                guard mapped == account else { throw MembershipError.nameTaken(name: member.name, account: mapped) }
                return
            }
            let id = try Self.labelerID(db, name: member.name, role: member.role)
            let previous = current.flatMap { Role(rawValue: $0["role"]) }
            try db.execute(sql: "UPDATE labelers SET account = ?, role = ? WHERE id = ?", arguments: [account, member.role.rawValue, id])
            // A new labeler is no change of role; a new admin (the file's owner) or any change is.
            if previous.map({ $0 != member.role }) ?? (member.role != .labeler) {
                try Self.logRoleChange(db, labelerID: id, role: member.role, previous: previous, account: account, by: account)
            }
        }
    }

    /// Sets a person's role (creating them if needed) and, with `account`, maps that account to
    /// the name. Only an admin may; the change is logged with `changer`'s account.
    public func setRole(name: String, role: Role, account: String? = nil, by changer: Member) throws {
        guard changer.role.may(.manageRoles) else {
            throw PermissionError(person: changer.name, role: changer.role, permission: .manageRoles)
        }
        try pool.write { db in
            if let account, let holder = try String.fetchOne(db, sql: "SELECT name FROM labelers WHERE account = ?", arguments: [account]),
               holder != name {
                throw MembershipError.nameTaken(name: holder, account: account)
            }
            let previous = try String.fetchOne(db, sql: "SELECT role FROM labelers WHERE name = ?", arguments: [name]).flatMap(Role.init(rawValue:))
            let id = try Self.labelerID(db, name: name, role: role)
            try db.execute(sql: "UPDATE labelers SET role = ?, account = coalesce(?, account) WHERE id = ?",
                           arguments: [role.rawValue, account, id])
            try Self.logRoleChange(db, labelerID: id, role: role, previous: previous, account: account, by: changer.account ?? changer.name)
        }
    }

    /// The role log, oldest first.
    public func roleChanges() throws -> [RoleChange] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.name, c.role, c.previous_role, c.account, c.changed_by, c.created_at
                FROM role_changes c JOIN labelers p ON p.id = c.labeler_id ORDER BY c.id
                """).map {
                RoleChange(name: $0["name"], role: Role(rawValue: $0["role"]) ?? .labeler,
                           previousRole: ($0["previous_role"] as String?).flatMap(Role.init(rawValue:)),
                           account: $0["account"], changedBy: $0["changed_by"], at: $0["created_at"])
            }
        }
    }

    private static func logRoleChange(_ db: Database, labelerID: Int64, role: Role, previous: Role?, account: String?, by: String) throws {
        try db.execute(sql: """
            INSERT INTO role_changes (labeler_id, role, previous_role, account, changed_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [labelerID, role.rawValue, previous?.rawValue, account, by, Clock.nowMillis()])
    }

    /// The account that owns the database file: whoever created it.
    var fileOwner: String? {
        var info = stat()
        guard stat(path, &info) == 0, let entry = getpwuid(info.st_uid), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}
