import CairnMarkdown

/// Caps on text Cairn repeats across pages: a page title appears in every page's sidebar and in
/// every search entry of the page, a heading in its search entry, the site title on every page.
/// A 1.9 MB title copied into 200 sidebars made 385 MB of HTML; capped, it costs its own page.
public enum TextLimits {
    /// Characters of a title or heading repeated on other pages or in the search index.
    public static let titleCharacters = 200

    /// `text` cut to `limit` characters (at a word boundary when one is near) with an ellipsis.
    public static func shortened(_ text: String, limit: Int = titleCharacters) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: space, to: cut.endIndex) < 30 {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }

    /// Final page titles, shortened, with a warning for each page whose title was too long.
    static func pageTitles(index: SiteIndex, rendered: [RenderedPage]) -> ([String], [Diagnostic]) {
        var problems: [Diagnostic] = []
        let titles = index.pages.indices.map { number -> String in
            let page = index.pages[number]
            let fromFrontMatter = page.source?.frontMatter.title
            let title = fromFrontMatter ?? rendered[number].firstH1 ?? page.provisionalTitle
            // Characters are never more than UTF-8 bytes: most titles are known short without counting.
            guard title.utf8.count > titleCharacters, title.count > titleCharacters else { return title }
            if let source = page.source {
                let line = fromFrontMatter != nil ? 1 : (rendered[number].headings.first { $0.level == 1 }?.line ?? 1)
                problems.append(.warning(
                    "title of \(InputGuard.format(title.count)) characters is shortened to \(titleCharacters) in navigation and search",
                    file: source.sitePath, line: line, column: 1,
                    hint: "give the page a shorter title (front matter 'title:' or its first heading)", stage: .index))
            }
            return shortened(title)
        }
        return (titles, problems)
    }
}
