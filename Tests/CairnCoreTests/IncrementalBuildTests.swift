import Foundation
import Testing
@testable import CairnCore

/// `cairn watch`'s rebuilds: each kind of change redoes only its own work (render counts, as
/// Hugo's rebuild tests assert them), and the result is always what a full build would give.
@Suite("Incremental rebuilds")
struct IncrementalBuildTests {
    static let environment = BuildEnvironment(today: Date(timeIntervalSince1970: 1_790_000_000), readGitHistory: false)

    /// A site of `count` plain pages plus a home page and two pages that link to each other.
    static func site(pages count: Int = 20) throws -> TestSite {
        var files: [String: String] = [
            "site.json": #"{"title": "Incremental"}"#,
            "content/index.md": "# Home\n\nSee [ops](ops.md) and [the guide](guides/setup.md#install).\n",
            "content/ops.md": "# Operations\n\nRunbook text.\n\n## Restart\n\nSteps.\n",
            "content/guides/setup.md": "# Setup\n\n## Install\n\nBack to [](../ops.md).\n",
            "content/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        ]
        for number in 1...count {
            files["content/notes/note-\(number).md"] = "# Note \(number)\n\nText of note \(number).\n"
        }
        return try TestSite(files)
    }

    static func session(_ site: TestSite) -> SiteSession {
        SiteSession(root: site.root, options: .init(environment: environment))
    }

    /// The session's output and diagnostics must equal a build from scratch.
    static func expectSameAsFullBuild(_ session: SiteSession, _ site: TestSite, sourceLocation: SourceLocation = #_sourceLocation) {
        let full = SiteBuilder.render(root: site.root, environment: environment)
        #expect(session.report.diagnosticText == full.diagnosticText, sourceLocation: sourceLocation)
        let incremental = Dictionary(uniqueKeysWithValues: session.report.files.map { ($0.path, bytes($0)) })
        let fresh = Dictionary(uniqueKeysWithValues: full.files.map { ($0.path, bytes($0)) })
        #expect(incremental.keys.sorted() == fresh.keys.sorted(), sourceLocation: sourceLocation)
        for (path, data) in fresh where incremental[path] != data {
            Issue.record("\(path) differs from a full build", sourceLocation: sourceLocation)
        }
    }

    static func bytes(_ file: OutputFile) -> Data {
        switch file.contents {
        case .data(let data): return data
        case .copy(let url): return (try? Data(contentsOf: url)) ?? Data()
        }
    }

    @Test("the first build renders every page once")
    func firstBuild() throws {
        let site = try Self.site()
        let session = Self.session(site)
        #expect(session.renderCount == 23)
    }

    @Test("a body edit renders that page only and lays out only that page")
    func bodyEdit() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("content/notes/note-3.md", Data("# Note 3\n\nA new sentence.\n".utf8))
        let summary = session.update(SiteChanges(paths: ["content/notes/note-3.md"]))
        #expect(summary.renderedPages == ["content/notes/note-3.md"])
        #expect(summary.laidOutPages == 1)
        #expect(summary.kinds == [.page])
        #expect(summary.changedFiles.contains("notes/note-3/index.html"))
        #expect(!summary.changedFiles.contains("notes/note-4/index.html"))
        #expect(session.renderCount == 24)
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("a title change re-renders the pages that link to it and lays out every page")
    func titleChange() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("content/ops.md", Data("# Operations Runbook\n\nRunbook text.\n\n## Restart\n\nSteps.\n".utf8))
        let summary = session.update(SiteChanges(paths: ["content/ops.md"]))
        // setup.md fills its empty link text with the title; the home page links to it too.
        #expect(summary.renderedPages.sorted() == ["content/guides/setup.md", "content/index.md", "content/ops.md"])
        #expect(summary.laidOutPages == session.report.pageCount)
        let setup = try #require(site.page("guides/setup/index.html", in: session.report))
        #expect(setup.contains("Operations Runbook</a>"))
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("a removed anchor is reported by the link check without rendering the linking page")
    func anchorChange() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("content/guides/setup.md", Data("# Setup\n\n## Installing\n\nBack to [](../ops.md).\n".utf8))
        let summary = session.update(SiteChanges(paths: ["content/guides/setup.md"]))
        #expect(summary.renderedPages == ["content/guides/setup.md"])
        #expect(session.report.diagnosticText.contains { $0.contains("content/index.md") && $0.contains("#install") })
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("an added page renders itself and the pages whose links pointed at its path")
    func addPage() throws {
        let site = try Self.site()
        try site.write("content/faq-link.md", Data("# FAQ link\n\nSee [the FAQ](faq.md).\n".utf8))
        var session = Self.session(site)
        #expect(session.report.diagnosticText.contains { $0.contains("faq.md' does not exist") })
        try site.write("content/faq.md", Data("# FAQ\n\nAnswers.\n".utf8))
        let summary = session.update(SiteChanges(paths: ["content/faq.md"]))
        #expect(summary.renderedPages.sorted() == ["content/faq-link.md", "content/faq.md"])
        #expect(summary.changedFiles.contains("faq/index.html"))
        #expect(!session.report.diagnosticText.contains { $0.contains("does not exist") })
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("a removed page leaves the output, and links to it become broken (RELIABILITY 28)")
    func removePage() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/ops.md"))
        let summary = session.update(SiteChanges(paths: ["content/ops.md"]))
        #expect(summary.removedFiles.filter { !$0.hasPrefix("search/") } == ["ops/index.html"])
        #expect(summary.renderedPages.sorted() == ["content/guides/setup.md", "content/index.md"])
        #expect(session.report.diagnosticText.contains { $0.contains("content/index.md") && $0.contains("does not exist") })
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("a renamed page moves in the output")
    func renamePage() throws {
        let site = try Self.site()
        var session = Self.session(site)
        let notes = site.root.appendingPathComponent("content/notes")
        try FileManager.default.moveItem(
            at: notes.appendingPathComponent("note-7.md"), to: notes.appendingPathComponent("seven.md"))
        let summary = session.update(SiteChanges(paths: ["content/notes/note-7.md", "content/notes/seven.md"]))
        #expect(summary.renderedPages == ["content/notes/seven.md"])
        #expect(summary.removedFiles.filter { !$0.hasPrefix("search/") } == ["notes/note-7/index.html"])
        #expect(summary.changedFiles.contains("notes/seven/index.html"))
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("a new folder with pages, then the folder removed")
    func folders() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("content/adr/0001-record.md", Data("# Record decisions\n".utf8))
        try site.write("content/adr/0002-swift.md", Data("# Use Swift\n".utf8))
        var summary = session.update(SiteChanges(paths: ["content/adr"]))
        #expect(summary.kinds == [.folder])
        #expect(summary.renderedPages.sorted() == ["content/adr/0001-record.md", "content/adr/0002-swift.md"])
        Self.expectSameAsFullBuild(session, site)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/adr"))
        summary = session.update(SiteChanges(paths: ["content/adr"]))
        #expect(summary.renderedPages.isEmpty)
        #expect(summary.removedFiles.contains("adr/0001-record/index.html"))
        #expect(summary.removedFiles.contains("adr/index.html"))
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("a template change lays out every page and renders no Markdown")
    func templateChange() throws {
        let site = try Self.site()
        var session = Self.session(site)
        let page = EmbeddedTheme.files["page.mustache"] ?? ""
        try site.write("themes/default/page.mustache", Data(("<!-- custom -->\n" + page).utf8))
        let summary = session.update(SiteChanges(paths: ["themes/default/page.mustache"]))
        #expect(summary.renderedPages.isEmpty)
        #expect(summary.laidOutPages == session.report.pageCount)
        #expect(site.page("ops/index.html", in: session.report)?.hasPrefix("<!-- custom -->") == true)
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("a stylesheet change replaces one file and asks for a stylesheet swap, not a reload")
    func stylesheetChange() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("themes/default/assets/style.css", Data("body { color: red }\n".utf8))
        let summary = session.update(SiteChanges(paths: ["themes/default/assets/style.css"]))
        #expect(summary.renderedPages.isEmpty)
        #expect(summary.laidOutPages == 0)
        #expect(summary.changedFiles == ["_cairn/style.css"])
        #expect(summary.stylesheetsOnly)
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("a content asset change copies that file only")
    func assetChange() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("content/images/logo.svg", Data("<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>".utf8))
        let summary = session.update(SiteChanges(paths: ["content/images/logo.svg"]))
        #expect(summary.kinds == [.asset])
        #expect(summary.renderedPages.isEmpty)
        #expect(summary.changedFiles == ["images/logo.svg"])
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("site.json renders everything again")
    func configChange() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("site.json", Data(#"{"title": "Renamed"}"#.utf8))
        let summary = session.update(SiteChanges(paths: ["site.json"]))
        #expect(summary.full)
        #expect(summary.renderedPages.count == 23)
        #expect(site.page("ops/index.html", in: session.report)?.contains("Renamed") == true)
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("broken front matter is an error at its line; fixing it recovers (RELIABILITY 22, 37)")
    func brokenThenFixed() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("content/ops.md", Data("---\ntitle: \"Ops\n---\n# Operations\n".utf8))
        _ = session.update(SiteChanges(paths: ["content/ops.md"]))
        #expect(session.report.diagnostics.errorCount == 1)
        #expect(session.report.diagnosticText.contains { $0.hasPrefix("content/ops.md:2:") })
        try site.write("content/ops.md", Data("---\ntitle: \"Ops\"\n---\n# Operations\n".utf8))
        _ = session.update(SiteChanges(paths: ["content/ops.md"]))
        #expect(session.report.succeeded)
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("editor temp files and paths outside the inputs are no change at all")
    func ignored() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("content/.ops.md.swp", Data("x".utf8))
        try site.write("content/4913", Data("".utf8))
        let summary = session.update(SiteChanges(paths: [
            "content/.ops.md.swp", "content/4913", "content/ops.md~", "content/ops.md___jb_tmp___",
            "_site/ops/index.html", "README.md", "themes/other/page.mustache",
        ]))
        #expect(summary.kinds.isEmpty)
        #expect(summary.renderedPages.isEmpty)
        #expect(summary.changedFiles.isEmpty)
    }

    @Test("a rescan after lost events finds every change")
    func rescan() throws {
        let site = try Self.site()
        var session = Self.session(site)
        try site.write("content/notes/note-1.md", Data("# First note\n".utf8))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notes/note-2.md"))
        let summary = session.update(SiteChanges(rescan: true))
        #expect(summary.full)
        #expect(summary.removedFiles.filter { !$0.hasPrefix("search/") } == ["notes/note-2/index.html"])
        Self.expectSameAsFullBuild(session, site)
    }

    /// 4 areas × 3 folders × 20 pages: over the size where every sidebar holds the whole tree.
    static func largeSite() throws -> TestSite {
        var files: [String: String] = ["site.json": #"{"title": "Large"}"#, "content/index.md": "# Home\n"]
        for area in 1...4 {
            files["content/area-\(area)/index.md"] = "# Area \(area)\n"
            for folder in 1...3 {
                for page in 1...20 {
                    files["content/area-\(area)/folder-\(folder)/page-\(page).md"] =
                        "---\nstatus: Draft\n---\n# Page \(area).\(folder).\(page)\n\nSee [the first page](page-1.md).\n"
                }
            }
        }
        return try TestSite(files)
    }

    @Test("on a large site a title change lays out only the pages that show that title")
    func largeSiteTitle() throws {
        let site = try Self.largeSite()
        var session = Self.session(site)
        let path = "content/area-2/folder-3/page-7.md"
        try site.write(path, Data("---\nstatus: Draft\n---\n# A new title\n\nSee [the first page](page-1.md).\n".utf8))
        let summary = session.update(SiteChanges(paths: [path]))
        #expect(summary.renderedPages == [path])
        // Its folder's 20 pages and listing page, page-1 (its backlinks), the previous and next
        // pages in reading order: far fewer than the 254 pages.
        #expect(summary.laidOutPages > 20 && summary.laidOutPages < 40)
        Self.expectSameAsFullBuild(session, site)

        // A status badge shows in the sidebar the same way.
        try site.write(path, Data("---\nstatus: Approved\n---\n# A new title\n\nSee [the first page](page-1.md).\n".utf8))
        let again = session.update(SiteChanges(paths: [path]))
        #expect(again.laidOutPages < 40)
        Self.expectSameAsFullBuild(session, site)

        // A top-level page is in every sidebar.
        try site.write("content/area-1/index.md", Data("# First area\n".utf8))
        let top = session.update(SiteChanges(paths: ["content/area-1/index.md"]))
        #expect(top.laidOutPages == session.report.pageCount)
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("on a large site a body edit lays out one page")
    func largeSiteBody() throws {
        let site = try Self.largeSite()
        var session = Self.session(site)
        let path = "content/area-3/folder-1/page-4.md"
        try site.write(path, Data("---\nstatus: Draft\n---\n# Page 3.1.4\n\nNew words. See [the first page](page-1.md).\n".utf8))
        let summary = session.update(SiteChanges(paths: [path]))
        #expect(summary.renderedPages == [path])
        #expect(summary.laidOutPages == 1)
        Self.expectSameAsFullBuild(session, site)
    }

    @Test("with a deferred search index, a rebuild keeps the old index until the new one is installed; a stale one is refused")
    func deferredSearch() throws {
        let site = try Self.site()
        var session = SiteSession(root: site.root, options: .init(mode: .preview, environment: Self.environment))
        let searchPaths = { (session: SiteSession) in Set(session.report.files.map(\.path).filter { $0.hasPrefix("search/") }) }
        let before = searchPaths(session)
        #expect(!before.isEmpty)
        #expect(session.pendingSearch == nil)

        try site.write("content/ops.md", Data("# Operations\n\nZanzibar procedures.\n".utf8))
        _ = session.update(SiteChanges(paths: ["content/ops.md"]))
        let first = try #require(session.pendingSearch)
        #expect(searchPaths(session) == before)
        try site.write("content/ops.md", Data("# Operations\n\nQuokka procedures.\n".utf8))
        _ = session.update(SiteChanges(paths: ["content/ops.md"]))
        let second = try #require(session.pendingSearch)
        #expect(session.installSearch(first.run(), revision: first.revision) == nil)

        let installed = session.installSearch(second.run(), revision: second.revision)
        #expect(session.pendingSearch == nil)
        #expect(installed?.changed.isEmpty == false)
        #expect(installed?.removed.isSubset(of: before) == true)
        Self.expectSameAsFullBuild(session, site)

        // A title change changes a row of the health page: it is made by the job too, and the
        // rebuild keeps the old one until then.
        let health = { (session: SiteSession) in session.report.files.first { $0.path == "_health/index.html" } }
        let oldHealth = try #require(health(session))
        try site.write("content/ops.md", Data("# Operations handbook\n\nQuokka procedures.\n".utf8))
        _ = session.update(SiteChanges(paths: ["content/ops.md"]))
        #expect(health(session).map(Self.bytes) == Self.bytes(oldHealth))
        let third = try #require(session.pendingSearch)
        let result = third.run()
        #expect(result.health != nil)
        let changed = session.installSearch(result, revision: third.revision)?.changed ?? []
        #expect(changed.contains("_health/index.html"))
        Self.expectSameAsFullBuild(session, site)
    }
}

extension IncrementalBuildTests {
    @Test("the output difference: same buffer or same bytes is unchanged, other bytes changed, a missing path removed")
    func outputDifference() {
        let shared = Data(repeating: 7, count: 4_096)
        var other = Data(repeating: 7, count: 4_096)
        var edited = shared
        edited[100] = 8
        other.append(contentsOf: [])  // same bytes, its own buffer
        let old = [
            OutputFile(path: "a", contents: .data(shared)), OutputFile(path: "b", contents: .data(shared)),
            OutputFile(path: "c", contents: .data(shared)), OutputFile(path: "gone", contents: .data(shared)),
            OutputFile(path: "small", contents: .data(Data("x".utf8))),
        ]
        let new = [
            OutputFile(path: "a", contents: .data(shared)), OutputFile(path: "b", contents: .data(other)),
            OutputFile(path: "c", contents: .data(edited)), OutputFile(path: "small", contents: .data(Data("y".utf8))),
            OutputFile(path: "new", contents: .data(shared)),
        ]
        #expect(RebuildPlan.sameBuffer(shared, shared))
        let (changed, removed) = RebuildPlan.difference(old: old, new: new, copied: [])
        #expect(changed == ["c", "small", "new"])
        #expect(removed == ["gone"])
    }
}

extension IncrementalBuildTests {
    @Test("renaming a heading another page links to reports that link without rendering it again, and fixing it clears the warning")
    func anchorOfAnotherPage() throws {
        let site = try Self.site()
        var session = Self.session(site)
        #expect(session.report.diagnostics.isEmpty)
        try site.write("content/guides/setup.md", Data("# Setup\n\n## Installing\n\nBack to [](../ops.md).\n".utf8))
        var summary = session.update(SiteChanges(paths: ["content/guides/setup.md"]))
        #expect(summary.renderedPages == ["content/guides/setup.md"])
        #expect(session.report.diagnosticText.first?.hasPrefix("content/index.md:3:23: warning: anchor '#install' does not exist") == true)
        Self.expectSameAsFullBuild(session, site)
        try site.write("content/guides/setup.md", Data("# Setup\n\n## Install\n\nBack to [](../ops.md).\n".utf8))
        summary = session.update(SiteChanges(paths: ["content/guides/setup.md"]))
        #expect(summary.renderedPages == ["content/guides/setup.md"])
        #expect(session.report.diagnostics.isEmpty)
        Self.expectSameAsFullBuild(session, site)
    }
}
