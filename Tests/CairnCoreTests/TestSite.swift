import Foundation
@testable import CairnCore

/// A throwaway site folder made from a dictionary of files, removed when the test ends.
final class TestSite {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("cairn-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            try write(path, Data(text.utf8))
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Runs every stage up to layout, in memory.
    func render(strict: Bool = false, drafts: Bool = false, today: Date = Date(timeIntervalSince1970: 1_790_000_000)) -> BuildReport {
        SiteBuilder.render(root: root, includeDrafts: drafts, strict: strict, environment: BuildEnvironment(today: today))
    }

    /// The rendered text of one output file.
    func page(_ path: String, in report: BuildReport) -> String? {
        guard let file = report.files.first(where: { $0.path == path }), case .data(let data) = file.contents else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension BuildReport {
    /// Diagnostics as the CLI prints them, one per line (hints on their own lines).
    var diagnosticText: [String] {
        diagnostics.map { DiagnosticFormatter.text($0) }
    }
}
