import ConcordAnalysis
import ConcordStore
import ConcordFormats
import ConcordDomain
import Foundation

/// What `concord check` needs from an export folder, read in one pass over its split files: per
/// split the labels and the values of the slice fields, which normalised texts and which groups
/// occur in which splits. The folder is found by its `manifest.json` (format and file names).
struct ExportedSplits {
    var names: [String] = []
    var items: [Int] = []
    /// Per split: items per label, and per field items per value ("" when missing).
    var labels: [[String: Int]] = []
    var fields: [String: [[String: Int]]] = [:]
    /// Items whose normalised text is also in another split, with a few of their ids.
    var leakedItems = 0
    var leakedItemExamples: [String] = []
    /// Groups with items in more than one split, with a few names.
    var leakedGroups = 0
    var leakedGroupExamples: [String] = []
    var hasGroups = false

    static func read(folder: String, fields wanted: [String]) throws -> ExportedSplits {
        let manifestPath = URL(fileURLWithPath: folder).appendingPathComponent("manifest.json").path
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw DataFileError(file: manifestPath, "no export here: --export names a folder written by `concord export` (it has a manifest.json)")
        }
        guard let manifest = try? JSONDecoder().decode(ManifestFiles.self, from: data) else {
            throw DataFileError(file: manifestPath, "not a Concord export manifest (no `files` with split and file names)")
        }
        // Label Studio tasks are not rows: the leakage and split checks read a tabular export.
        guard manifest.options.format != ExportOptions.Format.labelStudio.rawValue else {
            throw DataFileError(file: manifestPath, "this export holds Label Studio tasks, not rows; run the checks on a jsonl, csv or hf export of the same project and options (the same seed gives the same splits)")
        }
        var result = ExportedSplits()
        // Per normalised text: the splits it is in, and where it was first seen (to name a twin).
        var texts: [UInt64: TextSeen] = [:], groupSplits: [String: UInt8] = [:]
        var keys: [[UInt64?]] = [], ids: [[String]] = []
        for (position, file) in manifest.files.enumerated() {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file.file).path
            let bit = UInt8(1) << UInt8(min(position, 7))
            var labels: [String: Int] = [:]
            var values = [[String: Int]](repeating: [:], count: wanted.count)
            var splitKeys: [UInt64?] = [], splitIDs: [String] = []
            let columns = ["id", "text", "label", "group"] + wanted.map(DatasetFile.columnName)
            try forEachRecord(path: path, csv: manifest.options.format == "csv", columns: columns) { row in
                // A text with no words left after normalising cannot leak: it gets no key.
                let key = TextKey.of(row[1] ?? "")
                splitKeys.append(key)
                splitIDs.append(row[0] ?? "")
                if let key {
                    texts[key, default: TextSeen(splits: 0, split: Int32(position), row: Int32(splitKeys.count - 1))].splits |= bit
                }
                labels[row[2] ?? "", default: 0] += 1
                if let group = row[3] {
                    result.hasGroups = true
                    groupSplits[group, default: 0] |= bit
                }
                for field in wanted.indices { values[field][row[4 + field] ?? "", default: 0] += 1 }
            }
            result.names.append(file.split)
            result.items.append(splitKeys.count)
            result.labels.append(labels)
            for (field, name) in wanted.enumerated() { result.fields[name, default: []].append(values[field]) }
            keys.append(splitKeys)
            ids.append(splitIDs)
        }
        for (split, splitKeys) in keys.enumerated() {
            for (row, key) in splitKeys.enumerated() {
                guard let key else { continue }
                let seen = texts[key]!
                guard seen.splits.nonzeroBitCount > 1 else { continue }
                result.leakedItems += 1
                let twin = (split: Int(seen.split), row: Int(seen.row))
                if twin.split != split && result.leakedItemExamples.count < 5 {
                    result.leakedItemExamples.append("\(ids[split][row]) (\(result.names[split])) has the text of \(ids[twin.split][twin.row]) (\(result.names[twin.split]))")
                }
            }
        }
        for (group, splits) in groupSplits.sorted(by: { $0.key < $1.key }) where splits.nonzeroBitCount > 1 {
            result.leakedGroups += 1
            if result.leakedGroupExamples.count < 5 { result.leakedGroupExamples.append(group) }
        }
        return result
    }

    struct TextSeen {
        var splits: UInt8
        var split: Int32
        var row: Int32
    }

    /// The manifest's parts this reader needs.
    private struct ManifestFiles: Decodable {
        struct Options: Decodable { var format: String }
        struct File: Decodable {
            var split: String
            var file: String
        }
        var options: Options
        var files: [File]
    }

    /// Calls `body` with the values of `columns` for every record of a split file.
    private static func forEachRecord(path: String, csv: Bool, columns: [String], _ body: ([String?]) -> Void) throws {
        if csv {
            var reader = try CSVReader(path: path)
            let positions = columns.map { reader.columns.firstIndex(of: $0) }
            var values: [String?] = []
            while try reader.next(into: &values) != nil { body(positions.map { $0.flatMap { values[$0] } }) }
            return
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataFileError(file: path, "cannot open the file (missing or not readable)")
        }
        defer { try? handle.close() }
        let keys = columns.map { Array($0.utf8) }
        var pending: [UInt8] = [], line = 0
        func lines(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 0x0A {
                try one(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
            }
            if final && start < bytes.count { try one(UnsafeBufferPointer(rebasing: bytes[start...])) ; return bytes.count }
            return start
        }
        func one(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            line += 1
            guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { return }
            guard let values = FlatJSONLine.values(of: keys, in: bytes) else {
                throw DataFileError(file: path, line: line, "not a flat JSON object, as `concord export` writes")
            }
            body(values)
        }
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            pending += chunk
            let used = try pending.withUnsafeBufferPointer { try lines($0, final: false) }
            pending.removeFirst(used)
        }
        _ = try pending.withUnsafeBufferPointer { try lines($0, final: true) }
    }
}
