import Foundation
import Testing
@testable import CairnCore
import CairnMarkdown

@Suite("cairn check: placeholders, TOC drift, status, reviews, backlinks, health")
struct DocumentCheckTests {
    static let template = FixtureSiteTests.fixtures.appendingPathComponent("template/site")

    @Test("the user's template: placeholders, TOC drift naming sections 5–8, missing operations.md, status unfilled")
    func template() throws {
        let report = SiteBuilder.render(root: Self.template, mode: .check, environment: FixtureSiteTests.pinned)
        #expect(report.diagnosticText == [
            "content/overview.md:4:19: warning: 173 unfilled placeholders: [Date], [Draft | Review | Approved], [2-3 sentences describing the core functionali…], …\n    hint: fill them in, or add 'placeholders: false' to the page's front matter",
            "content/overview.md:10:1: warning: table of contents lists 4 of 8 sections; missing \"5. Non-Functional Requirements\", \"6. Project Roadmap\", \"7. Team & Ownership\", \"8. Glossary\"",
            "content/overview.md:281:30: warning: link target './operations.md' does not exist",
        ])
        let row = try #require(report.checks?.health.first { $0.path == "content/overview.md" })
        #expect(row.placeholders == 173)
        #expect(row.statusUnfilled)
        #expect(row.status == nil)
        #expect(row.version == "1.0")
        #expect(row.brokenLinks == 1)
        #expect(row.tableOfContentsDrift)
        #expect(report.files.isEmpty)
    }

    @Test("a list whose links mostly name no heading of the page is not checked as a TOC")
    func tocOfOtherAnchors() {
        let headings = [RenderedHeading(level: 2, text: "A", id: "a", line: 10), RenderedHeading(level: 2, text: "B", id: "b", line: 20)]
        let toc = TableOfContentsList(line: 5, column: 1, fragments: ["a", "fn1", "fn2", "html-anchor"])
        #expect(CheckDocuments.tableOfContentsDrift(toc, headings: headings) == nil)
    }

    @Test("TOC drift counts only the headings it should list: never 'lists 3 of 3' beside a missing one")
    func tocDriftCountsAgree() {
        // The list also links the intro above it, which is not a heading it is expected to list.
        let headings = [
            RenderedHeading(level: 2, text: "Intro", id: "intro", line: 1),
            RenderedHeading(level: 2, text: "A", id: "a", line: 10),
            RenderedHeading(level: 2, text: "B", id: "b", line: 20),
            RenderedHeading(level: 2, text: "C", id: "c", line: 30),
        ]
        let toc = TableOfContentsList(line: 5, column: 1, fragments: ["intro", "a", "b"])
        #expect(CheckDocuments.tableOfContentsDrift(toc, headings: headings)
            == "table of contents lists 2 of 3 sections; missing \"C\"")
    }

    @Test("placeholders are reported; highlighted (text and diagrams) only where asked; can be turned off")
    func marking() throws {
        let markdown = "Owner: [Name of owner]\n\n```\n┌──────────────────┐\n│ [Insert box here]│\n└──────────────────┘\n```\n"
        let site = try TestSite(["content/index.md": markdown, "site.json": "{\"placeholders\": \"mark\"}"])
        let report = site.render()
        let html = try #require(site.page("index.html", in: report))
        #expect(html.contains("<mark class=\"placeholder\">[Name of owner]</mark>"))
        #expect(html.contains("<rect class=\"placeholder\""))
        #expect(report.diagnosticText.first?.hasPrefix("content/index.md:1:8: warning: 2 unfilled placeholders: [Name of owner], [Insert box here]") == true)
        // A built or published page shows no marks unless site.json asks; the warning stays.
        let plain = try TestSite(["content/index.md": markdown])
        let plainReport = plain.render()
        let plainHTML = try #require(plain.page("index.html", in: plainReport))
        #expect(!plainHTML.contains("<mark"))
        #expect(!plainHTML.contains("class=\"placeholder\""))
        #expect(plainReport.diagnosticText.first?.hasPrefix("content/index.md:1:8: warning: 2 unfilled placeholders") == true)
        let bad = try TestSite(["content/index.md": "# T\n", "site.json": "{\"placeholders\": \"yes\"}"])
        #expect(bad.render().diagnosticText.first?.contains("'placeholders' must be true, false or \"mark\"") == true)
        let off = try TestSite(["content/index.md": "---\nplaceholders: false\n---\nOwner: [Name]\n"])
        let quiet = off.render()
        #expect(quiet.diagnostics.isEmpty)
        #expect(off.page("index.html", in: quiet)?.contains("<mark") == false)
        let siteOff = try TestSite(["content/index.md": "Owner: [Name]\n", "site.json": "{\"placeholders\": false}"])
        #expect(siteOff.render().diagnostics.isEmpty)
    }

    @Test("no false positives on ordinary docs", arguments: [
        "basic",
    ])
    func fixturesWithoutPlaceholders(_ name: String) throws {
        let report = SiteBuilder.render(root: FixtureSiteTests.fixtures.appendingPathComponent("\(name)/site"), environment: FixtureSiteTests.pinned)
        // The basic fixture's "[Date]" in a callout's prose is a bracket, not a template's stand-in.
        let placeholders = report.checks?.health.reduce(0) { $0 + $1.placeholders }
        #expect(placeholders == 0)
    }

    @Test("a TOC that lists every section in order is quiet; a reordered one is reported")
    func tocOrder() throws {
        let good = try TestSite(["content/index.md": "# T\n\n- [A](#1-a)\n- [B](#2-b)\n\n## 1. A\n\n## 2. B\n\n## Appendix\n"])
        #expect(good.render().diagnostics.isEmpty)
        let swapped = try TestSite(["content/index.md": "# T\n\n- [B](#2-b)\n- [A](#1-a)\n\n## 1. A\n\n## 2. B\n"])
        #expect(swapped.render().diagnosticText == [
            "content/index.md:3:1: warning: table of contents lists sections in a different order than the page",
        ])
    }

    @Test("status block and front matter: badge on the page, front matter wins, overdue reviews warn")
    func statusAndReviews() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n\nSee [a](a.md) and [b](b.md).\n",
            "content/a.md": "# A\n\n**Version:** 2.0  \n**Status:** In Review  \n**Owner:** Team A\n\n## Body\n\n**Next Review:** 2026-01-15\n",
            "content/b.md": "---\nstatus: Approved\nnextReview: 2030-01-01\n---\n# B\n\n**Status:** Draft\n",
        ])
        let report = site.render()
        #expect(report.diagnosticText == [
            "content/a.md:9:1: warning: review overdue since 2026-01-15\n    hint: review the page and move its Next Review date forward",
        ])
        let a = try #require(site.page("a/index.html", in: report))
        #expect(a.contains("<span class=\"status-badge status-in-review\">In Review</span>"))
        // A's own text states its status, version and owner: the theme does not repeat them.
        #expect(!a.contains("class=\"page-meta\""))
        #expect(a.contains("<strong>Owner:</strong> Team A"))
        let b = try #require(site.page("b/index.html", in: report))
        // B's front matter says otherwise than its text: the status line shows what counts.
        #expect(b.contains("<p class=\"page-meta\"><span class=\"status-badge status-approved\">Approved</span></p>"))
        let home = try #require(site.page("index.html", in: report))
        #expect(home.contains("<span class=\"status-badge status-in-review\">In Review</span></a>"))
        let rows = try #require(report.checks?.health)
        #expect(rows.first { $0.path == "content/a.md" }?.reviewOverdue == true)
        #expect(rows.first { $0.path == "content/b.md" }?.nextReview == "2030-01-01")
    }

    @Test("backlinks list the pages that link here; orphans are flagged on the health page")
    func backlinksAndHealth() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n\n[Ops](ops.md)\n",
            "content/ops.md": "# Ops\n\nBack [home](index.md).\n",
            "content/lonely.md": "# Lonely\n\n[x](missing.md)\n",
        ])
        let report = site.render()
        let ops = try #require(site.page("ops/index.html", in: report))
        #expect(ops.contains("Referenced by"))
        #expect(ops.contains("<li><a href=\"../\">Home</a></li>"))
        #expect(!ops.contains("more pages"))
        let rows = try #require(report.checks?.health)
        #expect(rows.map(\.path) == ["content/index.md", "content/lonely.md", "content/ops.md"])
        let lonely = try #require(rows.first { $0.path == "content/lonely.md" })
        #expect(lonely.orphan)
        #expect(lonely.brokenLinks == 1)
        #expect(rows.first { $0.path == "content/index.md" }?.orphan == false)
        let health = try #require(site.page("_health/index.html", in: report))
        #expect(health.contains("<span class=\"health-number\">1</span> orphan pages"))
        #expect(health.contains("0 (orphan)"))
        let json = try #require(site.page("_health/health.json", in: report))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((decoded?["pages"] as? [[String: Any]])?.count == 3)
    }

    @Test("past 30 referrers the rest are counted, not listed")
    func manyBacklinks() throws {
        var files = ["content/index.md": "# Home\n", "content/target.md": "# Target\n"]
        for number in 1...32 { files["content/p\(number).md"] = "# P\(number)\n\n[t](target.md)\n" }
        let site = try TestSite(files)
        let target = try #require(site.page("target/index.html", in: site.render()))
        let list = try #require(target.components(separatedBy: "Referenced by").last?.components(separatedBy: "</aside>").first)
        #expect(list.components(separatedBy: "<li><a href=\"../p").count - 1 == 30)
        #expect(target.contains("and 2 more pages"))
    }

    @Test("last updated comes from one git log pass when the site is a git work tree")
    func gitDates() throws {
        let site = try TestSite(["content/index.md": "# Home\n", "content/a.md": "# A\n"])
        guard let git = GitHistory.findGit() else {
            Issue.record("git is not installed")
            return
        }
        func run(_ arguments: [String], date: String = "2024-03-05T12:00:00Z") throws {
            let process = Process()
            process.executableURL = git
            process.arguments = ["-C", site.root.path] + arguments
            process.environment = [
                "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                "HOME": site.root.path,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        try run(["init", "-q"])
        try run(["add", "."])
        try run(["commit", "-q", "-m", "first"])
        try site.write("content/a.md", Data("# A changed\n".utf8))
        try run(["commit", "-q", "-am", "second"], date: "2025-07-08T12:00:00Z")
        let dates = GitHistory.lastCommitDates(root: site.root, contentDir: "content")
        #expect(dates == ["index.md": "2024-03-05", "a.md": "2025-07-08"])
        let report = site.render()
        #expect(site.page("a/index.html", in: report)?.contains("Last updated 2025-07-08") == true)
    }

    @Test("outside git there are no dates, not file times")
    func noGit() throws {
        let site = try TestSite(["content/index.md": "# Home\n"])
        #expect(GitHistory.lastCommitDates(root: site.root, contentDir: "content").isEmpty)
        #expect(site.page("index.html", in: site.render())?.contains("Last updated") == false)
    }
}
