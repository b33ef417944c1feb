import CairnMarkdown
import Foundation

/// One row of the docs-health page and `health.json`.
public struct PageHealth: Sendable, Equatable, Codable {
    public var title: String
    /// Source path under the site root (`content/overview.md`).
    public var path: String
    /// The page's URL path under the site (`overview/`).
    public var url: String
    public var status: String?
    public var statusUnfilled: Bool
    public var version: String?
    public var owner: String?
    /// The last commit touching the file (git), else the page's own "Last Updated".
    public var lastUpdated: String?
    public var nextReview: String?
    public var reviewOverdue: Bool
    public var placeholders: Int
    public var brokenLinks: Int
    public var inboundLinks: Int
    /// No other page links here (the home page never counts as an orphan).
    public var orphan: Bool
    public var tableOfContentsDrift: Bool
}

/// What the document checks found across the site.
public struct DocumentChecks: Sendable {
    public var metadata: [PageMetadata]
    /// Health rows for the Markdown pages, in reading order.
    public var health: [PageHealth]
    /// Pages linking to each page, in reading order.
    public var backlinks: [Int: [Int]]
    /// Git dates by page number, when the site is in a git work tree.
    public var lastCommit: [Int: String]
    public var diagnostics: [Diagnostic]
    /// The row of `health` for each page number, and each page's own warnings (kept so a rebuild
    /// can redo only some rows: ``CheckDocuments/update``).
    var healthRows: [Int: Int] = [:]
    var pageDiagnostics: [Int: [Diagnostic]] = [:]
}

/// The check stage: unfilled placeholders, tables of contents that drifted from their page,
/// document status and overdue reviews, backlinks and orphans. Pure: the date and the git
/// history come in as values.
public enum CheckDocuments {
    public static func run(
        index: SiteIndex, rendered: [RenderedPage], navigation: Navigation, linkDiagnostics: [Diagnostic],
        today: Date, gitDates: [String: String]
    ) -> DocumentChecks {
        var cache: [String: PageCheck] = [:]
        return run(
            index: index, rendered: rendered, navigation: navigation, linkDiagnostics: linkDiagnostics, today: today,
            gitDates: gitDates, cache: &cache)
    }

    /// What the checks find on one page alone: a function of its source, its render and the
    /// day, so a rebuild keeps it for pages that did not render again.
    public struct PageCheck: Sendable {
        var metadata: PageMetadata
        var diagnostics: [Diagnostic]
        var drift: Bool
        var overdue: Bool
    }

    /// `run`, reusing and filling `cache` (by site path) for the per-page part.
    public static func run(
        index: SiteIndex, rendered: [RenderedPage], navigation: Navigation, linkDiagnostics: [Diagnostic],
        today: Date, gitDates: [String: String], cache: inout [String: PageCheck]
    ) -> DocumentChecks {
        var diagnostics: [Diagnostic] = []
        var metadata = [PageMetadata](repeating: PageMetadata(), count: index.pages.count)
        var backlinks: [Int: [Int]] = [:]
        var lastCommit: [Int: String] = [:]
        for number in navigation.order {
            for target in rendered[number].linkedPages { backlinks[target, default: []].append(number) }
        }
        var brokenByFile: [String: Int] = [:]
        for diagnostic in linkDiagnostics where diagnostic.stage == .links {
            brokenByFile[diagnostic.file ?? "", default: 0] += 1
        }

        var health: [PageHealth] = []
        var healthRows: [Int: Int] = [:]
        var pageDiagnostics: [Int: [Diagnostic]] = [:]
        let startOfToday = startOfDay(today)
        for number in navigation.order {
            guard let source = index.pages[number].source else { continue }
            let check = cachedCheck(source, rendered[number], startOfToday: startOfToday, cache: &cache)
            diagnostics += check.diagnostics
            if !check.diagnostics.isEmpty { pageDiagnostics[number] = check.diagnostics }
            if let commit = gitDates[source.contentPath] { lastCommit[number] = commit }
            metadata[number] = check.metadata
            healthRows[number] = health.count
            health.append(healthRow(
                number, source: source, check: check, index: index, rendered: rendered, navigation: navigation,
                inbound: backlinks[number]?.count ?? 0, brokenLinks: brokenByFile[source.sitePath] ?? 0,
                lastCommit: lastCommit[number]))
        }
        return DocumentChecks(
            metadata: metadata, health: health, backlinks: backlinks, lastCommit: lastCommit, diagnostics: diagnostics,
            healthRows: healthRows, pageDiagnostics: pageDiagnostics)
    }

    /// One page's row of the health page.
    static func healthRow(
        _ number: Int, source: PageSource, check: PageCheck, index: SiteIndex, rendered: [RenderedPage],
        navigation: Navigation, inbound: Int, brokenLinks: Int, lastCommit: String?
    ) -> PageHealth {
        let meta = check.metadata
        return PageHealth(
            title: navigation.titles[number], path: source.sitePath, url: index.pages[number].route.description,
            status: meta.status, statusUnfilled: meta.statusUnfilled, version: meta.version, owner: meta.owner,
            lastUpdated: lastCommit ?? meta.lastUpdated, nextReview: meta.nextReview, reviewOverdue: check.overdue,
            placeholders: rendered[number].placeholders.count, brokenLinks: brokenLinks,
            inboundLinks: inbound, orphan: inbound == 0 && number != navigation.root,
            tableOfContentsDrift: check.drift)
    }

    /// The page's check from `cache`, made and kept there when missing.
    static func cachedCheck(
        _ source: PageSource, _ page: RenderedPage, startOfToday: Date, cache: inout [String: PageCheck]
    ) -> PageCheck {
        if let cached = cache[source.sitePath] { return cached }
        let check = checkPage(source, page, startOfToday: startOfToday)
        cache[source.sitePath] = check
        return check
    }

    static func checkPage(_ source: PageSource, _ page: RenderedPage, startOfToday: Date) -> PageCheck {
        let meta = PageMetadata.from(fields: page.fields, headings: page.headings, frontMatter: source.frontMatter)
        var diagnostics: [Diagnostic] = []
        if let first = page.placeholders.first {
            diagnostics.append(placeholderWarning(page.placeholders, file: source.sitePath, first: first))
        }
        var drift = false
        if let toc = page.tableOfContents, let message = tableOfContentsDrift(toc, headings: page.headings) {
            drift = true
            diagnostics.append(.warning(message, file: source.sitePath, line: toc.line, column: toc.column, stage: .check))
        }
        var overdue = false
        if let date = meta.nextReviewDate, date < startOfToday {
            overdue = true
            diagnostics.append(.warning(
                "review overdue since \(meta.nextReview!.prefix(10))", file: source.sitePath,
                line: meta.nextReviewLine, column: meta.nextReviewLine > 0 ? 1 : 0,
                hint: "review the page and move its Next Review date forward", stage: .check))
        }
        return PageCheck(metadata: meta, diagnostics: diagnostics, drift: drift, overdue: overdue)
    }

    /// One warning per page: the count and the first few, at the first one.
    static func placeholderWarning(_ placeholders: [PagePlaceholder], file: String, first: PagePlaceholder) -> Diagnostic {
        let shown = placeholders.prefix(3).map { shorten($0.text) }.joined(separator: ", ")
        let more = placeholders.count > 3 ? ", …" : ""
        let count = placeholders.count
        return .warning(
            "\(count) unfilled placeholder\(count == 1 ? "" : "s"): \(shown)\(more)", file: file,
            line: first.line, column: first.column,
            hint: "fill them in, or add 'placeholders: false' to the page's front matter", stage: .check)
    }

    /// What a hand-written table of contents misses or misorders, or `nil` when it matches.
    public static func tableOfContentsDrift(_ toc: TableOfContentsList, headings: [RenderedHeading]) -> String? {
        let byID = Dictionary(headings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let listed = toc.fragments.compactMap { byID[$0.percentDecoded] }
        // A TOC links the page's headings; a list whose links mostly go elsewhere (raw HTML
        // anchors, footnotes, broken ones the link check reports) is not one.
        guard !listed.isEmpty, listed.count * 2 >= toc.fragments.count else { return nil }
        let levels = Set(listed.map(\.level))
        let numbered = listed.allSatisfy { $0.text.first?.isNumber == true }
        let expected = headings.filter { heading in
            heading.line > toc.line && levels.contains(heading.level) && (!numbered || heading.text.first?.isNumber == true)
        }
        let listedIDs = Set(listed.map(\.id))
        let missing = expected.filter { !listedIDs.contains($0.id) }
        let unit = levels == [2] ? "sections" : "headings"
        if !missing.isEmpty {
            let names = missing.prefix(5).map { "\"\($0.text)\"" }.joined(separator: ", ")
            let more = missing.count > 5 ? ", and \(missing.count - 5) more" : ""
            // Counted over the expected headings only, so the two numbers can never say "30 of 30"
            // beside a list of missing ones (entries for headings above the list do not count).
            return "table of contents lists \(expected.count - missing.count) of \(expected.count) \(unit); missing \(names)\(more)"
        }
        let documentOrder = listed.sorted { $0.line < $1.line }.map(\.id)
        if documentOrder != listed.map(\.id) {
            return "table of contents lists \(unit) in a different order than the page"
        }
        return nil
    }

    private static func shorten(_ text: String) -> String {
        text.count <= 48 ? text : String(text.prefix(46)) + "…]"
    }

    static func startOfDay(_ date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.startOfDay(for: date)
    }
}
