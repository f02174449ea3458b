import ArgumentParser
import ConcordServices

// Export's options as typed values: ArgumentParser parses them, names the allowed values in
// --help, and rejects anything else with a usage error (exit 64) before the project is opened.

extension ExportOptions.Format: ExpressibleByArgument {}
extension ExportOptions.MissingGroup: ExpressibleByArgument {}

extension ExportOptions.Balance: ExpressibleByArgument {
    /// `none`, `undersample` or `cap:R`.
    public init?(argument: String) {
        switch argument {
        case "none": self = .none
        case "undersample": self = .undersample
        default:
            guard argument.hasPrefix("cap:"), let ratio = Double(argument.dropFirst(4)), ratio.isFinite, ratio >= 1 else { return nil }
            self = .cap(ratio)
        }
    }
}

extension ExportOptions.SpecialPolicy: ExpressibleByArgument {
    /// `drop`, `keep` or `map:LABEL` (`map:` only for borderline; see `ExportCommand.validate`).
    public init?(argument: String) {
        switch argument {
        case "drop": self = .drop
        case "keep": self = .keep
        default:
            guard argument.hasPrefix("map:"), argument.count > 4 else { return nil }
            self = .map(String(argument.dropFirst(4)))
        }
    }
}

/// Which items may go to dev and test.
enum DevTestItems: String, ExpressibleByArgument, CaseIterable {
    case any
    case adjudicatedOnly = "adjudicated-only"
}

/// `--ratios 80,10,10`: train, dev and test shares.
struct SplitRatios: ExpressibleByArgument {
    var shares: [Double]

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, parts.allSatisfy({ $0.map { $0.isFinite && $0 >= 0 } ?? false }) else { return nil }
        shares = parts.map { $0! }
    }

    var defaultValueDescription: String { shares.map { String(format: "%g", $0) }.joined(separator: ",") }
}
