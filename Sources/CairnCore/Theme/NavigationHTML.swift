import CairnMarkdown

/// Builds the sidebar and section listings as HTML directly (templates would cost ~6 µs per
/// link per page). The sidebar shows every top-level entry, expands the current page's
/// ancestors, and includes other sections' links only while they are small, so a 10,000-page
/// site does not put 10,000 links in every page.
struct NavigationHTML {
    let navigation: Navigation
    let index: SiteIndex
    /// Each page's link text as HTML (escaped title and status badge), by page number: made
    /// once, not once per sidebar it appears in.
    private let linkText: [String]
    /// On sites up to this many pages the sidebar holds the whole tree (closed sections fold);
    /// on larger ones, sections off the current page's path are a single link each.
    static let wholeTreeLimit = 150
    /// Even on a small site, a section with more pages than this below it is a single link unless open.
    static let inlineSectionLimit = 30

    /// `statuses`: document status by page number, shown as a badge.
    init(navigation: Navigation, index: SiteIndex, statuses: [Int: String] = [:]) {
        self.navigation = navigation
        self.index = index
        linkText = navigation.titles.indices.map { page in
            var text = HTMLEscaping.escape(navigation.titles[page])
            if let status = statuses[page] {
                text += " <span class=\"status-badge status-\(HTMLEscaping.escape(HeadingSlugger.slug(status)))\">\(HTMLEscaping.escape(status))</span>"
            }
            return text
        }
    }

    /// The sidebar on page `current`.
    func sidebar(current: Int) -> String {
        sidebar(current: current, route: index.pages[current].route)
    }

    /// The sidebar for a page outside the tree (the health page) at `route`: nothing is current.
    func sidebar(at route: RoutePath) -> String {
        sidebar(current: nil, route: route)
    }

    private func sidebar(current: Int?, route: RoutePath) -> String {
        var open: Set<Int> = []
        if let current {
            open = Set(navigation.ancestors(of: current))
            open.insert(current)
        }
        var html = "<ul class=\"nav-list\">\n"
        let home = navigation.root
        item(home, current: current, route: route, open: open, leafOnly: true, into: &html)
        for child in navigation.children[home] ?? [] {
            item(child, current: current, route: route, open: open, leafOnly: false, into: &html)
        }
        html += "</ul>\n"
        return html
    }

    /// The list a generated section page shows: each child with its description.
    func sectionListing(_ page: Int) -> String {
        let route = index.pages[page].route
        var html = "<ul class=\"section-list\">\n"
        for child in navigation.children[page] ?? [] {
            let url = HTMLEscaping.escape(route.relativeURL(to: index.pages[child].route))
            let title = HTMLEscaping.escape(navigation.titles[child])
            html += "<li><a href=\"\(url)\">\(title)</a>"
            if let count = navigation.descendantCount[child], count > 0 {
                html += " <span class=\"section-count\">\(count) page\(count == 1 ? "" : "s")</span>"
            }
            if let description = index.pages[child].source?.frontMatter.description, !description.isEmpty {
                html += "<p>\(HTMLEscaping.escape(description))</p>"
            }
            html += "</li>\n"
        }
        return html + "</ul>\n"
    }

    private func item(
        _ page: Int, current: Int?, route: RoutePath, open: Set<Int>, leafOnly: Bool, into html: inout String
    ) {
        let url = HTMLEscaping.escape(route.relativeURL(to: index.pages[page].route))
        let title = linkText[page]
        let isCurrent = page == current
        let link = isCurrent
            ? "<a href=\"\(url)\" class=\"active\" aria-current=\"page\">\(title)</a>"
            : "<a href=\"\(url)\">\(title)</a>"
        let kids = leafOnly ? [] : (navigation.children[page] ?? [])
        guard !kids.isEmpty else {
            html += "<li>\(link)</li>\n"
            return
        }
        let isOpen = open.contains(page)
        let small = navigation.order.count <= Self.wholeTreeLimit
            && (navigation.descendantCount[page] ?? 0) <= Self.inlineSectionLimit
        guard isOpen || small else {
            html += "<li class=\"nav-section nav-collapsed\">\(link)</li>\n"
            return
        }
        // The link stays outside <summary> (a link inside a button is out of reach for keyboards
        // and screen readers); the summary is the fold toggle beside it, named by the section.
        html += "<li class=\"nav-section\">\(link)<details\(isOpen ? " open" : "")>"
            + "<summary><span class=\"visually-hidden\">\(HTMLEscaping.escape(navigation.titles[page]))</span></summary>\n<ul>\n"
        for child in kids {
            item(child, current: current, route: route, open: open, leafOnly: false, into: &html)
        }
        html += "</ul></details></li>\n"
    }
}
