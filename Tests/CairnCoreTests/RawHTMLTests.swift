import CairnMarkdown
import Foundation
import Testing
@testable import CairnCore

/// Raw HTML takes part in the site like Markdown: its links are rewritten and checked, its images
/// copied, its ids are anchors; in omit mode a page says how much it left out.
@Suite("Raw HTML in a site")
struct RawHTMLTests {
    static let page = """
    # Home

    <p align="center">
      <img src="media/logo.png" width="120">
      <img src="media/missing.png">
    </p>

    <table>
    <tr><td id="cell">x</td><td><a href="guide.md#setup">guide</a> <a href="nope.md">nope</a></td></tr>
    </table>

    <a name="footnote1"></a>Footnote.

    [to the footnote](#footnote1), [to the cell](#cell), [nowhere](#nowhere)
    """

    func site(_ config: String = "{}") throws -> TestSite {
        let site = try TestSite([
            "site.json": config,
            "content/index.md": Self.page,
            "content/guide.md": "# Guide\n\n## Setup\n",
        ])
        try site.write("content/media/logo.png", Data([0x89, 0x50, 0x4E, 0x47]))
        return site
    }

    @Test("links and images inside HTML are rewritten, checked at their line and column, and copied")
    func linksAndImages() throws {
        let site = try site()
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        let html = try String(contentsOf: site.root.appendingPathComponent("_site/index.html"), encoding: .utf8)
        #expect(html.contains("<img src=\"media/logo.png\" width=\"120\">"))
        #expect(html.contains("<a href=\"guide/#setup\">guide</a>"))
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site/media/logo.png").path))
        let text = report.diagnosticText
        #expect(text.contains { $0.hasPrefix("content/index.md:5:13: warning:") && $0.contains("media/missing.png") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("content/index.md:9:73: warning:") && $0.contains("nope.md") }, "\(text)")
    }

    @Test("ids and <a name> in raw HTML are anchors the anchor check knows")
    func anchors() throws {
        let report = try site().render()
        let anchors = report.diagnosticText.filter { $0.contains("anchor") }
        #expect(anchors.count == 1, "\(anchors)")
        #expect(anchors.first?.contains("#nowhere") == true)
    }

    @Test("unsafe mode knows the anchors too")
    func unsafeAnchors() throws {
        let report = try site("{\"markdown\": {\"html\": \"unsafe\"}}").render()
        #expect(report.diagnosticText.filter { $0.contains("anchor") }.count == 1)
    }

    @Test("omit mode: one warning per page at the first omitted block, with the counts")
    func omitWarning() throws {
        let report = try site("{\"markdown\": {\"html\": \"omit\"}}").render()
        #expect(report.diagnosticText.contains {
            $0.hasPrefix("content/index.md:3:1: warning: 2 raw HTML blocks and 2 inline HTML tags left out (markdown.html is \"omit\")")
        }, "\(report.diagnosticText)")
    }
}
