import ConcordDomain
import ConcordStore

extension Project {
    /// Records one answer (or an undo) for scripts: the label must be one of the project's
    /// answers now (after schema changes), and the event records the guideline in force.
    /// `enteredBy`: the admin recording it on the labeler's behalf.
    @discardableResult
    public func annotate(_ event: AnnotationEvent, enteredBy: String? = nil) throws -> Int64 {
        if let label = event.label, !config.labelSet.contains(label), !(try labelSet().contains(label)) {
            throw AnnotationError.unknownLabel(label, known: config.labelSet.answerNames)
        }
        return try store.append(event, guideline: try currentGuideline(), guidelinePath: config.guidelines, enteredBy: enteredBy)
    }
}
