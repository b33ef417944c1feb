import CairnCore

/// Gathers watcher reports into one batch per burst. With a watcher that reports writes
/// (inotify), a batch is ready `settle` after its last report once no file is still open for
/// writing: an editor's save (write a temporary file, rename it over the page) is one burst of
/// events microseconds apart, so the rebuild starts almost at once. While a file is still being
/// written, and with watchers that cannot tell (polling, FSEvents), it waits until no report has
/// come for `quiet`. Either way a batch is ready `longest` after its first report, so a long
/// stream of writes still gets built; reports arriving during a rebuild make one batch, taken
/// when the rebuild ends. Time is passed in as durations since any fixed start, so tests drive
/// it without sleeping: a `git checkout` of 500 files within a burst is one batch, at most two
/// when the burst outlasts `longest`.
public struct ChangeBatcher: Sendable {
    public var quiet: Duration
    public var longest: Duration
    /// Quiet time once every write is closed (equal to `quiet` for watchers that do not report writes).
    public var settle: Duration
    private var pending = SiteChanges()
    private var first: Duration?
    private var last: Duration?
    /// Files the watcher last reported as open for writing.
    private var writing: Set<String> = []

    public init(quiet: Duration = .milliseconds(50), longest: Duration = .milliseconds(500), settle: Duration? = nil) {
        self.quiet = quiet
        self.longest = longest
        self.settle = settle ?? quiet
    }

    public var isEmpty: Bool { first == nil }

    public mutating func add(_ event: WatchEvent, at now: Duration) {
        switch event {
        case .changed(let paths): pending.paths.formUnion(paths)
        case .rescan: pending.rescan = true
        case .writing(let paths):
            writing = paths
            return
        }
        if first == nil { first = now }
        last = now
    }

    /// When the pending batch becomes ready, or nil when nothing is pending.
    public var deadline: Duration? {
        guard let first, let last else { return nil }
        return min(last + (writing.isEmpty ? settle : quiet), first + longest)
    }

    /// The batch, when it is ready at `now`.
    public mutating func take(at now: Duration) -> SiteChanges? {
        guard let deadline, now >= deadline else { return nil }
        defer {
            pending = SiteChanges()
            first = nil
            last = nil
        }
        return pending
    }
}
