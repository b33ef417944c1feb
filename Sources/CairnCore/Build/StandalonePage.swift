import CairnMarkdown
import Foundation

/// Builds one page from bytes, in memory, through every stage a real build runs (front matter,
/// guard, Markdown, links, diagrams, placeholders, checks, theme), inside a small fixed site. The
/// fuzzer feeds it arbitrary bytes; it is also a quick way to see what Cairn makes of one file.
public enum StandalonePage {
    /// The neighbours the page can link to.
    static let siblings: [(String, String)] = [
        ("index.md", "# Home\n\n[Page](guide/page.md)\n"),
        ("guide/index.md", "---\ntitle: Guide\nstatus: Draft\n---\n# Guide\n\n## Install\n"),
        ("guide/other.md", "# Other\n\n## 1. Section\n\n[back](page.md#top)\n"),
    ]

    static let siblingPages = siblings.map { path, text in
        LoadContent.parsePage(Data(text.utf8), contentPath: path, sitePath: "content/\(path)").0
    }

    /// The built-in theme, parsed once.
    static let defaultTheme = Theme.load(root: URL(fileURLWithPath: "/nonexistent-cairn-site"), name: "default").0

    /// Renders `data` as `content/guide/page.md`; returns the files a build would write and its
    /// diagnostics.
    public static func build(_ data: Data, config: SiteConfig = SiteConfig()) -> (files: [OutputFile], diagnostics: [Diagnostic]) {
        var pages = siblingPages
        var diagnostics: [Diagnostic] = []
        if data.count > config.limits.fileBytes {
            diagnostics.append(.error("file exceeds limits.fileBytes", file: "content/guide/page.md", stage: .load))
        } else {
            let (page, problems) = LoadContent.parsePage(data, contentPath: "guide/page.md", sitePath: "content/guide/page.md")
            if !page.frontMatter.draft { pages.append(page) }
            diagnostics += problems
        }
        let site = LoadedSite(
            root: URL(fileURLWithPath: "/nonexistent-cairn-site"), config: config, pages: pages,
            assets: [AssetSource(contentPath: "guide/diagram.png", fileURL: URL(fileURLWithPath: "/dev/null"))],
            folders: ["guide"], diagnostics: [])
        let (index, indexProblems) = IndexPages.run(site)
        diagnostics += indexProblems
        let rendered = RenderPages.run(index, config: config, graphviz: nil, markPlaceholders: true)
        diagnostics += rendered.flatMap(\.diagnostics)
        diagnostics += CheckLinks.run(rendered, index: index, config: config)
        let (titles, titleProblems) = TextLimits.pageTitles(index: index, rendered: rendered)
        diagnostics += titleProblems
        let (navigation, navProblems) = Navigation.build(index: index, titles: titles, config: config)
        diagnostics += navProblems
        let checks = CheckDocuments.run(
            index: index, rendered: rendered, navigation: navigation, linkDiagnostics: diagnostics,
            today: Date(timeIntervalSince1970: 1_790_000_000), gitDates: [:])
        diagnostics += checks.diagnostics
        guard let theme = defaultTheme else { return ([], diagnostics) }
        let files = LayoutPages.run(
            index: index, rendered: rendered, navigation: navigation, checks: checks, theme: theme, config: config)
        return (files, diagnostics.sortedForDisplay())
    }
}
