import ConcordTestSupport
import Foundation
import GRDB
import Testing

/// Another operating-system account to run `concord` as (`setpriv`), for what one person may do
/// in another's project. Needs root: these tests are reported as skipped, never passed, without it.
struct OtherAccount {
    let name: String
    let uid: Int

    /// `daemon` and `nobody` exist on every Debian system, and neither is in root's groups.
    static let daemon = OtherAccount(name: "daemon", uid: 1)
    static let nobody = OtherAccount(name: "nobody", uid: 65534)

    static let available: Bool = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    /// Runs concord as this account (its own uid and gid, no supplementary groups).
    func run(_ arguments: [String]) throws -> ConcordProcess.Result {
        try ConcordProcess.run(command: "/usr/bin/setpriv",
                               ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", ConcordProcess.binary] + arguments)
    }
}

@Suite("Identity and roles", .enabled(if: OtherAccount.available, "needs root and setpriv to run concord as other accounts"))
struct IdentityTests {
    /// A project made by root (its first admin), open to everyone so that other accounts can
    /// write it; ana and ben's answers imported; daemon is mapped to the reviewer rita.
    func project() throws -> (folder: URL, path: String) {
        let folder = temporaryFolder()
        let path = folder.appendingPathComponent("p").path
        #expect(try ConcordProcess.run(["init", path, "--labels", "a,b,c"]).status == 0)
        let answers = write("item,labeler,label,text\ni1,ana,a,t1\ni1,ben,b,t1\ni2,ana,c,t2\ni2,ben,c,t2\n", to: "a.csv", in: folder)
        #expect(try ConcordProcess.run(["import", path, answers]).status == 0)
        #expect(try ConcordProcess.run(["labelers", path, "--add", "rita", "--role", "reviewer", "--account", "daemon"]).status == 0)
        chmod(folder.path, 0o755)
        for name in ["", "/concord.sqlite", "/concord.yaml", "/guidelines.md"] { chmod(path + name, 0o777) }
        return (folder, path)
    }

    func scalar(_ path: String, _ sql: String) throws -> String? {
        let queue = try DatabaseQueue(path: path + "/concord.sqlite")
        defer { try? queue.close() }
        return try queue.read { try String.fetchOne($0, sql: sql) }
    }

    @Test("whoever runs init is the project's first admin, and the role log says so")
    func founder() throws {
        let (_, path) = try project()
        let people = try ConcordProcess.run(["labelers", path, "--json"])
        #expect(people.stdout.contains("\"account\" : \"root\""))
        #expect(try scalar(path, "SELECT role FROM labelers WHERE account = 'root'") == "admin")
        let log = try ConcordProcess.run(["labelers", path, "--log"])
        #expect(log.stdout.contains("rita  reviewer") && log.stdout.contains("daemon  root"), "\(log.stdout)")
    }

    @Test("impersonation is refused with exit 77 and changes nothing: --as, self-promotion, adjudicating as a reviewer")
    func impersonation() throws {
        // Before: `--as rita` let a labeler adjudicate as a reviewer, and `labelers --add me
        // --role admin` let anyone promote themselves.
        let (_, path) = try project()
        let before = try scalar(path, "SELECT (SELECT count(*) FROM annotation_events) || '/' || (SELECT count(*) FROM adjudications) || '/' || (SELECT count(*) FROM role_changes) || '/' || (SELECT group_concat(name || role, ',') FROM labelers)")
        for attempt in [["labelers", path, "--add", "nobody", "--role", "admin"],
                        ["labelers", path, "--add", "ana", "--role", "reviewer"],
                        ["adjudicate", path, "--as", "rita", "i1", "a"],
                        ["annotate", path, "--as", "ana", "i1", "b"],
                        ["label", path, "--as", "ana"],
                        ["requeue", path, "--round", "1"],
                        ["merge", path, "a", "b", "--into", "ab", "--yes"],
                        ["adjudicate", path, "i1", "a"]] {
            let refused = try OtherAccount.nobody.run(attempt)
            #expect(refused.status == 77, "\(attempt.dropFirst(2)): \(refused.stderr)")
            #expect(refused.stderr.contains("nobody is a labeler; only"), "\(attempt.dropFirst(2)): \(refused.stderr)")
        }
        #expect(try OtherAccount.nobody.run(["label", path, "--as", "ana"]).stderr.contains("operating-system account 'nobody'"))
        let after = try scalar(path, "SELECT (SELECT count(*) FROM annotation_events) || '/' || (SELECT count(*) FROM adjudications) || '/' || (SELECT count(*) FROM role_changes) || '/' || (SELECT group_concat(name || role, ',') FROM labelers)")
        #expect(after == before)
    }

    @Test("the account is the person: a mapped account adjudicates as its name; an unmapped one labels as itself")
    func mappedAccount() throws {
        let (_, path) = try project()
        let mine = try OtherAccount.nobody.run(["annotate", path, "i1", "b"])
        #expect(mine.status == 0, "\(mine.stderr)")
        #expect(try scalar(path, "SELECT p.account FROM annotation_events e JOIN labelers p ON p.id = e.labeler_id ORDER BY e.id DESC LIMIT 1") == "nobody")
        let adjudicated = try OtherAccount.daemon.run(["adjudicate", path, "i1", "a", "--reason", "truly_ambiguous"])
        #expect(adjudicated.status == 0, "\(adjudicated.stderr)")
        #expect(adjudicated.stdout.contains("by rita"))
        #expect(try scalar(path, "SELECT p.name FROM adjudications d JOIN labelers p ON p.id = d.reviewer_id") == "rita")
        #expect(try scalar(path, "SELECT count(*) FROM adjudications WHERE entered_by_id IS NOT NULL") == "0")
    }

    @Test("an admin may act for someone with --as; the log records both names")
    func onBehalf() throws {
        let (_, path) = try project()
        let recorded = try ConcordProcess.run(["annotate", path, "--as", "ana", "i2", "a"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try scalar(path, """
            SELECT p.name || ' by ' || q.name FROM annotation_events e JOIN labelers p ON p.id = e.labeler_id
            JOIN labelers q ON q.id = e.entered_by_id ORDER BY e.id DESC LIMIT 1
            """) == "ana by root")
        let adjudicated = try ConcordProcess.run(["adjudicate", path, "--as", "rita", "i1", "a"])
        #expect(adjudicated.status == 0, "\(adjudicated.stderr)")
        #expect(try scalar(path, """
            SELECT p.name || ' by ' || q.name FROM adjudications d JOIN labelers p ON p.id = d.reviewer_id
            JOIN labelers q ON q.id = d.entered_by_id
            """) == "rita by root")
    }

    @Test("identity: declared lets scripts name the labeler, for analysis without accounts")
    func declared() throws {
        let (_, path) = try project()
        let config = path + "/concord.yaml"
        try (try String(contentsOfFile: config, encoding: .utf8) + "identity: declared\n").write(toFile: config, atomically: false, encoding: .utf8)
        let declared = try OtherAccount.nobody.run(["annotate", path, "--as", "cy", "i1", "c"])
        #expect(declared.status == 0, "\(declared.stderr)")
        #expect(try scalar(path, "SELECT count(*) FROM annotation_events WHERE entered_by_id IS NOT NULL") == "0")
        #expect(try scalar(path, "SELECT p.name FROM answers a JOIN labelers p ON p.id = a.labeler_id JOIN labels l ON l.id = a.label_id WHERE l.name = 'c' AND a.item_id = 1") == "cy")
    }

    @Test("a labeler reads aggregate figures only: no disagreement queue, no per-pair κ, only their own row")
    func labelerReads() throws {
        let (_, path) = try project()
        #expect(try OtherAccount.nobody.run(["annotate", path, "i1", "a"]).status == 0)
        for report in [["disagreements", path], ["export", path, "--out", path + "-export"], ["guideline-gaps", path]] {
            let refused = try OtherAccount.nobody.run(report)
            #expect(refused.status == 77, "\(report[0]): \(refused.stderr)")
            #expect(refused.stderr.contains("only reviewers and admins may read individual answers"), "\(report[0])")
        }
        let agreement = try OtherAccount.nobody.run(["agreement", path, "--json"])
        #expect(agreement.status == 0, "\(agreement.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(agreement.stdout.utf8)) as? [String: Any])
        #expect((json["cohen_kappa"] as? [Any])?.isEmpty == true)
        #expect((json["labeler_figures"] as? [[String: Any]])?.compactMap { $0["labeler"] as? String } == ["nobody"])
        #expect((json["withheld"] as? [String])?.isEmpty == false)
        #expect(json["krippendorff_alpha"] != nil)
        // A reviewer reads everything.
        let full = try OtherAccount.daemon.run(["agreement", path, "--json"])
        let all = try #require(try JSONSerialization.jsonObject(with: Data(full.stdout.utf8)) as? [String: Any])
        #expect((all["cohen_kappa"] as? [Any])?.count == 3)
        #expect((all["withheld"] as? [String])?.isEmpty == true)
        #expect(try OtherAccount.daemon.run(["disagreements", path]).status == 0)
    }

    @Test("reports work on a project the account may not write, and leave no files behind, in use or not")
    func readOnlyProject() throws {
        // Before: status, agreement and export failed with "attempt to write a readonly database".
        let (folder, path) = try project()
        for name in ["", "/concord.sqlite", "/concord.yaml", "/guidelines.md"] { chmod(path + name, name.isEmpty ? 0o755 : 0o644) }
        let files = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        let out = folder.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        chmod(out.path, 0o777)
        func reports() throws {
            for report in [["status", path], ["agreement", path], ["hlp", path], ["disagreements", path],
                           ["export", path, "--out", out.appendingPathComponent("x\(UUID().uuidString)").path, "--ratios", "34,33,33"]] {
                let result = try OtherAccount.daemon.run(report)
                #expect(result.status == 0, "\(report[0]): \(result.stderr)")
            }
        }
        try reports()
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).sorted() == files)
        // While someone has the project open (its -wal and -shm exist), readers use those files.
        let pool = try DatabasePool(path: path + "/concord.sqlite")
        try pool.write { try $0.execute(sql: "INSERT INTO labels (name) VALUES ('held open')") }
        try reports()
        var owners = Set<uid_t>()
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            var info = stat()
            stat(path + "/" + name, &info)
            owners.insert(info.st_uid)
        }
        #expect(owners == [0], "files in the project belong to its owner only")
        try pool.close()
    }
}
