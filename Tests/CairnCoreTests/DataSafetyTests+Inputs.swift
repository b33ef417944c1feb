import CairnMarkdown
import Foundation
import Testing
@testable import CairnCore

/// The data-safety round, cases 9–13: hostile inputs bounded while building.
extension DataSafetyTests {
    @Test("9: reference definitions with multi-line titles or inside quotes and lists are refused before rendering")
    func referenceExpansion() throws {
        let title = String(repeating: "t", count: 20_000)
        let uses = String(repeating: "[a] ", count: 2_000) + "\n"
        let shapes = [
            "[a]: /u \"first line\n\(title)\n\"\n\n" + uses,
            "> [a]: /u \"\(title)\"\n\n" + uses,
            "- [a]: /u '\(title)'\n\n" + uses,
            "[a]:\n/u\n(\(title))\n\n" + uses,
        ]
        for markdown in shapes {
            let site = try TestSite(["content/index.md": "# Home\n", "content/bad.md": markdown])
            let clock = ContinuousClock()
            let start = clock.now
            let report = site.render()
            #expect(clock.now - start < .seconds(3))
            let message = Self.refusal(report)
            #expect(message?.contains("limits.outputBytes") == true, "\(report.diagnosticText)")
            // Refused before rendering, not measured after.
            #expect(message?.contains("renders to") == false, "\(message ?? "")")
            #expect(site.page("index.html", in: report) != nil)
        }
    }

    @Test("9: a page of box drawing is bounded while rendering, not refused after it")
    func drawingBudget() throws {
        let drawing = "```\n┌───┐\n│ a │──▶ b\n└───┘\n```\n\n"
        let site = try TestSite(["content/index.md": "# Home\n", "content/bad.md": String(repeating: drawing, count: 40_000)])
        let clock = ContinuousClock()
        let start = clock.now
        let report = site.render()
        #expect(clock.now - start < .seconds(20))
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/bad.md:") && $0.contains("stay code blocks") })
        let page = try #require(site.page("bad/index.html", in: report))
        #expect(page.utf8.count < 60_000_000)
    }

    @Test("10: '<?' and '<!A ' repeated are refused in linear time")
    func quadraticHTMLOpeners() throws {
        for unit in ["a <?", "a <!A ", "a <![CDATA[ "] {
            let markdown = String(repeating: unit, count: 240_000 / unit.count)
            let site = try TestSite(["content/index.md": "# Home\n", "content/bad.md": markdown])
            let clock = ContinuousClock()
            let start = clock.now
            let report = site.render()
            #expect(clock.now - start < .seconds(2), "\(unit)")
            // CDATA's own '[' reach limits.brackets first: refused either way.
            let limit = unit.contains("CDATA") ? "limits." : "limits.htmlRescan"
            #expect(Self.refusal(report)?.contains(limit) == true, "\(unit): \(report.diagnosticText)")
        }
        // Closed ones are ordinary text.
        let site = try TestSite(["content/index.md": String(repeating: "a <?php echo 1; ?> and <!DOCTYPE html> ", count: 5_000)])
        #expect(Self.refusal(site.render(), file: "content/index.md") == nil)
    }

    @Test("11: a YAML alias bomb used as a mapping key is rejected in milliseconds")
    func yamlAliasBomb() throws {
        var yaml = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
        let names = Array("abcdefghi")
        for index in 1..<names.count {
            let previous = names[index - 1]
            yaml += "\(names[index]): &\(names[index]) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]\n"
        }
        yaml += "? *i\n: boom\n"
        let site = try TestSite(["content/index.md": "# Home\n", "content/bad.md": "---\n\(yaml)---\n# Bad\n"])
        let clock = ContinuousClock()
        let start = clock.now
        let report = site.render()
        #expect(clock.now - start < .seconds(2))
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/bad.md:") && $0.contains("alias") }, "\(report.diagnosticText)")
        // Aliases as values stay fine.
        let ok = try TestSite(["content/ops.md": "---\nbase: &b Ops\ntitle: *b\n---\nText\n"])
        let okReport = ok.render()
        #expect(okReport.succeeded, "\(okReport.diagnosticText)")
        #expect(ok.page("ops/index.html", in: okReport)?.contains("<title>Ops") == true)
    }

    @Test("12: a huge title is shortened in every sidebar and in search, with a warning")
    func repeatedTitles() throws {
        let title = String(repeating: "Long title ", count: 2_000)
        var files = ["content/index.md": "---\ntitle: \"\(title)\"\n---\n" + (1...30).map { number in "## \(number) \(title)\n" }.joined()]
        for number in 1...30 { files["content/p\(number).md"] = "# Page \(number)\n" }
        let site = try TestSite(files)
        let report = site.render()
        // The page itself holds its headings; every other file holds the title at most shortened.
        var total = 0
        for file in report.files where file.path != "index.html" {
            guard case .data(let data) = file.contents else { continue }
            total += data.count
            if file.path.hasPrefix("p") { #expect(data.count < 40_000, "\(file.path): \(data.count) bytes") }
        }
        #expect(total < 1_500_000, "\(total) bytes")
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/index.md:1:1: warning: title of") })
    }

    // MARK: 13. Slow Graphviz fences

    @Test("13: a Graphviz timeout is cached as a failure and warned about at its line on every build",
          .enabled(if: GraphvizRenderer.findDot() != nil))
    func graphvizTimeoutCached() throws {
        let site = try TestSite([
            "site.json": "{\"diagrams\": {\"graphvizTimeout\": 0.001}}",
            "content/index.md": "# Home\n\n```dot\ndigraph { a -> b -> c }\n```\n",
        ])
        for _ in 0..<2 {
            let report = site.render()
            #expect(report.diagnosticText.contains { $0.hasPrefix("content/index.md:3:1: warning: Graphviz took longer") },
                    "\(report.diagnosticText)")
        }
        let records = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent(".cairn-cache/graphviz").path)
        #expect(records.contains { $0.hasSuffix(".json") })
    }

    // MARK: Smaller cases

    @Test("the guard lets legitimate pages through: 1,001 links in a list, 5,001 task items, many headings")
    func legitimatePagesPass() throws {
        let site = try TestSite([
            "content/links.md": (0...1_000).map { "- https://example.com/\($0)\n" }.joined(),
            "content/tasks.md": (0...5_000).map { "- [ ] task \($0)\n" }.joined(),
            "content/headings.md": (0..<3_000).map { "## [a] [b] \($0)\n" }.joined(),
            "content/index.md": "# Home\n",
        ])
        let report = site.render()
        #expect(!report.diagnosticText.contains { $0.contains("limits.") }, "\(report.diagnosticText.prefix(3))")
        for page in ["links", "tasks", "headings"] {
            #expect(site.page("\(page)/index.html", in: report) != nil, "\(page)")
        }
    }

    @Test("cairn check (no layout) writes no .cairn-cache", .enabled(if: GraphvizRenderer.findDot() != nil))
    func checkWritesNoCache() throws {
        let site = try TestSite(["content/index.md": "# Home\n\n```dot\ndigraph { a -> b }\n```\n"])
        _ = SiteBuilder.render(root: site.root, mode: .check)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".cairn-cache").path))
    }

    @Test("text diagnostics never print raw line breaks or control characters")
    func diagnosticsStayOnOneLine() {
        let diagnostic = Diagnostic.warning("broken link 'a\r\nb\u{1b}[2J.md'", file: "content/x\n.md", line: 3, column: 1, stage: .links)
        let text = DiagnosticFormatter.text(diagnostic)
        #expect(!text.contains("\n") && !text.contains("\r") && !text.contains("\u{1b}"), "\(text)")
        #expect(text.contains("a\\r\\nb"))
    }

    @Test("a two-link symlink loop is called a loop, not a broken symlink")
    func symlinkLoopNamed() throws {
        let site = try TestSite(Self.pages)
        let content = site.root.appendingPathComponent("content")
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("x.md").path, withDestinationPath: "y.md")
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("y.md").path, withDestinationPath: "x.md")
        let report = site.render()
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/x.md: warning: symlink loop") }, "\(report.diagnosticText)")
    }

    @Test("UTF-32 is reported as UTF-32 and read")
    func utf32() throws {
        let site = try TestSite(["content/index.md": "# Home\n"])
        var data = Data([0xFF, 0xFE, 0x00, 0x00])
        data.append("# Wide\n\nText é\n".data(using: .utf32LittleEndian)!)
        try site.write("content/wide.md", data)
        let report = site.render()
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/wide.md:1:1: warning: file is UTF-32") }, "\(report.diagnosticText)")
        #expect(site.page("wide/index.html", in: report)?.contains("Text é") == true)
    }
}
