import ConcordAnalysis
import ConcordDomain
import ConcordFormats
import ConcordStore
import Foundation

/// Imports items and long-form annotations into a project: every file of one run in one
/// transaction, whole or not at all, with an error naming file, line and field. Re-importing a
/// file changes nothing. The files are read by format (`RecordFormats`); the store writes them.
public struct Importer {
    public let project: Project
    public let options: ImportOptions
    /// Called now and then with (bytes read, bytes in all files) for progress displays.
    public var progress: ((Int, Int) -> Void)?

    public init(project: Project, options: ImportOptions, progress: ((Int, Int) -> Void)? = nil) {
        self.project = project
        self.options = options
        self.progress = progress
    }

    public func run(files: [String]) throws -> [FileImportReport] {
        let context = ImportContext(config: project.config, options: options,
                                    answerNames: Set(try project.labelSet().answerNames), guideline: try project.currentGuideline())
        return try project.store.importFiles(files, context: context, progress: progress)
    }
}
