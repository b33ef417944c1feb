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
/// `cairn watch` keeps it and feeds it each batch of changes. A batch goes through three parts:
/// ``SiteInputs`` reads what it touched, ``RebuildPlan`` decides from that and the previous build
/// what to redo, and ``Pipeline`` runs the one chain of stages for it.
///
/// What each kind of change redoes:
/// - page edited: that page is loaded and rendered again; pages linking to it are rendered again
///   only when its route or title changed (their link URLs and filled-in link texts depend on
///   those); links are checked again for the pages whose lookups can answer differently;
///   navigation and checks are recomputed (cheap, no Markdown); layout runs for the changed pages
///   and the pages whose backlinks changed, or for every page when titles, order or statuses in
///   the navigation changed;
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

        public init(
            mode: BuildMode = .build, includeDrafts: Bool = false, strict: Bool = false, environment: BuildEnvironment = .live
        ) {
            self.mode = mode
            self.includeDrafts = includeDrafts
            self.strict = strict
            self.environment = environment
        }

        /// `cairn build`: where pages are written as they are laid out (not kept in the report).
        var pageStream: OutputFolder.Stream?

        var settings: Pipeline.Settings {
            Pipeline.Settings(mode: mode, strict: strict, today: environment.today, pageStream: pageStream)
        }
    }

    public let root: URL
    public let options: Options
    private var inputs: SiteInputs
    private var state = BuildState()

    /// The last build's report (diagnostics, files, timings).
    public var report: BuildReport { state.report }
    /// The search index the current build still needs (preview rebuilds).
    public var pendingSearch: SearchJob? { state.pendingSearch }
    /// Markdown renders since the session started: tests read it like Hugo's rebuild tests read
    /// their render counters.
    public private(set) var renderCount = 0
    /// Mermaid blocks drawn (not found already drawn) since the session started.
    public var mermaidDraws: Int { state.mermaid?.draws.load(ordering: .relaxed) ?? 0 }
    /// What the first build did (every page rendered and laid out).
    public private(set) var firstBuild: RebuildSummary?

    /// Loads and builds the whole site once. `config` is `site.json` as the caller already read
    /// (and perhaps adjusted) it; read here when `nil`.
    public init(root: URL, options: Options = Options(), config loadedConfig: (SiteConfig, [Diagnostic])? = nil) {
        self.root = root.standardizedFileURL
        self.options = options
        let clock = ContinuousClock(), start = clock.now
        var timer = StageTimer()
        let root = self.root
        inputs = timer.measure("load") {
            SiteInputs(
                root: root, mode: options.mode, includeDrafts: options.includeDrafts,
                readGitHistory: options.environment.readGitHistory, config: loadedConfig)
        }
        var summary = run(.everything, timer: timer)
        summary.seconds = (clock.now - start).inSeconds
        firstBuild = summary
    }

    /// Brings the build up to date with `changes`, doing only the work they need.
    public mutating func update(_ changes: SiteChanges) -> RebuildSummary {
        let clock = ContinuousClock(), start = clock.now
        var timer = StageTimer()
        let readGitHistory = options.environment.readGitHistory
        let change = timer.measure("load") { inputs.apply(changes, readGitHistory: readGitHistory) }
        var summary = run(RebuildPlan(change, mode: options.mode), timer: timer)
        summary.kinds = Set(change.kinds.keys)
        summary.changedSources = change.kinds.values.flatMap { $0 }.sorted()
        summary.seconds = (clock.now - start).inSeconds
        return summary
    }

    private mutating func run(_ plan: RebuildPlan, timer: StageTimer) -> RebuildSummary {
        let summary: RebuildSummary
        var previous = BuildState()
        swap(&previous, &state)  // the pipeline is the previous state's only owner
        (state, summary) = Pipeline.run(inputs, plan, previous: previous, settings: options.settings, timer: timer)
        renderCount += summary.renderedPages.count
        return summary
    }

    /// Puts what a finished background job made (``SearchJob``) into the build, if it is still
    /// for the current state of the site (a later rebuild makes an older job's result stale).
    /// Returns the output paths it changed and removed.
    public mutating func installSearch(_ result: SearchJob.Result, revision: Int) -> (changed: Set<String>, removed: Set<String>)? {
        guard revision == state.searchRevision, state.pendingSearch?.revision == revision else { return nil }
        var changes = OutputChanges()
        var replaced = Set(state.searchFiles.map(\.path))
        var added = result.search
        changes.compare(state.searchFiles, result.search)
        state.searchFiles = result.search
        if let health = result.health {
            let old = state.healthFiles ?? []
            changes.compare(old, health)
            replaced.formUnion(old.map(\.path))
            added += health
            state.healthFiles = health
            state.healthStale = false
        }
        state.report.files = state.report.files.filter { !replaced.contains($0.path) } + added
        state.pendingSearch = nil
        return (changes.changed, changes.removed.subtracting(changes.changed))
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
