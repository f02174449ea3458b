import ConcordSQLite
import ConcordStore
import ConcordDomain
import ConcordFormats
import ConcordServices
import Foundation

/// Deterministic synthetic data at benchmark scale: a 1M-item CSV shaped like the voice-assistant
/// sample (text, condition, device, speaker) and a long-form answer file from 3 labelers with
/// 20% of answers missing (≈ 2.4M rows). The same seed gives the same bytes on every machine.
struct SyntheticProject {
    static let labels = ["play_music", "set_timer", "weather", "call_contact", "navigation", "smart_home", "shopping_list", "other"]
    static let conditions = ["clean", "car_noise", "people_noise", "low_bandwidth"]
    static let devices = ["phone", "smart_speaker", "car_headunit", "watch"]
    static let words = ["play", "some", "music", "set", "a", "timer", "for", "ten", "minutes", "what", "is", "the",
                        "weather", "call", "mom", "navigate", "to", "work", "turn", "on", "lights", "add", "milk",
                        "list", "uh", "please", "tomorrow", "kitchen", "[inaudible]", "jazz", "traffic", "rain"]

    let folder: URL
    let items: Int
    let labelers: Int
    let missingShare: Double

    var itemsCSV: URL { folder.appendingPathComponent("items.csv") }
    var answersCSV: URL { folder.appendingPathComponent("answers.csv") }

    init(folder: URL, items: Int = 1_000_000, labelers: Int = 3, missingShare: Double = 0.2) {
        self.folder = folder
        self.items = items
        self.labelers = labelers
        self.missingShare = missingShare
    }

    /// Writes both CSV files; returns the number of answer rows.
    @discardableResult
    func writeFiles(seed: UInt64 = 42, labelStudio: URL? = nil, longForm: URL? = nil) throws -> Int {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The same items and answers as a Label Studio JSON export (`concord-bench interop`).
        let tasksOut = try labelStudio.map { try Output($0) }
        var tasksText = "["
        // The same answers as one long-form CSV that carries each item's text and metadata on
        // every row: what a tool's CSV export looks like (the interop benchmark's anchor).
        let longOut = try longForm.map { try Output($0) }
        var longText = "item,labeler,label,text,condition,device,speaker\n"
        var random = SeededGenerator(seed: seed)
        var itemText = "id,text,condition,device,speaker\n"
        var answerText = "item,labeler,label\n"
        var answerRows = 0
        let itemsOut = try Output(itemsCSV), answersOut = try Output(answersCSV)
        for index in 0..<items {
            let id = "it\(index)"
            let condition = Self.conditions[Int(random.next() % 4)]
            var text = ""
            for word in 0..<(6 + Int(random.next() % 8)) {
                if word > 0 { text += " " }
                text += Self.words[Int(random.next() % UInt64(Self.words.count))]
            }
            // A few texts need quoting, as real ones do.
            let raw = index % 50 == 0 ? "\(text), \"quoted\"" : text
            if index % 50 == 0 { text = "\"\(text), \"\"quoted\"\"\"" }
            let device = Self.devices[Int(random.next() % 4)], speaker = "spk\(random.next() % 20_000)"
            itemText += "\(id),\(text),\(condition),\(device),\(speaker)\n"
            let truth = Int(random.next() % UInt64(Self.labels.count))
            let errorRate = condition == "clean" ? 0.08 : 0.25
            var annotations: [String] = []
            for labeler in 0..<labelers where random.nextUnit() >= missingShare {
                let label = random.nextUnit() < errorRate ? Int(random.next() % UInt64(Self.labels.count)) : truth
                answerText += "\(id),labeler\(labeler),\(Self.labels[label])\n"
                if longOut != nil { longText += "\(id),labeler\(labeler),\(Self.labels[label]),\(text),\(condition),\(device),\(speaker)\n" }
                answerRows += 1
                if tasksOut != nil {
                    annotations.append(#"{"id":\#(answerRows),"completed_by":{"id":\#(labeler),"email":"labeler\#(labeler)"},"result":[{"type":"choices","from_name":"intent","to_name":"text","value":{"choices":["\#(Self.labels[label])"]}}],"was_cancelled":false,"ground_truth":false,"created_at":"2026-01-01T00:00:00Z","lead_time":2.5}"#)
                }
            }
            if let longOut, longText.utf8.count > 1 << 20 { try longOut.write(&longText) }
            if let tasksOut {
                tasksText += (index > 0 ? ",\n" : "\n") + #"{"id":\#(index),"data":{"item":"\#(id)","text":\#(JSONText.quoted(raw)),"condition":"\#(condition)","device":"\#(device)","speaker":"\#(speaker)"},"annotations":[\#(annotations.joined(separator: ","))],"predictions":[]}"#
                if tasksText.utf8.count > 1 << 20 { try tasksOut.write(&tasksText) }
            }
            if itemText.utf8.count > 1 << 20 { try itemsOut.write(&itemText) }
            if answerText.utf8.count > 1 << 20 { try answersOut.write(&answerText) }
        }
        try itemsOut.write(&itemText)
        try answersOut.write(&answerText)
        if let longOut { try longOut.write(&longText) }
        if let tasksOut {
            tasksText += "\n]\n"
            try tasksOut.write(&tasksText)
        }
        return answerRows
    }

    /// Generates the data, makes the project and imports items and answers into it: the starting
    /// point of the agreement, label and export benchmarks. Returns the project and its folder.
    func generateAndImport() throws -> (project: Project, folder: URL) {
        print("generating and importing \(items) items × \(labelers) labelers (\(Int(missingShare * 100))% missing) …")
        try writeFiles()
        let projectFolder = folder.appendingPathComponent("project")
        try writeProject(in: projectFolder)
        let project = try Project(path: projectFolder.path)
        _ = try Importer(project: project, options: ImportOptions()).run(files: [itemsCSV.path, answersCSV.path])
        return (project, projectFolder)
    }

    /// A project folder whose config matches the synthetic data (no database yet).
    func writeProject(in projectFolder: URL) throws {
        try FileManager.default.createDirectory(at: projectFolder, withIntermediateDirectories: true)
        let config = try ProjectConfig(
            name: "synthetic", labelSet: try LabelSet.withDefaultHotkeys(names: Self.labels), labelersPerItem: try LabelsPerItem(labelers),
            sliceFields: ["condition", "device"], groupField: "speaker")
        try ConfigFile.render(config).write(to: projectFolder.appendingPathComponent(ConfigFile.fileName),
                                            atomically: true, encoding: .utf8)
    }

    /// A file written a megabyte of text at a time.
    final class Output {
        let handle: FileHandle
        init(_ url: URL) throws {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            handle = try FileHandle(forWritingTo: url)
        }
        func write(_ text: inout String) throws {
            try handle.write(contentsOf: Data(text.utf8))
            text = ""
        }
        deinit { try? handle.close() }
    }
}
