import Foundation

/// A Markdown page as loaded: where it came from, its front matter and its Markdown body.
public struct PageSource: Sendable, Equatable {
    /// Path under the content folder, `/`-separated, NFC (`guides/setup.md`).
    public var contentPath: String
    /// Path under the site root, as diagnostics show it (`content/guides/setup.md`).
    public var sitePath: String
    public var frontMatter: FrontMatter
    /// The Markdown after the front matter, with LF line ends.
    public var body: String
    /// Lines of the file before `body`: body line N is file line N + this.
    public var bodyLineOffset: Int

    public init(contentPath: String, sitePath: String, frontMatter: FrontMatter, body: String, bodyLineOffset: Int) {
        self.contentPath = contentPath
        self.sitePath = sitePath
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLineOffset = bodyLineOffset
    }

    /// A template: `template: true` in front matter, or a file named like one (`TEMPLATE.md`,
    /// `0000-template.md`, `GRFC-TEMPLATE.md`) unless front matter says `template: false`.
    public var isTemplate: Bool {
        if let flag = frontMatter.template { return flag }
        let name = sitePath.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return name.contains("template")
    }
}

/// A non-Markdown file under the content folder, copied to the output as it is.
public struct AssetSource: Sendable, Equatable {
    /// Path under the content folder, `/`-separated, NFC (`images/arch.png`).
    public var contentPath: String
    /// Where the bytes are on disk.
    public var fileURL: URL

    public init(contentPath: String, fileURL: URL) {
        self.contentPath = contentPath
        self.fileURL = fileURL
    }
}

/// What the load stage produces: the config and every page and asset, plus what went wrong.
public struct LoadedSite: Sendable {
    public var root: URL
    public var config: SiteConfig
    public var pages: [PageSource]
    public var assets: [AssetSource]
    /// Folders under the content folder (content-relative, NFC), including ones holding only assets.
    public var folders: [String]
    public var diagnostics: [Diagnostic]
}
