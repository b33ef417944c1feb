import CairnMarkdown
import Foundation
import Testing
@testable import CairnCore

/// RELIABILITY 15–18: each known slow shape of libcmark-gfm 0.29.0.gfm.6 at about 100 KB is
/// rendered or refused within a budget, never a hang. Unguarded, each of these takes several
/// seconds here (measured with the cmark-gfm CLI: wide table 12 KB 2.9 s, 7 KB amplifying table
/// 2.8 s, `z_www.` runs 97 KB 5.8 s, nested `>` with emphasis 48 KB 1.1 s, `![[]()` 97 KB 0.8 s,
/// growing quadratically), so the budget catches a missing guard.
@Suite("Pathological inputs (RELIABILITY 15–18)")
struct PathologicalInputTests {
    /// Generous for a debug build on a loaded 2-core CI machine; a hang or a quadratic blow-up
    /// goes far past it.
    static let budget = Duration.seconds(3)

    static let cases: [(name: String, markdown: String, limit: String?)] = [
        ("wide table", "|" + String(repeating: "a|", count: 3_000) + "\n|" + String(repeating: "-|", count: 3_000) + "\n"
            + String(repeating: "|x\n", count: 30_000), "tableColumns"),
        ("amplifying table", "|" + String(repeating: "a|", count: 190) + "\n|" + String(repeating: "-|", count: 190) + "\n"
            + String(repeating: "x\n", count: 48_000), "tableCells"),
        ("z_www. runs", String(repeating: "z_www.", count: 17_000), "autolinks"),
        ("<http:// runs", String(repeating: "<http://", count: 13_000), "autolinks"),
        ("nested > with emphasis", String(repeating: "> ", count: 25_000) + String(repeating: "a*", count: 25_000), "nesting"),
        ("![[]() storm", String(repeating: "![[]()", count: 34_000), "brackets"),
        ("bracket storm", String(repeating: "[", count: 100_000), "brackets"),
        ("reference storm", (0..<12_000).map { "[r\($0)]: /u\($0)\n" }.joined(), "referenceDefinitions"),
        ("reference expansion", "[a]: /" + String(repeating: "x", count: 50_000) + "\n\n" + String(repeating: "[a]", count: 2_000) + "\n", "outputBytes"),
        ("list ladder", String(repeating: "- ", count: 50_000) + "a\n", "nesting"),
        ("ordered ladder", String(repeating: "1. ", count: 30_000) + "a\n", "nesting"),
        ("indentation ladder", (0..<400).map { String(repeating: " ", count: 2 * $0) + "- a\n" }.joined(), "nesting"),
        ("long line", String(repeating: "word ", count: 500_000), "lineBytes"),
        ("emphasis openers", String(repeating: "*a _b ", count: 16_000), nil),
        ("emphasis closers", String(repeating: "a* b_ ", count: 16_000), nil),
        // Harmless for the library, but over the bracket limit: refusing is the conservative answer.
        ("unclosed links", String(repeating: "[a](<b", count: 16_000), "brackets"),
        ("backtick ladder", (1..<450).map { String(repeating: "`", count: $0) + "a" }.joined(), nil),
        ("unclosed comments", String(repeating: "<!--", count: 25_000) + "a", nil),
        ("many rows", "| a | b |\n|---|---|\n" + String(repeating: "| x | y |\n", count: 10_000), nil),
        // Raw HTML is tokenized by Cairn itself: a tag that never ends takes the rest with it, and a
        // failed tag is not read twice (each of these took 10–45 s before that).
        ("raw HTML: unclosed quotes", "<div>\n" + String(repeating: "<a x=\"", count: 30_000) + "\n", nil),
        ("raw HTML: unquoted values into tags", "<div>\n" + String(repeating: "<a x=1<a x=1 ", count: 15_000) + "=\n", nil),
        ("raw HTML: links on one line", "<div>\n" + String(repeating: "<a href=\"index.md\">y</a> ", count: 10_000) + "\n", nil),
    ]

    @Test("each slow shape is rendered or refused within the budget", arguments: cases.indices)
    func shape(_ index: Int) throws {
        let (name, markdown, limit) = Self.cases[index]
        let site = try TestSite([
            "content/index.md": "# Home\n",
            "content/bad.md": markdown,
            "site.json": "{\"limits\": {\"lineBytes\": 1000000}}",
        ])
        let clock = ContinuousClock()
        let start = clock.now
        let report = site.render()
        let elapsed = clock.now - start
        #expect(elapsed < Self.budget, "\(name) took \(elapsed)")
        let refusals = report.diagnostics.filter { $0.severity == .error && $0.message.contains("limits.") }
        if let limit {
            #expect(refusals.count == 1, "\(name) was not refused")
            #expect(refusals.first?.message.contains("limits.\(limit)") == true, "\(name): \(refusals.first?.message ?? "")")
            #expect(refusals.first?.file == "content/bad.md")
            #expect(site.page("bad/index.html", in: report) == nil)
        } else {
            #expect(refusals.isEmpty, "\(name) should render: \(refusals.first?.message ?? "")")
            #expect(site.page("bad/index.html", in: report) != nil)
        }
        // The rest of the site builds.
        #expect(site.page("index.html", in: report) != nil)
    }

    @Test("the refusal names the limit and the place, as users see it")
    func message() throws {
        let table = "Intro\n\n| a | b |\n|" + String(repeating: "--|", count: 2_400) + "\n| 1 | 2 |\n"
        let site = try TestSite(["content/x.md": "---\ntitle: X\n---\n" + table])
        #expect(site.render().diagnosticText.first ==
            "content/x.md:7:1: error: table with 2,400 columns exceeds limits.tableColumns (200)\n    hint: the page was skipped; raise limits.tableColumns in site.json if this page is genuine")
    }

    @Test("limits are configurable; a raised limit renders the page")
    func configurable() throws {
        let table = "|" + String(repeating: " a |", count: 250) + "\n|" + String(repeating: "--|", count: 250) + "\n| 1 | 2 |\n"
        let strict = try TestSite(["content/x.md": table])
        #expect(strict.render().diagnostics.errorCount == 1)
        let relaxed = try TestSite(["content/x.md": table, "site.json": "{\"limits\": {\"tableColumns\": 300}}"])
        let report = relaxed.render()
        #expect(report.diagnostics.isEmpty)
        #expect(relaxed.page("x/index.html", in: report)?.contains("<table>") == true)
    }

    @Test("an oversized file is refused before it is read (RELIABILITY 18)")
    func fileSize() throws {
        let site = try TestSite(["content/index.md": "# Home\n", "site.json": "{\"limits\": {\"fileBytes\": 1000}}"])
        try site.write("content/big.md", Data(String(repeating: "text ", count: 1_000).utf8))
        #expect(site.render().diagnosticText.first?.hasPrefix("content/big.md:1:1: error: file of 5,000 bytes exceeds limits.fileBytes (1,000)") == true)
    }

    @Test("output amplification is capped by limits.outputBytes (RELIABILITY 16)")
    func outputCap() throws {
        let site = try TestSite(["content/a.md": String(repeating: "para\n\n", count: 2_000), "site.json": "{\"limits\": {\"outputBytes\": 10000}}"])
        let report = site.render()
        #expect(report.diagnosticText.first?.contains("over limits.outputBytes (10,000)") == true)
        #expect(site.page("a/index.html", in: report) == nil)
    }

    @Test("the reference-expansion estimate is within 2× of the real output on a reference-heavy page")
    func referenceEstimate() throws {
        // 400 definitions of ~165 bytes, each used 5 times, among 10,000 bracketed speaker tags
        // and versions that name no definition (the shape of real meeting notes).
        var markdown = ""
        for n in 0..<400 {
            markdown += "- [Alex] said [since 1.\(n)] that [issue \(n)][i\(n)] and [Sam] agreed, see [i\(n)], [i\(n)][] and [i\(n)].\n"
            for _ in 0..<5 { markdown += "- [Alex] [Sam] [Priya] [Lee] notes\n" }
            markdown += "- [again][i\(n)]\n"
        }
        markdown += "\n"
        for n in 0..<400 {
            markdown += "[i\(n)]: https://example.com/\(String(repeating: "p", count: 120))/\(n) \"Issue \(n) title\"\n"
        }
        var delegate = NoOpDelegate()
        let real = MarkdownRenderer.render(markdown, delegate: &delegate).html.utf8.count
        var generous = MarkdownLimits()
        generous.outputBytes = 2 * real
        #expect(InputGuard.check(markdown, limits: generous) == nil, "the estimate passed twice the real output (\(real) bytes)")
        var tight = MarkdownLimits()
        tight.outputBytes = real / 2
        #expect(InputGuard.check(markdown, limits: tight)?.limit == "outputBytes", "the estimate is under half the real output")
    }

    @Test("a page refused by a limit: the pages linking to it are warned at each link")
    func refusedTargetWarned() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n\nSee [the big table](big.md) and [its notes](big.md#notes).\n",
            "content/big.md": "# Big\n\n" + "|" + String(repeating: " a |", count: 300) + "\n|" + String(repeating: "---|", count: 300) + "\n",
        ])
        let text = site.render().diagnosticText
        #expect(text.contains { $0.hasPrefix("content/big.md:4:1: error: table with 300 columns exceeds limits.tableColumns") })
        #expect(text.contains { $0.hasPrefix("content/index.md:3:5: warning: link target 'big.md' was not built: that page was refused") })
        #expect(text.contains { $0.hasPrefix("content/index.md:3:33: warning: link target 'big.md#notes' was not built") })
        #expect(!text.contains { $0.contains("anchor '#notes'") })
    }

    @Test("our own walkers survive 50,000 nested quotes, 10,000-level lists and 50,000 brackets (RELIABILITY 17)")
    func deepStructures() {
        var delegate = NoOpDelegate()
        for markdown in [
            String(repeating: ">", count: 50_000) + " deep\n",
            String(repeating: "- ", count: 10_000) + "deep\n",
            String(repeating: "[", count: 50_000) + "\n",
        ] {
            let result = MarkdownRenderer.render(markdown, options: MarkdownOptions(placeholders: .mark, collectSections: true), delegate: &delegate)
            #expect(!result.html.isEmpty)
        }
    }

    @Test("one bad page among 1,000 costs only itself (RELIABILITY 25)")
    func oneBadPage() throws {
        var files: [String: String] = [:]
        for n in 0..<1_000 { files["content/section-\(n / 100)/page-\(n).md"] = "# Page \(n)\n\nText [home](/index.md).\n" }
        files["content/index.md"] = "# Home\n"
        files["content/section-3/page-333.md"] = "---\ntitle: [unclosed\n---\n# Bad\n" + String(repeating: "z_www.", count: 2_000)
        let site = try TestSite(files)
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        #expect(report.diagnostics.errorCount == 2)
        #expect(report.diagnostics.allSatisfy { $0.file == "content/section-3/page-333.md" })
        let written = try FileManager.default.subpathsOfDirectory(atPath: site.root.appendingPathComponent("_site").path)
        #expect(written.count(where: { $0.hasPrefix("section-") && $0.hasSuffix("/index.html") && $0.contains("page-") }) == 999)
    }
}

struct NoOpDelegate: MarkdownRenderDelegate {
    mutating func rewrite(link: LinkReference) -> LinkRewrite? { nil }
}

@Suite("Library version")
struct LibraryVersionTests {
    @Test("the linked 0.29.0.gfm.6 predates the fixes, so the guard is on")
    func needsGuard() {
        #expect(CmarkRuntime.versionString == "0.29.0.gfm.6")
        #expect(InputGuard.libraryNeedsGuard)
    }
}
