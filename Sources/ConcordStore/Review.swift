import ConcordDomain

/// Why a reviewer chose the final label: the four reason codes of the review screen, and
/// `audit`, a blind label on an item of the audit sample (its audit reference).
public enum AdjudicationReason: String, CaseIterable, Sendable, Codable {
    case labeler_slip
    case guideline_unclear
    case truly_ambiguous
    case bad_input
    case audit

    /// The reasons a reviewer picks after seeing the answers (keys 1–4 on the review screen).
    public static let afterReview: [AdjudicationReason] = [.labeler_slip, .guideline_unclear, .truly_ambiguous, .bad_input]

    /// The key that picks it on the review screen (none for `audit`: the audit screen sets it).
    public var key: Character? {
        switch self {
        case .labeler_slip: return "1"
        case .guideline_unclear: return "2"
        case .truly_ambiguous: return "3"
        case .bad_input: return "4"
        case .audit: return nil
        }
    }

    public var title: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// Why a person may not review.
public enum ReviewError: Error, CustomStringConvertible, Equatable {
    case notAReviewer(String, Role?)

    public var description: String {
        switch self {
        case let .notAReviewer(name, role):
            let current = role.map { "is a \($0.rawValue)" } ?? "is not in this project"
            return "\(name) \(current); only reviewers and admins adjudicate (an admin can run `concord labelers PROJECT --add \(name) --role reviewer`)"
        }
    }
}

/// One item as a reviewer sees it: every answer with its labeler, note and time.
public struct ReviewItem: Sendable, Equatable {
    public struct Answer: Sendable, Equatable {
        public var labeler: String
        public var label: String
        public var note: String?
        public var seconds: Double?

        public init(labeler: String, label: String, note: String?, seconds: Double?) {
            self.labeler = labeler
            self.label = label
            self.note = note
            self.seconds = seconds
        }
    }

    public var item: AssignedItem
    public var answers: [Answer]
    /// The item's current adjudication, if any.
    public var adjudicated: String?

    public init(item: AssignedItem, answers: [Answer], adjudicated: String?) {
        self.item = item
        self.answers = answers
        self.adjudicated = adjudicated
    }
}
