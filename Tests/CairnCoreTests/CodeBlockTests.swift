import Foundation
import Testing
@testable import CairnCore

/// Fence options, the highlight switch, and code text staying searchable.
@Suite("code blocks")
struct CodeBlockTests {
    @Test("fence options: {ranges}, linenums, title, and MkDocs Material's spellings")
    func options() {
        let ours = FenceOptions.parse(#"go {3,5-7} linenums title="main.go""#)
        #expect(ours.languageWord == "go")
        #expect(ours.highlightRanges == [3...3, 5...7])
        #expect(ours.lineNumbers && ours.firstLine == 1)
        #expect(ours.title == "main.go")
        let material = FenceOptions.parse(#"py title="a b.py" linenums="10" hl_lines="2 4-5""#)
        #expect(material.title == "a b.py")
        #expect(material.firstLine == 10)
        #expect(material.highlightRanges == [2...2, 4...5])
        let attached = FenceOptions.parse("rust{1}")
        #expect(attached.languageWord == "rust" && attached.highlightRanges == [1...1])
        #expect(FenceOptions.parse("js").isPlain)
        #expect(FenceOptions.parse("js linenums=false {0,x,5-3}").isPlain)  // nonsense is ignored
        #expect(FenceOptions.parse("").languageWord == "")
    }

    @Test("\"highlight\": false leaves code plain but keeps titles, numbers and marks")
    func switchedOff() throws {
        let page = "```go\nfunc main() {}\n```\n\n```go {1} title=\"x.go\"\nvar x = 1\n```\n"
        let on = try TestSite(["content/index.md": page])
        let off = try TestSite(["content/index.md": page, "site.json": "{\"highlight\": false}"])
        let onHTML = try #require(on.page("index.html", in: on.render()))
        let offHTML = try #require(off.page("index.html", in: off.render()))
        #expect(onHTML.contains("<span class=\"hl-k\">func</span>"))
        #expect(!offHTML.contains("hl-"))
        #expect(offHTML.contains("<pre><code class=\"language-go\">func main() {}\n</code></pre>"))
        #expect(offHTML.contains("<div class=\"code-title\">x.go</div>"))
        #expect(offHTML.contains("<span class=\"line hll\">var x = 1\n</span>"))
        #expect(on.render().diagnostics.isEmpty && off.render().diagnostics.isEmpty)
    }

    @Test("search keeps indexing the words of highlighted code")
    func searchable() throws {
        let site = try TestSite(["content/index.md": "# Home\n\n```go\nfmt.Println(zanzibarquux)\n```\n"])
        let report = site.render()
        let shards = report.files.filter { $0.path.hasPrefix("search/t/") }.compactMap { file -> String? in
            guard case .data(let data) = file.contents else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        #expect(shards.contains { $0.contains("\"zanzibarquux\"") })
        #expect(shards.contains { $0.contains("\"println\"") })
    }

    @Test("Mermaid, Graphviz-off and diagram fences are not highlighted")
    func diagramsKeepTheirHandling() throws {
        let site = try TestSite([
            "content/index.md": "```mermaid\ngraph TD; A-->B\n```\n\n```diagram\n+--+\n|A |\n+--+\n```\n",
        ])
        let html = try #require(site.page("index.html", in: site.render()))
        #expect(html.contains("<figure class=\"diagram mermaid-diagram\">"))
        #expect(html.contains("aria-label=\"Flowchart: A, B\""))
        #expect(html.contains("<svg"))
        #expect(!html.contains("hl-"))
        try site.write("site.json", Data(#"{"title": "T", "diagrams": {"mermaid": "client"}}"#.utf8))
        let client = try #require(site.page("index.html", in: site.render()))
        #expect(client.contains("<pre class=\"mermaid\">graph TD; A--&gt;B\n</pre>"))
        #expect(!client.contains("hl-"))
    }
}
