import ConcordDomain
import ConcordFormats

/// What an import needs to know of the project: its config, the answers it accepts now (after
/// schema changes), and the guideline in force.
public struct ImportContext: Sendable {
    public var config: ProjectConfig
    public var options: ImportOptions
    /// Every answer name a file may use: the config's, and any a schema change made.
    public var answerNames: Set<String>
    public var guideline: GuidelineVersion?

    public init(config: ProjectConfig, options: ImportOptions, answerNames: Set<String>, guideline: GuidelineVersion?) {
        self.config = config
        self.options = options
        self.answerNames = answerNames
        self.guideline = guideline
    }
}
