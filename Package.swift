// swift-tools-version:6.0
import PackageDescription

// Layers, from the bottom up (none of them knows about a terminal):
//   ConcordDomain  plain value types: labels, items, labelers, annotations, project config
//   ConcordStore   the SQLite store (GRDB): migrations, the append-only annotation log
//   ConcordIO      files in and out: RFC 4180 CSV, JSONL, config YAML, importers
//   ConcordMetrics agreement, HLP and model-gap figures as pure functions over counts
//   ConcordTUI     screens as model + update + view over a cell grid (tested as text)
//   ConcordTerminal the ncursesw backend that shows a grid on a real terminal
// and two executables on top: `concord` (the CLI) and `concord-bench` (benchmarks).
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
        // Agreement figures as pure functions over counts: no database, no terminal.
        .target(name: "ConcordMetrics", dependencies: ["ConcordDomain"]),
        .target(
            name: "ConcordStore",
            dependencies: [
                "ConcordDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // OpenSSL's libcrypto as a system library: SHA-256 for ConcordIO (Debian: libssl-dev).
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto"),
        .target(
            name: "ConcordIO",
            dependencies: [
                "ConcordDomain",
                "ConcordStore",
                "ConcordMetrics",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                "CLibCrypto",
            ]
        ),
        // The terminal UI: cell grid, screens as model + update + view. No ncurses in here.
        .target(name: "ConcordTUI", dependencies: ["ConcordDomain", "ConcordStore", "ConcordIO", "ConcordMetrics"]),
        // ncursesw as a system library: only the backend that puts a grid on a real terminal.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "ConcordTerminal", dependencies: ["ConcordTUI", "CNcursesw"]),
        .executableTarget(
            name: "ConcordCLI",
            dependencies: [
                "ConcordDomain", "ConcordStore", "ConcordIO", "ConcordMetrics", "ConcordTUI", "ConcordTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ConcordBench",
            dependencies: [
                "ConcordDomain", "ConcordStore", "ConcordIO", "ConcordMetrics", "ConcordTUI",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ConcordCoreTests",
            dependencies: ["ConcordDomain", "ConcordStore", "ConcordIO", "ConcordMetrics", "ConcordTUI",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ConcordCLITests",
            dependencies: ["ConcordDomain", "ConcordStore", "ConcordIO",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
