import ConcordAnalysis
import ArgumentParser
import ConcordFormats
import ConcordServices
import ConcordStore
import Foundation

struct DoctorCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the project's database for damage: SQLite's full integrity check, with no time limit.",
        discussion: """
            Every command that writes already runs a quick check when it opens a project of up to 16 MB, and \
            refuses a damaged one; larger databases are checked only here (run it from cron). This runs the full \
            check and keeps its result beside the database: writers refuse a large database whose last check \
            found damage, and `status` says when it was checked. Exit 0 when the database is sound, 74 when it \
            is not, with how to recover: copy your last `concord backup` over concord.sqlite.
            """)

    @Argument(help: "The project folder.") var project: String
    @Flag(help: "Print the verdict as JSON ({store, sound, problems}); the exit code is the same.") var json = false

    struct Verdict: Encodable {
        var store: String
        var sound: Bool
        var problems: [String]
    }

    func execute() throws {
        let opened = try Project(path: project, access: .reading)
        let path = opened.store.location
        let problems = try opened.store.damage(full: true) ?? []
        // Kept beside the database: writers refuse a large file whose last check found damage,
        // and status says when it was checked. A folder we may not write keeps no record.
        do {
            try opened.store.recordDamageCheck(problems)
        } catch {
            Console.note("note: could not keep the result beside the database (\(error.localizedDescription))")
        }
        if json { try printJSON(Verdict(store: path, sound: problems.isEmpty, problems: problems)) }
        guard problems.isEmpty else { throw StoreError.damaged(path: path, problems: problems) }
        if json { return }
        printSafe("\(path): ok (SQLite integrity_check found no damage)")
    }
}

struct BackupCommand: ConcordCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the project's database to FILE while others may be labeling (SQLite's online backup).",
        discussion: "The copy is checked after it is made. FILE must not exist. To restore, stop Concord and copy it over concord.sqlite.")

    @Argument(help: "The project folder.") var project: String
    @Argument(help: "The backup file to create.") var file: String

    func execute() throws {
        let opened = try Project(path: project, access: .reading)
        try opened.store.backup(to: file)
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        printSafe("\(file): a checked copy of \(opened.store.location) (\(grouped(size)) bytes)")
    }
}
