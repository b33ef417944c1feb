import CairnMarkdown
import Foundation

/// The load stage: reads `site.json`, walks the content folder, decodes every page and splits
/// off its front matter. Pure apart from reading files.
public enum LoadContent {
    public struct Options: Sendable {
        public var includeDrafts = false
        public init(includeDrafts: Bool = false) { self.includeDrafts = includeDrafts }
    }

    /// Reads `site.json` in `root` (all defaults when it is missing).
    public static func loadConfig(root: URL) -> (SiteConfig, [Diagnostic]) {
        let url = root.appendingPathComponent(SiteConfig.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return (SiteConfig(), []) }
        do {
            let data = try Data(contentsOf: url)
            let decoded = SourceDecoding.decode(data)
            return SiteConfig.decode(decoded.text)
        } catch {
            return (SiteConfig(), [.error("cannot read site.json: \(error.localizedDescription)", file: SiteConfig.fileName, stage: .load)])
        }
    }

    /// Loads the whole site under `root`, with `site.json` as already read by `loadConfig`
    /// (or reading it now when `config` is `nil`).
    public static func run(
        root: URL, config loadedConfig: (SiteConfig, [Diagnostic])? = nil, options: Options = Options()
    ) -> LoadedSite {
        let root = root.standardizedFileURL
        var (config, diagnostics) = loadedConfig ?? loadConfig(root: root)
        let listing = list(root: root, config: config)
        diagnostics += listing.diagnostics
        var site = LoadedSite(root: root, config: config, pages: [], assets: listing.assets, folders: listing.folders, diagnostics: [])
        for (page, pageDiagnostics) in read(listing.markdown, config: config) {
            diagnostics += pageDiagnostics
            if let page, keeps(page, options) { site.pages.append(page) }
        }
        site.diagnostics = diagnostics
        return site
    }

    /// What the content folder holds, without reading any file.
    struct Listing {
        var markdown: [ContentWalker.File] = []
        var assets: [AssetSource] = []
        var folders: [String] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Walks the content folder (an error when it does not exist).
    static func list(root: URL, config: SiteConfig) -> Listing {
        let contentURL = root.appendingPathComponent(config.contentDir, isDirectory: true)
        if case .failure(let problem) = SafePaths.configuredFolder(config.contentDir, root: root, setting: "contentDir") {
            return Listing(diagnostics: [problem.diagnostic])
        }
        guard isDirectory(contentURL) else {
            return Listing(diagnostics: [.error(
                "content folder '\(config.contentDir)' does not exist", file: SiteConfig.fileName,
                hint: "create \(config.contentDir)/ with Markdown files, or set \"contentDir\" in site.json",
                stage: .load)])
        }
        let walk = ContentWalker(root: root, contentURL: contentURL, contentDir: config.contentDir).walk()
        return Listing(
            markdown: walk.files.filter(\.isMarkdown),
            assets: walk.files.filter { !$0.isMarkdown }.map { AssetSource(contentPath: $0.contentPath, fileURL: $0.realURL) },
            folders: walk.folders, diagnostics: walk.diagnostics)
    }

    /// Reads and parses Markdown files in parallel, in their order.
    static func read(_ files: [ContentWalker.File], config: SiteConfig) -> [(PageSource?, [Diagnostic])] {
        let contentDir = config.contentDir
        let fileLimit = config.limits.fileBytes
        return Parallel.map(files) { file in loadPage(file, contentDir: contentDir, fileLimit: fileLimit) }
    }

    /// Whether a loaded page is part of the site: drafts only when asked for.
    static func keeps(_ page: PageSource, _ options: Options) -> Bool {
        !page.frontMatter.draft || options.includeDrafts
    }

    static func loadPage(_ file: ContentWalker.File, contentDir: String, fileLimit: Int) -> (PageSource?, [Diagnostic]) {
        let sitePath = "\(contentDir)/\(file.contentPath)"
        // Refuse an oversized page before reading it into memory.
        if let size = (try? FileManager.default.attributesOfItem(atPath: file.url.path))?[.size] as? Int, size > fileLimit {
            return (nil, [.error(
                "file of \(InputGuard.format(size)) bytes exceeds limits.fileBytes (\(InputGuard.format(fileLimit)))",
                file: sitePath, line: 1, column: 1,
                hint: "split the page, or raise limits.fileBytes in site.json", stage: .load)])
        }
        let data: Data
        do {
            data = try Data(contentsOf: file.url)
        } catch {
            return (nil, [.error("cannot read file: \(error.localizedDescription)", file: sitePath, stage: .load)])
        }
        let (page, diagnostics) = parsePage(data, contentPath: file.contentPath, sitePath: sitePath)
        return (page, diagnostics)
    }

    /// Decodes a page's bytes and splits off and parses its front matter.
    static func parsePage(_ data: Data, contentPath: String, sitePath: String) -> (PageSource, [Diagnostic]) {
        let decoded = SourceDecoding.decode(data)
        var diagnostics = decoded.problems.map {
            Diagnostic.warning($0.message, file: sitePath, line: $0.line, column: $0.column, stage: .load)
        }
        let split = SplitSource(decoded.text)
        var frontMatter = FrontMatter()
        if split.unclosed {
            diagnostics.append(.error(
                "front matter opened with '---' is never closed", file: sitePath, line: 1, column: 1,
                hint: "end the front matter with a line holding only '---'", stage: .load))
        } else if let yaml = split.yaml {
            let (parsed, problems) = FrontMatter.parse(yaml, file: sitePath)
            frontMatter = parsed
            diagnostics += problems
        }
        let page = PageSource(
            contentPath: contentPath, sitePath: sitePath, frontMatter: frontMatter,
            body: split.body, bodyLineOffset: split.bodyLineOffset)
        return (page, diagnostics)
    }

    public static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
