import ConcordDomain

/// Which column of a file plays which part, decided once from the header and the options.
public struct ColumnLayout {
    public let form: FileImportReport.Form
    /// Item id (items file) or item reference (annotation file).
    public var id: Int?
    public var text: Int?
    public var labeler: Int?
    public var label: Int?
    public var note: Int?
    public var time: Int?
    /// Marks retests (`--repeat-col`).
    public var repeatFlag: Int?
    public var group: Int?
    public var metadata: [Int] = []
    public var ignored: [Int] = []
    public var filters: [(index: Int, value: String)] = []
    /// A record without labeler and label only brings its item (see `RecordReader`).
    public var itemOnlyRecords = false

    public init(reader: any RecordReader, options: ImportOptions, config: ProjectConfig) throws {
        let columns = reader.columns
        let file = reader.file
        itemOnlyRecords = reader.hasItemOnlyRecords
        func index(_ name: String) -> Int? { columns.firstIndex(of: name) }
        /// An explicitly named column must exist; a default one may be absent.
        func column(_ explicit: String?, defaults: [String], flag: String) throws -> Int? {
            if let explicit {
                guard let found = index(explicit) else {
                    throw DataFileError(file: file, line: 1, field: explicit,
                                        "no such column (\(flag) \(explicit)); the columns are: \(columns.joined(separator: ", "))")
                }
                return found
            }
            return defaults.lazy.compactMap(index).first
        }

        labeler = try column(options.labelerColumn, defaults: ["labeler"], flag: "--labeler-col")
        label = try column(options.labelColumn, defaults: ["label"], flag: "--label-col")
        if labeler == nil, label != nil {
            throw DataFileError(file: file, line: 1, field: columns[label!],
                                "the file has a label column but no labeler column; name it with --labeler-col (columns: \(columns.joined(separator: ", ")))")
        }
        form = labeler == nil ? .items : .annotations
        text = try column(options.textColumn, defaults: ["text"], flag: "--text-col")
        switch form {
        case .items:
            id = try column(options.idColumn ?? options.itemColumn, defaults: ["id"], flag: "--id-col")
            guard id != nil else {
                throw DataFileError(file: file, line: 1, field: "id",
                                    "missing id column; the columns are: \(columns.joined(separator: ", ")) (name the id column with --id-col)")
            }
            guard text != nil else {
                throw DataFileError(file: file, line: 1, field: "text",
                                    "missing text column (the item's payload); the columns are: \(columns.joined(separator: ", ")) (name it with --text-col)")
            }
        case .annotations:
            id = try column(options.itemColumn ?? options.idColumn, defaults: ["item", "id", "item_id"], flag: "--item-col")
            guard id != nil else {
                throw DataFileError(file: file, line: 1, field: "item",
                                    "missing item column; the columns are: \(columns.joined(separator: ", ")) (name it with --item-col)")
            }
            guard label != nil else {
                throw DataFileError(file: file, line: 1, field: "label",
                                    "missing label column; the columns are: \(columns.joined(separator: ", ")) (name it with --label-col)")
            }
            note = try column(options.noteColumn, defaults: ["note"], flag: "--note-col")
            time = try column(options.timeColumn, defaults: ["seconds", "time"], flag: "--time-col")
            repeatFlag = try column(options.repeatColumn, defaults: [], flag: "--repeat-col")
        }
        // A group column named on the command line must exist; the config's group field may be
        // absent from a file (its items then have no group).
        group = try column(options.groupColumn, defaults: config.groupField.map { [$0] } ?? [], flag: "--group-col")
        let roles = Set([id, text, labeler, label, note, time, group, repeatFlag].compactMap { $0 })
        for filter in options.filters {
            guard let found = index(filter.column) else {
                throw DataFileError(file: file, line: 1, field: filter.column,
                                    "--where names a column the file does not have; the columns are: \(columns.joined(separator: ", "))")
            }
            filters.append((found, filter.value))
        }
        let wanted: Set<String>? = form == .items ? nil : Set(options.metadataColumns ?? reader.itemMetadataColumns ?? config.sliceFields)
        if let explicit = options.metadataColumns, let missing = explicit.first(where: { index($0) == nil }) {
            throw DataFileError(file: file, line: 1, field: missing,
                                "--meta-cols names a column the file does not have; the columns are: \(columns.joined(separator: ", "))")
        }
        if let (position, problem) = columns.enumerated().lazy.compactMap({ column in Names.problem(column.element).map { (column.offset, $0) } }).first {
            throw DataFileError(file: file, line: 1, field: "column \(position + 1) of the header", "the column's name \(problem)")
        }
        for (position, name) in columns.enumerated() where !roles.contains(position) {
            if form == .annotations && text == nil && !options.createItems {
                ignored.append(position)
            } else if wanted == nil || wanted!.contains(name) {
                metadata.append(position)
            } else {
                ignored.append(position)
            }
        }
    }

    public func passesFilters(_ values: [String?]) -> Bool {
        filters.allSatisfy { values[$0.index] == $0.value }
    }
}
