import Foundation
import Testing
@testable import CairnMarkdown

@Suite("Placeholders, tables of contents and status fields")
struct DocumentFactsTests {
    static let template = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("content/overview.md")

    func facts(_ markdown: String, template: Bool = false, mode: PlaceholderMode = .mark) -> RenderedMarkdown {
        var delegate = RecordingDelegate()
        return MarkdownRenderer.render(markdown, options: MarkdownOptions(placeholders: mode, templatePage: template), delegate: &delegate)
    }

    func found(_ markdown: String, template: Bool = false) -> [String] {
        facts(markdown, template: template).facts.placeholders.map(\.text)
    }

    @Test("finds and marks placeholders with their positions on a template page")
    func marks() {
        let result = facts("**Last Updated:** [Date]  \n**Status:** [Draft | Review | Approved]\n\n| A |\n|---|\n| [Name] |\n", template: true)
        #expect(result.facts.placeholders.map(\.text) == ["[Date]", "[Draft | Review | Approved]", "[Name]"])
        #expect(result.facts.placeholders.map(\.line) == [1, 2, 6])
        #expect(result.facts.placeholders.first?.column == 19)
        #expect(result.html.contains("<mark class=\"placeholder\">[Date]</mark>"))
        #expect(result.html.contains("<td><em></em><mark class=\"placeholder\">[Name]</mark><em></em></td>"))
    }

    @Test("brackets in ordinary prose are not placeholders: speakers, versions, citations, types, intervals", arguments: [
        "[Alex] We agreed to ship on Friday.\n\n[Sam] Fine by me.\n",
        "- [Alex]: reviewed the draft\n- [Priya]: will test it\n",
        "Deprecated [since 1.4.0]; use the new API.\n",
        "Mark bits were dense [Boehm, 1988] and sparse [Garner, 2000].\n",
        "A slice `&` of [u8] or [T; N], over the interval [X..Y] or [0, n).\n",
        "L25: [C++] Make the reader public\n",
        "### [Outdated] Pick First policy\n",
        "* Last updated: [Date]\n",
        "| Type | Meaning |\n|---|---|\n| [u8] | bytes |\n| [Date] | a date |\n",
        "Options: [ right of | left of | over ] the participant.\n",
    ])
    func ordinaryBrackets(_ markdown: String) {
        #expect(found(markdown).isEmpty)
        // The same text on a page that is a template is all stand-ins waiting to be filled.
        #expect(!found(markdown, template: true).isEmpty)
    }

    @Test("template wording is a placeholder anywhere; choices and numbered stand-ins where they fill a place")
    func shapes() {
        #expect(found("Deploy to [e.g., AWS] in the morning.\n") == ["[e.g., AWS]"])
        #expect(found("See [Insert the runbook link here] first.\n") == ["[Insert the runbook link here]"])
        #expect(found("Answer: [What problem does this solve?]\n") == ["[What problem does this solve?]"])
        #expect(found("**Access:** [Read/Write/Admin]\n") == ["[Read/Write/Admin]"])
        #expect(found("| Kind |\n|---|\n| [REST/GraphQL/etc] |\n") == ["[REST/GraphQL/etc]"])
        #expect(found("Pick [Read/Write] or not, as you like.\n").isEmpty)
        #expect(found("- [Library 1]\n- **[Workflow Name 2]:** text\n") == ["[Library 1]", "[Workflow Name 2]"])
        #expect(found("RFC [RFC 2000] says so.\n").isEmpty)
    }

    @Test("three stand-ins make a page a template: then its plain brackets count too")
    func templateByEvidence() {
        let markdown = "**Owner:** [Name]\n\n- [e.g., Python]\n- [Read/Write]\n- [Service 1]\n\nUses [version] daily.\n"
        #expect(found(markdown) == ["[Name]", "[e.g., Python]", "[Read/Write]", "[Service 1]", "[version]"])
        #expect(found("**Owner:** [Name]\n\n- [e.g., Python]\n\nUses [version] daily.\n") == ["[e.g., Python]"])
    }

    @Test("found placeholders are listed whether or not they are marked, and every listed one is marked")
    func listedEqualsMarked() throws {
        let markdown = try String(contentsOf: Self.template, encoding: .utf8)
        let marked = facts(markdown)
        let listed = facts(markdown, mode: .find)
        #expect(listed.facts.placeholders == marked.facts.placeholders)
        #expect(!listed.html.contains("<mark"))
        #expect(marked.html.components(separatedBy: "<mark class=\"placeholder\">").count - 1 == marked.facts.placeholders.count)
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
        // Every bracketed stand-in outside code and links: 172 (the drawing's one is counted by
        // the diagram renderer), including the versions `[3.11+]`, `[18+]` and the bold labels.
        #expect(result.facts.placeholders.count == 172)
        #expect(result.facts.placeholders.map(\.text).contains("[3.11+]"))
        #expect(result.facts.placeholders.map(\.text).contains("[Workflow Name 1]"))
        #expect(result.facts.placeholders.first?.text == "[Date]")
        let toc = try #require(result.facts.tableOfContents)
        #expect(toc.line == 10)
        #expect(toc.fragments == ["1-executive-summary", "2-project-context", "3-architecture-overview", "4-technology-stack"])
        #expect(result.facts.fields.prefix(3).map(\.key) == ["Version", "Last Updated", "Status"])
        #expect(result.facts.fields.first?.value == "1.0")
        #expect(result.facts.fields.contains(FieldLine(key: "Next Review", value: "[Date]", line: 301)))
    }

    @Test("a list whose items are prose mentioning a section is not a table of contents")
    func proseLists() {
        let prose = "# T\n\n- The installer is covered in [Install](#install), which you should read first.\n"
            + "- When it fails, the [troubleshooting](#troubleshooting) section lists the usual causes.\n\n## Install\n\n## Troubleshooting\n"
        #expect(facts(prose).facts.tableOfContents == nil)
        let toc = "# T\n\n1. [Install](#install)\n2. [Troubleshooting](#troubleshooting) — when it fails\n\n## Install\n\n## Troubleshooting\n"
        #expect(facts(toc).facts.tableOfContents?.fragments == ["install", "troubleshooting"])
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
