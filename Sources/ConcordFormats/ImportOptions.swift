/// How the columns of an import file map onto Concord's concepts. Every name has a default, so
/// a file written with Concord's own column names needs no flags.
public struct ImportOptions: Sendable {
    /// Item id column of an items file (default `id`).
    public var idColumn: String?
    /// Item column of a long-form annotation file (default `item`, else `id`, else `item_id`).
    public var itemColumn: String?
    /// Labeler column; its presence makes a file an annotation file (default `labeler`).
    public var labelerColumn: String?
    /// Label column of an annotation file (default `label`).
    public var labelColumn: String?
    /// Optional note column (default `note`).
    public var noteColumn: String?
    /// Optional seconds-taken column (default `seconds`, else `time`).
    public var timeColumn: String?
    /// Payload column (default `text`). In an annotation file it creates missing items.
    public var textColumn: String?
    /// Group column (default: the config's `group:` field).
    public var groupColumn: String?
    /// In an annotation file, the columns kept as item metadata (default: the config's slices).
    /// In an items file every other column is metadata.
    public var metadataColumns: [String]?
    /// Only rows where every `column == value` are imported (e.g. `repeat=0`).
    public var filters: [(column: String, value: String)]
    /// An annotation file without a text column creates the items it names, with empty text
    /// (for analysis only); without it, such items must have been imported before.
    public var createItems = false
    /// Label Studio and Prodigy exports: where the item id is (a JSON path such as
    /// `data.source_id` or `meta.id`; default: the task's `id`, Prodigy's `_input_hash`).
    public var itemKey: String?
    /// Label Studio: where the item's text is (default `data.text`, else the only string field).
    public var textKey: String?
    /// Label Studio: the choices control whose answers are the labels, when there are several.
    public var fromName: String?
    /// Prodigy binary classification: the label a rejected line counts as (default: refused).
    public var rejectAs: String?
    /// A column that marks repeated answers (retests): a row whose value is neither empty nor
    /// `0` is a labeler's retest of an item, kept apart from their first answer.
    public var repeatColumn: String?

    public init(
        idColumn: String? = nil, itemColumn: String? = nil, labelerColumn: String? = nil,
        labelColumn: String? = nil, noteColumn: String? = nil, timeColumn: String? = nil,
        textColumn: String? = nil, groupColumn: String? = nil, metadataColumns: [String]? = nil,
        filters: [(column: String, value: String)] = []
    ) {
        self.idColumn = idColumn
        self.itemColumn = itemColumn
        self.labelerColumn = labelerColumn
        self.labelColumn = labelColumn
        self.noteColumn = noteColumn
        self.timeColumn = timeColumn
        self.textColumn = textColumn
        self.groupColumn = groupColumn
        self.metadataColumns = metadataColumns
        self.filters = filters
    }
}

extension ImportOptions {
    /// Every option that changes what an import reads, as one stable string.
    public var fingerprint: String {
        let columns = [idColumn, itemColumn, labelerColumn, labelColumn, noteColumn, timeColumn, textColumn, groupColumn,
                       createItems ? "create-items" : nil, itemKey, textKey, fromName, rejectAs, repeatColumn]
            .map { $0 ?? "" }.joined(separator: "\u{1F}")
        let filters = self.filters.map { "\($0.column)=\($0.value)" }.sorted().joined(separator: "\u{1F}")
        return [columns, metadataColumns?.joined(separator: ",") ?? "*", filters].joined(separator: "\u{1E}")
    }
}

/// What one file of an import did.
public struct FileImportReport: Sendable, Equatable, Codable {
    public enum Form: String, Sendable, Codable { case items, annotations }
    public var file: String
    public var form: Form
    /// Records read (after the header), and how many of them `--where` left out.
    public var rows = 0
    public var filteredOut = 0
    public var itemsAdded = 0
    public var itemsUnchanged = 0
    public var eventsAdded = 0
    /// Rows that restate a labeler's current answer: nothing to append.
    public var eventsUnchanged = 0
    public var labelersAdded = 0
    /// Repeated answers kept apart as retests (`--repeat-col`).
    public var retestsAdded = 0
    /// Model predictions the file carried (a Label Studio export's `predictions`).
    public var predictionsAdded = 0
    /// The file's format, as recognised from its content (`csv`, `jsonl`, `label-studio`, …).
    public var format = ""
    public var ignoredColumns: [String] = []
    /// The same file (by SHA-256) was imported before; nothing was read.
    public var alreadyImported = false

    public init(file: String, form: Form) {
        self.file = file
        self.form = form
    }
}
