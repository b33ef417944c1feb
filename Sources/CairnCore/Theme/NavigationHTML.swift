import CairnMarkdown

/// Builds the sidebar and section listings as HTML directly (templates would cost ~6 µs per
/// link per page). The sidebar shows every top-level entry, expands the current page's
/// ancestors, and includes other sections' links only while they are small, so a 10,000-page
/// site does not put 10,000 links in every page.
struct NavigationHTML {
    let navigation: Navigation
    let index: SiteIndex
    /// Document status by page number, shown as a badge.
    private let statuses: [Int: String]
    /// Each page's link text as HTML (escaped title and status badge), by page number, when
    /// sidebars are shared: made once, not once per sidebar it appears in.
    private let linkTexts: [String]?
    /// Per folder page: its leaf children's sidebar with none of them current, and where each
    /// child's link sits in it. Leaf pages of one folder share routes' depth and parents, so
    /// every link but their own is the same for all of them; a folder of 650 proposals would
    /// otherwise build 650 links for each of its 650 pages.
    private let shared: [Int: SharedSidebar]

    struct SharedSidebar: Sendable {
        /// The route it was made from: used only by pages at a route of the same depth and folder.
        var route: RoutePath
        var html: String
        /// UTF-8 range of each leaf child's link (`<a …>…</a>`) in `html`.
        var links: [Int: Range<Int>]
    }
    /// On sites up to this many pages the sidebar holds the whole tree (closed sections fold);
    /// on larger ones, sections off the current page's path are a single link each.
    static let wholeTreeLimit = 150
    /// Even on a small site, a section with more pages than this below it is a single link unless open.
    static let inlineSectionLimit = 30

    /// `sharing`: make each folder's shared sidebar up front (worth it when most pages are laid
    /// out; a rebuild of a few pages builds theirs link by link).
    init(navigation: Navigation, index: SiteIndex, statuses: [Int: String] = [:], sharing: Bool = true) {
        self.navigation = navigation
        self.index = index
        self.statuses = statuses
        guard sharing else {
            linkTexts = nil
            shared = [:]
            return
        }
        let plain = NavigationHTML(navigation: navigation, index: index, statuses: statuses, sharing: false)
        let linkTexts = navigation.titles.indices.map(plain.linkText)
        var shared: [Int: SharedSidebar] = [:]
        let folders = navigation.children.keys.sorted().filter { folder in
            (navigation.children[folder] ?? []).contains { navigation.children[$0]?.isEmpty ?? true }
        }
        let partial = NavigationHTML(navigation: navigation, index: index, statuses: statuses, linkTexts: linkTexts, shared: [:])
        for (folder, sidebar) in zip(folders, Parallel.map(folders) { partial.sharedSidebar($0) }) {
            shared[folder] = sidebar
        }
        self.linkTexts = linkTexts
        self.shared = shared
    }

    private init(
        navigation: Navigation, index: SiteIndex, statuses: [Int: String], linkTexts: [String], shared: [Int: SharedSidebar]
    ) {
        self.navigation = navigation
        self.index = index
        self.statuses = statuses
        self.linkTexts = linkTexts
        self.shared = shared
    }

    /// Page `page`'s link text as HTML: its escaped title and status badge.
    private func linkText(_ page: Int) -> String {
        if let linkTexts { return linkTexts[page] }
        var text = HTMLEscaping.escape(navigation.titles[page])
        if let status = statuses[page] {
            text += " <span class=\"status-badge status-\(HTMLEscaping.escape(HeadingSlugger.slug(status)))\">\(HTMLEscaping.escape(status))</span>"
        }
        return text
    }

    /// The sidebar of `folder`'s leaf children with none current, seen from the first of them.
    private func sharedSidebar(_ folder: Int) -> SharedSidebar? {
        let leaves = (navigation.children[folder] ?? []).filter { navigation.children[$0]?.isEmpty ?? true }
        guard let first = leaves.first else { return nil }
        var links: [Int: Range<Int>] = [:]
        var html = sidebar(current: nil, route: index.pages[first].route, open: openSet(for: first), record: folder, links: &links)
        // Made from the first leaf's route, its own link reads "./"; the others see it from beside it.
        if leaves.count > 1, let range = links[first] {
            let seen = link(first, current: nil, route: index.pages[leaves[1]].route)
            var bytes = Array(html.utf8)
            bytes.replaceSubrange(range, with: seen.utf8)
            html = String(decoding: bytes, as: UTF8.self)
            let shift = seen.utf8.count - range.count
            for (page, other) in links where other.lowerBound >= range.upperBound {
                links[page] = (other.lowerBound + shift)..<(other.upperBound + shift)
            }
            links[first] = range.lowerBound..<(range.lowerBound + seen.utf8.count)
        }
        return SharedSidebar(route: index.pages[first].route, html: html, links: links)
    }

    /// The sections open on page `current`: its ancestors and itself.
    private func openSet(for current: Int) -> Set<Int> {
        var open = Set(navigation.ancestors(of: current))
        open.insert(current)
        return open
    }

    /// The sidebar on page `current`.
    func sidebar(current: Int) -> String {
        guard let (shared, range) = sharedPlace(of: current) else { return unsharedSidebar(current: current) }
        // A leaf page: its folder's shared sidebar with its own link made current.
        let bytes = shared.html.utf8
        let lower = bytes.index(bytes.startIndex, offsetBy: range.lowerBound)
        let upper = bytes.index(bytes.startIndex, offsetBy: range.upperBound)
        var html = String(shared.html[..<lower])
        html += link(current, current: current, route: index.pages[current].route)
        html += shared.html[upper...]
        return html
    }

    /// The shared sidebar page `current` can use, and where its link is in it: a leaf page whose
    /// route has the same depth and folder as the one the sidebar was made from.
    func sharedPlace(of current: Int) -> (SharedSidebar, Range<Int>)? {
        let route = index.pages[current].route
        guard navigation.children[current]?.isEmpty ?? true, let folder = navigation.parent[current],
              let shared = shared[folder], let range = shared.links[current],
              route.segments.count == shared.route.segments.count,
              route.segments.dropLast() == shared.route.segments.dropLast() else { return nil }
        return (shared, range)
    }

    /// The sidebar on page `current` built link by link (what the shared one must equal).
    func unsharedSidebar(current: Int) -> String {
        var none: [Int: Range<Int>] = [:]
        return sidebar(current: current, route: index.pages[current].route, open: openSet(for: current), record: nil, links: &none)
    }

    /// The sidebar for a page outside the tree (the health page) at `route`: nothing is current.
    func sidebar(at route: RoutePath) -> String {
        var none: [Int: Range<Int>] = [:]
        return sidebar(current: nil, route: route, open: [], record: nil, links: &none)
    }

    /// `record`: a folder page whose leaf children's link ranges go into `links`.
    private func sidebar(
        current: Int?, route: RoutePath, open: Set<Int>, record: Int?, links: inout [Int: Range<Int>]
    ) -> String {
        var html = "<ul class=\"nav-list\">\n"
        let home = navigation.root
        var walk = Walk(current: current, route: route, open: open, record: record)
        item(home, leafOnly: true, walk: &walk, into: &html)
        for child in navigation.children[home] ?? [] {
            item(child, leafOnly: false, walk: &walk, into: &html)
        }
        html += "</ul>\n"
        links = walk.links
        return html
    }

    /// What one sidebar walk knows and records.
    private struct Walk {
        let current: Int?
        let route: RoutePath
        let open: Set<Int>
        let record: Int?
        var links: [Int: Range<Int>] = [:]
    }

    /// Page `page`'s link as seen from `route`, marked when it is `current`.
    private func link(_ page: Int, current: Int?, route: RoutePath) -> String {
        let url = HTMLEscaping.escape(route.relativeURL(to: index.pages[page].route))
        return page == current
            ? "<a href=\"\(url)\" class=\"active\" aria-current=\"page\">\(linkText(page))</a>"
            : "<a href=\"\(url)\">\(linkText(page))</a>"
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

    private func item(_ page: Int, leafOnly: Bool, walk: inout Walk, into html: inout String) {
        let link = link(page, current: walk.current, route: walk.route)
        let kids = leafOnly ? [] : (navigation.children[page] ?? [])
        guard !kids.isEmpty else {
            html += "<li>"
            if let folder = walk.record, navigation.parent[page] == folder, !leafOnly {
                let start = html.utf8.count
                html += link
                walk.links[page] = start..<html.utf8.count
            } else {
                html += link
            }
            html += "</li>\n"
            return
        }
        let isOpen = walk.open.contains(page)
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
            item(child, leafOnly: false, walk: &walk, into: &html)
        }
        html += "</ul></details></li>\n"
    }
}
