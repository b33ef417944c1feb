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

    /// Renders `data` as `content/guide/page.md` through the real pipeline (``Pipeline``, the
    /// plan ``RebuildPlan/everything``, preview mode so placeholders are marked and the search
    /// index is made); returns the files a build would write and its diagnostics. Graphviz is
    /// off: a fuzzer must not start processes.
    public static func build(_ data: Data, config: SiteConfig = SiteConfig()) -> (files: [OutputFile], diagnostics: [Diagnostic]) {
        var config = config
        config.diagrams.graphviz = false
        var pages = siblingPages
        var problems: [Diagnostic] = []
        if data.count > config.limits.fileBytes {
            problems.append(.error("file exceeds limits.fileBytes", file: "content/guide/page.md", stage: .load))
        } else {
            let (page, pageProblems) = LoadContent.parsePage(data, contentPath: "guide/page.md", sitePath: "content/guide/page.md")
            pages.append(page)
            problems += pageProblems
        }
        let inputs = SiteInputs(
            root: URL(fileURLWithPath: "/nonexistent-cairn-site"), config: config, pages: pages,
            assets: [AssetSource(contentPath: "guide/diagram.png", fileURL: URL(fileURLWithPath: "/dev/null"))],
            folders: ["guide"], theme: defaultTheme, problems: problems)
        let settings = Pipeline.Settings(mode: .preview, today: Date(timeIntervalSince1970: 1_790_000_000))
        let (state, _) = Pipeline.run(inputs, .everything, previous: BuildState(), settings: settings)
        return (state.report.files, state.report.diagnostics)
    }
}
