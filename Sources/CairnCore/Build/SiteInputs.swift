import Foundation

/// Everything a build reads from the site folder: `site.json`, the Markdown sources, the other
/// content files, the folders, the theme and the git history. Loaded once, then kept up to date
/// with ``apply(_:)``, which reads only what a batch of changes touched and says what changed.
struct SiteInputs: Sendable {
    let root: URL
    /// Drafts are read either way; their pages are kept only when asked for.
    let includeDrafts: Bool
    /// Load the theme (every mode but `check`).
    let usesTheme: Bool

    private(set) var config = SiteConfig()
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
    private(set) var assets: [AssetSource] = []
    private(set) var folders: [String] = []
    private(set) var theme: Theme?
    private(set) var themeProblems: [Diagnostic] = []
    /// `git log` runs while the pages render; its dates are needed only by the checks.
    private var history: Background<[String: String]>?

    /// Reads the whole site. `config` is `site.json` as the caller already read (and perhaps
    /// adjusted) it; read here when `nil`.
    init(root: URL, mode: BuildMode, includeDrafts: Bool, readGitHistory: Bool, config: (SiteConfig, [Diagnostic])?) {
        self.root = root
        self.includeDrafts = includeDrafts
        usesTheme = mode != .check
        reloadAll(config: config, readGitHistory: readGitHistory)
    }

    /// A site held in memory (``StandalonePage``): no folder is walked and no git is asked.
    /// `problems` are what reading the pages found.
    init(
        root: URL, config: SiteConfig, pages: [PageSource], assets: [AssetSource], folders: [String], theme: Theme?,
        problems: [Diagnostic]
    ) {
        self.root = root
        includeDrafts = false
        usesTheme = theme != nil
        self.config = config
        loadProblems[""] = problems.isEmpty ? nil : problems
        for page in pages where !page.frontMatter.draft { sources[page.sitePath] = page }
        knownMarkdown = Set(pages.map(\.sitePath))
        markdownPaths = Set(pages.map(\.contentPath))
        self.assets = assets
        self.folders = folders
        self.theme = theme
    }

    // MARK: - What the stages read

    /// The pages to index, in a stable order.
    var site: LoadedSite {
        LoadedSite(
            root: root, config: config,
            pages: sources.sorted { ($0.value.contentPath, $0.key) < ($1.value.contentPath, $1.key) }.map(\.value),
            assets: assets, folders: folders, diagnostics: [])
    }

    /// Problems with `site.json`, the folder walk and reading the pages, by file.
    var loadDiagnostics: [Diagnostic] {
        configProblems + walkProblems + loadProblems.keys.sorted().flatMap { loadProblems[$0] ?? [] }
    }

    /// Last-commit dates by site path (waits for `git log` the first time).
    var gitDates: [String: String] { history?.value ?? [:] }

    /// The current sources of the pages at `contentPaths` (nil when one path has two files,
    /// a collision only a full index reports).
    func sources(at contentPaths: Set<String>) -> [String: PageSource?]? {
        // One file per content path (no NFC/NFD twins anywhere): each is found by its own key.
        if knownMarkdown.count == markdownPaths.count {
            var found: [String: PageSource?] = [:]
            for path in contentPaths {
                let key = root.appendingPathComponent(config.contentDir).appendingPathComponent(path).fileKey
                guard let source = sources[key] else { break }
                if source.contentPath == path { found[path] = source }
            }
            if found.count == contentPaths.count { return found }
        }
        var found: [String: PageSource?] = [:]
        for path in contentPaths { found[path] = .some(nil) }
        for source in sources.values where contentPaths.contains(source.contentPath) {
            if case .some(.some) = found[source.contentPath] { return nil }
            found[source.contentPath] = source
        }
        return found
    }

    // MARK: - Changes

    /// Reads what `changes` touched and reports it. `site.json` or lost events read everything.
    mutating func apply(_ changes: SiteChanges, readGitHistory: Bool) -> InputChange {
        let kinds = classify(changes.paths)
        var change = InputChange(kinds: kinds)
        if changes.rescan || kinds.keys.contains(.config) {
            reloadAll(config: nil, readGitHistory: readGitHistory)
            change.everything = true
            return change
        }
        if !Set<ChangeKind>([.page, .asset, .folder]).isDisjoint(with: kinds.keys) {
            change.sources = reloadContent(kinds)
            // Content assets are copied as they are: the changed ones are new bytes to serve.
            let prefix = config.contentDir + "/"
            change.copied = Set((kinds[.asset] ?? []).map { String($0.dropFirst(prefix.count)).precomposedStringWithCanonicalMapping })
        }
        if (kinds[.template] != nil || kinds[.themeAsset] != nil) && usesTheme {
            let before = theme.map { Set($0.assets.keys) }
            (theme, themeProblems) = Theme.load(root: root, name: config.theme)
            change.themeReloaded = true
            change.themeFilesAddedOrRemoved = before != theme.map { Set($0.assets.keys) }
        }
        return change
    }

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
                    if known == nil { known = markdownPaths.union(assets.map(\.contentPath)).union(folders) }
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

    private func isDirectory(_ sitePath: String) -> Bool {
        LoadContent.isDirectory(root.appendingPathComponent(sitePath))
    }

    private func exists(_ sitePath: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(sitePath).path)
    }

    // MARK: - Reading

    private mutating func reloadAll(config loaded: (SiteConfig, [Diagnostic])?, readGitHistory: Bool) {
        (config, configProblems) = loaded ?? LoadContent.loadConfig(root: root)
        sources = [:]
        loadProblems = [:]
        knownMarkdown = []
        markdownPaths = []
        walkAndLoad(reload: nil)
        let site = (root, config.contentDir)
        history = Background {
            readGitHistory ? GitHistory.lastCommitDates(root: site.0, contentDir: site.1) : [:]
        }
        (theme, themeProblems) = usesTheme ? Theme.load(root: root, name: config.theme) : (nil, [])
    }

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
        let load = LoadContent.Options(includeDrafts: includeDrafts)
        for (file, (page, problems)) in zip(files, LoadContent.read(files, config: config)) {
            // Only pages with problems are kept: the list is sorted on every rebuild.
            loadProblems[file.url.fileKey] = problems.isEmpty ? nil : problems
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
}

/// What one batch of changes did to the inputs: the plan's raw material.
struct InputChange: Sendable, Equatable {
    /// The changed site paths by kind (paths that are not inputs left out).
    var kinds: [ChangeKind: [String]] = [:]
    /// Everything was read again: `site.json` changed or events were lost.
    var everything = false
    /// Content paths of pages whose source changed (edited, added, removed, drafted).
    var sources: Set<String> = []
    /// Content paths of copied files whose bytes changed.
    var copied: Set<String> = []
    /// The theme was loaded again (a template or theme file changed).
    var themeReloaded = false
    /// The theme gained or lost a file (its names appear in every page).
    var themeFilesAddedOrRemoved = false
}
