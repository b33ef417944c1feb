import CairnMarkdown
import Foundation

/// A finished file for the output folder.
public struct OutputFile: Sendable {
    /// Path under the output folder, `/`-separated.
    public var path: String
    public var contents: Contents

    public enum Contents: Sendable {
        case data(Data)
        /// A file copied as it is (content assets), read only when written.
        case copy(URL)
    }

    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }
}

/// The layout stage's shared values; the work is ``PageLayout`` (the pipeline lays out the pages
/// its plan names, in parallel, and adds the theme's static files and `404.html`).
public enum LayoutPages {
    static let generator = "Cairn \(CairnVersion.current)"
    /// Pages listed under "Referenced by"; the rest are counted.
    static let backlinkLimit = 30

    /// Template values for theme files: `assets.style_css` → `_cairn/style.css` (or its
    /// fingerprinted name), to be prefixed with `root`.
    static func assetContext(_ paths: [String: String]) -> [String: String] {
        var context: [String: String] = [:]
        for (path, output) in paths { context[Theme.assetKey(path)] = output }
        return context
    }

    /// An absolute or root-relative URL as it is; a path under the output folder made relative to
    /// the page.
    static func scriptURL(_ url: String, route: RoutePath) -> String {
        if url.contains("://") || url.hasPrefix("/") { return url }
        return route.rootPrefix + url
    }

    /// What every template gets: the site, `root` (the way back to the site root from this
    /// page), the generator, the theme's asset URLs and the favicon. `hasSidebar` shows the
    /// menu button; the 404 page has no sidebar.
    static func baseContext(
        config: SiteConfig, assetPaths: [String: String], assets: [String: String]? = nil, root: String, hasSidebar: Bool,
        page: TemplateContext.Page
    ) -> TemplateContext {
        TemplateContext(
            site: TemplateContext.Site(
                title: config.title, description: config.description, language: config.language, baseURL: config.baseURL ?? ""),
            root: root, generator: generator, assets: assets ?? assetContext(assetPaths), hasSidebar: hasSidebar,
            favicon: favicon(config: config, assetPaths: assetPaths, root: root), page: page)
    }

    /// The icon's URL from the page at `root`, and its MIME type when the extension names one.
    static func favicon(config: SiteConfig, assetPaths: [String: String], root: String) -> TemplateContext.Favicon? {
        let url: String
        if let configured = config.favicon {
            url = configured.contains("://")
                ? configured
                : root + configured.split(separator: "/").map { URLEncoding.pathSegment(String($0)) }.joined(separator: "/")
        } else if let theme = assetPaths["favicon.svg"] {
            url = root + theme
        } else {
            return nil
        }
        var icon = TemplateContext.Favicon(url: url)
        let path = url.split(separator: "?").first.map(String.init) ?? url
        switch (path as NSString).pathExtension.lowercased() {
        case "svg": icon.type = "image/svg+xml"
        case "png": icon.type = "image/png"
        case "ico": icon.type = "image/x-icon"
        default: break
        }
        return icon
    }

    /// `base` and `path` joined with exactly one slash.
    static func join(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + (path.hasPrefix("/") ? String(path.dropFirst()) : path)
    }
}

/// Cairn's own version.
public enum CairnVersion {
    public static let current = "0.1.0"
}

/// The layout stage's shared preparation (sidebar, statuses, reading order, theme file names)
/// and the work for one page, so a rebuild can lay out only the pages that changed.
public struct PageLayout: Sendable {
    let index: SiteIndex
    let rendered: [RenderedPage]
    let navigation: Navigation
    let checks: DocumentChecks
    let theme: Theme
    let config: SiteConfig
    let assetPaths: [String: String]
    /// `assets.*` for the templates, made once for every page.
    let assetValues: [String: String]
    let nav: NavigationHTML
    /// Each page's place in reading order, by page number (nil: not in the navigation).
    let readingPosition: [Int?]

    public init(
        index: SiteIndex, rendered: [RenderedPage], navigation: Navigation, checks: DocumentChecks, theme: Theme,
        config: SiteConfig, fingerprintAssets: Bool, sharedSidebars: Bool = true
    ) {
        self.index = index
        self.rendered = rendered
        self.navigation = navigation
        self.checks = checks
        self.theme = theme
        self.config = config
        assetPaths = theme.assetPaths(fingerprint: fingerprintAssets)
        assetValues = LayoutPages.assetContext(assetPaths)
        let statuses = Dictionary(uniqueKeysWithValues: checks.metadata.enumerated().compactMap { number, meta in
            meta.status.map { (number, $0) }
        })
        nav = NavigationHTML(navigation: navigation, index: index, statuses: statuses, sharing: sharedSidebars)
        readingPosition = navigation.readingPositions
    }

    /// Page `number` in the theme's `page` template.
    public func page(_ number: Int) -> OutputFile {
        let page = index.pages[number]
        let route = page.route
        var content = rendered[number].html
        if page.source == nil {
            content = nav.sectionListing(number)
        }
        var values = TemplateContext.Page(
            title: navigation.titles[number], hasH1: rendered[number].firstH1 != nil, isHome: number == navigation.root,
            isSection: page.source == nil)
        if let description = page.source?.frontMatter.description, !description.isEmpty {
            values.description = description
        }
        let meta = checks.metadata[number]
        if let status = meta.status, let statusClass = meta.statusClass {
            values.status = status
            values.statusClass = statusClass
        }
        // The status line repeats nothing the page's own text already says.
        values.showMeta = meta.status != nil && !meta.statedInBody
        values.version = meta.version
        values.owner = meta.owner
        values.lastUpdated = checks.lastCommit[number] ?? meta.lastUpdated
        if !rendered[number].placeholders.isEmpty { values.placeholders = rendered[number].placeholders.count }
        if let source = page.source, let editURL = config.editURL {
            values.editURL = LayoutPages.join(editURL, source.sitePath)
            values.sourcePath = source.sitePath
        }
        if let baseURL = config.baseURL {
            values.canonical = LayoutPages.join(baseURL, route.segments.map(URLEncoding.pathSegment).joined(separator: "/") + (route.segments.isEmpty ? "" : "/"))
        }
        func link(_ target: Int) -> TemplateContext.Link {
            TemplateContext.Link(title: navigation.titles[target], url: route.relativeURL(to: index.pages[target].route))
        }
        var context = LayoutPages.baseContext(
            config: config, assetPaths: assetPaths, assets: assetValues, root: route.rootPrefix, hasSidebar: true, page: values)
        context.content = content
        context.nav = nav.sidebar(current: number)
        context.toc = rendered[number].headings
            .filter { $0.level == 2 || $0.level == 3 }
            .map { TemplateContext.TOCEntry(id: URLEncoding.fragment($0.id), text: $0.text, level: $0.level) }
        context.breadcrumbs = navigation.ancestors(of: number).map(link)
        let referrers = checks.backlinks[number] ?? []
        context.backlinks = referrers.prefix(LayoutPages.backlinkLimit).map(link)
        if referrers.count > LayoutPages.backlinkLimit {
            context.moreBacklinks = referrers.count - LayoutPages.backlinkLimit
        }
        if rendered[number].usesMermaid {
            context.mermaidURL = LayoutPages.scriptURL(config.diagrams.mermaidURL, route: route)
        }
        if let position = readingPosition[number] {
            if position > 0 { context.prev = link(navigation.order[position - 1]) }
            if position + 1 < navigation.order.count { context.next = link(navigation.order[position + 1]) }
        }
        return OutputFile(path: route.outputFile, contents: .data(Data(theme.render("page", context.values).utf8)))
    }

    /// The docs-health page and `health.json`, when enabled.
    public func healthFiles() -> [OutputFile] {
        guard config.healthEnabled else { return [] }
        return HealthPage.files(
            checks: checks, index: index, navigation: navigation, nav: nav, theme: theme, config: config,
            assetPaths: assetPaths)
    }

    /// `404.html` and the theme's static files.
    public func themeFiles() -> [OutputFile] {
        // 404.html is served for any missing path, so its links are absolute from the site root.
        let rootPath = config.baseURL.flatMap { URL(string: $0)?.path }.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/"
        let notFound = LayoutPages.baseContext(
            config: config, assetPaths: assetPaths, root: rootPath, hasSidebar: false, page: TemplateContext.Page(title: "Page not found"))
        var files = [OutputFile(path: "404.html", contents: .data(Data(theme.render("404", notFound.values).utf8)))]
        for (path, data) in theme.assets.sorted(by: { $0.key < $1.key }) {
            files.append(OutputFile(path: assetPaths[path] ?? "_cairn/\(path)", contents: .data(data)))
        }
        return files
    }

    /// The content folder's non-Markdown files, copied as they are.
    public func contentAssets() -> [OutputFile] {
        index.assets.sorted(by: { $0.key < $1.key }).map { path, asset in
            OutputFile(path: path, contents: .copy(asset.fileURL))
        }
    }
}
