import ConcordSQLite
import ConcordStore
import Foundation

/// `swift run -c release concord-bench NAME [--items N]`: prints the figures SPEC §8 names, each
/// with the anchor it is compared to, measured in the same run.
@main
struct ConcordBench {
    static let benchmarks = ["import", "agreement", "label", "export", "eval", "splits", "interop", "consensus"]

    static func main() {
        StoreBackends.register(SQLiteBackend())
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String, default value: Int) -> Int {
            guard let flag = arguments.firstIndex(of: name), flag + 1 < arguments.count, let parsed = Int(arguments[flag + 1]) else {
                return value
            }
            arguments.removeSubrange(flag...(flag + 1))
            return parsed
        }
        let items = option("--items", default: 1_000_000)
        let runs = max(1, option("--runs", default: 3))
        if arguments.first == "agreement-child", arguments.count == 2 {
            do { try AgreementBenchmark.child(project: arguments[1]) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "export-child", arguments.count == 3 {
            do { try ExportBenchmark.child(project: arguments[1], out: arguments[2]) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "check-child", arguments.count == 3 {
            do { try ExportBenchmark.checkChild(project: arguments[1], export: arguments[2]) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "eval-child", arguments.count == 2 {
            do { try EvalBenchmark.child(project: arguments[1]) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "label-child", arguments.count == 3, let keystrokes = Int(arguments[2]) {
            do { try LabelBenchmark.child(project: arguments[1], keystrokes: keystrokes) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        guard let name = arguments.first, benchmarks.contains(name) else {
            print("usage: concord-bench \(benchmarks.joined(separator: "|")) [--items N] [--runs R]")
            exit(64)
        }
        do {
            switch name {
            case "import": try ImportBenchmark.run(items: items, runs: runs)
            case "interop": try InteropBenchmark.run(items: items, runs: runs)
            case "consensus": try ConsensusBenchmark.run(items: items, runs: runs)
            case "agreement": try AgreementBenchmark.run(items: items, runs: runs)
            case "label": try LabelBenchmark.run(items: items, keystrokes: 2_000)
            case "export": try ExportBenchmark.run(items: items, runs: runs)
            case "eval": try EvalBenchmark.run(items: items, runs: runs)
            case "splits": try SplitsBenchmark.run()
            default: break
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }
}
