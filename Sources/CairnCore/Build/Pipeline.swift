import Foundation

/// The build as one chain of stages: index → render → links → navigation → checks → layout →
/// search. Every command runs it: `cairn build`, `check` and `publish` once with the plan
/// ``RebuildPlan/everything``; `cairn watch` once per batch of changes with the plan the batch
/// makes, keeping the rest of the previous build; the fuzzer through ``StandalonePage``.
/// Loading is ``SiteInputs``; writing is the caller's (``OutputFolder``, the preview's memory).
enum Pipeline {
    /// What the mode implies for the stages.
    struct Settings: Sendable {
        var mode: BuildMode
        /// Warnings count as errors.
        var strict = false
        /// "Today", for overdue reviews.
        var today = Date()
        /// `cairn build`: pages are written here as they are laid out and not kept.
        var pageStream: OutputFolder.Stream?
    }

    /// Runs the stages `plan` asks for on `inputs`, starting from `previous`.
    static func run(
        _ inputs: SiteInputs, _ plan: RebuildPlan, previous: consuming BuildState, settings: Settings,
        timer: StageTimer = StageTimer()
    ) -> (BuildState, RebuildSummary) {
        var run = Run(inputs: inputs, plan: plan, previous: previous, settings: settings, timer: timer)
        let index = run.index()
        let rendered = run.render(index)
        run.checkLinks(index, rendered)
        let navigation = run.navigate(index, rendered)
        let checks = run.check(index, rendered, navigation)
        if settings.mode != .check {
            let searchBeside = run.searchBesideLayout(index, rendered, navigation)
            run.layOut(index, rendered, navigation, checks)
            run.search(index, rendered, navigation, madeBeside: searchBeside)
        }
        return run.finish(index, rendered, navigation, checks)
    }
}

/// What the pipeline produced, kept for the next run: each stage's results and the report.
struct BuildState: Sendable {
    var index: SiteIndex?
    var indexProblems: [Diagnostic] = []
    var rendered: [RenderedPage] = []
    /// Each page's link-check diagnostics, by page number (as `rendered`).
    var linkResults: [[Diagnostic]] = []
    var navigation: Navigation?
    var navigationProblems: [Diagnostic] = []
    /// The check stage's per-page results by site path; dropped for pages that render again.
    var pageChecks: [String: CheckDocuments.PageCheck] = [:]
    var checks: DocumentChecks?
    /// Laid-out pages by page number (nil for refused pages).
    var pageFiles: [OutputFile?] = []
    var themeFiles: [OutputFile] = []
    var healthFiles: [OutputFile]?
    var searchFiles: [OutputFile] = []
    /// Files copied from the content folder.
    var assetFiles: [OutputFile] = []
    /// sitemap.xml, robots.txt, .nojekyll (publish).
    var hostFiles: [OutputFile] = []
    /// The health page shown is older than the checks (a preview rebuild left it to the job).
    var healthStale = false
    /// Which pages looked up each path (kept by the preview, for the rebuild plan).
    var readers: RebuildPlan.Readers?
    /// Draws Mermaid blocks; kept from build to build while the diagram settings stay the same.
    var mermaid: MermaidRenderer?
    /// Counts search jobs, so a finished job can tell whether it is still current.
    var searchRevision = 0
    /// The search index the current build still needs (preview rebuilds make it off their path).
    var pendingSearch: SearchJob?
    var report = BuildReport(diagnostics: [], pageCount: 0, files: [], outputURL: nil, config: SiteConfig(), checks: nil, timings: [])
}

/// Makes the whole-site outputs a preview rebuild leaves off its path (the search index, and
/// the health page when its rows changed) for one state of the site, on any thread.
public struct SearchJob: Sendable {
    public let revision: Int
    let index: SiteIndex
    let rendered: [RenderedPage]
    let navigation: Navigation
    /// Lays out the health page, when this job makes it.
    let health: PageLayout?

    /// What the job made.
    public struct Result: Sendable {
        public var search: [OutputFile]
        /// The health page, when the job made it.
        public var health: [OutputFile]?
    }

    /// On one core: the preview's next rebuild gets the other.
    public func run() -> Result {
        Result(
            search: SearchIndex.files(index: index, rendered: rendered, navigation: navigation, serial: true),
            health: health?.healthFiles())
    }
}

extension Pipeline {
    /// One run: the stages in order, each reading the values the previous ones returned and the
    /// previous build, and recording what it made in `state`.
    private struct Run {
        /// Pages laid out and written at a time when they are streamed.
        static let streamBatch = 512
        let inputs: SiteInputs
        let plan: RebuildPlan
        let settings: Settings
        /// The previous build (empty when the plan is everything).
        let old: BuildState
        /// The files the previous build made, for the difference.
        let oldFiles: [OutputFile]
        var state: BuildState
        var timer: StageTimer
        var pages = RebuildPlan.Pages(render: [], reused: [], keysChanged: true)
        /// The index is the previous one with edited pages swapped in.
        var patched = false
        /// The pages whose links were checked again (nil: every page).
        var rechecked: Set<Int>?
        var diagnostics: [Diagnostic] = []
        var files: [OutputFile] = []
        var laidOut = 0
        /// The output difference, made from the files this run made again; nil when page numbers
        /// moved and every file is compared in `finish`.
        var outputChanges: OutputChanges?
        /// The layout, when the health page is left to the background job.
        var healthLayout: PageLayout?

        init(inputs: SiteInputs, plan: RebuildPlan, previous: consuming BuildState, settings: Settings, timer: StageTimer) {
            self.inputs = inputs
            self.plan = plan
            self.settings = settings
            self.timer = timer
            oldFiles = previous.report.files
            if plan.everything {
                // Drawn Mermaid blocks are kept: they depend only on their source and the diagram settings.
                previous = BuildState(readers: nil, mermaid: previous.mermaid, searchRevision: previous.searchRevision)
            }
            // The tables a rebuild updates in place have one owner, the new state: shared with
            // `old`, their first write would copy every entry.
            let (readers, pageChecks) = (previous.readers.take(), previous.pageChecks)
            previous.pageChecks = [:]
            old = previous
            state = old
            state.readers = readers
            state.pageChecks = pageChecks
            if plan.remakeThemeFiles { state.themeFiles = [] }
        }

        /// Index: edited pages whose route and weight stay are swapped into the previous index;
        /// anything else indexes the site again.
        mutating func index() -> SiteIndex {
            let (old, inputs, dirty) = (old, inputs, plan.dirty)
            let (index, problems, patched) = timer.measure("index") { () -> (SiteIndex, [Diagnostic], Bool) in
                if let index = old.index, dirty.isEmpty { return (index, old.indexProblems, true) }
                if let index = old.index, let patched = RebuildPlan.patch(index, with: inputs.sources(at: dirty)) {
                    return (patched, old.indexProblems, true)
                }
                let (index, problems) = IndexPages.run(inputs.site)
                return (index, problems, false)
            }
            state.indexProblems = problems
            self.patched = patched
            diagnostics = inputs.loadDiagnostics + problems
            return index
        }

        /// Render: only the pages the plan names; the others keep their result.
        mutating func render(_ index: SiteIndex) -> [RenderedPage] {
            let (old, dirty, patched, readers) = (old, plan.dirty, patched, state.readers)
            pages = timer.measure("plan") {
                RebuildPlan.pages(
                    old: old.index, new: index, rendered: old.rendered, dirty: dirty, patched: patched, readers: readers)
            }
            let config = inputs.config
            let graphviz = config.diagrams.graphviz
                ? GraphvizRenderer(
                    cacheFolder: inputs.root.appendingPathComponent(".cairn-cache/graphviz", isDirectory: true),
                    timeout: config.diagrams.graphvizTimeout, writesCache: settings.mode != .check)
                : nil
            // One Mermaid renderer for the session, so a watch rebuild redraws only changed blocks.
            if state.mermaid?.settings != config.diagrams {
                state.mermaid = MermaidRenderer(graphviz: graphviz, settings: config.diagrams)
            }
            let mermaid = state.mermaid
            let (numbers, mode) = (pages.render, settings.mode)
            let fresh = timer.measure("render") {
                RenderPages.run(
                    index, pages: numbers, config: config, graphviz: graphviz, mermaid: mermaid, collectSections: mode != .check,
                    markPlaceholders: mode == .preview)
            }
            var rendered = pages.reused
            for (number, page) in zip(pages.render, fresh) { rendered[number] = page }
            if settings.mode == .preview {
                if var readers = state.readers, !pages.keysChanged, old.rendered.count == rendered.count {
                    state.readers = nil  // moved out, so the update writes in place
                    RebuildPlan.update(&readers, old: old.rendered, new: rendered, render: pages.render)
                    state.readers = readers
                } else {
                    state.readers = RebuildPlan.readers(of: rendered)
                }
            }
            if pages.keysChanged {
                let present = Set(index.pages.compactMap { $0.source?.sitePath })
                state.pageChecks = state.pageChecks.filter { present.contains($0.key) }
            }
            for number in pages.render {
                if let path = index.pages[number].source?.sitePath { state.pageChecks[path] = nil }
            }
            diagnostics += rendered.flatMap(\.diagnostics)
            return rendered
        }

        /// Links and anchors: checked again only for the pages whose lookups can give another answer.
        mutating func checkLinks(_ index: SiteIndex, _ rendered: [RenderedPage]) {
            let config = inputs.config
            let check: @Sendable (Int) -> [Diagnostic] = { number in
                CheckLinks.page(number, rendered: rendered, index: index, config: config)
            }
            let (pages, old) = (pages, old)
            let recheck = RebuildPlan.pagesToRecheckLinks(
                render: pages.render, keysChanged: pages.keysChanged, old: old.rendered, new: rendered)
                .flatMap { old.linkResults.count == rendered.count ? $0 : nil }
            rechecked = recheck
            state.linkResults = timer.measure("links") { () -> [[Diagnostic]] in
                guard let recheck else { return Parallel.map(Array(rendered.indices), check) }
                var results = old.linkResults
                for number in recheck { results[number] = check(number) }
                return results
            }
            diagnostics += state.linkResults.flatMap { $0 }
        }

        /// Navigation: the same pages with the same titles make the same tree.
        mutating func navigate(_ index: SiteIndex, _ rendered: [RenderedPage]) -> Navigation {
            let (old, patched, config) = (old, patched, inputs.config)
            let (navigation, problems) = timer.measure("nav") { () -> (Navigation, [Diagnostic]) in
                let (titles, titleProblems) = TextLimits.pageTitles(index: index, rendered: rendered)
                if patched, let navigation = old.navigation, navigation.titles == titles { return (navigation, old.navigationProblems) }
                let (built, problems) = Navigation.build(index: index, titles: titles, config: config)
                return (built, titleProblems + problems)
            }
            state.navigationProblems = problems
            diagnostics += problems
            return navigation
        }

        /// Document checks (placeholders, tables of contents, reviews, backlinks, health rows).
        mutating func check(_ index: SiteIndex, _ rendered: [RenderedPage], _ navigation: Navigation) -> DocumentChecks {
            let (linkDiagnostics, today, gitDates) = (diagnostics, settings.today, inputs.gitDates)
            var cache = state.pageChecks
            state.pageChecks = [:]  // moved out, so `cache` is its only owner
            // Same pages, same navigation: only the rows that can differ are made again.
            let (old, pages, rechecked, linkResults) = (old, pages, rechecked, state.linkResults)
            let checks = timer.measure("check") { () -> DocumentChecks in
                if let previous = old.checks, let rechecked, !pages.keysChanged, old.rendered.count == rendered.count,
                   let oldNavigation = old.navigation, RebuildPlan.sameNavigation(oldNavigation, navigation) {
                    return CheckDocuments.update(
                        previous, index: index, old: old.rendered, rendered: rendered, navigation: navigation,
                        renderedAgain: pages.render, rechecked: rechecked,
                        brokenLinks: { number in
                            let file = index.pages[number].source?.sitePath
                            return (rendered[number].diagnostics + linkResults[number])
                                .count { $0.stage == .links && $0.file == file }
                        },
                        today: today, cache: &cache)
                }
                return CheckDocuments.run(
                    index: index, rendered: rendered, navigation: navigation, linkDiagnostics: linkDiagnostics,
                    today: today, gitDates: gitDates, cache: &cache)
            }
            state.pageChecks = cache
            diagnostics += checks.diagnostics
            return checks
        }

        /// Layout: the pages the plan names through the theme's template, the health page when
        /// a row changed, the theme's files, and for publishing the host files.
        mutating func layOut(_ index: SiteIndex, _ rendered: [RenderedPage], _ navigation: Navigation, _ checks: DocumentChecks) {
            diagnostics += inputs.themeProblems
            let clock = ContinuousClock(), start = clock.now
            defer { timer.record("layout", since: start, clock: clock) }
            guard let theme = inputs.theme else {
                state.pageFiles = []
                return
            }
            let config = inputs.config
            var numbers: [Int]
            let all = plan.layOutAll || state.pageFiles.count != index.pages.count || pages.keysChanged || pages.routesChanged
            if !all, let oldNavigation = old.navigation, let oldChecks = old.checks,
               let wanted = RebuildPlan.pagesToLayOut(
                   rendered: pages.render, old: (oldNavigation, oldChecks), new: (navigation, checks),
                   pageCount: index.pages.count, linkedFrom: { rendered[$0].linkedPages }) {
                numbers = wanted.sorted()
            } else {
                numbers = Array(index.pages.indices)
                state.pageFiles = Array(repeating: nil, count: index.pages.count)
            }
            for number in numbers where rendered[number].skipped { state.pageFiles[number] = nil }
            numbers.removeAll { rendered[$0].skipped }
            // Folders' shared sidebars pay off when many pages are laid out, not for an edit's few.
            let layout = PageLayout(
                index: index, rendered: rendered, navigation: navigation, checks: checks, theme: theme,
                config: config, fingerprintAssets: settings.mode == .publish, sharedSidebars: numbers.count >= 200)
            if let stream = settings.pageStream {
                // Written batch by batch and dropped, so the pages are never all in memory.
                for start in stride(from: 0, to: numbers.count, by: Self.streamBatch) {
                    let batch = Array(numbers[start..<min(start + Self.streamBatch, numbers.count)])
                    stream.write(Parallel.map(batch) { layout.page($0) })
                }
            } else {
                for (number, file) in zip(numbers, Parallel.map(numbers) { layout.page($0) }) { state.pageFiles[number] = file }
            }
            laidOut = numbers.count
            // Same page numbers: only the pages laid out again can differ.
            if !plan.everything && !pages.keysChanged && old.pageFiles.count == index.pages.count {
                var changes = OutputChanges()
                for number in numbers { changes.compare(old.pageFiles[number], state.pageFiles[number]) }
                outputChanges = changes
            }
            if state.themeFiles.isEmpty {
                state.themeFiles = layout.themeFiles()
                outputChanges?.compare(old.themeFiles, state.themeFiles)
            }
            if state.healthFiles == nil || RebuildPlan.remakesHealthPage(
                layingOutAll: all, laidOut: numbers.count, pageCount: index.pages.count,
                old: (old.navigation, old.checks), new: (navigation, checks)) {
                if settings.mode == .preview && old.index != nil {
                    // A whole-site page: made with the search index, off the rebuild's path.
                    state.healthStale = true
                } else {
                    state.healthFiles = timer.measure("health") { layout.healthFiles() }
                    outputChanges?.compare(old.healthFiles ?? [], state.healthFiles ?? [])
                }
            }
            if state.healthStale { healthLayout = layout }
            state.assetFiles = layout.contentAssets()
            outputChanges?.compare(old.assetFiles, state.assetFiles, copied: plan.dirty)
            if settings.mode == .publish {
                let problems: [Diagnostic]
                (state.hostFiles, problems) = HostFiles.files(
                    index: index, rendered: rendered, navigation: navigation, checks: checks, config: config)
                outputChanges?.compare(old.hostFiles, state.hostFiles)
                diagnostics += problems
            }
            files = state.pageFiles.compactMap { $0 } + (state.healthFiles ?? []) + state.themeFiles + state.assetFiles + state.hostFiles
        }

        /// `cairn build` (pages streamed, the whole site made): the search index is made and
        /// written on a thread of its own while the pages are laid out, both reading only the
        /// rendered pages and the navigation. The index's thousands of small files then go to
        /// disk while layout keeps the cores busy, instead of after it with a core mostly idle
        /// (creating files in one folder is one at a time in the kernel).
        func searchBesideLayout(_ index: SiteIndex, _ rendered: [RenderedPage], _ navigation: Navigation) -> Background<Void>? {
            guard let stream = settings.pageStream, plan.everything, settings.mode != .preview else { return nil }
            return Background { stream.write(SearchIndex.files(index: index, rendered: rendered, navigation: navigation)) }
        }

        /// Search: made again when the plan says it changed; a preview rebuild leaves it to a
        /// background job and keeps serving the previous one until that job is installed. When it
        /// was made and written beside the layout, only waits for that (its files are not kept).
        mutating func search(
            _ index: SiteIndex, _ rendered: [RenderedPage], _ navigation: Navigation, madeBeside: Background<Void>? = nil
        ) {
            if let madeBeside {
                timer.measure("search") { madeBeside.value }
                return
            }
            let changed = RebuildPlan.remakesSearch(firstBuild: old.index == nil, pages: pages, old: old.navigation, new: navigation)
            if settings.mode == .preview && old.index != nil {
                if changed || healthLayout != nil {
                    state.searchRevision += 1
                    state.pendingSearch = SearchJob(
                        revision: state.searchRevision, index: index, rendered: rendered, navigation: navigation, health: healthLayout)
                }
            } else if changed || state.searchFiles.isEmpty {
                state.searchFiles = timer.measure("search") {
                    SearchIndex.files(index: index, rendered: rendered, navigation: navigation)
                }
                outputChanges?.compare(old.searchFiles, state.searchFiles)
                state.pendingSearch = nil
            }
            files += state.searchFiles
        }

        /// Keeps the stages' values for the next run and says what changed.
        mutating func finish(
            _ index: SiteIndex, _ rendered: [RenderedPage], _ navigation: Navigation, _ checks: DocumentChecks
        ) -> (BuildState, RebuildSummary) {
            state.index = index
            state.rendered = rendered
            state.navigation = navigation
            state.checks = checks
            let clock = ContinuousClock(), start = clock.now
            let sorted = diagnostics.promoted(strict: settings.strict).sortedForDisplay()
            let (changedFiles, removedFiles) = outputChanges.map { ($0.changed, $0.removed.subtracting($0.changed)) }
                ?? RebuildPlan.difference(old: oldFiles, new: files, copied: plan.dirty)
            timer.record("report", since: start, clock: clock)
            state.report = BuildReport(
                diagnostics: sorted, pageCount: index.pages.count, files: files, outputURL: nil, config: inputs.config,
                checks: checks, timings: timer.timings)
            let summary = RebuildSummary(
                full: plan.everything, kinds: [], changedSources: [],
                renderedPages: pages.render.compactMap { index.pages[$0].source?.sitePath }, laidOutPages: laidOut,
                changedFiles: changedFiles, removedFiles: removedFiles, seconds: state.report.elapsed)
            return (state, summary)
        }
    }
}

/// Output paths a run changed and removed, gathered from the groups of files it made again.
struct OutputChanges {
    var changed: Set<String> = []
    var removed: Set<String> = []

    /// One file made again (nil: not made, such as a refused page).
    mutating func compare(_ old: OutputFile?, _ new: OutputFile?) {
        if let old, old.path != new?.path { removed.insert(old.path) }
        guard let new else { return }
        switch (old?.contents, new.contents) {
        case (.data(let a)?, .data(let b)) where old?.path == new.path:
            if !RebuildPlan.sameBytes(a, b) { changed.insert(new.path) }
        default:
            changed.insert(new.path)
        }
    }

    /// A group of files made again; copies count as changed when their path is in `copied`.
    mutating func compare(_ old: [OutputFile], _ new: [OutputFile], copied: Set<String> = []) {
        let (changed, removed) = RebuildPlan.difference(old: old, new: new, copied: copied)
        self.changed.formUnion(changed)
        self.removed.formUnion(removed)
    }
}
