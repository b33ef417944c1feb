import Foundation
import Testing
@testable import CairnCore

/// The rebuild plan as tables of cases: each is a previous state and a change, held in memory
/// (no disk, no clock), and the decision the plan must make.
@Suite("Rebuild plan")
struct RebuildPlanTests {
    // MARK: - From the changes

    struct ChangeCase: CustomTestStringConvertible, Sendable {
        var name: String
        var change: InputChange
        var mode: BuildMode = .preview
        var everything = false
        var dirty: Set<String> = []
        var layOutAll = false
        var remakeThemeFiles = false
        var testDescription: String { name }
    }

    static let changeCases: [ChangeCase] = [
        ChangeCase(name: "a page edited", change: InputChange(kinds: [.page: ["content/a.md"]], sources: ["a.md"]), dirty: ["a.md"]),
        ChangeCase(
            name: "an edit that changed nothing read (same bytes saved again)",
            change: InputChange(kinds: [.page: ["content/a.md"]])),
        ChangeCase(
            name: "a content asset replaced", change: InputChange(kinds: [.asset: ["content/img/x.png"]], copied: ["img/x.png"]),
            dirty: ["img/x.png"]),
        ChangeCase(
            name: "a page and an asset in one batch",
            change: InputChange(kinds: [.page: ["content/a.md"], .asset: ["content/x.png"]], sources: ["a.md"], copied: ["x.png"]),
            dirty: ["a.md", "x.png"]),
        ChangeCase(
            name: "a template", change: InputChange(kinds: [.template: ["themes/default/page.mustache"]], themeReloaded: true),
            layOutAll: true, remakeThemeFiles: true),
        ChangeCase(
            name: "a stylesheet's bytes", change: InputChange(kinds: [.themeAsset: ["themes/default/assets/style.css"]], themeReloaded: true),
            remakeThemeFiles: true),
        ChangeCase(
            name: "a stylesheet's bytes when publishing (names carry fingerprints)",
            change: InputChange(kinds: [.themeAsset: ["themes/default/assets/style.css"]], themeReloaded: true), mode: .publish,
            layOutAll: true, remakeThemeFiles: true),
        ChangeCase(
            name: "a theme file added",
            change: InputChange(
                kinds: [.themeAsset: ["themes/default/assets/new.js"]], themeReloaded: true, themeFilesAddedOrRemoved: true),
            layOutAll: true, remakeThemeFiles: true),
        ChangeCase(
            name: "site.json", change: InputChange(kinds: [.config: ["site.json"]], everything: true),
            everything: true, layOutAll: true, remakeThemeFiles: true),
        ChangeCase(name: "lost events (rescan)", change: InputChange(everything: true), everything: true, layOutAll: true, remakeThemeFiles: true),
    ]

    @Test("what a batch of changes asks for", arguments: changeCases)
    func fromChanges(_ row: ChangeCase) {
        let plan = RebuildPlan(row.change, mode: row.mode)
        #expect(plan.everything == row.everything)
        #expect(plan.dirty == row.dirty)
        #expect(plan.layOutAll == row.layOutAll)
        #expect(plan.remakeThemeFiles == row.remakeThemeFiles)
    }

    // MARK: - Which pages render, which links are checked again

    /// A small site in memory: the home page links to `a.md` (with its title filled in) and to
    /// an anchor of `b.md`; `c.md` links to nothing.
    static let base: [String: String] = [
        "index.md": "# Home\n\n[](a.md) and [b](b.md#usage) and [img](img/x.png)\n",
        "a.md": "# Alpha\n\nText.\n",
        "b.md": "# Beta\n\n## Usage\n\nText.\n",
        "c.md": "# Gamma\n\nAlone.\n",
    ]

    static func build(_ files: [String: String], assets: [String] = ["img/x.png"]) -> (SiteIndex, [RenderedPage]) {
        let pages = files.keys.sorted().map { path in
            LoadContent.parsePage(Data(files[path, default: ""].utf8), contentPath: path, sitePath: "content/\(path)").0
        }
        let site = LoadedSite(
            root: URL(fileURLWithPath: "/nonexistent-cairn-site"), config: SiteConfig(), pages: pages,
            assets: assets.map { AssetSource(contentPath: $0, fileURL: URL(fileURLWithPath: "/dev/null")) },
            folders: Array(Set(assets.compactMap { $0.split(separator: "/").dropLast().first.map(String.init) })), diagnostics: [])
        let index = IndexPages.run(site).0
        return (index, RenderPages.run(index, config: SiteConfig()))
    }

    struct PageCase: CustomTestStringConvertible, Sendable {
        var name: String
        var edits: [String: String?]
        var assets = ["img/x.png"]
        /// Content paths whose pages must render again.
        var render: Set<String>
        var keysChanged = false
        var routesChanged = false
        /// Content paths whose links must be checked again (nil: every page).
        var recheck: Set<String>?
        var testDescription: String { name }
    }

    static let pageCases: [PageCase] = [
        PageCase(name: "nothing changed", edits: [:], render: [], recheck: []),
        PageCase(name: "a body edit renders that page only", edits: ["c.md": "# Gamma\n\nAlone, edited.\n"], render: ["c.md"], recheck: ["c.md"]),
        PageCase(
            name: "a title change renders the page whose link shows the title",
            edits: ["a.md": "# Alpha two\n\nText.\n"], render: ["a.md", "index.md"], recheck: ["a.md", "index.md"]),
        PageCase(
            name: "a renamed heading rechecks the links to its anchors, renders nothing else",
            edits: ["b.md": "# Beta\n\n## Use\n\nText.\n"], render: ["b.md"], recheck: ["b.md", "index.md"]),
        PageCase(
            name: "a new slug renders the page and those linking to it, and moves its URL everywhere",
            edits: ["a.md": "---\nslug: alpha\n---\n# Alpha\n\nText.\n"], render: ["a.md", "index.md"], routesChanged: true,
            recheck: ["a.md", "index.md"]),
        PageCase(
            name: "a page added renders itself; numbers move so every link is checked",
            edits: ["d.md": "# Delta\n"], render: ["d.md"], keysChanged: true, recheck: nil),
        PageCase(
            name: "a page removed renders the pages that looked it up",
            edits: ["a.md": nil], render: ["index.md"], keysChanged: true, recheck: nil),
        PageCase(
            name: "an asset removed renders the pages that looked it up",
            edits: [:], assets: [], render: ["index.md"], recheck: ["index.md"]),
    ]

    @Test("which pages render and which links are checked again", arguments: pageCases)
    func pages(_ row: PageCase) {
        let (oldIndex, oldRendered) = Self.build(Self.base)
        var files = Self.base
        for (path, text) in row.edits { files[path] = text }
        let (newIndex, newRendered) = Self.build(files, assets: row.assets)
        let dirty = Set(row.edits.keys)
        let plan = RebuildPlan.pages(old: oldIndex, new: newIndex, rendered: oldRendered, dirty: dirty)
        let paths = { (numbers: [Int]) in Set(numbers.compactMap { newIndex.pages[$0].source?.contentPath }) }
        #expect(paths(plan.render) == row.render)
        #expect(plan.keysChanged == row.keysChanged)
        #expect(plan.routesChanged == row.routesChanged)
        var merged = plan.reused
        for number in plan.render { merged[number] = newRendered[number] }
        let recheck = RebuildPlan.pagesToRecheckLinks(
            render: plan.render, keysChanged: plan.keysChanged, old: oldRendered, new: merged)
        #expect(recheck.map { paths(Array($0)) } == row.recheck)
    }

    @Test("the first build renders every page and counts every key as changed")
    func firstBuild() {
        let (index, _) = Self.build(Self.base)
        let plan = RebuildPlan.pages(old: nil, new: index, rendered: [], dirty: [])
        #expect(plan.render == Array(index.pages.indices))
        #expect(plan.keysChanged)
    }

    // MARK: - Index, health page, search

    @Test("an edit keeping route and weight patches the index; a new slug or weight indexes again")
    func patch() throws {
        let (index, _) = Self.build(Self.base)
        let source = { (text: String) in
            LoadContent.parsePage(Data(text.utf8), contentPath: "c.md", sitePath: "content/c.md").0
        }
        let patched = try #require(RebuildPlan.patch(index, with: ["c.md": source("# Gamma two\n")]))
        let number = try #require(index.pageBySource["c.md"])
        #expect(patched.pages[number].provisionalTitle == "Gamma two")
        #expect(patched.pages.map(\.route) == index.pages.map(\.route))
        #expect(RebuildPlan.patch(index, with: ["c.md": source("---\nslug: other\n---\n# Gamma\n")]) == nil)
        #expect(RebuildPlan.patch(index, with: ["c.md": source("---\nweight: 3\n---\n# Gamma\n")]) == nil)
        #expect(RebuildPlan.patch(index, with: ["c.md": nil]) == nil, "a removed page indexes again")
        #expect(RebuildPlan.patch(index, with: ["new.md": source("# New\n")]) == nil, "a new page indexes again")
        #expect(RebuildPlan.patch(index, with: nil) == nil, "two files for one path: a full index reports the collision")
    }

    @Test("the search index and the health page are made again only when what they show changed")
    func searchAndHealth() {
        let (index, rendered) = Self.build(Self.base)
        let navigation = Navigation.build(index: index, titles: index.pages.map(\.provisionalTitle), config: SiteConfig()).0
        let checks = CheckDocuments.run(
            index: index, rendered: rendered, navigation: navigation, linkDiagnostics: [],
            today: Date(timeIntervalSince1970: 1_790_000_000), gitDates: [:])
        let retitled = Navigation.build(
            index: index, titles: index.pages.map { $0.provisionalTitle + "!" }, config: SiteConfig()).0
        let none = RebuildPlan.Pages(render: [], reused: [], keysChanged: false)
        let one = RebuildPlan.Pages(render: [1], reused: [], keysChanged: false)
        #expect(RebuildPlan.remakesSearch(firstBuild: true, pages: none, old: nil, new: navigation))
        #expect(!RebuildPlan.remakesSearch(firstBuild: false, pages: none, old: navigation, new: navigation))
        #expect(RebuildPlan.remakesSearch(firstBuild: false, pages: one, old: navigation, new: navigation))
        #expect(RebuildPlan.remakesSearch(firstBuild: false, pages: none, old: navigation, new: retitled))
        let count = index.pages.count
        let same = (navigation, checks)
        #expect(!RebuildPlan.remakesHealthPage(layingOutAll: false, laidOut: 1, pageCount: count, old: same, new: same))
        #expect(RebuildPlan.remakesHealthPage(layingOutAll: true, laidOut: count, pageCount: count, old: same, new: same))
        #expect(RebuildPlan.remakesHealthPage(layingOutAll: false, laidOut: 1, pageCount: count, old: same, new: (retitled, checks)))
        #expect(RebuildPlan.remakesHealthPage(layingOutAll: false, laidOut: 1, pageCount: count, old: (nil, nil), new: same))
    }
}
