import CairnCore

/// Gathers watcher reports into one batch per burst: a batch is ready once no report has come
/// for `quiet`, or `longest` after its first report (so a long stream of writes still gets
/// built). Time is passed in as durations since any fixed start, so tests drive it without
/// sleeping: a `git checkout` of 500 files within a burst is one batch, at most two when the
/// burst outlasts `longest`.
public struct ChangeBatcher: Sendable {
    public var quiet: Duration
    public var longest: Duration
    private var pending = SiteChanges()
    private var first: Duration?
    private var last: Duration?

    public init(quiet: Duration = .milliseconds(50), longest: Duration = .milliseconds(500)) {
        self.quiet = quiet
        self.longest = longest
    }

    public var isEmpty: Bool { first == nil }

    public mutating func add(_ event: WatchEvent, at now: Duration) {
        switch event {
        case .changed(let paths): pending.paths.formUnion(paths)
        case .rescan: pending.rescan = true
        }
        if first == nil { first = now }
        last = now
    }

    /// When the pending batch becomes ready, or nil when nothing is pending.
    public var deadline: Duration? {
        guard let first, let last else { return nil }
        return min(last + quiet, first + longest)
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
