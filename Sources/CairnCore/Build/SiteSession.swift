import Foundation

/// What changed in the site folder since the last build, as the file watcher saw it.
public struct SiteChanges: Sendable, Equatable {
    /// Site-relative, `/`-separated paths (`content/ops.md`, `themes/default/assets/style.css`,
    /// `site.json`); folders as well as files.
    public var paths: Set<String>
    /// Events were lost (inotify queue overflow, a watcher restart): look at everything.
    public var rescan: Bool

    public init(paths: Set<String> = [], rescan: Bool = false) {
        self.paths = paths
        self.rescan = rescan
    }
}

/// The kinds of change a rebuild tells apart, each with its own least work.
public enum ChangeKind: String, Sendable {
    /// `site.json`: everything again.
    case config
    /// A template of the theme in use: layout again, no Markdown.
    case template
    /// A static file of the theme in use (CSS, scripts).
    case themeAsset
    /// A Markdown page added, edited, removed or renamed.
    case page
    /// Any other file under the content folder: copied as it is.
    case asset
    /// A folder under the content folder appeared, moved or went away.
    case folder
}

/// What one build or rebuild did: the terminal line, the live-reload decision and the render
/// counts tests assert.
public struct RebuildSummary: Sendable {
    /// Every page was looked at again (first build, `site.json`, a rescan).
    public var full: Bool
    public var kinds: Set<ChangeKind>
    /// Site paths of the changed sources, for the terminal line.
    public var changedSources: [String]
    /// Site paths of the pages whose Markdown was rendered.
    public var renderedPages: [String]
    /// Pages put through the page template.
    public var laidOutPages: Int
    /// Output paths that are new or hold new bytes.
    public var changedFiles: Set<String>
    /// Output paths the previous build had and this one does not.
    public var removedFiles: Set<String>
    public var seconds: Double

    /// Only theme stylesheets changed: a browser can swap them without reloading the page.
    public var stylesheetsOnly: Bool {
        !full && kinds == [.themeAsset] && !changedFiles.isEmpty && changedFiles.allSatisfy { $0.hasSuffix(".css") }
    }
}

/// The build pipeline, kept between builds: `cairn build`, `check` and `publish` run it once;
/// `cairn watch` keeps it and feeds it each batch of changes, and it redoes only what the batch
/// needs. One chain of stages (load → index → render → links → check → layout → search) for both.
///
/// What each kind of change redoes:
/// - page edited: that page is loaded and rendered again; pages linking to it are rendered again
///   only when its route or title changed (their link URLs and filled-in link texts depend on
///   those); links, navigation and checks are recomputed (cheap, no Markdown); layout runs for the
///   changed pages and the pages whose backlinks changed, or for every page when titles, order or
///   statuses in the navigation changed;
/// - page added or removed: the same, with the pages that looked up its path rendered again;
/// - template: the theme is reloaded and every page laid out again; no Markdown is rendered;
/// - theme asset: the theme is reloaded; pages are laid out again only if the theme's templates
///   produce different pages;
/// - content asset: the folder is walked again and the file copied; pages whose links looked it
///   up render again;
/// - `site.json` or a rescan: everything.
public struct SiteSession: Sendable {
    public struct Options: Sendable {
        /// What the build is for; it implies layout, fingerprints, search and marks.
        public var mode: BuildMode
        public var includeDrafts = false
        /// Warnings count as errors.
        public var strict = false
        public var environment = BuildEnvironment.live

        /// Run layout and the search index (not for `cairn check`).
        var layout: Bool { mode != .check }
        /// Fingerprinted theme files and host files (sitemap, robots.txt).
        var publishing: Bool { mode == .publish }
        /// Rebuilds leave the search index to `pendingSearch` (run off the rebuild's path) and
        /// keep the previous one until it is installed; the first build always has its own.
        var deferSearch: Bool { mode == .preview }
        /// Highlight placeholders on the pages; otherwise only `"placeholders": "mark"` does.
        var markPlaceholders: Bool { mode == .preview }

        public init(
            mode: BuildMode = .build, includeDrafts: Bool = false, strict: Bool = false, environment: BuildEnvironment = .live
        ) {
            self.mode = mode
            self.includeDrafts = includeDrafts
            self.strict = strict
            self.environment = environment
        }
    }

    public let root: URL
    public let options: Options

    // Loaded inputs.
    private var config = SiteConfig()
    private var configProblems: [Diagnostic] = []
    private var walkProblems: [Diagnostic] = []
    /// Pages by file path on disk (two files can share an NFC content path and must collide,
    /// not replace each other).
    private var sources: [String: PageSource] = [:]
    /// Load diagnostics by file path (drafts included, they are still read).
    private var loadProblems: [String: [Diagnostic]] = [:]
    private var knownMarkdown: Set<String> = []
    /// The same files by content path.
    private var markdownPaths: Set<String> = []
    private var assets: [AssetSource] = []
    private var folders: [String] = []
    private var theme: Theme?
    private var themeProblems: [Diagnostic] = []
    private var gitDates: [String: String] = [:]

    // Stage results of the last build.
    private var index: SiteIndex?
    private var lastIndexProblems: [Diagnostic] = []
    private var lastNavigationProblems: [Diagnostic] = []
    /// The check stage's per-page results by site path; dropped for pages that render again.
    private var pageChecks: [String: CheckDocuments.PageCheck] = [:]
    private var rendered: [RenderedPage] = []
    /// Each page's link-check diagnostics, by page number (as `rendered`).
    private var linkResults: [[Diagnostic]] = []
    private var navigation: Navigation?
    private var checks: DocumentChecks?
    private var pageFiles: [OutputFile?] = []
    private var themeFiles: [OutputFile] = []
    private var searchFiles: [OutputFile] = []
    private var healthFiles: [OutputFile]?
    private var searchRevision = 0
    /// The search index the current build still needs (with `deferSearch`).
    public private(set) var pendingSearch: SearchJob?

    /// The last build's report (diagnostics, files, timings).
    public private(set) var report: BuildReport
    /// Markdown renders since the session started: tests read it like Hugo's rebuild tests read
    /// their render counters.
    public private(set) var renderCount = 0
    /// What the first build did (every page rendered and laid out).
    public private(set) var firstBuild: RebuildSummary?

    /// Loads and builds the whole site once. `config` is `site.json` as the caller already read
    /// (and perhaps adjusted) it; read here when `nil`.
    public init(root: URL, options: Options = Options(), config loadedConfig: (SiteConfig, [Diagnostic])? = nil) {
        self.root = root.standardizedFileURL
        self.options = options
        report = BuildReport(diagnostics: [], pageCount: 0, files: [], outputURL: nil, config: SiteConfig(), checks: nil, timings: [])
        firstBuild = rebuildEverything(loadedConfig: loadedConfig)
    }

    /// Brings the build up to date with `changes`, doing only the work they need.
    public mutating func update(_ changes: SiteChanges) -> RebuildSummary {
        let kinds = classify(changes.paths)
        if changes.rescan || kinds.keys.contains(.config) {
            var summary = rebuildEverything(loadedConfig: nil)
            summary.kinds = Set(kinds.keys)
            summary.changedSources = kinds.values.flatMap { $0 }.sorted()
            return summary
        }
        var timer = StageTimer()
        let clock = ContinuousClock()
        let start = clock.now
        var dirty: Set<String> = []
        let contentKinds: Set<ChangeKind> = [.page, .asset, .folder]
        if !contentKinds.isDisjoint(with: kinds.keys) {
            dirty = timer.measure("load") { reloadContent(kinds) }
            // Content assets are copied as they are: the changed ones are new bytes to serve.
            let prefix = config.contentDir + "/"
            for path in kinds[.asset] ?? [] { dirty.insert(String(path.dropFirst(prefix.count)).precomposedStringWithCanonicalMapping) }
        }
        // Templates shape every page; a theme file's new bytes do not (outside publish, where
        // names carry fingerprints), but a theme file added or removed may.
        var relayout = kinds[.template] != nil
        if (kinds[.template] != nil || kinds[.themeAsset] != nil) && options.layout {
            let before = theme.map { Set($0.assets.keys) }
            (theme, themeProblems) = Theme.load(root: root, name: config.theme)
            relayout = relayout || options.publishing || before != theme.map { Set($0.assets.keys) }
            themeFiles = []
        }
        var summary = runStages(dirty: dirty, relayoutAll: relayout, timer: &timer)
        summary.kinds = Set(kinds.keys)
        summary.changedSources = kinds.values.flatMap { $0 }.sorted()
        summary.seconds = (clock.now - start).inSeconds
        return summary
    }

    // MARK: - Classifying changes

    /// Sorts changed site paths into kinds; paths outside the site's inputs (the output folder,
    /// other themes, README.md) are dropped.
    func classify(_ paths: Set<String>) -> [ChangeKind: [String]] {
        var kinds: [ChangeKind: [String]] = [:]
        let content = config.contentDir + "/"
        // Built only when a path is gone (most batches are edits of existing files).
        var known: Set<String>?
        let themeFolder = "themes/\(config.theme)/"
        for path in paths {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if IgnoredFiles.isIgnored(name) { continue }
            if path == SiteConfig.fileName {
                kinds[.config, default: []].append(path)
            } else if path.hasPrefix(themeFolder) {
                let inner = path.dropFirst(themeFolder.count)
                if inner.hasPrefix("assets/") {
                    kinds[.themeAsset, default: []].append(path)
                } else if inner.hasSuffix(".mustache") || isDirectory(path) || !exists(path) {
                    kinds[.template, default: []].append(path)
                }
            } else if path.hasPrefix(content) || path == config.contentDir {
                let inner = String(path.dropFirst(min(path.count, content.count))).precomposedStringWithCanonicalMapping
                // A file that is gone and was never part of a build (sed's and other tools'
                // temporary files) changes nothing.
                if path != config.contentDir && !exists(path) {
                    if known == nil { known = knownContentPaths }
                    if known?.contains(inner) != true { continue }
                }
                if path == config.contentDir || isDirectory(path) || folders.contains(inner) {
                    kinds[.folder, default: []].append(path)
                } else if path.lowercased().hasSuffix(".md") {
                    kinds[.page, default: []].append(path)
                } else {
                    kinds[.asset, default: []].append(path)
                }
            }
        }
        return kinds
    }

    /// Content paths of the last build's Markdown files (drafts too), assets and folders.
    private var knownContentPaths: Set<String> {
        markdownPaths.union(assets.map(\.contentPath)).union(folders)
    }

    private func isDirectory(_ sitePath: String) -> Bool {
        LoadContent.isDirectory(root.appendingPathComponent(sitePath))
    }

    private func exists(_ sitePath: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(sitePath).path)
    }

    // MARK: - Load

    /// The first build, `site.json` changes and rescans: read everything again.
    private mutating func rebuildEverything(loadedConfig: (SiteConfig, [Diagnostic])?) -> RebuildSummary {
        let clock = ContinuousClock()
        let start = clock.now
        var timer = StageTimer()
        (config, configProblems) = loadedConfig ?? LoadContent.loadConfig(root: root)
        index = nil
        rendered = []
        navigation = nil
        checks = nil
        pageFiles = []
        themeFiles = []
        healthFiles = nil
        searchFiles = []
        pendingSearch = nil
        sources = [:]
        loadProblems = [:]
        knownMarkdown = []
        markdownPaths = []
        _ = timer.measure("load") { walkAndLoad(reload: nil) }

        // git log runs while the pages render; its dates are needed only by the checks.
        let environment = options.environment
        let site = (root, config.contentDir)
        let history = Background {
            environment.readGitHistory ? GitHistory.lastCommitDates(root: site.0, contentDir: site.1) : [:]
        }
        gitDatesPending = history
        if options.layout {
            (theme, themeProblems) = Theme.load(root: root, name: config.theme)
        }
        var summary = runStages(dirty: [], relayoutAll: true, timer: &timer)
        summary.full = true
        summary.seconds = (clock.now - start).inSeconds
        return summary
    }

    private var gitDatesPending: Background<[String: String]>?

    /// Walks the content folder; reads Markdown files that are new or listed in `reload`
    /// (everything when `reload` is nil). Returns the content paths whose source changed.
    @discardableResult
    private mutating func walkAndLoad(reload: Set<String>?) -> Set<String> {
        let listing = LoadContent.list(root: root, config: config)
        walkProblems = listing.diagnostics
        folders = listing.folders
        assets = listing.assets
        let present = Set(listing.markdown.map(\.url.fileKey))
        var changed: Set<String> = []
        for gone in knownMarkdown.subtracting(present) {
            if let contentPath = sources[gone]?.contentPath { changed.insert(contentPath) }
            sources[gone] = nil
            loadProblems[gone] = nil
        }
        let toRead = listing.markdown.filter { file in
            reload.map { $0.contains(file.url.fileKey) } ?? true || !knownMarkdown.contains(file.url.fileKey)
        }
        changed.formUnion(read(toRead))
        knownMarkdown = present
        markdownPaths = Set(listing.markdown.map(\.contentPath))
        return changed
    }

    /// Reads and parses `files` into `sources`; drafts are left out unless asked for.
    private mutating func read(_ files: [ContentWalker.File]) -> Set<String> {
        var changed: Set<String> = []
        let load = LoadContent.Options(includeDrafts: options.includeDrafts)
        for (file, (page, problems)) in zip(files, LoadContent.read(files, config: config)) {
            loadProblems[file.url.fileKey] = problems
            let kept = page.flatMap { LoadContent.keeps($0, load) ? $0 : nil }
            if sources[file.url.fileKey] != kept { changed.insert(file.contentPath) }
            sources[file.url.fileKey] = kept
        }
        return changed
    }

    /// Applies a batch of content changes: edited pages are read again; anything that may have
    /// added or removed files walks the folder again (without reading unchanged pages).
    private mutating func reloadContent(_ kinds: [ChangeKind: [String]]) -> Set<String> {
        let prefix = config.contentDir + "/"
        let edited = (kinds[.page] ?? []).map { path in
            let url = root.appendingPathComponent(path)
            return ContentWalker.File(
                contentPath: String(path.dropFirst(prefix.count)).precomposedStringWithCanonicalMapping,
                url: url, realURL: url)
        }
        // A symlinked page goes through the walker again, which decides whether it may be followed.
        let onlyEdits = kinds[.folder] == nil && kinds[.asset] == nil
            && edited.allSatisfy {
                knownMarkdown.contains($0.url.fileKey) && FileManager.default.fileExists(atPath: $0.url.path)
                    && !SafePaths.isSymlink($0.url.path)
            }
        guard onlyEdits else { return walkAndLoad(reload: Set(edited.map(\.url.fileKey))) }
        return read(edited)
    }

    // MARK: - Stages

    private mutating func runStages(dirty: Set<String>, relayoutAll: Bool, timer: inout StageTimer) -> RebuildSummary {
        // Index: edited pages whose route, title and weight stay are swapped into the previous
        // index; anything else indexes the site again.
        let (newIndex, indexProblems, patched) = timer.measure("index") { () -> (SiteIndex, [Diagnostic], Bool) in
            if let index, dirty.isEmpty { return (index, lastIndexProblems, true) }
            if let index, let patched = Self.patch(index, with: dirty.isEmpty ? nil : sourcesByContentPath(dirty)) {
                return (patched, lastIndexProblems, true)
            }
            let site = LoadedSite(
                root: root, config: config,
                pages: sources.sorted { ($0.value.contentPath, $0.key) < ($1.value.contentPath, $1.key) }.map(\.value),
                assets: assets, folders: folders, diagnostics: [])
            let (index, problems) = IndexPages.run(site)
            return (index, problems, false)
        }
        lastIndexProblems = indexProblems
        let previousIndex = index
        let previousFiles = report.files

        // Render: only pages whose source changed, whose route changed, or whose links looked up
        // a path that gained, lost or changed a page or asset.
        let plan = Self.renderPlan(old: previousIndex, new: newIndex, rendered: rendered, dirty: dirty)
        let graphviz = config.diagrams.graphviz
            ? GraphvizRenderer(
                cacheFolder: root.appendingPathComponent(".cairn-cache/graphviz", isDirectory: true),
                timeout: config.diagrams.graphvizTimeout, writesCache: options.layout)
            : nil
        let fresh = timer.measure("render") {
            RenderPages.run(
                newIndex, pages: plan.render, config: config, graphviz: graphviz, collectSections: options.layout,
                markPlaceholders: options.markPlaceholders)
        }
        var newRendered = plan.reused
        for (number, page) in zip(plan.render, fresh) { newRendered[number] = page }
        if previousIndex == nil { pageChecks = [:] }
        if plan.keysChanged {
            let present = Set(newIndex.pages.compactMap { $0.source?.sitePath })
            pageChecks = pageChecks.filter { present.contains($0.key) }
        }
        for number in plan.render {
            if let path = newIndex.pages[number].source?.sitePath { pageChecks[path] = nil }
        }
        let renderedPages = plan.render.compactMap { newIndex.pages[$0].source?.sitePath }
        renderCount += renderedPages.count

        var diagnostics = configProblems + walkProblems + loadProblems.keys.sorted().flatMap { loadProblems[$0]! }
        diagnostics += indexProblems
        diagnostics += newRendered.flatMap(\.diagnostics)
        diagnostics += timer.measure("links") { () -> [Diagnostic] in
            let (config, pages) = (config, newRendered)
            let check: @Sendable (Int) -> [Diagnostic] = { number in
                CheckLinks.page(number, rendered: pages, index: newIndex, config: config)
            }
            if let recheck = Self.pagesToRecheckLinks(render: plan.render, keysChanged: plan.keysChanged, old: rendered, new: newRendered),
               linkResults.count == newRendered.count {
                for number in recheck { linkResults[number] = check(number) }
            } else {
                linkResults = Parallel.map(Array(newRendered.indices), check)
            }
            return linkResults.flatMap { $0 }
        }

        if let pending = gitDatesPending {
            gitDates = pending.value
            gitDatesPending = nil
        }
        let newNavigation = timer.measure("nav") { () -> Navigation in
            let (titles, titleProblems) = TextLimits.pageTitles(index: newIndex, rendered: newRendered)
            // The same pages with the same titles make the same tree.
            if patched, let navigation, navigation.titles == titles { return navigation }
            let (built, problems) = Navigation.build(index: newIndex, titles: titles, config: config)
            lastNavigationProblems = titleProblems + problems
            return built
        }
        diagnostics += lastNavigationProblems
        let newChecks = timer.measure("check") { () -> DocumentChecks in
            let checks = CheckDocuments.run(
                index: newIndex, rendered: newRendered, navigation: newNavigation,
                linkDiagnostics: diagnostics, today: options.environment.today, gitDates: gitDates, cache: &pageChecks)
            diagnostics += checks.diagnostics
            return checks
        }

        var laidOut = 0
        var files: [OutputFile] = []
        if options.layout {
            diagnostics += themeProblems
            timer.measure("layout") {
                guard let theme else {
                    pageFiles = []
                    return
                }
                let layout = PageLayout(
                    index: newIndex, rendered: newRendered, navigation: newNavigation, checks: newChecks, theme: theme,
                    config: config, fingerprintAssets: options.publishing)
                var numbers: [Int]
                let everything = relayoutAll || pageFiles.count != newIndex.pages.count || plan.keysChanged
                if !everything, let navigation, let checks,
                   let wanted = Self.pagesToLayOut(
                       rendered: plan.render, old: (navigation, checks), new: (newNavigation, newChecks),
                       pageCount: newIndex.pages.count, linkedFrom: { newRendered[$0].linkedPages }) {
                    numbers = wanted.sorted()
                } else {
                    numbers = Array(newIndex.pages.indices)
                    pageFiles = Array(repeating: nil, count: newIndex.pages.count)
                }
                for number in numbers where newRendered[number].skipped { pageFiles[number] = nil }
                numbers.removeAll { newRendered[$0].skipped }
                let pages = Parallel.map(numbers) { layout.page($0) }
                for (number, file) in zip(numbers, pages) { pageFiles[number] = file }
                laidOut = numbers.count
                if themeFiles.isEmpty { themeFiles = layout.themeFiles() }
                // The health page lists every page: made again only when a row or the
                // navigation it shows changed.
                let healthUnchanged = !everything && numbers.count < newIndex.pages.count
                    && checks?.health == newChecks.health && Self.sameNavigation(navigation, newNavigation)
                if !healthUnchanged || healthFiles == nil { healthFiles = layout.healthFiles() }
                files = pageFiles.compactMap { $0 } + (healthFiles ?? []) + themeFiles + layout.contentAssets()
                if options.publishing {
                    let (hostFiles, hostProblems) = HostFiles.files(
                        index: newIndex, rendered: newRendered, navigation: newNavigation, checks: newChecks, config: config)
                    files += hostFiles
                    diagnostics += hostProblems
                }
            }
            let searchChanged = previousIndex == nil || !plan.render.isEmpty || plan.keysChanged
                || !Self.sameNavigation(navigation, newNavigation)
            if options.deferSearch && previousIndex != nil {
                if searchChanged {
                    searchRevision += 1
                    pendingSearch = SearchJob(revision: searchRevision, index: newIndex, rendered: newRendered, navigation: newNavigation)
                }
            } else if searchChanged || searchFiles.isEmpty {
                searchFiles = timer.measure("search") {
                    SearchIndex.files(index: newIndex, rendered: newRendered, navigation: newNavigation)
                }
                pendingSearch = nil
            }
            files += searchFiles
        }

        index = newIndex
        rendered = newRendered
        navigation = newNavigation
        checks = newChecks
        report = BuildReport(
            diagnostics: diagnostics.promoted(strict: options.strict).sortedForDisplay(),
            pageCount: newIndex.pages.count, files: files, outputURL: nil, config: config, checks: newChecks,
            timings: timer.timings)

        let (changedFiles, removedFiles) = Self.difference(old: previousFiles, new: files, copied: dirty)
        return RebuildSummary(
            full: false, kinds: [], changedSources: [], renderedPages: renderedPages, laidOutPages: laidOut,
            changedFiles: changedFiles, removedFiles: removedFiles, seconds: report.elapsed)
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

    /// The current sources of the pages at `contentPaths` (nil when one path has two files,
    /// a collision only a full index reports).
    private func sourcesByContentPath(_ contentPaths: Set<String>) -> [String: PageSource?]? {
        var found: [String: PageSource?] = [:]
        for path in contentPaths { found[path] = .some(nil) }
        for source in sources.values where contentPaths.contains(source.contentPath) {
            if case .some(.some) = found[source.contentPath] { return nil }
            found[source.contentPath] = source
        }
        return found
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

    // MARK: - Deferred search index

    /// Builds the search index for one state of the site, on any thread.
    public struct SearchJob: Sendable {
        public let revision: Int
        let index: SiteIndex
        let rendered: [RenderedPage]
        let navigation: Navigation

        /// On one core: the preview's next rebuild gets the other.
        public func run() -> [OutputFile] {
            SearchIndex.files(index: index, rendered: rendered, navigation: navigation, serial: true)
        }
    }

    /// Puts a finished search index into the build, if it is still for the current state of the
    /// site (a later rebuild makes an older job's result stale). Returns the output paths it
    /// changed and removed.
    public mutating func installSearch(_ files: [OutputFile], revision: Int) -> (changed: Set<String>, removed: Set<String>)? {
        guard revision == searchRevision, pendingSearch?.revision == revision else { return nil }
        let (changed, removed) = Self.difference(old: searchFiles, new: files, copied: [])
        let old = Set(searchFiles.map(\.path))
        report.files = report.files.filter { !old.contains($0.path) } + files
        searchFiles = files
        pendingSearch = nil
        return (changed, removed)
    }

    /// Which pages to render and the reused results (page numbers remapped to the new index).
    struct RenderPlan {
        var render: [Int]
        var reused: [RenderedPage]
        /// Pages or folder pages appeared or went away (page numbers shift).
        var keysChanged: Bool
    }

    static func renderPlan(old: SiteIndex?, new: SiteIndex, rendered: [RenderedPage], dirty: Set<String>) -> RenderPlan {
        guard let old else {
            return RenderPlan(render: Array(new.pages.indices), reused: Array(repeating: .empty, count: new.pages.count), keysChanged: true)
        }
        // Paths whose lookup result changed: a page, folder page or asset that appeared, went
        // away, or got another route or title.
        var changedKeys: Set<String> = []
        var keysChanged = false
        func compare(_ oldTable: [String: Int], _ newTable: [String: Int]) {
            for (key, number) in newTable {
                guard let before = oldTable[key] else {
                    changedKeys.insert(key)
                    keysChanged = true
                    continue
                }
                let a = old.pages[before], b = new.pages[number]
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
        let pathsChanged = Set(old.knownPaths) != Set(new.knownPaths)

        // Old page number → new page number, by source path (or folder for generated pages).
        func key(_ page: SitePage) -> String { page.source.map { "p:" + $0.contentPath } ?? "f:" + (page.representsFolder ?? "") }
        var newNumber: [String: Int] = [:]
        for (number, page) in new.pages.enumerated() { newNumber[key(page)] = number }
        let renumber = old.pages.map { newNumber[key($0)] }

        var render: [Int] = []
        var reused = [RenderedPage](repeating: .empty, count: new.pages.count)
        for (number, page) in new.pages.enumerated() {
            guard let source = page.source else { continue }  // generated folder pages render nothing
            guard let before = old.pageBySource[source.contentPath], !dirty.contains(source.contentPath),
                  old.pages[before].route == page.route, old.pages[before].source == source,
                  rendered.indices.contains(before),
                  rendered[before].lookups.isDisjoint(with: changedKeys),
                  !(pathsChanged && rendered[before].diagnostics.contains { $0.stage == .links })
            else {
                render.append(number)
                continue
            }
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
        return RenderPlan(render: render, reused: reused, keysChanged: keysChanged)
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

    /// Output paths that are new or whose bytes changed, and paths that went away. Copied files
    /// count as changed when their source is among `copied` content paths.
    /// Whether two `Data` values share one buffer (so are equal without comparing bytes).
    static func sameBuffer(_ a: Data, _ b: Data) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.baseAddress == y.baseAddress } }
    }

    static func difference(old: [OutputFile], new: [OutputFile], copied: Set<String>) -> (changed: Set<String>, removed: Set<String>) {
        var before: [String: OutputFile.Contents] = [:]
        for file in old { before[file.path] = file.contents }
        var changed: Set<String> = []
        var seen: Set<String> = []
        for file in new {
            seen.insert(file.path)
            switch (before[file.path], file.contents) {
            case (.data(let a)?, .data(let b)):
                // A page the rebuild did not lay out again is the same bytes in the same buffer:
                // known equal without reading it (10,000 pages are 300 MB to compare).
                if !Self.sameBuffer(a, b), a != b { changed.insert(file.path) }
            case (.copy?, .copy):
                if copied.contains(file.path) { changed.insert(file.path) }
            default:
                changed.insert(file.path)
            }
        }
        return (changed, Set(before.keys).subtracting(seen))
    }
}

extension URL {
    /// The path as a dictionary key that keeps NFC and NFD names apart (Swift's String equality
    /// treats them as equal; the file system does not).
    var fileKey: String { absoluteString }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
