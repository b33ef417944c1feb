import Foundation
import Testing
@testable import CairnCore

/// Fixture sites under `Fixtures/<name>/site` with their expected output in
/// `Fixtures/<name>/expected` and expected diagnostics in `Fixtures/<name>/diagnostics.txt`.
/// Run with `UPDATE_GOLDEN=1` to rewrite the expected files after an intended change.
@Suite("Fixture sites")
struct FixtureSiteTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let updating = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
    /// Fixtures live inside this repository's git work tree; their output must not change with
    /// its commits, nor with the day the tests run.
    static let pinned = BuildEnvironment(today: Date(timeIntervalSince1970: 1_790_000_000), readGitHistory: false)

    @Test("builds each fixture site to its expected output", arguments: ["basic", "invalid", "template", "raw-html", "code"])
    func golden(_ name: String) throws {
        let folder = Self.fixtures.appendingPathComponent(name)
        let report = SiteBuilder.render(root: folder.appendingPathComponent("site"), environment: Self.pinned)
        var actual: [String: Data] = [:]
        for file in report.files where !file.path.hasPrefix("_cairn/") {
            switch file.contents {
            case .data(let data): actual[file.path] = data
            case .copy(let url): actual[file.path] = try Data(contentsOf: url)
            }
        }
        let diagnostics = report.diagnosticText.joined(separator: "\n") + "\n"
        let expectedFolder = folder.appendingPathComponent("expected")
        let diagnosticsFile = folder.appendingPathComponent("diagnostics.txt")
        if Self.updating {
            try? FileManager.default.removeItem(at: expectedFolder)
            for (path, data) in actual {
                let url = expectedFolder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            try Data(diagnostics.utf8).write(to: diagnosticsFile)
            return
        }
        let expectedDiagnostics = try String(contentsOf: diagnosticsFile, encoding: .utf8)
        #expect(diagnostics == expectedDiagnostics)
        let expectedPaths = Set(OutputFolder.allFiles(in: expectedFolder))
        #expect(Set(actual.keys) == expectedPaths)
        for path in expectedPaths.sorted() {
            let expected = try Data(contentsOf: expectedFolder.appendingPathComponent(path))
            #expect(actual[path] == expected, "\(name)/expected/\(path) differs; rerun with UPDATE_GOLDEN=1 if intended")
        }
    }

    @Test("building twice gives byte-identical output")
    func deterministic() throws {
        let site = Self.fixtures.appendingPathComponent("basic/site")
        let first = SiteBuilder.render(root: site, environment: Self.pinned)
        let second = SiteBuilder.render(root: site, environment: Self.pinned)
        #expect(first.files.map(\.path) == second.files.map(\.path))
        for (a, b) in zip(first.files, second.files) {
            if case .data(let x) = a.contents, case .data(let y) = b.contents {
                #expect(x == y, "\(a.path) differs between builds")
            }
        }
    }
}
