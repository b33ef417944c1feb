import Foundation
import Testing
@testable import CairnCore

@Suite("Front matter")
struct FrontMatterTests {
    @Test("reads title, description, weight, draft and slug")
    func fields() throws {
        let site = try TestSite([
            "content/a.md": "---\ntitle: \"Hello: world\"\ndescription: Short\nweight: 3\ndraft: false\nslug: hello\nextra: kept\n---\n# Heading\n",
        ])
        let loaded = LoadContent.run(root: site.root)
        #expect(loaded.diagnostics.isEmpty)
        let page = try #require(loaded.pages.first)
        #expect(page.frontMatter.title == "Hello: world")
        #expect(page.frontMatter.description == "Short")
        #expect(page.frontMatter.weight == 3)
        #expect(page.frontMatter.slug == "hello")
        #expect(page.body == "# Heading\n")
        #expect(page.bodyLineOffset == 8)
    }

    @Test("reports errors at their line and column in the file, every bad file in one run")
    func errors() throws {
        let site = try TestSite([
            "content/colon.md": "---\ntitle: ok\ndescription: Start here: now\n---\nBody\n",
            "content/tab.md": "---\ntitle: x\nlist:\n\t- a\n---\n",
            "content/quote.md": "---\ntitle: \"unclosed\n---\nBody\n",
            "content/open.md": "---\ntitle: never closed\n",
            "content/dup.md": "---\ntitle: a\ntitle: b\n---\n",
            "content/type.md": "---\nweight: heavy\ndraft: maybe\n---\n",
            "content/good.md": "# Fine\n",
        ])
        let report = site.render()
        let lines = report.diagnosticText
        #expect(lines.contains("content/colon.md:3:24: error: invalid front matter: mapping values are not allowed in this context"))
        #expect(lines.contains("content/tab.md:4:1: error: front matter is indented with a tab\n    hint: YAML allows only spaces for indentation"))
        #expect(lines.contains { $0.hasPrefix("content/quote.md:") && $0.contains("error: invalid front matter") })
        #expect(lines.contains("content/open.md:1:1: error: front matter opened with '---' is never closed\n    hint: end the front matter with a line holding only '---'"))
        #expect(lines.contains { $0.hasPrefix("content/dup.md:3:") && $0.contains("duplicate key") })
        #expect(lines.contains("content/type.md:2:9: error: 'weight' must be a whole number"))
        #expect(lines.contains("content/type.md:3:8: error: 'draft' must be true or false"))
        // The bad pages do not stop the good one.
        #expect(site.page("good/index.html", in: report)?.contains("Fine") == true)
    }

    @Test("skips drafts unless asked for them")
    func drafts() throws {
        let site = try TestSite(["content/wip.md": "---\ndraft: true\n---\n# WIP\n", "content/done.md": "# Done\n"])
        #expect(site.page("wip/index.html", in: site.render()) == nil)
        #expect(site.page("wip/index.html", in: site.render(drafts: true)) != nil)
    }

    @Test("rejects slugs that would leave the folder (RELIABILITY 13)", arguments: ["../../x", "/etc/passwd", "..", "a/b", ""])
    func badSlug(_ slug: String) throws {
        let site = try TestSite(["content/page.md": "---\nslug: \"\(slug)\"\n---\n# Page\n"])
        let report = site.render()
        #expect(report.diagnostics.contains { $0.severity == .error && $0.line == 2 && $0.message.contains("invalid slug") })
        #expect(report.files.allSatisfy { !$0.path.contains("..") && !$0.path.hasPrefix("/") })
    }
}

@Suite("Source decoding (RELIABILITY 19)")
struct SourceDecodingTests {
    @Test("replaces invalid UTF-8 with U+FFFD and says where")
    func invalidUTF8() {
        let result = SourceDecoding.decode(Data([0x61, 0x0A, 0x62, 0xFF, 0x63]))
        #expect(result.text == "a\nb\u{FFFD}c")
        #expect(result.problems.first?.line == 2)
        #expect(result.problems.first?.column == 2)
    }

    @Test("strips a UTF-8 BOM, reads UTF-16, normalises line ends, replaces NUL")
    func encodings() {
        #expect(SourceDecoding.decode(Data([0xEF, 0xBB, 0xBF, 0x61])).text == "a")
        let utf16 = SourceDecoding.decode(Data([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00]))
        #expect(utf16.text == "a\n")
        #expect(!utf16.problems.isEmpty)
        #expect(SourceDecoding.decode(Data("a\r\nb\rc".utf8)).text == "a\nb\nc")
        let nul = SourceDecoding.decode(Data([0x61, 0x00, 0x62]))
        #expect(nul.text == "a\u{FFFD}b")
        #expect(nul.problems.count == 1)
    }
}
