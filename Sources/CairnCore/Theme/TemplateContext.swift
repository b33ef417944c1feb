import CairnMarkdown
import Mustache

/// Everything a theme template sees, as typed values. ``values`` is what the Mustache renderer
/// gets: an optional that is `nil` is left out, so `{{#page.owner}}` is false for a page without
/// an owner (Mustache counts 0 and "" as true). ``documentation`` describes every key in one
/// line; the README's theme section carries the same list, and a test checks that every key
/// the default theme uses is here and documented there.
struct TemplateContext {
    struct Site {
        var title: String
        var description: String
        var language: String
        var baseURL: String
    }

    struct Link {
        var title: String
        var url: String
    }

    struct Favicon {
        var url: String
        var type: String?
    }

    struct TOCEntry {
        var id: String
        var text: String
        var level: Int
    }

    struct Page {
        var title: String
        var url = "./"
        var description: String?
        var hasH1 = false
        var isHome = false
        var isSection = false
        var status: String?
        var statusClass: String?
        var showMeta = false
        var version: String?
        var owner: String?
        var lastUpdated: String?
        var placeholders: Int?
        var editURL: String?
        var sourcePath: String?
        var canonical: String?
    }

    var site: Site
    var root: String
    var generator: String
    var assets: [String: String]
    var hasSidebar: Bool
    var favicon: Favicon?
    var page: Page
    var content = ""
    var nav = ""
    var toc: [TOCEntry] = []
    var breadcrumbs: [Link] = []
    var backlinks: [Link] = []
    var moreBacklinks: Int?
    var mermaidURL: String?
    var prev: Link?
    var next: Link?
    var pageScript: String?
    var layoutClass: String?

    var hasTOC: Bool { toc.count >= 2 }
    /// The entries as the default theme lists them, made here rather than by a `{{#toc}}` loop,
    /// whose three lookups per heading cost more than the rest of the page's template (like
    /// Hugo's `.TableOfContents`; `toc` stays for themes that draw their own).
    var tocHTML: String {
        toc.map { "<li class=\"toc-h\($0.level)\"><a href=\"#\(HTMLEscaping.escape($0.id))\">\(HTMLEscaping.escape($0.text))</a></li>" }
            .joined(separator: "\n")
    }
    var hasPager: Bool { prev != nil || next != nil }

    /// Every key, dotted from the top (`page.title`; `toc[].id` for a list's items), with what
    /// it holds.
    static let documentation: [(key: String, meaning: String)] = [
        ("site.title", "the site's title (`title` in site.json)"),
        ("site.description", "the site's description (`description`)"),
        ("site.language", "the `lang` of every page (`language`)"),
        ("site.baseURL", "`baseURL`, or empty"),
        ("root", "the relative way from this page back to the site root (`../../`), to prefix every site URL"),
        ("generator", "`Cairn <version>`, for the generator meta tag"),
        ("assets.*", "the theme's files under `_cairn/` by name with `.` as `_` (`assets.style_css`), fingerprinted when publishing"),
        ("hasSidebar", "the page has the navigation sidebar (false on the 404 page)"),
        ("favicon", "the site's icon, when there is one"),
        ("favicon.url", "the icon's URL (site.json `favicon` or the theme's `favicon.svg`)"),
        ("favicon.type", "its MIME type, when the extension names one"),
        ("page.title", "the page's title (front matter, first `# heading`, or the file name)"),
        ("page.url", "the page's own URL relative to itself (`./`)"),
        ("page.description", "front matter `description`, when there is one"),
        ("page.hasH1", "the page has its own `# heading` (the theme then adds none)"),
        ("page.isHome", "the site's home page"),
        ("page.isSection", "a folder page Cairn generated (its content lists the folder)"),
        ("page.status", "the document status (`Draft`, `Approved`, …)"),
        ("page.statusClass", "a CSS class for that status (`status-draft`)"),
        ("page.showMeta", "the status line says something the page's own text does not"),
        ("page.version", "the document version"),
        ("page.owner", "the document owner"),
        ("page.lastUpdated", "the last commit date, else the document's own `Last Updated`"),
        ("page.placeholders", "how many unfilled placeholders the page has"),
        ("page.editURL", "`editURL` joined with the page's source path"),
        ("page.sourcePath", "the page's source path (`content/guide/setup.md`)"),
        ("page.canonical", "the page's absolute URL (with `baseURL`)"),
        ("content", "the page's HTML (use `{{{content}}}`)"),
        ("nav", "the sidebar's HTML, the current page marked (use `{{{nav}}}`)"),
        ("toc", "the page's level-2 and level-3 headings"),
        ("toc[].id", "a heading's id, escaped for a URL fragment"),
        ("toc[].text", "a heading's text"),
        ("toc[].level", "its level, 2 or 3"),
        ("hasTOC", "the page has two or more such headings"),
        ("tocHTML", "the same headings as list items, one a line (`<li class=\"toc-h2\"><a href=\"#id\">text</a></li>`; use `{{{tocHTML}}}`)"),
        ("breadcrumbs", "the pages above this one, top first"),
        ("breadcrumbs[].title", "an ancestor's title"),
        ("breadcrumbs[].url", "its URL relative to this page"),
        ("hasBreadcrumbs", "there is at least one"),
        ("backlinks", "pages linking here, in reading order (at most 20)"),
        ("backlinks[].title", "a linking page's title"),
        ("backlinks[].url", "its URL relative to this page"),
        ("hasBacklinks", "there is at least one"),
        ("moreBacklinks", "how many more pages link here than are listed"),
        ("mermaidURL", "the Mermaid script's URL, on pages with Mermaid blocks"),
        ("prev", "the previous page in reading order, when there is one"),
        ("prev.title", "its title"),
        ("prev.url", "its URL relative to this page"),
        ("next", "the next page in reading order, when there is one"),
        ("next.title", "its title"),
        ("next.url", "its URL relative to this page"),
        ("hasPager", "there is a previous or a next page"),
        ("pageScript", "an extra script for this page (the health page's sorting)"),
        ("layoutClass", "an extra class for the page's layout (`layout-wide` on the health page)"),
    ]

    /// The dictionary the Mustache renderer reads. Strings go in as ``TemplateText``: the
    /// renderer asks every value it meets whether it is a template, a lambda, an optional and a
    /// parent of further keys, one dynamic cast each, and a `String` answers all of them the
    /// slow way (the theme was 11% of a 10,000-page build's CPU, most of it in those casts).
    var values: [String: Any] {
        var values: [String: Any] = [
            "site": [
                "title": TemplateText(site.title), "description": TemplateText(site.description),
                "language": TemplateText(site.language), "baseURL": TemplateText(site.baseURL),
            ],
            "root": TemplateText(root),
            "generator": TemplateText(generator),
            "assets": assets.mapValues(TemplateText.init),
            "hasSidebar": hasSidebar,
            "page": pageValues,
            "content": TemplateText(content),
            "nav": TemplateText(nav),
            "toc": toc.map { ["id": TemplateText($0.id), "text": TemplateText($0.text), "level": $0.level] as [String: Any] },
            "hasTOC": hasTOC,
            "tocHTML": TemplateText(tocHTML),
            "breadcrumbs": breadcrumbs.map(Self.values),
            "hasBreadcrumbs": !breadcrumbs.isEmpty,
            "backlinks": backlinks.map(Self.values),
            "hasBacklinks": !backlinks.isEmpty,
            "hasPager": hasPager,
        ]
        if let favicon {
            var icon = ["url": TemplateText(favicon.url)]
            if let type = favicon.type { icon["type"] = TemplateText(type) }
            values["favicon"] = icon
        }
        if let moreBacklinks { values["moreBacklinks"] = moreBacklinks }
        Self.addTexts([("mermaidURL", mermaidURL), ("pageScript", pageScript), ("layoutClass", layoutClass)], to: &values)
        if let prev { values["prev"] = Self.values(prev) }
        if let next { values["next"] = Self.values(next) }
        return values
    }

    private var pageValues: [String: Any] {
        var values: [String: Any] = [
            "title": TemplateText(page.title), "url": TemplateText(page.url), "hasH1": page.hasH1, "isHome": page.isHome,
            "isSection": page.isSection,
        ]
        Self.addTexts([
            ("description", page.description), ("status", page.status), ("statusClass", page.statusClass),
            ("version", page.version), ("owner", page.owner), ("lastUpdated", page.lastUpdated),
            ("editURL", page.editURL), ("sourcePath", page.sourcePath), ("canonical", page.canonical),
        ], to: &values)
        if let placeholders = page.placeholders { values["placeholders"] = placeholders }
        if page.showMeta { values["showMeta"] = true }
        return values
    }

    /// The strings that are set, as ``TemplateText``; a nil one is left out.
    private static func addTexts(_ pairs: [(key: String, value: String?)], to values: inout [String: Any]) {
        for case let (key, value?) in pairs { values[key] = TemplateText(value) }
    }

    private static func values(_ link: Link) -> [String: Any] {
        ["title": TemplateText(link.title), "url": TemplateText(link.url)]
    }
}

/// A string as a template value: it renders as itself (escaped by `{{ }}`, as is by `{{{ }}}`),
/// has no keys of its own (so a lookup inside `{{#page.owner}}…{{/page.owner}}` goes straight
/// on to the enclosing values instead of reflecting on the string), and takes the transforms a
/// `String` takes (`{{uppercased(page.title)}}`).
struct TemplateText: MustacheCustomRenderable, MustacheParent, MustacheTransformable {
    let renderText: String

    init(_ text: String) {
        renderText = text
    }

    var isNull: Bool { false }

    func child(named name: String) -> Any? { nil }

    func transform(_ name: String) -> Any? { renderText.transform(name) }
}
