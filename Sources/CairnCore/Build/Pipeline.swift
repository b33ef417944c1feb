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
    }

    /// Runs the stages `plan` asks for on `inputs`, starting from `previous`.
    static func run(
        _ inputs: SiteInputs, _ plan: RebuildPlan, previous: BuildState, settings: Settings, timer: StageTimer = StageTimer()
    ) -> (BuildState, RebuildSummary) {
        var run = Run(inputs: inputs, plan: plan, previous: previous, settings: settings, timer: timer)
        let index = run.index()
        let rendered = run.render(index)
        run.checkLinks(index, rendered)
        let navigation = run.navigate(index, rendered)
        let checks = run.check(index, rendered, navigation)
        if settings.mode != .check {
            run.layOut(index, rendered, navigation, checks)
            run.search(index, rendered, navigation)
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
    /// Counts search jobs, so a finished job can tell whether it is still current.
    var searchRevision = 0
    /// The search index the current build still needs (preview rebuilds make it off their path).
    var pendingSearch: SearchJob?
    var report = BuildReport(diagnostics: [], pageCount: 0, files: [], outputURL: nil, config: SiteConfig(), checks: nil, timings: [])
}

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

extension Pipeline {
    /// One run: the stages in order, each reading the values the previous ones returned and the
    /// previous build, and recording what it made in `state`.
    private struct Run {
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
        var diagnostics: [Diagnostic] = []
        var files: [OutputFile] = []
        var laidOut = 0

        init(inputs: SiteInputs, plan: RebuildPlan, previous: BuildState, settings: Settings, timer: StageTimer) {
            self.inputs = inputs
            self.plan = plan
            self.settings = settings
            self.timer = timer
            oldFiles = previous.report.files
            old = plan.everything ? BuildState(searchRevision: previous.searchRevision) : previous
            state = old
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
            pages = RebuildPlan.pages(old: old.index, new: index, rendered: old.rendered, dirty: plan.dirty)
            let config = inputs.config
            let graphviz = config.diagrams.graphviz
                ? GraphvizRenderer(
                    cacheFolder: inputs.root.appendingPathComponent(".cairn-cache/graphviz", isDirectory: true),
                    timeout: config.diagrams.graphvizTimeout, writesCache: settings.mode != .check)
                : nil
            let (numbers, mode) = (pages.render, settings.mode)
            let fresh = timer.measure("render") {
                RenderPages.run(
                    index, pages: numbers, config: config, graphviz: graphviz, collectSections: mode != .check,
                    markPlaceholders: mode == .preview)
            }
            var rendered = pages.reused
            for (number, page) in zip(pages.render, fresh) { rendered[number] = page }
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
            state.linkResults = timer.measure("links") { () -> [[Diagnostic]] in
                guard let recheck = RebuildPlan.pagesToRecheckLinks(
                    render: pages.render, keysChanged: pages.keysChanged, old: old.rendered, new: rendered),
                    old.linkResults.count == rendered.count
                else { return Parallel.map(Array(rendered.indices), check) }
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
            let checks = timer.measure("check") {
                CheckDocuments.run(
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
            let layout = PageLayout(
                index: index, rendered: rendered, navigation: navigation, checks: checks, theme: theme,
                config: config, fingerprintAssets: settings.mode == .publish)
            var numbers: [Int]
            let all = plan.layOutAll || state.pageFiles.count != index.pages.count || pages.keysChanged
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
            for (number, file) in zip(numbers, Parallel.map(numbers) { layout.page($0) }) { state.pageFiles[number] = file }
            laidOut = numbers.count
            if state.themeFiles.isEmpty { state.themeFiles = layout.themeFiles() }
            if state.healthFiles == nil || RebuildPlan.remakesHealthPage(
                layingOutAll: all, laidOut: numbers.count, pageCount: index.pages.count,
                old: (old.navigation, old.checks), new: (navigation, checks)) {
                state.healthFiles = layout.healthFiles()
            }
            files = state.pageFiles.compactMap { $0 } + (state.healthFiles ?? []) + state.themeFiles + layout.contentAssets()
            if settings.mode == .publish {
                let (hostFiles, hostProblems) = HostFiles.files(
                    index: index, rendered: rendered, navigation: navigation, checks: checks, config: config)
                files += hostFiles
                diagnostics += hostProblems
            }
        }

        /// Search: made again when the plan says it changed; a preview rebuild leaves it to a
        /// background job and keeps serving the previous one until that job is installed.
        mutating func search(_ index: SiteIndex, _ rendered: [RenderedPage], _ navigation: Navigation) {
            let changed = RebuildPlan.remakesSearch(firstBuild: old.index == nil, pages: pages, old: old.navigation, new: navigation)
            if settings.mode == .preview && old.index != nil {
                if changed {
                    state.searchRevision += 1
                    state.pendingSearch = SearchJob(revision: state.searchRevision, index: index, rendered: rendered, navigation: navigation)
                }
            } else if changed || state.searchFiles.isEmpty {
                state.searchFiles = timer.measure("search") {
                    SearchIndex.files(index: index, rendered: rendered, navigation: navigation)
                }
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
            state.report = BuildReport(
                diagnostics: diagnostics.promoted(strict: settings.strict).sortedForDisplay(),
                pageCount: index.pages.count, files: files, outputURL: nil, config: inputs.config, checks: checks,
                timings: timer.timings)
            let (changedFiles, removedFiles) = RebuildPlan.difference(old: oldFiles, new: files, copied: plan.dirty)
            let summary = RebuildSummary(
                full: plan.everything, kinds: [], changedSources: [],
                renderedPages: pages.render.compactMap { index.pages[$0].source?.sitePath }, laidOutPages: laidOut,
                changedFiles: changedFiles, removedFiles: removedFiles, seconds: state.report.elapsed)
            return (state, summary)
        }
    }
}
