import ConcordTestSupport
@testable import ConcordSQLite
import ConcordDomain
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation
import GRDB
import Testing

@Suite("Membership")
struct MembershipTests {
    /// The account running the tests owns the database file it creates.
    let me = String(cString: getpwuid(geteuid())!.pointee.pw_name)

    @Test("until an admin has an account, the database file's owner is the admin; then everyone else is who their account says")
    func resolution() throws {
        let project = try makeProject(in: temporaryFolder())
        let store = project.store
        #expect(try store.member(account: me) == Member(name: me, role: .admin, account: me))
        #expect(try store.member(account: "someone-else").role == .labeler)
        try store.enroll(try store.member(account: me))
        try store.setRole(name: "rita", role: .reviewer, account: "rsmith", by: try store.member(account: me))
        #expect(try store.member(account: "rsmith") == Member(name: "rita", role: .reviewer, account: "rsmith"))
        // The name rita belongs to rsmith: an account called rita cannot take it.
        #expect(throws: MembershipError.nameTaken(name: "rita", account: "rsmith")) { try store.member(account: "rita") }
        #expect(try store.roleChanges().map { "\($0.name) \($0.role.rawValue) by \($0.changedBy)" } == ["\(me) admin by \(me)", "rita reviewer by \(me)"])
    }

    @Test("only an admin changes roles, and the role log cannot be rewritten")
    func roleLog() throws {
        let project = try makeProject(in: temporaryFolder())
        let labeler = Member(name: "ana", role: .labeler, account: "ana")
        #expect(throws: PermissionError(person: "ana", role: .labeler, permission: .manageRoles)) {
            try project.store.setRole(name: "ana", role: .admin, by: labeler)
        }
        try project.store.grant("rita", .reviewer)
        #expect(throws: DatabaseError.self) { try project.sqlite.pool.write { try $0.execute(sql: "DELETE FROM role_changes") } }
        #expect(throws: DatabaseError.self) { try project.sqlite.pool.write { try $0.execute(sql: "UPDATE role_changes SET changed_by = 'x'") } }
        #expect(try project.store.roleChanges().count == 1)
    }

    @Test("--as: an admin acts for someone (both recorded); a labeler may not, unless the project declares identities")
    func actingAs() throws {
        let project = try makeProject(in: temporaryFolder())
        let onBehalf = try project.identify(account: me, as: "ana")
        #expect(onBehalf.person.name == "ana" && onBehalf.enteredBy?.name == me)
        #expect(throws: PermissionError.self) { try project.identify(account: "ana", as: "rita") }
        #expect(try project.identify(account: "ana", as: "ana").enteredBy == nil)
        var declared = try Project(path: project.directory.path)
        try (try String(contentsOfFile: declared.configPath, encoding: .utf8) + "identity: declared\n")
            .write(toFile: declared.configPath, atomically: true, encoding: .utf8)
        declared = try Project(path: project.directory.path)
        #expect(try declared.identify(account: "ana", as: "rita").person.name == "rita")
    }
}
