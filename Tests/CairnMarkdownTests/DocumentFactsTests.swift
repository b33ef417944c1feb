import Foundation
import Testing
@testable import CairnMarkdown

@Suite("Placeholders, tables of contents and status fields")
struct DocumentFactsTests {
    static let template = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("content/overview.md")

    func facts(_ markdown: String) -> RenderedMarkdown {
        var delegate = RecordingDelegate()
        return MarkdownRenderer.render(markdown, options: MarkdownOptions(markPlaceholders: true), delegate: &delegate)
    }

    @Test("finds and marks placeholders with their positions")
    func marks() {
        let result = facts("**Last Updated:** [Date]  \n**Status:** [Draft | Review | Approved]\n\n| A |\n|---|\n| [Name] |\n")
        #expect(result.facts.placeholders.map(\.text) == ["[Date]", "[Draft | Review | Approved]", "[Name]"])
        #expect(result.facts.placeholders.map(\.line) == [1, 2, 6])
        #expect(result.facts.placeholders.first?.column == 19)
        #expect(result.html.contains("<mark class=\"placeholder\">[Date]</mark>"))
        #expect(result.html.contains("<td><em></em><mark class=\"placeholder\">[Name]</mark><em></em></td>"))
    }

    @Test("does not mark links, footnotes, task boxes, alerts, code or indices", arguments: [
        "See [the docs](https://example.com) and [ref][r].\n\n[r]: https://example.com\n",
        "Text with a note[^1].\n\n[^1]: The note.\n",
        "- [x] done\n- [ ] todo\n",
        "> [!NOTE]\n> Careful.\n",
        "Use `config[\"key\"]` and\n\n```\nitems[Name]\n```\n",
        "Read array[0] and map[key] and f(x)[Name] and a][b.\n",
        "An image ![alt [text]](x.png).\n",
        "A lone [ ] or [x] or [1] or [42%].\n",
    ])
    func noFalsePositives(_ markdown: String) {
        #expect(facts(markdown).facts.placeholders.isEmpty)
    }

    @Test("the user's template: placeholder count, its TOC and its status block")
    func template() throws {
        let markdown = try String(contentsOf: Self.template, encoding: .utf8)
        let result = facts(markdown)
        #expect(result.facts.placeholders.count == 165)
        #expect(result.facts.placeholders.first?.text == "[Date]")
        let toc = try #require(result.facts.tableOfContents)
        #expect(toc.line == 10)
        #expect(toc.fragments == ["1-executive-summary", "2-project-context", "3-architecture-overview", "4-technology-stack"])
        #expect(result.facts.fields.prefix(3).map(\.key) == ["Version", "Last Updated", "Status"])
        #expect(result.facts.fields.first?.value == "1.0")
        #expect(result.facts.fields.contains(FieldLine(key: "Next Review", value: "[Date]", line: 301)))
    }

    @Test("a list of same-page links after the second section is not a table of contents")
    func lateLists() {
        let markdown = "# T\n\n## A\n\ntext\n\n## B\n\n- [a](#a)\n- [b](#b)\n"
        #expect(facts(markdown).facts.tableOfContents == nil)
    }
}

extension DocumentFactsTests {
    @Test("section text is extracted only when asked for (the search index); check skips it")
    func sectionsOnRequest() {
        let markdown = "Intro.\n\n## Install\n\nRun `make`.\n"
        var delegate = RecordingDelegate()
        let without = MarkdownRenderer.render(markdown, delegate: &delegate)
        #expect(without.facts.sections.isEmpty)
        let with = MarkdownRenderer.render(markdown, options: MarkdownOptions(collectSections: true), delegate: &delegate)
        #expect(with.facts.sections == [
            SectionText(id: nil, heading: "", text: "Intro."),
            SectionText(id: "install", heading: "Install", text: "Run make."),
        ])
        #expect(with.html == without.html)
    }
}
