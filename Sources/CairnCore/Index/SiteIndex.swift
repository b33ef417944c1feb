import Foundation

/// One page of the site: a Markdown file, or a generated listing for a folder without an index.
public struct SitePage: Sendable {
    /// Indirect: a page source is large, and whole-site arrays of pages are copied when an index
    /// is patched; boxed, a copy is one reference count instead of dozens.
    public indirect enum Kind: Sendable {
        case markdown(PageSource)
        /// A generated page listing a folder's pages.
        case section
    }

    public var kind: Kind
    public var route: RoutePath
    /// The folder (content-relative, `""` for the root) this page lists, for folder index pages.
    public var representsFolder: String?
    /// The folder the page sits in within the navigation: a folder index sits in its parent.
    public var parentFolder: String?
    /// Title known before rendering: front matter, first `# heading`, or the file name.
    public var provisionalTitle: String
    public var weight: Int?

    public var source: PageSource? {
        if case .markdown(let source) = kind { return source }
        return nil
    }

    /// The content-relative Markdown path, or the folder path for generated pages.
    public var contentPath: String {
        source?.contentPath ?? (representsFolder ?? "")
    }
}

/// The index stage's result: every page with its route, and lookup tables for link resolution.
/// All routes are known here, before any Markdown is rendered.
public struct SiteIndex: Sendable {
    public var pages: [SitePage]
    /// Page number by content-relative Markdown path.
    public var pageBySource: [String: Int]
    /// Page number of each folder's index (written or generated) by content-relative folder.
    public var pageByFolder: [String: Int]
    /// Assets by content-relative path.
    public var assets: [String: AssetSource]
    /// Content paths of every page and asset, for "did you mean".
    public var knownPaths: [String]
    /// Those paths by lower-cased file name, and by folder, so a suggestion looks at a few
    /// candidates instead of the whole site.
    public var pathsByFileName: [String: [String]] = [:]
    public var pathsByFolder: [String: [String]] = [:]

    init(pages: [SitePage], pageBySource: [String: Int], pageByFolder: [String: Int], assets: [String: AssetSource], knownPaths: [String]) {
        self.pages = pages
        self.pageBySource = pageBySource
        self.pageByFolder = pageByFolder
        self.assets = assets
        self.knownPaths = knownPaths
        for path in knownPaths {
            let parts = path.split(separator: "/")
            pathsByFileName[parts.last.map { $0.lowercased() } ?? "", default: []].append(path)
            pathsByFolder[parts.dropLast().joined(separator: "/"), default: []].append(path)
        }
    }
}
