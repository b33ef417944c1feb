import CSystemShim
import CairnCore
import Foundation
import Synchronization

/// How `cairn watch` runs.
public struct WatchOptions: Sendable {
    public var includeDrafts = false
    /// Poll instead of using the system's file events.
    public var poll = false
    /// Quiet time that ends a burst of file events, and the longest a burst is held.
    public var quiet: Duration = .milliseconds(50)
    public var longest: Duration = .milliseconds(500)
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
public final class WatchLoop: @unchecked Sendable {
    private let root: URL
    private let options: WatchOptions
    private let target: WatchTarget
    private let onBuild: @Sendable (WatchBuild) -> Void
    private let onNotice: @Sendable (String) -> Void

    /// Everything below is guarded by `lock`, except `session`, which only the loop thread touches
    /// after `start`.
    private let lock = NSLock()
    private var batcher: ChangeBatcher
    private var running = false
    private var watcher: (any FileWatcher)?
    private var scope: WatchScope?
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private var session: SiteSession?
    /// Changes of failed builds not yet in the preview, applied with the next good build.
    private var unpublishedChanged: Set<String> = []
    private var unpublishedRemoved: Set<String> = []
    private var published = false
    /// `outputDir` when watching started: the folder claimed for `--no-server` writes.
    private var outputDir: String?
    /// The search job running in the background, and a finished one waiting to be installed.
    private var searchInFlight = false
    private var finishedSearch: (revision: Int, files: [OutputFile])?

    public init(
        root: URL, options: WatchOptions, target: WatchTarget,
        onBuild: @escaping @Sendable (WatchBuild) -> Void, onNotice: @escaping @Sendable (String) -> Void
    ) {
        self.root = root.standardizedFileURL
        self.options = options
        self.target = target
        self.onBuild = onBuild
        self.onNotice = onNotice
        batcher = ChangeBatcher(quiet: options.quiet, longest: options.longest)
        origin = clock.now
    }

    /// Builds the site once, starts the watcher and the loop thread.
    public func start() throws {
        // Watch first: a save during the first build is built right after it.
        let loaded = LoadContent.loadConfig(root: root)
        try startWatcher(config: loaded.0)
        buildFirst(config: loaded)
        lock.lock()
        running = true
        lock.unlock()
        let thread = Thread { [self] in self.loop() }
        thread.name = "cairn-watch"
        thread.start()
    }

    /// The first build, delivered like every later one (tests drive `rebuild` after it by hand).
    @discardableResult
    func buildFirst(config: (SiteConfig, [Diagnostic])? = nil) -> SiteSession {
        let session = SiteSession(
            root: root,
            options: .init(mode: .preview, includeDrafts: options.includeDrafts, environment: options.environment),
            config: config)
        self.session = session
        outputDir = session.report.config.outputDir
        deliver(session.firstBuild!, report: session.report, first: true)
        Self.returnFreeMemory()
        return session
    }

    /// Gives the first build's scratch memory back to the system: glibc keeps freed heap
    /// otherwise, and a long-running preview would hold its peak for good.
    static func returnFreeMemory() {
        cairn_return_free_memory()
    }

    /// Stops the watcher and the loop; a build in progress finishes first.
    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        let watcher = self.watcher
        self.watcher = nil
        lock.unlock()
        watcher?.stop()
        if wasRunning {
            wake.signal()
            stopped.wait()
        }
        if case .preview(let state) = target { state.broadcaster.finish() }
    }

    /// Feeds a watcher event in (the watcher's thread, or a test).
    public func receive(_ event: WatchEvent) {
        lock.lock()
        batcher.add(event, at: clock.now - origin)
        lock.unlock()
        wake.signal()
    }

    private func startWatcher(config: SiteConfig) throws {
        let scope = WatchScope(root: root, config: config)
        lock.lock()
        let unchanged = scope == self.scope && watcher != nil
        let old = unchanged ? nil : watcher
        lock.unlock()
        if unchanged { return }
        old?.stop()
        let watcher = Watchers.make(scope: scope, poll: options.poll, notice: onNotice)
        try watcher.start { [weak self] event in self?.receive(event) }
        lock.lock()
        self.watcher = watcher
        self.scope = scope
        lock.unlock()
    }

    private func loop() {
        defer { stopped.signal() }
        while true {
            lock.lock()
            let isRunning = running
            let deadline = batcher.deadline
            let finished = finishedSearch
            finishedSearch = nil
            lock.unlock()
            guard isRunning else { return }
            if let finished { install(finished) }
            let now = clock.now - origin
            guard let deadline else {
                // Idle: wake now and then so dead event-stream clients are noticed, and give back
                // the memory of connections the server has closed since (a burst of thousands).
                if wake.wait(timeout: .now() + .seconds(15)) == .timedOut, case .preview(let state) = target {
                    state.broadcaster.ping()
                    Self.returnFreeMemory()
                }
                continue
            }
            if now < deadline {
                _ = wake.wait(timeout: .now() + .nanoseconds(Int((deadline - now).inSeconds * 1e9) + 1))
                continue
            }
            lock.lock()
            let batch = batcher.take(at: now)
            lock.unlock()
            guard let batch else { continue }
            rebuild(batch)
        }
    }

    /// Runs one batch through the pipeline (the loop thread; tests call it directly).
    func rebuild(_ batch: SiteChanges) {
        guard var session else { return }
        let summary = session.update(batch)
        self.session = session
        guard summary.full || !summary.kinds.isEmpty else { return }  // only ignored paths changed
        deliver(summary, report: session.report, first: false)
        startSearch()
        if case .folder = target, summary.kinds.contains(.config), let outputDir, session.report.config.outputDir != outputDir {
            onNotice("warning: site.json now sets outputDir to '\(session.report.config.outputDir)'; cairn watch keeps using '\(outputDir)' until it is restarted")
            self.outputDir = session.report.config.outputDir
        }
        if summary.kinds.contains(.config) || summary.full {
            do {
                try startWatcher(config: session.report.config)
            } catch {
                onNotice("warning: cannot watch the site folder again after site.json changed: \(error)")
            }
        }
    }

    /// Builds the pending search index off the loop thread (one job at a time).
    private func startSearch() {
        guard let job = session?.pendingSearch else { return }
        lock.lock()
        let busy = searchInFlight
        searchInFlight = true
        lock.unlock()
        guard !busy else { return }
        DispatchQueue.global(qos: .utility).async { [self] in
            let files = job.run()
            lock.lock()
            finishedSearch = (job.revision, files)
            lock.unlock()
            wake.signal()
        }
    }

    /// Puts a finished search index into the preview or the output folder, unless a rebuild
    /// made it stale; then starts the next one if needed.
    private func install(_ finished: (revision: Int, files: [OutputFile])) {
        lock.lock()
        searchInFlight = false
        lock.unlock()
        guard var session, let (changed, removed) = session.installSearch(finished.files, revision: finished.revision) else {
            startSearch()
            return
        }
        self.session = session
        let files = session.report.files
        switch target {
        case .preview(let state):
            if unpublishedChanged.isEmpty && unpublishedRemoved.isEmpty {
                // The pages are already live; a "search" event tells tools (not the page) it is current.
                state.publish(event: .search) { snapshot in
                    snapshot.apply(files: files, changed: changed, removed: removed)
                }
            } else {
                unpublishedChanged.formUnion(changed)
                unpublishedRemoved.formUnion(removed)
            }
        case .folder(let folder):
            let problems = folder.writeChanges(files, changed: changed, removed: removed, sink: DiskSink(folder: folder.url))
            if !problems.isEmpty { onNotice(problems.map { DiagnosticFormatter.text($0) }.joined(separator: "\n")) }
        }
        Self.returnFreeMemory()
        startSearch()
    }

    private func deliver(_ summary: RebuildSummary, report: BuildReport, first: Bool) {
        let errors = report.diagnostics.filter { $0.severity == .error }
        var keptLastGood = false
        var writeProblems: [Diagnostic] = []
        switch target {
        case .preview(let state):
            unpublishedChanged.formUnion(summary.changedFiles)
            unpublishedRemoved.formUnion(summary.removedFiles)
            if errors.isEmpty || !published {
                let changed = unpublishedChanged, removed = unpublishedRemoved.subtracting(unpublishedChanged)
                unpublishedChanged = []
                unpublishedRemoved = []
                published = true
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
