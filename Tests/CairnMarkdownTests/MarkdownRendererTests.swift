import Foundation
import Testing
@testable import CairnMarkdown

/// Records links and leaves them alone.
struct RecordingDelegate: MarkdownRenderDelegate {
    var links: [LinkReference] = []
    var rewrites: [String: LinkRewrite] = [:]
    var codeBlocks: [CodeBlock] = []
    var replaceLanguage: String?

    mutating func rewrite(link: LinkReference) -> LinkRewrite? {
        links.append(link)
        return rewrites[link.destination]
    }

    mutating func render(codeBlock: CodeBlock) -> String? {
        codeBlocks.append(codeBlock)
        return codeBlock.language == replaceLanguage ? "<figure class=\"replaced\"></figure>" : nil
    }
}

func render(_ markdown: String, unsafe: Bool = false, html: RawHTMLMode = .sanitize) -> RenderedMarkdown {
    var delegate = RecordingDelegate()
    return MarkdownRenderer.render(markdown, options: MarkdownOptions(html: unsafe ? .unsafe : html), delegate: &delegate)
}

@Suite("Markdown rendering")
struct MarkdownRendererTests {
    @Test("renders GFM tables, strikethrough, autolinks, task lists and footnotes")
    func gfm() {
        let html = render("""
            | a | b |
            |---|--:|
            | 1 | 2 |

            ~~gone~~ www.example.com

            - [x] done
            - [ ] todo

            Text[^1]

            [^1]: The note.
            """).html
        #expect(html.contains("<div class=\"table-wrap\">\n<table>"))
        #expect(html.contains("<td align=\"right\">2</td>"))
        #expect(html.contains("<del>gone</del>"))
        #expect(html.contains("<a href=\"http://www.example.com\">www.example.com</a>"))
        #expect(html.contains("<li><label class=\"task-list-item-label\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled checked> done</label></li>"))
        #expect(html.contains("<li><label class=\"task-list-item-label\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled> todo</label></li>"))
        #expect(html.contains("class=\"footnotes\""))
        #expect(html.contains("href=\"#fn-1\""))
    }

    @Test("names every task checkbox: by its text, or by its state when the item has no text", arguments: RawHTMLMode.allCases)
    func taskLabels(_ mode: RawHTMLMode) {
        let html = render("- [ ] open [link](https://example.com) *now*\n- [x]\n- [ ] loose\n\n  more\n", html: mode).html
        #expect(html.contains("<label class=\"task-list-item-label\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled> open <a href=\"https://example.com\">link</a> <em>now</em></label>"))
        #expect(html.contains("<p><label class=\"task-list-item-label\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled> loose</label></p>\n<p>more</p>"))
        // cmark-gfm takes `- [x]` with nothing after it as a plain item; a task with no text is
        // named by its state.
        let empty = render("- [x] \n\n  > quoted\n", html: mode).html
        #expect(empty.contains("<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled checked aria-label=\"Done\">"))
        #expect(!html.contains("<input type=\"checkbox\" disabled=\"\" />"))
    }

    @Test("code blocks say whether they are fenced and whether their fence was closed")
    func fenceFacts() {
        var delegate = RecordingDelegate()
        let markdown = """
            ```
            closed
            ```

                indented

            > ~~~~
            > quoted
            > ~~~~~~

            - ```txt
              in a list
              ```

            ````
            last, never closed
            ```
            """
        _ = MarkdownRenderer.render(markdown, delegate: &delegate)
        let facts = delegate.codeBlocks.map { [$0.fenced, $0.closed] }
        #expect(facts == [[true, true], [false, true], [true, true], [true, true], [true, false]])
        // A fence that ends on its own opening line (the page ends there) never closed.
        var empty = RecordingDelegate()
        _ = MarkdownRenderer.render("```", delegate: &empty)
        #expect(empty.codeBlocks.map(\.closed) == [false])
    }

    @Test("gives headings GitHub ids and an anchor link, numbering repeats")
    func headings() {
        let result = render("# Title\n\n## 1. Executive Summary\n\n### Who It's For\n\n## Notes\n\n## Notes\n")
        #expect(result.headings.map(\.id) == ["title", "1-executive-summary", "who-its-for", "notes", "notes-1"])
        #expect(result.headings.map(\.line) == [1, 3, 5, 7, 9])
        #expect(result.firstH1 == "Title")
        #expect(result.html.contains("<h2 id=\"1-executive-summary\">"))
        #expect(result.html.contains("<a class=\"heading-anchor\" href=\"#1-executive-summary\""))
    }

    @Test("heading text with code and emphasis keeps its words in the id")
    func headingMarkup() {
        let result = render("## The `cairn build` *command*\n")
        #expect(result.headings.first?.id == "the-cairn-build-command")
        #expect(result.headings.first?.text == "The cairn build command")
        #expect(result.html.contains("<code>cairn build</code>"))
    }

    @Test("turns GitHub alerts into callouts", arguments: MarkdownRenderer.AlertKind.allCases)
    func alerts(kind: MarkdownRenderer.AlertKind) {
        let html = render("> [!\(kind.rawValue.uppercased())]\n> Mind the gap.\n").html
        #expect(html.contains("<div class=\"alert alert-\(kind.rawValue)\" role=\"note\">"))
        #expect(html.contains("<p>Mind the gap.</p>"))
        #expect(!html.contains("[!"))
        #expect(!html.contains("<blockquote>"))
    }

    @Test("leaves ordinary quotes and unknown markers alone")
    func notAlerts() {
        #expect(render("> Just a quote\n").html.contains("<blockquote>"))
        #expect(render("> [!FOO]\n> text\n").html.contains("<blockquote>"))
    }

    @Test("reports link positions and applies rewrites, filling empty link text")
    func links() {
        var delegate = RecordingDelegate()
        delegate.rewrites["./operations.md"] = LinkRewrite(destination: "../operations/", fillText: "Operations")
        let result = MarkdownRenderer.render(
            "Intro\n\nSee [](./operations.md) and ![x](img.png).\n", delegate: &delegate)
        #expect(delegate.links.map(\.destination) == ["./operations.md", "img.png"])
        #expect(delegate.links[0].line == 3)
        #expect(delegate.links[0].column == 5)
        #expect(delegate.links[0].hasText == false)
        #expect(delegate.links[1].isImage)
        #expect(result.html.contains("<a href=\"../operations/\">Operations</a>"))
    }

    @Test("lets the delegate replace code blocks by language")
    func codeBlocks() {
        var delegate = RecordingDelegate()
        delegate.replaceLanguage = "diagram"
        let html = MarkdownRenderer.render("```diagram\n+--+\n```\n\n```bash\nls\n```\n", delegate: &delegate).html
        #expect(delegate.codeBlocks.map(\.language) == ["diagram", "bash"])
        #expect(html.contains("<figure class=\"replaced\"></figure>"))
        #expect(html.contains("<code class=\"language-bash\">ls\n</code>"))
    }

    @Test("does not overflow the stack on deep nesting")
    func deepNesting() {
        let quotes = String(repeating: ">", count: 50_000) + " deep\n"
        #expect(render(quotes).html.contains("deep"))
        let brackets = String(repeating: "[", count: 50_000)
        #expect(!render(brackets).html.isEmpty)
    }
}

@Suite("HTML safety (RELIABILITY 9–11)")
struct HTMLSafetyTests {
    @Test("sanitizes raw HTML by default, and omits it in omit mode", arguments: [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
    ])
    func rawHTML(_ input: String) {
        for mode in [RawHTMLMode.sanitize, .omit] {
            let html = render("Text\n\n\(input)\n", html: mode).html
            #expect(!html.contains("<script"))
            #expect(!html.contains("onerror"))
            #expect(!html.contains("<iframe"))
            #expect(!html.contains("alert(1)"))
        }
    }

    @Test("blanks dangerous URL schemes in links and images", arguments: [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>x</script>",
        "&#106;avascript:alert(1)",
    ])
    func dangerousSchemes(_ url: String) {
        let html = render("[a](\(url)) ![b](\(url))\n").html
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!html.lowercased().contains("vbscript:"))
        #expect(!html.contains("data:text/html"))
    }

    @Test("keeps relative links and data:image URLs")
    func safeURLs() {
        let html = render("[a](docs/a.md) ![b](data:image/png;base64,iVBORw0KGgo=)\n").html
        #expect(html.contains("href=\"docs/a.md\""))
        #expect(html.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""))
    }

    @Test("escapes hostile fence info strings and heading text")
    func escaping() {
        let html = render("```js\"><script>alert(1)</script>\nx\n```\n\n## \"><img src=x onerror=alert(1)>\n").html
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(html.contains("&quot;&gt;"))
    }

    @Test("passes raw HTML through when unsafeHTML is set")
    func unsafeOptIn() {
        #expect(render("<div class=\"x\">hi</div>\n", unsafe: true).html.contains("<div class=\"x\">hi</div>"))
    }
}

@Suite("libcmark-gfm facts")
struct CmarkRuntimeTests {
    #if os(Linux)
    @Test("on Linux the library calls our special-character function, so parses run in parallel")
    func interposition() {
        #expect(CmarkRuntime.parallelParsing)
    }
    #endif

    @Test("parallel parses keep strikethrough and autolinks (the interposed table, or the parse lock)")
    func parallelParse() async {
        let source = "a ~~b~~ c www.example.com ~~d~~\n"
        let count = 20_000
        let tallies = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let html = render(source).html
                    return html.components(separatedBy: "<del>").count - 1
                        + html.components(separatedBy: "href=\"http://www.example.com\"").count - 1
                }
            }
            var total = 0
            for await tally in group { total += tally }
            return total
        }
        #expect(tallies == count * 3)
    }

    @Test("reports the linked library version")
    func version() {
        #expect(CmarkRuntime.versionString.contains("gfm"))
        #expect(CmarkRuntime.version > 0)
    }
}
