import CairnMarkdown
import Foundation

/// The docs-health page (`/_health/` by default) and `health.json`: one row per page with its
/// status, owner, dates, placeholders and links, totals on top, sortable by clicking a column.
/// The site-wide counts shown on top of the health page, in `health.json` and by `cairn check`.
public struct HealthTotals: Codable, Equatable, Sendable {
    public var pages: Int
    public var withPlaceholders: Int
    public var placeholders: Int
    public var brokenLinks: Int
    public var reviewsOverdue: Int
    public var orphans: Int
    public var tablesOfContentsOutOfDate: Int
    public var statusUnfilled: Int

    public init(_ rows: [PageHealth]) {
        pages = rows.count
        withPlaceholders = rows.count(where: { $0.placeholders > 0 })
        placeholders = rows.reduce(0) { $0 + $1.placeholders }
        brokenLinks = rows.reduce(0) { $0 + $1.brokenLinks }
        reviewsOverdue = rows.count(where: \.reviewOverdue)
        orphans = rows.count(where: \.orphan)
        tablesOfContentsOutOfDate = rows.count(where: \.tableOfContentsDrift)
        statusUnfilled = rows.count(where: \.statusUnfilled)
    }
}

extension DocumentChecks {
    public var totals: HealthTotals { HealthTotals(health) }
}

enum HealthPage {
    static func files(
        checks: DocumentChecks, index: SiteIndex, navigation: Navigation, nav: NavigationHTML, theme: Theme, config: SiteConfig,
        assetPaths: [String: String]
    ) -> [OutputFile] {
        let segments = config.healthPath.split(separator: "/").map(String.init)
        let route = RoutePath(segments: segments)
        let rows = checks.health
        let totals = checks.totals

        struct Document: Codable {
            var generator: String
            var totals: HealthTotals
            var pages: [PageHealth]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(Document(generator: LayoutPages.generator, totals: totals, pages: rows))) ?? Data()

        var context = LayoutPages.baseContext(
            config: config, assetPaths: assetPaths, root: route.rootPrefix, hasSidebar: true, page: TemplateContext.Page(title: "Docs health"))
        context.content = html(rows, totals: totals, route: route)
        context.nav = nav.sidebar(at: route)
        context.pageScript = route.rootPrefix + (assetPaths["health.js"] ?? "_cairn/health.js")
        context.layoutClass = "layout-wide"
        return [
            OutputFile(path: route.outputFile, contents: .data(Data(theme.render("page", context.values).utf8))),
            OutputFile(path: (segments + ["health.json"]).joined(separator: "/"), contents: .data(json)),
        ]
    }

    static func html(_ rows: [PageHealth], totals: HealthTotals, route: RoutePath) -> String {
        func e(_ text: String) -> String { HTMLEscaping.escape(text) }
        var html = "<div class=\"health-totals\">\n"
        let tiles: [(String, Int, Bool)] = [
            ("pages", totals.pages, false),
            ("with unfilled placeholders", totals.withPlaceholders, totals.withPlaceholders > 0),
            ("broken links", totals.brokenLinks, totals.brokenLinks > 0),
            ("reviews overdue", totals.reviewsOverdue, totals.reviewsOverdue > 0),
            ("orphan pages", totals.orphans, totals.orphans > 0),
            ("tables of contents out of date", totals.tablesOfContentsOutOfDate, totals.tablesOfContentsOutOfDate > 0),
        ]
        for (label, value, bad) in tiles {
            html += "<div class=\"health-tile\(bad ? " bad" : "")\"><span class=\"health-number\">\(value)</span> \(e(label))</div>\n"
        }
        html += "</div>\n<p class=\"health-note\">Click a column to sort. Also as <a href=\"health.json\">health.json</a>.</p>\n"
        html += "<div class=\"table-wrap\">\n<table class=\"health-table\">\n<thead><tr>"
        for (title, kind) in [("Page", "text"), ("Status", "text"), ("Version", "text"), ("Owner", "text"),
                              ("Last updated", "text"), ("Next review", "text"), ("Placeholders", "number"),
                              ("Broken links", "number"), ("Inbound links", "number")] {
            html += "<th data-sort=\"\(kind)\"\(kind == "number" ? " align=\"right\"" : "")><button type=\"button\">\(title)</button></th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            let url = e(route.relativeURL(to: RoutePath(segments: row.url.split(separator: "/").map(String.init))))
            html += "<tr>"
            html += "<td><a href=\"\(url)\">\(e(row.title))</a><br><code>\(e(row.path))</code>"
            if row.tableOfContentsDrift { html += " <span class=\"health-flag\">TOC out of date</span>" }
            html += "</td>"
            if let status = row.status {
                html += "<td><span class=\"status-badge status-\(e(HeadingSlugger.slug(status)))\">\(e(status))</span></td>"
            } else if row.statusUnfilled {
                html += "<td class=\"health-bad\">unfilled</td>"
            } else {
                html += "<td></td>"
            }
            html += "<td>\(e(row.version ?? ""))</td><td>\(e(row.owner ?? ""))</td><td>\(e(row.lastUpdated ?? ""))</td>"
            html += row.reviewOverdue ? "<td class=\"health-bad\">\(e(row.nextReview ?? "")) (overdue)</td>" : "<td>\(e(row.nextReview ?? ""))</td>"
            html += "<td align=\"right\"\(row.placeholders > 0 ? " class=\"health-bad\"" : "")>\(row.placeholders)</td>"
            html += "<td align=\"right\"\(row.brokenLinks > 0 ? " class=\"health-bad\"" : "")>\(row.brokenLinks)</td>"
            html += "<td align=\"right\"\(row.orphan ? " class=\"health-bad\" title=\"No page links here\"" : "")>\(row.inboundLinks)\(row.orphan ? " (orphan)" : "")</td>"
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n"
        return html
    }
}
