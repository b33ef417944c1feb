import Testing
@testable import CairnMarkdown

/// Raw HTML in `markdown.html: "sanitize"` mode, element family by family, then the hostile cases.
@Suite("Raw HTML sanitizing")
struct HTMLSanitizerTests {
    func html(_ markdown: String) -> String {
        render(markdown).html
    }

    @Test("details and summary keep their Markdown content; text right after a tag is kept")
    func details() {
        let out = html("<details open>\n<summary>More <b>info</b></summary>\n\nHidden *text*.\n\n</details>\nAfter.\n")
        #expect(out.contains("<details open=\"\">\n<summary>More <b>info</b></summary>"))
        #expect(out.contains("<p>Hidden <em>text</em>.</p>"))
        #expect(out.contains("</details>\nAfter."))
    }

    @Test("inline tags in paragraphs and table cells: br, sup, sub, kbd, ins, del, abbr")
    func inline() {
        let out = html("Alice<br>Bob, O(n<sup>2</sup>), H<sub>2</sub>O, <kbd>Ctrl</kbd>, <abbr title=\"x\">X</abbr>\n\n| a |\n|---|\n| x<br>y <ins>i</ins> |\n")
        #expect(out.contains("Alice<br>Bob, O(n<sup>2</sup>), H<sub>2</sub>O, <kbd>Ctrl</kbd>, <abbr title=\"x\">X</abbr>"))
        #expect(out.contains("<td>x<br>y <ins>i</ins></td>"))
    }

    @Test("images, pictures and presentational attributes GitHub keeps")
    func images() {
        let out = html("<p align=\"center\">\n<img src=\"logo.png\" width=\"120\" alt=\"Logo\">\n</p>\n\n<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"dark.png 1x, dark@2x.png 2x\"><img src=\"light.png\"></picture>\n")
        #expect(out.contains("<p align=\"center\">\n<img src=\"logo.png\" width=\"120\" alt=\"Logo\">\n</p>"))
        #expect(out.contains("<source media=\"(prefers-color-scheme: dark)\" srcset=\"dark.png 1x, dark@2x.png 2x\">"))
    }

    @Test("HTML tables, lists and definition lists")
    func structures() {
        let out = html("<table>\n<tr><th colspan=\"2\">h</th></tr>\n<tr><td>a</td><td>b</td></tr>\n</table>\n\n<dl><dt>t</dt><dd>d</dd></dl>\n")
        #expect(out.contains("<th colspan=\"2\">h</th>"))
        #expect(out.contains("<dl><dt>t</dt><dd>d</dd></dl>"))
    }

    @Test("ids and <a name> are anchors; the theme's own ids are refused with a note")
    func anchors() {
        let rendered = render("<a name=\"footnote1\"></a>\n\n<div id=\"cell\">x</div>\n\n<div id=\"main\">y</div>\n")
        #expect(rendered.facts.htmlAnchors == ["footnote1", "cell"])
        #expect(rendered.html.contains("<div>y</div>"))
        #expect(rendered.facts.htmlNotes.contains { $0.message.contains("\"main\" is the theme's own") && $0.line == 5 })
    }

    @Test("links and images inside HTML go through the link hook, at their line and column")
    func links() {
        var delegate = RecordingDelegate()
        delegate.rewrites["other.md#x"] = LinkRewrite(destination: "../other/#x")
        let rendered = MarkdownRenderer.render(
            "Text\n\n<p>\n  <a href=\"other.md#x\">o</a> <img src=\"media/a.png\">\n</p>\n", options: MarkdownOptions(), delegate: &delegate)
        let links = delegate.links.map { "\($0.destination)@\($0.line):\($0.column) image:\($0.isImage)" }
        #expect(links == ["other.md#x@4:12 image:false", "media/a.png@4:40 image:true"])
        #expect(rendered.html.contains("<a href=\"../other/#x\">o</a> <img src=\"media/a.png\">"))
    }

    @Test("removed elements are reported once each; unknown elements keep their text")
    func notes() {
        let rendered = render("<center>c</center> <font color=red>red</font>\n\n<iframe src=\"https://x\"></iframe>\n\n<script>a</script>\n<script>b</script>\n")
        #expect(rendered.html.contains("<center>c</center> red"))
        let messages = rendered.facts.htmlNotes.map(\.message)
        #expect(messages.filter { $0.contains("<font>") }.count == 1)
        #expect(messages.filter { $0.contains("<iframe>") }.count == 1)
        #expect(messages.filter { $0.contains("<script>") }.count == 1)
    }

    @Test("stray end tags never close the theme's elements; what is left open is closed")
    func balance() {
        let out = html("</div></div></article>\n\n<div><div>\n\nText\n\nMore <b>bold\n\nAfter\n")
        #expect(!out.contains("</article>"))
        #expect(out.hasPrefix("\n<div><div>") || out.contains("<div><div>"))
        #expect(out.contains("More <b>bold</b></p>"))
        #expect(out.hasSuffix("</div></div>\n") || out.contains("</div></div>"))
        #expect(out.components(separatedBy: "<div").count == out.components(separatedBy: "</div>").count)
    }

    @Test("omit mode: one note saying how much was left out, at the first piece")
    func omit() {
        let rendered = render("Text\n\n<div>x</div>\n\nA <b>b</b> c\n", html: .omit)
        #expect(!rendered.html.contains("<div>x"))
        #expect(rendered.facts.htmlNotes == [HTMLNote(
            message: "1 raw HTML block and 2 inline HTML tags left out (markdown.html is \"omit\")", line: 3, column: 1)])
    }

    @Test("unsafe mode: verbatim, with its anchors known")
    func unsafe() {
        let rendered = render("<div id=\"x\" onclick=\"f()\">x</div>\n", html: .unsafe)
        #expect(rendered.html.contains("<div id=\"x\" onclick=\"f()\">x</div>"))
        #expect(rendered.facts.htmlAnchors == ["x"])
    }

    /// After the XSS filter-evasion cheat sheet: each is sanitized to markup with no script.
    @Test("hostile HTML leaves nothing that runs", arguments: [
        "<script>alert(1)</script>", "<SCRIPT SRC=//x.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"jav&#x09;ascript:alert(1);\">", "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>", "<a href=' javascript:alert(1)'>x</a>", "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>", "<a href=\"vbscript:msgbox(1)\">x</a>", "<a href=\"data:text/html,x\">x</a>",
        "<a href=\"javas&#99;ript:alert(1)\">x</a>", "<a href=\"&#0000106avascript:alert(1)\">x</a>",
        "<svg onload=alert(1)>", "<svg><script>alert(1)</script></svg>", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>", "<object data=\"x.swf\"></object>", "<embed src=x.swf>",
        "<form action=\"javascript:alert(1)\"><input type=submit onfocus=alert(1)></form>", "<style>*{x:url(javascript:alert(1))}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>", "<details open ontoggle=alert(1)>", "<a href=\"x\" onclick=\"alert(1)\">x</a>",
        "<img \"\"\"><script>alert(1)</script>\">", "<scr<script>ipt>alert(1)</script>", "<a/href=\"javascript:alert(1)\">x</a>",
        "<img src=`x`onerror=alert(1)>", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">", "<img src=\"x\" srcset=\"javascript:alert(1) 1x\">", "<!-- <script>alert(1)</script> -->",
        "Text <script>alert(1)</script> more", "A <b onmouseover=alert(1)>b</b>",
    ])
    func hostile(_ input: String) {
        let out = html(input + "\n")
        var tokenizer = HTMLTokenizer(out)
        while let token = tokenizer.next() {
            guard case .start(let tag) = token else { continue }
            #expect(HTMLAllowlist.elements.contains(tag.name), "<\(tag.name)> in \(out)")
            for attribute in tag.attributes {
                #expect(!attribute.name.hasPrefix("on") && attribute.name != "style", "\(attribute.name) in \(out)")
                if let schemes = HTMLAllowlist.urlAttributes[attribute.name] {
                    let value = HTMLEntities.decode(attribute.value)
                    #expect(HTMLAllowlist.allows(value, schemes: schemes.union(["data"])) && !value.lowercased().contains("script:"), "\(out)")
                }
            }
        }
        #expect(!out.lowercased().contains("<script"), "\(out)")
    }

}
