import Foundation

/// What a run of the pipeline redoes, decided from the previous build and the classified
/// changes as plain values: no disk, no clock. The first build, a `site.json` change and lost
/// events are the plan ``everything``.
///
/// It is settled in steps, each when the values it needs exist (page numbers come from the
/// index, titles and anchors from rendering):
/// 1. from the changes (``init(_:mode:)``): start over or not, the changed sources and copied
///    files, whether every page is laid out again and the theme's files made again;
/// 2. before indexing (``patch(_:with:)``): swap the edited pages into the old index, or index again;
/// 3. after indexing (``pages(old:new:rendered:dirty:)``): the pages to render and the results
///    kept, renumbered;
/// 4. after rendering (``pagesToRecheckLinks(render:keysChanged:old:new:)``), after the
///    checks (``pagesToLayOut(rendered:old:new:pageCount:linkedFrom:)``,
///    ``remakesHealthPage(layingOutAll:laidOut:pageCount:old:new:)``,
///    ``remakesSearch(firstBuild:pages:old:new:)``) and after layout (``difference(old:new:copied:)``).
struct RebuildPlan: Sendable, Equatable {
    /// Start from nothing: every input read again, every stage run for every page.
    var everything: Bool
    /// Content paths whose source changed, or whose copied bytes did.
    var dirty: Set<String>
    /// Every page goes through the page template again.
    var layOutAll: Bool
    /// The theme's own files (stylesheets, scripts) are made again.
    var remakeThemeFiles: Bool

    /// The first build: everything.
    static let everything = RebuildPlan(everything: true, dirty: [], layOutAll: true, remakeThemeFiles: true)

    init(everything: Bool, dirty: Set<String>, layOutAll: Bool, remakeThemeFiles: Bool) {
        self.everything = everything
        self.dirty = dirty
        self.layOutAll = layOutAll
        self.remakeThemeFiles = remakeThemeFiles
    }

    init(_ change: InputChange, mode: BuildMode) {
        if change.everything {
            self = .everything
            return
        }
        everything = false
        dirty = change.sources.union(change.copied)
        // Templates shape every page; a theme file's new bytes do not (outside publish, where
        // names carry fingerprints), but a theme file added or removed may.
        layOutAll = change.kinds[.template] != nil
            || (change.themeReloaded && (mode == .publish || change.themeFilesAddedOrRemoved))
        remakeThemeFiles = change.themeReloaded
    }

    /// The pages that looked up each path (page source, folder or asset), by path.
    typealias Readers = [String: [Int]]

    /// The readers of every path the pages looked up.
    static func readers(of rendered: [RenderedPage]) -> Readers {
        var readers: Readers = [:]
        for (number, page) in rendered.enumerated() {
            for key in page.lookups { readers[key, default: []].append(number) }
        }
        return readers
    }

    /// `readers` after the pages `render` rendered again (page numbers unchanged).
    static func update(_ readers: inout Readers, old: [RenderedPage], new: [RenderedPage], render: [Int]) {
        for number in render {
            let (before, after) = (old[number].lookups, new[number].lookups)
            for key in before.subtracting(after) { readers[key]?.removeAll { $0 == number } }
            for key in after.subtracting(before) { readers[key, default: []].append(number) }
        }
    }

    /// Which pages to render and the reused results (page numbers remapped to the new index).
    struct Pages {
        var render: [Int]
        var reused: [RenderedPage]
        /// Pages or folder pages appeared or went away (page numbers shift).
        var keysChanged: Bool
        /// A page kept its number but not its URL: every sidebar, breadcrumb and previous/next
        /// link to it changes.
        var routesChanged = false
    }


    /// `index` with the edited pages' new sources and titles, when each was in the index before
    /// and keeps its route (slug) and weight; nil when the site must be indexed again.
    static func patch(_ index: SiteIndex, with edited: [String: PageSource?]?) -> SiteIndex? {
        guard let edited else { return nil }
        var patched = index
        for (contentPath, replacement) in edited {
            guard let source = replacement, let number = index.pageBySource[contentPath],
                  let before = index.pages[number].source else { return nil }
            let old = before.frontMatter, new = source.frontMatter
            guard old.slug == new.slug, old.slugLine == new.slugLine, old.slugColumn == new.slugColumn,
                  old.weight == new.weight else { return nil }
            patched.pages[number].kind = .markdown(source)
            patched.pages[number].provisionalTitle =
                new.title ?? TitleScanner.firstHeading(in: source.body) ?? IndexPages.fileTitle(contentPath)
        }
        return patched
    }

    /// Pages render again when their source or route changed, or when a path their links looked
    /// up gained, lost or changed a page or asset; the others keep their result.
    ///
    /// When the index was patched (the same pages with the same numbers) and `readers` is known,
    /// only the edited pages and the readers of the paths whose title or route changed are looked
    /// at; otherwise every page is.
    static func pages(
        old: SiteIndex?, new: SiteIndex, rendered: [RenderedPage], dirty: Set<String>, patched: Bool = false,
        readers: Readers? = nil
    ) -> Pages {
        guard let old else {
            return Pages(render: Array(new.pages.indices), reused: Array(repeating: .empty, count: new.pages.count), keysChanged: true)
        }
        if patched, let readers, rendered.count == new.pages.count, old.pages.count == new.pages.count {
            var render: Set<Int> = []
            var changed: Set<Int> = []
            for path in dirty {
                guard let number = new.pageBySource[path] else { continue }
                render.insert(number)
                let (a, b) = (old.pages[number], new.pages[number])
                if a.route != b.route || a.provisionalTitle != b.provisionalTitle {
                    render.formUnion(readers[path] ?? [])
                    changed.insert(number)
                }
            }
            if !changed.isEmpty {
                for (folder, number) in new.pageByFolder where changed.contains(number) { render.formUnion(readers[folder] ?? []) }
            }
            var reused = rendered
            for number in render { reused[number] = .empty }
            return Pages(render: render.sorted(), reused: reused, keysChanged: false)
        }
        // Paths whose lookup result changed: a page, folder page or asset that appeared, went
        // away, or got another route or title.
        var changedKeys: Set<String> = []
        var keysChanged = false
        var routesChanged = false
        func compare(_ oldTable: [String: Int], _ newTable: [String: Int]) {
            for (key, number) in newTable {
                guard let before = oldTable[key] else {
                    changedKeys.insert(key)
                    keysChanged = true
                    continue
                }
                let a = old.pages[before], b = new.pages[number]
                if a.route != b.route { routesChanged = true }
                if a.route != b.route || a.provisionalTitle != b.provisionalTitle { changedKeys.insert(key) }
            }
            for key in oldTable.keys where newTable[key] == nil {
                changedKeys.insert(key)
                keysChanged = true
            }
        }
        compare(old.pageBySource, new.pageBySource)
        compare(old.pageByFolder, new.pageByFolder)
        for key in Set(old.assets.keys).symmetricDifference(new.assets.keys) { changedKeys.insert(key) }
        // Sorted lists: equal arrays (the common case, compared without hashing) or different sets.
        let pathsChanged = old.knownPaths != new.knownPaths

        // Old page number → new page number, by source path (or folder for generated pages);
        // nil when the numbers are the same (no page came or went: most rebuilds).
        func key(_ page: SitePage) -> String { page.source.map { "p:" + $0.contentPath } ?? "f:" + (page.representsFolder ?? "") }
        let sameNumbers = !keysChanged && old.pages.count == new.pages.count && rendered.count == new.pages.count
            && zip(old.pages, new.pages).allSatisfy { a, b in
                a.source?.contentPath == b.source?.contentPath && a.representsFolder == b.representsFolder
            }
        var renumber: [Int?] = []
        if !sameNumbers {
            var newNumber: [String: Int] = [:]
            for (number, page) in new.pages.enumerated() { newNumber[key(page)] = number }
            renumber = old.pages.map { newNumber[key($0)] }
        }

        var render: [Int] = []
        // With the same numbers, the old results are the new ones (one shared buffer) except
        // for the pages rendered again.
        var reused = sameNumbers ? rendered : [RenderedPage](repeating: .empty, count: new.pages.count)
        for (number, page) in new.pages.enumerated() {
            guard let source = page.source else { continue }  // generated folder pages render nothing
            guard let before = old.pageBySource[source.contentPath], !dirty.contains(source.contentPath),
                  old.pages[before].route == page.route, old.pages[before].source == source,
                  rendered.indices.contains(before),
                  rendered[before].lookups.isDisjoint(with: changedKeys),
                  !(pathsChanged && rendered[before].diagnostics.contains { $0.stage == .links })
            else {
                render.append(number)
                if sameNumbers { reused[number] = .empty }
                continue
            }
            if sameNumbers { continue }
            var page = rendered[before]
            page.linkedPages = Set(page.linkedPages.compactMap { renumber[$0] })
            page.anchorChecks = page.anchorChecks.compactMap { check in
                guard let target = renumber[check.targetPage] else { return nil }
                var copy = check
                copy.targetPage = target
                return copy
            }
            reused[number] = page
        }
        return Pages(render: render, reused: reused, keysChanged: keysChanged, routesChanged: routesChanged)
    }

    /// The pages whose link checks can give another result: the rendered ones, and those linking
    /// to a rendered page whose ids (anchors) changed or which is now refused or built again.
    /// Nil when page numbers moved (everything is checked again).
    static func pagesToRecheckLinks(render: [Int], keysChanged: Bool, old: [RenderedPage], new: [RenderedPage]) -> Set<Int>? {
        guard !keysChanged, old.count == new.count else { return nil }
        var recheck = Set(render)
        let targets = Set(render.filter { old[$0].ids != new[$0].ids || old[$0].skipped != new[$0].skipped })
        guard !targets.isEmpty else { return recheck }
        for (number, page) in new.enumerated() where page.anchorChecks.contains(where: { targets.contains($0.targetPage) }) {
            recheck.insert(number)
        }
        return recheck
    }

    /// The pages whose laid-out HTML can differ after a rebuild that kept every page's number:
    /// the rendered ones, those whose backlinks changed, and those showing a title or status
    /// that changed — in the sidebar (on large sites, the pages below the changed page's
    /// parent; a top-level page is in every sidebar), breadcrumbs, previous/next links or a
    /// "Referenced by" list. Nil means every page.
    static func pagesToLayOut(
        rendered: [Int], old: (Navigation, DocumentChecks), new: (Navigation, DocumentChecks), pageCount: Int,
        linkedFrom: (Int) -> Set<Int>
    ) -> Set<Int>? {
        let (before, beforeChecks) = old
        let (after, afterChecks) = new
        guard before.parent == after.parent, before.root == after.root, before.titles.count == after.titles.count else { return nil }
        var wanted = Set(rendered)
        for number in 0..<pageCount where beforeChecks.backlinks[number] != afterChecks.backlinks[number] {
            wanted.insert(number)
        }
        let changed = (0..<pageCount).filter { number in
            before.titles[number] != after.titles[number]
                || beforeChecks.metadata[number].status != afterChecks.metadata[number].status
        }
        if !changed.isEmpty {
            // Small sites show the whole tree in every sidebar.
            if after.order.count <= NavigationHTML.wholeTreeLimit { return nil }
            for number in changed {
                guard let parent = after.parent[number], parent != after.root else { return nil }
                var stack = [parent]
                while let folder = stack.popLast() {
                    wanted.insert(folder)
                    stack += after.children[folder] ?? []
                }
                wanted.formUnion(linkedFrom(number))
            }
        }
        if before.order != after.order {
            func neighbours(_ navigation: Navigation) -> [Int: [Int?]] {
                var result: [Int: [Int?]] = [:]
                for (position, number) in navigation.order.enumerated() {
                    result[number] = [position > 0 ? navigation.order[position - 1] : nil,
                                      position + 1 < navigation.order.count ? navigation.order[position + 1] : nil]
                }
                return result
            }
            let a = neighbours(before), b = neighbours(after)
            for (number, pair) in b where a[number] != pair { wanted.insert(number) }
        }
        return wanted
    }

    static func sameNavigation(_ a: Navigation?, _ b: Navigation) -> Bool {
        guard let a else { return false }
        return a.titles == b.titles && a.order == b.order && a.parent == b.parent && a.root == b.root
    }

    /// The health page lists every page: made again when a row or the navigation it shows
    /// changed, or when every page was laid out.
    static func remakesHealthPage(
        layingOutAll: Bool, laidOut: Int, pageCount: Int, old: (Navigation?, DocumentChecks?), new: (Navigation, DocumentChecks)
    ) -> Bool {
        layingOutAll || laidOut >= pageCount || old.1?.health != new.1.health || !sameNavigation(old.0, new.0)
    }

    /// The search index changes when a page rendered again, pages came or went, or a title or
    /// the order of the navigation changed.
    static func remakesSearch(firstBuild: Bool, pages: Pages, old: Navigation?, new: Navigation) -> Bool {
        firstBuild || !pages.render.isEmpty || pages.keysChanged || !sameNavigation(old, new)
    }

    /// Whether two `Data` values share one buffer (so are equal without comparing bytes).
    static func sameBuffer(_ a: Data, _ b: Data) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.baseAddress == y.baseAddress } }
    }

    /// Equal bytes, known without comparing them when they are one buffer (a page the rebuild
    /// did not lay out again: 10,000 pages are 300 MB to compare).
    static func sameBytes(_ a: Data, _ b: Data) -> Bool {
        sameBuffer(a, b) || a == b
    }

    /// Output paths that are new or whose bytes changed, and paths that went away. Copied files
    /// count as changed when their source is among `copied` content paths.
    static func difference(old: [OutputFile], new: [OutputFile], copied: Set<String>) -> (changed: Set<String>, removed: Set<String>) {
        var before: [String: OutputFile.Contents] = [:]
        for file in old { before[file.path] = file.contents }
        var changed: Set<String> = []
        var seen: Set<String> = []
        for file in new {
            seen.insert(file.path)
            switch (before[file.path], file.contents) {
            case (.data(let a)?, .data(let b)):
                if !Self.sameBytes(a, b) { changed.insert(file.path) }
            case (.copy?, .copy):
                if copied.contains(file.path) { changed.insert(file.path) }
            default:
                changed.insert(file.path)
            }
        }
        return (changed, Set(before.keys).subtracting(seen))
    }
}
