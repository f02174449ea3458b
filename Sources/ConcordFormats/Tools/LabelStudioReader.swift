import Foundation

/// Label Studio's JSON export (a JSON array of tasks), read as answers: every entry of a task's
/// `annotations` is one labeler's answer to the item in its `data`.
///
/// - Item: the task's `id`, or `--item-key PATH` (e.g. `data.source_id`). Text: `data.text`,
///   else the task's only string field, else `--text-key PATH`. The other scalar `data` fields
///   are the item's metadata.
/// - Labeler: `completed_by`, a user id (`user-14`) or an object whose `email` is used.
/// - Label: the `choices` of the result whose `from_name` is the project's control (the only
///   choices control, or `--from-name`). `lead_time` is the seconds taken; annotations are taken
///   in `created_at` order, so a labeler's latest is their answer. `was_cancelled` is a skip.
///   Concord's own consensus (user `concord`, `ground_truth`) is not an answer.
/// - `predictions` with a `model_version` are that model's predictions.
/// - Anything else (a rectangle, a span, several choices in one answer, a choice outside the
///   label set) is an error naming the task and the JSON path.
///
/// Tasks are read one at a time (`JSONArrayElements`); the item fields the first
/// `tasksPlanningColumns` tasks use become the columns, and a later task with a field none of
/// them had is refused rather than losing it.
public struct LabelStudioReader: RecordReader {
    public let file: String
    public var columns: [String] { rows.columns }
    public var bytesRead: Int { elements.bytesRead }
    public var itemMetadataColumns: [String]? { rows.metadataColumns }
    public private(set) var predictions: [CarriedPrediction] = []
    /// A task nobody annotated still brings its item.
    public var hasItemOnlyRecords: Bool { true }

    static let tasksPlanningColumns = 1_000
    /// The user Concord exports its consensus as (`export --format label-studio`).
    public static let consensusUser = "concord"

    private var elements: JSONArrayElements
    private var rows = ToolAnswerRows()
    private var pending: [ToolAnswerRows.Row] = []
    private var pendingIndex = 0
    private let options: ImportOptions
    private let answers: Set<String>
    private let answerList: [String]
    /// The `from_name` of the choices control whose answers are the labels, once seen.
    private var control: String?
    /// The previous task's data fields: tasks of one export mostly have the same.
    private var lastFieldNames: [String] = []
    /// `--item-key`'s path, split once.
    private let itemSteps: [String]

    public init(path: String, context: RecordFormats.Context, displayName: String? = nil) throws {
        file = displayName ?? path
        elements = try JSONArrayElements(path: path, file: file)
        options = context.options
        answers = Set(context.answers)
        answerList = context.answers
        control = context.options.fromName
        itemSteps = (context.options.itemKey ?? "id").split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Self.tasksPlanningColumns {
            guard let (bytes, line) = try elements.next() else { break }
            pending += try readTask(bytes, line: line)
        }
        rows.freeze()
        if pending.isEmpty {
            throw DataFileError(file: file, "the export holds no tasks")
        }
    }

    public mutating func next(into values: inout [String?]) throws -> Int? {
        while pendingIndex == pending.count {
            guard let (bytes, line) = try elements.next() else { return nil }
            pending = try readTask(bytes, line: line)
            pendingIndex = 0
        }
        let row = pending[pendingIndex]
        pendingIndex += 1
        values = row.values
        if values.count < rows.columns.count { values += [String?](repeating: nil, count: rows.columns.count - values.count) }
        return row.line
    }

    /// The answers of one task, in `created_at` order; its predictions are kept aside.
    private mutating func readTask(_ bytes: [UInt8], line: Int) throws -> [ToolAnswerRows.Row] {
        let task: JSONValueTree
        do { task = try JSONValueTree.parse(bytes) } catch let error as JSONValueTree.SyntaxError {
            throw DataFileError(file: file, line: line, "a task that is not valid JSON (\(error.message))")
        }
        guard task.members != nil else { throw DataFileError(file: file, line: line, "a task that is not a JSON object") }
        let taskID = task["id"]?.scalarText ?? "?", file = self.file
        // Captures no `self`: `choice` below mutates the reader.
        func problem(_ path: String, _ message: String) -> DataFileError {
            DataFileError(file: file, line: line, "task \(taskID), \(path): \(message)")
        }
        guard let data = task["data"], let fields = data.members else { throw problem("data", "missing; a Label Studio task holds its item in data") }
        let itemPath = options.itemKey ?? "id"
        guard let item = task.value(at: itemSteps)?.scalarText, !item.isEmpty else {
            throw problem(itemPath, "no item id here" + (options.itemKey == nil ? "" : " (--item-key)"))
        }
        let (text, textField) = try Self.text(of: data, task: task, options: options, problem: problem)
        let excluded: Set<String> = [textField, itemPath.hasPrefix("data.") ? String(itemPath.dropFirst(5)) : ""]
        let metadata = fields.filter { !excluded.contains($0.key) }.compactMap { field in field.value.scalarText.map { (field.key, $0) } }
        if metadata.map(\.0) != lastFieldNames, let unplanned = rows.declare(metadata.map(\.0)) {
            throw problem("data.\(unplanned)", "a field none of the first \(Self.tasksPlanningColumns) tasks has; list the fields to keep with --meta-cols (or move this task up)")
        }
        lastFieldNames = metadata.map(\.0)
        var result: [ToolAnswerRows.Row] = []
        // The item's part of every row of this task, made once (the metadata lookups were a
        // tenth of reading a million tasks).
        let template = rows.row(line: line, item: item, labeler: "", label: "", text: text, seconds: nil, metadata: metadata)
        let annotations = (task["annotations"]?.array ?? []).enumerated()
            .sorted { ($0.element["created_at"]?.string ?? "", $0.offset) < ($1.element["created_at"]?.string ?? "", $1.offset) }
        for (index, annotation) in annotations {
            let path = "annotations[\(index)]"
            if annotation["was_cancelled"]?.isTrue == true { continue }
            let labeler = try Self.labeler(annotation["completed_by"], problem: { problem("\(path).completed_by", $0) })
            let groundTruth = annotation["ground_truth"]?.isTrue == true
            if labeler == Self.consensusUser && groundTruth { continue }
            guard let label = try choice(in: annotation["result"], path: "\(path).result", problem: problem) else { continue }
            // As written: the import checks it is a number of seconds.
            let seconds = annotation["lead_time"].flatMap { if case .number(let text) = $0 { return text } else { return nil } }
            var row = template
            row.values[1] = labeler
            row.values[2] = label
            row.values[4] = seconds
            result.append(row)
        }
        if result.isEmpty {
            var row = template
            row.values[1] = nil
            row.values[2] = nil
            result.append(row)
        }
        for (index, prediction) in (task["predictions"]?.array ?? []).enumerated() {
            let path = "predictions[\(index)]"
            guard let model = prediction["model_version"]?.scalarText, !model.isEmpty,
                  let label = try choice(in: prediction["result"], path: "\(path).result", problem: problem) else { continue }
            predictions.append(CarriedPrediction(model: model, item: item, label: label, line: line, field: "task \(taskID), \(path)"))
        }
        return result
    }

    /// The item's text and the data field it came from.
    private static func text(of data: JSONValueTree, task: JSONValueTree, options: ImportOptions,
                             problem: (String, String) -> DataFileError) throws -> (String, String) {
        if let path = options.textKey {
            guard let text = task.value(at: path)?.scalarText else { throw problem(path, "no text here (--text-key)") }
            return (text, path.hasPrefix("data.") ? String(path.dropFirst(5)) : path)
        }
        if let text = data["text"]?.string { return (text, "text") }
        let strings = (data.members ?? []).filter { $0.value.string != nil }
        guard strings.count == 1, let only = strings.first, let text = only.value.string else {
            throw problem("data", "no data.text, and \(strings.count) string fields (\(strings.map(\.key).sorted().joined(separator: ", "))); name the text with --text-key data.FIELD")
        }
        return (text, only.key)
    }

    /// `completed_by`: a user id, or a user object (its email, else its id).
    private static func labeler(_ value: JSONValueTree?, problem: (String) -> DataFileError) throws -> String {
        if let user = value, user.members != nil {
            if let email = user["email"]?.string, !email.isEmpty { return email }
            if let id = user["id"]?.scalarText { return "user-\(id)" }
        } else if case .number(let id)? = value {
            return "user-\(id)"
        } else if case .string(let id)? = value, !id.isEmpty {
            return id
        }
        throw problem("missing; an annotation names its labeler in completed_by")
    }

    /// The one choice of the project's control in `result`; nil when the annotation has none.
    private mutating func choice(in result: JSONValueTree?, path: String, problem: (String, String) -> DataFileError) throws -> String? {
        guard let results = result?.array else { return nil }
        var found: String?
        for (index, entry) in results.enumerated() {
            let here = "\(path)[\(index)]"
            let fromName = entry["from_name"]?.string ?? ""
            let type = entry["type"]?.string ?? "?"
            // With --from-name, other controls (a comment box, say) are passed over.
            if let wanted = options.fromName, fromName != wanted { continue }
            guard type == "choices" else {
                throw problem("\(here).type", "'\(type)' is not a choices result; Concord imports single-label classification only (name the choices control with --from-name to pass other controls over)")
            }
            if let control, control != fromName {
                throw problem("\(here).from_name", "a second choices control '\(fromName)' (the first was '\(control)'); choose one with --from-name")
            }
            control = fromName
            let choices = (entry["value"]?["choices"]?.array ?? []).compactMap(\.string)
            guard choices.count <= 1 else {
                throw problem("\(here).value.choices", "\(choices.count) choices in one answer; a single-label project takes one")
            }
            guard let choice = choices.first else { continue }
            if !answers.isEmpty && !answers.contains(choice) {
                throw problem("\(here).value.choices", "'\(choice)' is not in the label set (\(answerList.joined(separator: ", ")))")
            }
            found = choice
        }
        return found
    }
}
