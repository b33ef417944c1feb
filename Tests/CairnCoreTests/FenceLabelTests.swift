import CairnMarkdown
import Foundation
import Testing
@testable import CairnCore

/// The diagram detector judged on real fences: every untagged or `text` fence of a sample of
/// `../shared/corpora` labelled by hand as a drawing or not (`Fixtures/fences/corpora-labels.tsv`).
/// The texts are not copied here (the corpora's README asks so); the labels name each fence by
/// file and line, with a hash that fails the test if the corpora change under them. Runs where
/// the corpora are (`CAIRN_CORPORA`, or `../shared/corpora` beside the repository).
@Suite("Diagram detection on labelled real fences")
struct FenceLabelTests {
    static let corpora: URL? = {
        let environment = ProcessInfo.processInfo.environment["CAIRN_CORPORA"]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = environment.map { URL(fileURLWithPath: $0) }
            ?? root.deletingLastPathComponent().appendingPathComponent("shared/corpora")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("rust-rfcs").path) ? folder : nil
    }()

    struct Label {
        var corpus: String
        var path: String
        var line: Int
        var hash: String
        var drawing: Bool
    }

    static func labels() throws -> [Label] {
        let url = FixtureSiteTests.fixtures.appendingPathComponent("fences/corpora-labels.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { row in
            if row.hasPrefix("#") { return nil }
            let fields = row.split(separator: "\t").map(String.init)
            guard fields.count == 5, let line = Int(fields[2]) else { return nil }
            return Label(corpus: fields[0], path: fields[1], line: line, hash: fields[3], drawing: fields[4] == "drawing")
        }
    }

    struct Recorder: MarkdownRenderDelegate {
        var blocks: [CodeBlock] = []
        mutating func rewrite(link: LinkReference) -> LinkRewrite? { nil }
        mutating func render(codeBlock: CodeBlock) -> String? {
            blocks.append(codeBlock)
            return nil
        }
    }

    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test("precision ≥ 97% and recall ≥ 90% on the labelled corpora fences", .enabled(if: corpora != nil))
    func labelledCorpora() throws {
        let labels = try Self.labels()
        #expect(labels.count >= 300)
        var blocksByFile: [String: [CodeBlock]] = [:]
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var wrong: [String] = []
        for label in labels {
            let key = "\(label.corpus)/\(label.path)"
            if blocksByFile[key] == nil {
                let text = try String(contentsOf: Self.corpora!.appendingPathComponent(key), encoding: .utf8)
                var recorder = Recorder()
                _ = MarkdownRenderer.render(text, delegate: &recorder)
                blocksByFile[key] = recorder.blocks
            }
            guard let block = blocksByFile[key]?.first(where: { $0.line == label.line }) else {
                Issue.record("no fence at \(key):\(label.line)")
                continue
            }
            #expect(Self.fnv1a(block.code) == label.hash, "\(key):\(label.line) changed; relabel it")
            let drawn = block.fenced && block.closed && DiagramDetector.isDrawing(block.code)
            switch (label.drawing, drawn) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1; wrong.append("drawn but text: \(key):\(label.line)")
            case (true, false): falseNegatives += 1; wrong.append("missed drawing: \(key):\(label.line)")
            case (false, false): break
            }
        }
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        print("fences: \(labels.count) labelled, \(truePositives + falseNegatives) drawings; precision \(precision), recall \(recall)")
        for line in wrong { print("  \(line)") }
        #expect(precision >= 0.97)
        #expect(recall >= 0.90)
    }
}
