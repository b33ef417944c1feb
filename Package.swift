// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Cairn",
    platforms: [.macOS(.v15)],  // Synchronization's Mutex
    products: [
        .executable(name: "cairn", targets: ["cairn"]),
        .library(name: "CairnCore", targets: ["CairnCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // System-library shim over Debian's libcmark-gfm-dev + libcmark-gfm-extensions-dev.
        .systemLibrary(
            name: "CCmarkGFM",
            path: "Sources/CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The only code that touches C: parse, edit the tree, render, summarise.
        // Parallel parsing: fills libcmark-gfm's global special-character table once instead of
        // on every parse (../shared/facts/cmark-parallel-parse.c); checked at start-up.
        .target(name: "CCmarkParallel", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "CairnMarkdown", dependencies: ["CCmarkGFM", "CCmarkParallel"]),
        // Build-time syntax highlighting: pure Swift scanners over UTF-8, no dependencies.
        .target(name: "CairnHighlight"),
        // renameat2(RENAME_EXCHANGE) for swapping a published site in atomically.
        .target(name: "CSystemShim"),
        // Config, content model, stages, diagnostics, theme, output.
        .target(
            name: "CairnCore",
            dependencies: [
                "CairnMarkdown",
                "CairnHighlight",
                "CSystemShim",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The sources of Scaffold/EmbeddedTemplates.swift (scripts/embed-files.py).
            exclude: ["Scaffold/Templates"]
        ),
        // `cairn watch`: file watchers, the rebuild loop, the preview server and live reload.
        .target(
            name: "CairnPreview",
            dependencies: [
                "CairnCore",
                "CSystemShim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The command line: argument parsing and printing, nothing else.
        .executableTarget(
            name: "cairn",
            dependencies: [
                "CairnCore",
                "CairnPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target over the per-page pipeline (scripts/fuzz.sh); a replay tool otherwise.
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "CairnFuzz", dependencies: ["CairnCore", "CairnHighlight", "CFuzzerDriver"]),
        .testTarget(name: "CairnMarkdownTests", dependencies: ["CairnMarkdown"]),
        .testTarget(name: "CairnHighlightTests", dependencies: ["CairnHighlight"], exclude: ["Golden"]),
        .testTarget(
            name: "CairnCoreTests",
            dependencies: ["CairnCore"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "CairnPreviewTests", dependencies: ["CairnPreview", "CairnCore"]),
    ],
    swiftLanguageModes: [.v6]
)
