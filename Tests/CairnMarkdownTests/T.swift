import Testing
@testable import CairnMarkdown
struct NoLinks: MarkdownRenderDelegate {
    mutating func rewrite(link: LinkReference) -> LinkRewrite? { print(link); return nil }
}
@Test func smoke() {
    var d = NoLinks()
    let r = MarkdownRenderer.render("# Hi\n\n## 1. Executive Summary\n\nsee [x](a.md) and ~~no~~ www.x.com\n\n> [!NOTE]\n> be careful\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [ ] task\n\nfoot[^1]\n\n[^1]: note\n\n<script>alert(1)</script>\n[bad](javascript:alert(1))\n", delegate: &d)
    print(r.html)
    print(r.headings)
}
