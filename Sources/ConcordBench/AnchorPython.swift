import ConcordSQLite
import ConcordStore
import Foundation

/// The Python the anchors run in: a virtual environment under the package's `.build` folder with
/// pinned packages, made on first use. A figure never goes without its anchor: when the anchors
/// cannot be set up, the benchmark fails and says why, instead of printing "not compared".
enum AnchorPython {
    static let requirements = ["numpy==2.4.6", "scikit-learn==1.9.1", "krippendorff==0.9.0"]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/anchors-venv")

    /// crowd-kit (and what it pulls in, transformers among them) in an environment of its own,
    /// so that the other anchors do not wait for it: the Dawid–Skene benchmark's anchor.
    static let crowdKitRequirements = ["numpy==2.4.6", "crowd-kit==1.4.1"]

    /// The environment's python, set up (once) with `requirements`.
    static func python(_ requirements: [String] = requirements, name: String = "anchors-venv") throws -> String {
        let folder = Self.folder.deletingLastPathComponent().appendingPathComponent(name)
        let python = folder.appendingPathComponent("bin/python").path
        let stamp = folder.appendingPathComponent("concord-requirements.txt")
        let wanted = requirements.joined(separator: "\n") + "\n"
        if FileManager.default.isExecutableFile(atPath: python), (try? String(contentsOf: stamp, encoding: .utf8)) == wanted {
            return python
        }
        guard let system = Measure.which("python3") else {
            throw BenchError("the anchors need python3 on PATH (apt-get install python3 python3-venv)")
        }
        print("setting up the anchors' Python in \(folder.path): \(requirements.joined(separator: ", ")) …")
        try? FileManager.default.removeItem(at: folder)
        do { _ = try Measure.command(system, ["-m", "venv", folder.path]) } catch {
            throw BenchError("cannot make a virtual environment for the anchors (\(error)); on Debian: apt-get install python3-venv")
        }
        do { _ = try Measure.command(python, ["-m", "pip", "install", "-q"] + requirements) } catch {
            throw BenchError("cannot install the anchors' packages \(requirements.joined(separator: " ")) (\(error))")
        }
        try wanted.write(to: stamp, atomically: true, encoding: .utf8)
        return python
    }
}
