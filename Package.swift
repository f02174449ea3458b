// swift-tools-version:6.0
import PackageDescription

// Layers, from the bottom up (none of them knows about a terminal; only ConcordSQLite knows SQL):
//   ConcordDomain    plain value types: labels, items, labelers and roles, annotations, config
//   ConcordAnalysis  pure functions over value types: agreement, HLP, consensus, evaluation,
//                    the model gap, split planning
//   ConcordFormats   files in and out: CSV, JSONL (detected by content), concord.yaml, SHA-256,
//                    import records, dataset files and cards
//   ConcordStore     what the application asks of a store, as protocols (named for what it does)
//   ConcordSQLite    the SQLite store (GRDB): the only target with SQL, GRDB or the SQLite C API
//   ConcordServices  application services: a project, import, agreement loading, export, review
//                    queue, checks, identity: load, run the analysis, return a value
//   ConcordDemo      the simulated labelers and the sample project built in
//   ConcordTUI       screens as update(model, message) -> (model, [command]) + view (tested as text)
//   ConcordTerminal  the ncursesw backend that shows a grid on a real terminal
// and two executables on top: `concord` (the CLI) and `concord-bench` (benchmarks), the only
// places that choose a store backend.
let package = Package(
    name: "Concord",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "concord", targets: ["ConcordCLI"]),
        .executable(name: "concord-bench", targets: ["ConcordBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .target(name: "ConcordDomain"),
        .target(name: "ConcordAnalysis", dependencies: ["ConcordDomain"]),
        // OpenSSL's libcrypto as a system library: SHA-256 (Debian: libssl-dev).
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto"),
        .target(name: "ConcordFormats", dependencies: ["ConcordDomain", .product(name: "Yams", package: "Yams"), "CLibCrypto"]),
        .target(name: "ConcordStore", dependencies: ["ConcordDomain", "ConcordAnalysis", "ConcordFormats"]),
        .target(
            name: "ConcordSQLite",
            dependencies: [
                "ConcordDomain", "ConcordAnalysis", "ConcordFormats", "ConcordStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(name: "ConcordServices", dependencies: ["ConcordDomain", "ConcordAnalysis", "ConcordFormats", "ConcordStore"]),
        .target(name: "ConcordDemo", dependencies: ["ConcordDomain", "ConcordFormats", "ConcordStore", "ConcordServices"]),
        // The terminal UI: cell grid, screens as model + update + view. No ncurses in here.
        .target(name: "ConcordTUI", dependencies: ["ConcordDomain", "ConcordAnalysis", "ConcordStore", "ConcordServices"]),
        // ncursesw as a system library: only the backend that puts a grid on a real terminal.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "ConcordTerminal", dependencies: ["ConcordTUI", "CNcursesw"]),
        .executableTarget(
            name: "ConcordCLI",
            dependencies: [
                "ConcordDomain", "ConcordAnalysis", "ConcordFormats", "ConcordStore", "ConcordSQLite", "ConcordServices",
                "ConcordDemo", "ConcordTUI", "ConcordTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks may reach the SQLite store directly where they measure the backend itself.
        .executableTarget(
            name: "ConcordBench",
            dependencies: [
                "ConcordDomain", "ConcordAnalysis", "ConcordFormats", "ConcordStore", "ConcordSQLite", "ConcordServices",
                "ConcordTUI",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // What both test targets share: temporary folders, fixtures, a scripted terminal.
        .target(
            name: "ConcordTestSupport",
            dependencies: ["ConcordDomain", "ConcordFormats", "ConcordStore", "ConcordSQLite", "ConcordServices", "ConcordTUI"],
            path: "Tests/ConcordTestSupport"
        ),
        .testTarget(
            name: "ConcordCoreTests",
            dependencies: ["ConcordDomain", "ConcordAnalysis", "ConcordFormats", "ConcordStore", "ConcordSQLite",
                           "ConcordServices", "ConcordDemo", "ConcordTUI", "ConcordTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ConcordCLITests",
            dependencies: ["ConcordDomain", "ConcordStore", "ConcordSQLite", "ConcordServices", "ConcordTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
