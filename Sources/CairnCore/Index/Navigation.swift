/// The site's navigation tree, built once after rendering (when titles are final): each folder
/// index page's children in order, every page's parent, and the reading order for previous/next.
public struct Navigation: Sendable {
    /// Final page titles, by page number.
    public var titles: [String]
    public var children: [Int: [Int]]
    public var parent: [Int: Int]
    /// Depth-first reading order of all pages, home first.
    public var order: [Int]
    public var root: Int
    /// How many pages sit below each folder page, for deciding what the sidebar shows expanded.
    public var descendantCount: [Int: Int]

    /// Each page's place in reading order, by page number (nil: not in the navigation).
    public var readingPositions: [Int?] {
        var positions = [Int?](repeating: nil, count: titles.count)
        for (place, number) in order.enumerated() { positions[number] = place }
        return positions
    }

    /// Builds the tree; `nav` entries in `site.json` rank first, then `weight`, then title.
    public static func build(index: SiteIndex, titles: [String], config: SiteConfig) -> (Navigation, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var rank: [String: Int] = [:]
        for (position, entry) in (config.nav ?? []).enumerated() {
            var key = entry
            while key.hasPrefix("./") { key.removeFirst(2) }
            while key.hasPrefix("/") { key.removeFirst() }
            while key.hasSuffix("/") { key.removeLast() }
            let normalized = key.precomposedStringWithCanonicalMapping
            if index.pageBySource[normalized] == nil && index.pageByFolder[normalized] == nil {
                let place = position < config.navPositions.count ? config.navPositions[position] : nil
                diagnostics.append(.warning(
                    "nav entry '\(entry)' matches no page or folder under \(config.contentDir)/", file: SiteConfig.fileName,
                    line: place?.line ?? 0, column: place?.column ?? 0, stage: .index))
            }
            rank[normalized] = position
        }
        if let favicon = config.favicon, !favicon.contains("://"), index.assets[favicon] == nil {
            diagnostics.append(.warning(
                "favicon '\(favicon)' is not a file under \(config.contentDir)/", file: SiteConfig.fileName,
                line: config.faviconPosition?.line ?? 0, column: config.faviconPosition?.column ?? 0,
                hint: "put the icon at \(config.contentDir)/\(favicon), or remove \"favicon\" to use the theme's", stage: .index))
        }
        let root = index.pageByFolder[""] ?? 0
        var children: [Int: [Int]] = [:]
        var parent: [Int: Int] = [:]
        for (number, page) in index.pages.enumerated() where number != root {
            guard let folder = page.parentFolder, let up = index.pageByFolder[folder] else { continue }
            parent[number] = up
            children[up, default: []].append(number)
        }
        func navKey(_ number: Int) -> String {
            let page = index.pages[number]
            return page.representsFolder ?? page.contentPath
        }
        for (folder, list) in children {
            children[folder] = list.sorted { a, b in
                let rankA = rank[navKey(a)] ?? Int.max, rankB = rank[navKey(b)] ?? Int.max
                if rankA != rankB { return rankA < rankB }
                let weightA = index.pages[a].weight ?? Int.max, weightB = index.pages[b].weight ?? Int.max
                if weightA != weightB { return weightA < weightB }
                let titleA = titles[a].lowercased(), titleB = titles[b].lowercased()
                if titleA != titleB { return titleA < titleB }
                return index.pages[a].contentPath < index.pages[b].contentPath
            }
        }
        // Depth-first order and subtree sizes without recursion.
        var order: [Int] = []
        var stack = [root]
        while let number = stack.popLast() {
            order.append(number)
            stack.append(contentsOf: (children[number] ?? []).reversed())
        }
        var descendantCount: [Int: Int] = [:]
        for number in order.reversed() {
            let below = (children[number] ?? []).reduce(0) { $0 + 1 + (descendantCount[$1] ?? 0) }
            descendantCount[number] = below
        }
        let navigation = Navigation(
            titles: titles, children: children, parent: parent, order: order, root: root,
            descendantCount: descendantCount)
        return (navigation, diagnostics)
    }

    /// The pages from the home page down to `page`'s parent.
    public func ancestors(of page: Int) -> [Int] {
        var chain: [Int] = []
        var current = parent[page]
        while let number = current {
            chain.append(number)
            current = parent[number]
        }
        return chain.reversed()
    }
}
