import Foundation
import Testing
@testable import CairnCore

@Suite("Navigation")
struct NavigationTests {
    @Test("orders by site.json nav, then weight, then title; folders without index get a listing page")
    func order() throws {
        let site = try TestSite([
            "site.json": "{\n  \"nav\": [\"zeta.md\", \"guides/\",\n          \"missing.md\"]\n}",
            "content/index.md": "# Home\n",
            "content/alpha.md": "# Alpha\n",
            "content/beta.md": "---\nweight: 1\n---\n# Beta\n",
            "content/zeta.md": "# Zeta\n",
            "content/guides/one.md": "# One\n",
        ])
        let report = site.render()
        #expect(report.diagnosticText == [
            "site.json:3:11: warning: nav entry 'missing.md' matches no page or folder under content/",
        ])
        let home = try #require(site.page("index.html", in: report))
        let order = ["Zeta", "Guides", "Beta", "Alpha"].map { title in
            home.range(of: ">\(title)</a>")?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        let listing = try #require(site.page("guides/index.html", in: report))
        #expect(listing.contains("<ul class=\"section-list\">\n<li><a href=\"one/\">One</a>"))
    }

    @Test("marks the current page and links previous and next in reading order")
    func currentAndPager() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n",
            "content/a.md": "---\nweight: 1\n---\n# A\n",
            "content/b.md": "---\nweight: 2\n---\n# B\n",
        ])
        let html = try #require(site.page("a/index.html", in: site.render()))
        #expect(html.contains("<a href=\"./\" class=\"active\" aria-current=\"page\">A</a>"))
        #expect(html.contains("<a class=\"pager-prev\" href=\"../\" rel=\"prev\">"))
        #expect(html.contains("<a class=\"pager-next\" href=\"../b/\" rel=\"next\">"))
    }

    @Test("keeps the sidebar small on large sites: big closed sections are single links")
    func largeSites() throws {
        var files = ["content/index.md": "# Home\n", "content/small/x.md": "# X\n"]
        for n in 0..<200 { files["content/big/page-\(n).md"] = "# Page \(n)\n" }
        let site = try TestSite(files)
        let report = site.render()
        let home = try #require(site.page("index.html", in: report))
        #expect(home.components(separatedBy: "<a href").count < 20)
        #expect(home.contains("class=\"nav-section nav-collapsed\""))
        let inside = try #require(site.page("big/page-7/index.html", in: report))
        #expect(inside.contains("aria-current=\"page\">Page 7</a>"))
    }
}
