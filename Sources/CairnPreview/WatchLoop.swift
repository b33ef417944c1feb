import CSystemShim
import CairnCore
import Foundation
import Synchronization

/// How `cairn watch` runs.
public struct WatchOptions: Sendable {
    public var includeDrafts = false
    /// Poll instead of using the system's file events.
    public var poll = false
    /// Quiet time that ends a burst of file events while a file is still open for writing, or
    /// always with a watcher that cannot tell (polling, FSEvents); and the longest a burst is
    /// held. A blanket 10 ms was tried: a save written to a temporary file and renamed over the
    /// page then became two rebuilds on a busy machine (the gap fell while the file was being
    /// written), so it stays 50 ms for writes in progress.
    public var quiet: Duration = .milliseconds(50)
    public var longest: Duration = .milliseconds(500)
    /// Quiet time once every write is closed (inotify): the rest of an editor's save (the rename
    /// after the write) follows within microseconds.
    public var settle: Duration = .milliseconds(5)
    public var environment = BuildEnvironment.live

    public init(includeDrafts: Bool = false, poll: Bool = false) {
        self.includeDrafts = includeDrafts
        self.poll = poll
    }
}

/// One finished build, for the terminal.
public struct WatchBuild: Sendable {
    public var summary: RebuildSummary
    public var report: BuildReport
    /// The first build of the session.
    public var first: Bool
    /// The build had errors and the preview keeps showing the last good build.
    public var keptLastGood: Bool
    /// Problems writing the output folder (`--no-server`).
    public var writeProblems: [Diagnostic]
}

/// Where finished builds go: the preview's memory, or the output folder on disk.
public enum WatchTarget: Sendable {
    case preview(PreviewState)
    case folder(OutputFolder)
}

/// The rebuild loop: file events are batched (`ChangeBatcher`), each batch goes through the
/// kept pipeline (`SiteSession.update`), and a finished build is swapped into the preview (or
/// written to disk) as a whole before any browser is told to reload. Events that arrive during
/// a build make one more build afterwards.
///
/// Two states, each behind a `Mutex`, so the compiler checks every access: `shared` is what the
/// watcher's thread, the search job and `stop()` exchange with the loop; `builds` is the
/// pipeline, which one build at a time holds for its whole length.
public final class WatchLoop: Sendable {
    private let root: URL
    private let options: WatchOptions
    private let target: WatchTarget
    private let onBuild: @Sendable (WatchBuild) -> Void
    private let onNotice: @Sendable (String) -> Void
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    private struct Shared {
        var batcher: ChangeBatcher
        var running = false
        var watcher: (any FileWatcher)?
        var scope: WatchScope?
        /// The search job running in the background, and a finished one waiting to be installed.
        var searchInFlight = false
        var finishedSearch: (revision: Int, result: SearchJob.Result)?
        /// Memory was freed since it was last given back to the system.
        var trimPending = false
    }

    private struct Builds {
        var session: SiteSession?
        /// Changes of failed builds not yet in the preview, applied with the next good build.
        var unpublishedChanged: Set<String> = []
        var unpublishedRemoved: Set<String> = []
        var published = false
        /// `outputDir` when watching started: the folder claimed for `--no-server` writes.
        var outputDir: String?
    }

    private let shared: Mutex<Shared>
    private let builds = Mutex(Builds())

    public init(
        root: URL, options: WatchOptions, target: WatchTarget,
        onBuild: @escaping @Sendable (WatchBuild) -> Void, onNotice: @escaping @Sendable (String) -> Void
    ) {
        self.root = root.standardizedFileURL
        self.options = options
        self.target = target
        self.onBuild = onBuild
        self.onNotice = onNotice
        shared = Mutex(Shared(batcher: ChangeBatcher(quiet: options.quiet, longest: options.longest)))
        origin = clock.now
    }

    /// Builds the site once, starts the watcher and the loop thread.
    public func start() throws {
        // Watch first: a save during the first build is built right after it.
        let loaded = LoadContent.loadConfig(root: root)
        try startWatcher(config: loaded.0)
        buildFirst(config: loaded)
        shared.withLock { $0.running = true }
        let thread = Thread { [self] in self.loop() }
        thread.name = "cairn-watch"
        thread.start()
    }

    /// The first build, delivered like every later one (tests drive `rebuild` after it by hand).
    func buildFirst(config: (SiteConfig, [Diagnostic])? = nil) {
        builds.withLock { builds in
            let session = SiteSession(
                root: root,
                options: .init(mode: .preview, includeDrafts: options.includeDrafts, environment: options.environment),
                config: config)
            builds.session = session
            builds.outputDir = session.report.config.outputDir
            if let first = session.firstBuild {
                deliver(first, report: session.report, first: true, builds: &builds)
            }
        }
        Self.returnFreeMemory()
    }

    /// Gives the first build's scratch memory back to the system: glibc keeps freed heap
    /// otherwise, and a long-running preview would hold its peak for good.
    static func returnFreeMemory() {
        cairn_return_free_memory()
    }

    /// Stops the watcher and the loop; a build in progress finishes first.
    public func stop() {
        let (wasRunning, watcher) = shared.withLock { shared in
            let stopping = (shared.running, shared.watcher)
            shared.running = false
            shared.watcher = nil
            return stopping
        }
        watcher?.stop()
        if wasRunning {
            wake.signal()
            stopped.wait()
        }
        if case .preview(let state) = target { state.broadcaster.finish() }
    }

    /// Feeds a watcher event in (the watcher's thread, or a test).
    public func receive(_ event: WatchEvent) {
        let now = clock.now - origin
        shared.withLock { $0.batcher.add(event, at: now) }
        wake.signal()
    }

    private func startWatcher(config: SiteConfig) throws {
        let scope = WatchScope(root: root, config: config)
        let (unchanged, old): (Bool, (any FileWatcher)?) = shared.withLock { shared in
            let unchanged = scope == shared.scope && shared.watcher != nil
            return (unchanged, unchanged ? nil : shared.watcher)
        }
        if unchanged { return }
        old?.stop()
        let watcher = Watchers.make(scope: scope, poll: options.poll, notice: onNotice)
        let settle = watcher.reportsWrites ? options.settle : options.quiet
        shared.withLock { $0.batcher.settle = settle }
        try watcher.start { [weak self] event in self?.receive(event) }
        shared.withLock { shared in
            shared.watcher = watcher
            shared.scope = scope
        }
    }

    private func loop() {
        defer { stopped.signal() }
        while true {
            let (isRunning, deadline, finished) = shared.withLock { shared in
                let state = (shared.running, shared.batcher.deadline, shared.finishedSearch)
                shared.finishedSearch = nil
                return state
            }
            guard isRunning else { return }
            if let finished { install(finished) }
            let now = clock.now - origin
            guard let deadline else {
                // Idle: give the memory freed by the last builds back to the system once a
                // second has passed without changes (not after every build: the next one would
                // fault it all in again), and wake now and then so dead event-stream clients are
                // noticed and closed connections' memory is returned (a burst of thousands).
                let trim = shared.withLock { $0.trimPending }
                if wake.wait(timeout: .now() + (trim ? .seconds(1) : .seconds(15))) == .timedOut {
                    shared.withLock { $0.trimPending = false }
                    if !trim, case .preview(let state) = target { state.broadcaster.ping() }
                    Self.returnFreeMemory()
                }
                continue
            }
            if now < deadline {
                _ = wake.wait(timeout: .now() + .nanoseconds(Int((deadline - now).inSeconds * 1e9) + 1))
                continue
            }
            guard let batch = shared.withLock({ $0.batcher.take(at: now) }) else { continue }
            rebuild(batch)
        }
    }

    /// Runs one batch through the pipeline (the loop thread; tests call it directly).
    func rebuild(_ batch: SiteChanges) {
        let (search, newConfig): (SearchJob?, SiteConfig?) = builds.withLock { builds in
            // Taken out while it changes: with a second owner every buffer it writes would be copied.
            guard var session = builds.session.take() else { return (nil, nil) }
            let summary = session.update(batch)
            builds.session = session
            guard summary.full || !summary.kinds.isEmpty else { return (nil, nil) }  // only ignored paths changed
            deliver(summary, report: session.report, first: false, builds: &builds)
            let config = session.report.config
            if case .folder = target, summary.kinds.contains(.config), let outputDir = builds.outputDir, config.outputDir != outputDir {
                onNotice("warning: site.json now sets outputDir to '\(config.outputDir)'; cairn watch keeps using '\(outputDir)' until it is restarted")
                builds.outputDir = config.outputDir
            }
            return (session.pendingSearch, summary.kinds.contains(.config) || summary.full ? config : nil)
        }
        startSearch(search)
        if let newConfig {
            do {
                try startWatcher(config: newConfig)
            } catch {
                onNotice("warning: cannot watch the site folder again after site.json changed: \(error)")
            }
        }
    }

    /// Builds the pending search index off the loop thread (one job at a time).
    private func startSearch(_ job: SearchJob?) {
        guard let job else { return }
        let busy = shared.withLock { shared in
            let busy = shared.searchInFlight
            shared.searchInFlight = true
            return busy
        }
        guard !busy else { return }
        DispatchQueue.global(qos: .utility).async { [self] in
            let result = job.run()
            shared.withLock { $0.finishedSearch = (job.revision, result) }
            wake.signal()
        }
    }

    /// Puts a finished search index into the preview or the output folder, unless a rebuild
    /// made it stale; then starts the next one if needed.
    private func install(_ finished: (revision: Int, result: SearchJob.Result)) {
        shared.withLock { $0.searchInFlight = false }
        let next: SearchJob? = builds.withLock { builds in
            guard var session = builds.session.take() else { return nil }
            let installed = session.installSearch(finished.result, revision: finished.revision)
            builds.session = session
            guard let (changed, removed) = installed else { return session.pendingSearch }
            let files = session.report.files
            switch target {
            case .preview(let state):
                if builds.unpublishedChanged.isEmpty && builds.unpublishedRemoved.isEmpty {
                    // The pages are already live; a "search" event tells tools (not the page) it is current.
                    state.publish(event: .search) { snapshot in
                        snapshot.apply(files: files, changed: changed, removed: removed)
                    }
                } else {
                    builds.unpublishedChanged.formUnion(changed)
                    builds.unpublishedRemoved.formUnion(removed)
                }
            case .folder(let folder):
                let problems = folder.writeChanges(files, changed: changed, removed: removed, sink: DiskSink(folder: folder.url))
                if !problems.isEmpty { onNotice(problems.map { DiagnosticFormatter.text($0) }.joined(separator: "\n")) }
            }
            return session.pendingSearch
        }
        shared.withLock { $0.trimPending = true }
        startSearch(next)
    }

    private func deliver(_ summary: RebuildSummary, report: BuildReport, first: Bool, builds: inout Builds) {
        let errors = report.diagnostics.filter { $0.severity == .error }
        var keptLastGood = false
        var writeProblems: [Diagnostic] = []
        switch target {
        case .preview(let state):
            builds.unpublishedChanged.formUnion(summary.changedFiles)
            builds.unpublishedRemoved.formUnion(summary.removedFiles)
            if errors.isEmpty || !builds.published {
                let changed = builds.unpublishedChanged, removed = builds.unpublishedRemoved.subtracting(builds.unpublishedChanged)
                builds.unpublishedChanged = []
                builds.unpublishedRemoved = []
                builds.published = true
                let lines = errors.map { DiagnosticFormatter.text($0) }
                state.publish(event: summary.stylesheetsOnly ? .css : .reload) { snapshot in
                    let unreadable = snapshot.apply(files: report.files, changed: changed, removed: removed)
                    snapshot.setErrors(lines + unreadable)
                }
            } else {
                keptLastGood = true
                let lines = errors.map { DiagnosticFormatter.text($0) }
                state.publish(event: .reload) { snapshot in
                    snapshot.advance()
                    snapshot.setErrors(lines)
                }
            }
        case .folder(let folder):
            let sink = DiskSink(folder: folder.url)
            if first {
                writeProblems = folder.write(report.files, sink: sink).diagnostics
            } else {
                writeProblems = folder.writeChanges(
                    report.files, changed: summary.changedFiles, removed: summary.removedFiles, sink: sink)
            }
        }
        onBuild(WatchBuild(summary: summary, report: report, first: first, keptLastGood: keptLastGood, writeProblems: writeProblems))
    }
}
