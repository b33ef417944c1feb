import CairnCore
import Foundation
import Testing
@testable import CairnPreview

/// A site folder on disk for watcher tests, removed at the end.
final class WatchedSite {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-watch-\(UUID().uuidString)", isDirectory: true)
        try write("site.json", #"{"title": "Watched"}"#)
        try write("content/index.md", "# Home\n\nSee [ops](ops.md).\n")
        try write("content/ops.md", "# Operations\n\nRunbook.\n")
        try write("content/guides/setup.md", "# Setup\n")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url(path))
    }

    /// Writes in place: open with truncation, write, close (no rename).
    func truncateAndWrite(_ path: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: url(path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// rename(2), replacing the target as editors' atomic saves do.
    func move(_ from: String, _ to: String) throws {
        guard rename(url(from).path, url(to).path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: url(path))
    }

    var scope: WatchScope { WatchScope(root: root, config: SiteConfig()) }
}

/// Lines collected from another thread.
final class Notices: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// Watchers on real folders: each editor's save sequence is one rebuild of the right page;
/// temp files never show up; new folders are watched and walked at once (RELIABILITY 33, 34, 36).
@Suite("File watchers")
struct WatcherTests {
    /// The editors' save sequences, as the system calls they make.
    static let saves: [(name: String, save: @Sendable (WatchedSite) throws -> Void)] = [
        ("vim", { site in
            // vim probes the folder with a file named 4913, renames the original to a backup,
            // writes a new file and removes the backup.
            try site.write("content/4913", "")
            try site.remove("content/4913")
            try site.move("content/ops.md", "content/ops.md~")
            try site.write("content/ops.md", "# Operations\n\nSaved by vim.\n")
            try site.remove("content/ops.md~")
        }),
        ("JetBrains safe write", { site in
            try site.write("content/ops.md___jb_tmp___", "# Operations\n\nSaved by IntelliJ.\n")
            try site.move("content/ops.md", "content/ops.md___jb_old___")
            try site.move("content/ops.md___jb_tmp___", "content/ops.md")
            try site.remove("content/ops.md___jb_old___")
        }),
        ("helix", { site in
            try FileManager.default.copyItem(at: site.url("content/ops.md"), to: site.url("content/ops.md.bck"))
            try site.truncateAndWrite("content/ops.md", "# Operations\n\nSaved by helix.\n")
            try site.remove("content/ops.md.bck")
        }),
        ("emacs", { site in
            try site.write("content/.#ops.md", "lock")
            try site.write("content/#ops.md#", "autosave")
            try site.truncateAndWrite("content/ops.md", "# Operations\n\nSaved by emacs.\n")
            try site.remove("content/#ops.md#")
            try site.remove("content/.#ops.md")
        }),
        ("truncate and write", { site in
            try site.truncateAndWrite("content/ops.md", "# Operations\n\nWritten in place.\n")
        }),
    ]

    /// Runs `save`, gathers what the watcher reports, and feeds it to a session through the
    /// batcher; returns the batches built and the pages each rendered.
    static func rebuilds(
        _ site: WatchedSite, drain: () -> [WatchEvent], _ save: (WatchedSite) throws -> Void
    ) throws -> [[String]] {
        var session = SiteSession(root: site.root, options: .init(environment: BuildEnvironment(readGitHistory: false)))
        try save(site)
        var batcher = ChangeBatcher()
        for event in drain() { batcher.add(event, at: .zero) }
        var built: [[String]] = []
        if let batch = batcher.take(at: .seconds(1)) {
            let summary = session.update(batch)
            if summary.full || !summary.kinds.isEmpty { built.append(summary.renderedPages) }
        }
        #expect(!session.report.files.contains { $0.path.contains("4913") || $0.path.contains("___jb_") || $0.path.contains(".bck") })
        return built
    }

    #if os(Linux)
    @Test("inotify: each editor's save is exactly one rebuild of that page", arguments: 0..<5)
    func inotifySaves(_ number: Int) throws {
        let site = try WatchedSite()
        let watcher = InotifyWatcher(scope: site.scope, notice: { _ in })
        try watcher.startForDraining()
        let built = try Self.rebuilds(site, drain: { watcher.drain() }, Self.saves[number].save)
        #expect(built == [["content/ops.md"]], "\(Self.saves[number].name)")
    }

    @Test("inotify: a file open for writing is reported as such until it is closed, renamed or removed")
    func inotifyWrites() throws {
        let site = try WatchedSite()
        let watcher = InotifyWatcher(scope: site.scope, notice: { _ in })
        #expect(watcher.reportsWrites)
        try watcher.startForDraining()
        let handle = try FileHandle(forWritingTo: site.url("content/ops.md"))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data("# Operations\n".utf8))
        var events = watcher.drain()
        #expect(events.contains(.writing(["content/ops.md"])))
        try handle.write(contentsOf: Data("\nThe rest.\n".utf8))
        try handle.close()
        events = watcher.drain()
        #expect(events.last == .writing([]))
        // A temporary file renamed over the page: closed before the rename, so nothing is open.
        try site.write("content/ops.md.new", "# Operations\n\nRenamed over.\n")
        try site.move("content/ops.md.new", "content/ops.md")
        events = watcher.drain()
        #expect(Self.paths(events).contains("content/ops.md"))
        #expect(events.last == .writing([]))
    }

    @Test("inotify: a new nested folder is watched and walked at once; a renamed folder too")
    func inotifyFolders() throws {
        let site = try WatchedSite()
        let watcher = InotifyWatcher(scope: site.scope, notice: { _ in })
        try watcher.startForDraining()
        // Files written into the new folders before the watcher saw them are reported.
        try site.write("content/a/b/c/x.md", "# X\n")
        var changed = Self.paths(watcher.drain())
        #expect(changed.isSuperset(of: ["content/a", "content/a/b", "content/a/b/c", "content/a/b/c/x.md"]))
        #expect(watcher.watchedFolders.contains("content/a/b/c"))
        try site.write("content/a/b/c/y.md", "# Y\n")
        #expect(Self.paths(watcher.drain()).contains("content/a/b/c/y.md"))

        try site.move("content/a", "content/z")
        changed = Self.paths(watcher.drain())
        #expect(changed.isSuperset(of: ["content/a", "content/z", "content/z/b/c/x.md"]))
        try site.write("content/z/b/c/w.md", "# W\n")
        #expect(Self.paths(watcher.drain()).contains("content/z/b/c/w.md"))
        #expect(!watcher.watchedFolders.contains("content/a/b"))

        try FileManager.default.removeItem(at: site.url("content/z"))
        #expect(Self.paths(watcher.drain()).contains("content/z"))
    }

    @Test("symlink loops end and symlinks out of the site are not followed (RELIABILITY 7)")
    func symlinks() throws {
        let site = try WatchedSite()
        try FileManager.default.createSymbolicLink(atPath: site.url("content/loop").path, withDestinationPath: site.url("content").path)
        try FileManager.default.createSymbolicLink(atPath: site.url("content/outside").path, withDestinationPath: "/usr")
        let walked = site.scope.walk("content")
        #expect(!walked.folders.contains { $0.hasPrefix("content/outside") })
        #expect(!walked.files.contains { $0.hasPrefix("content/loop/") })
        let watcher = InotifyWatcher(scope: site.scope, notice: { _ in })
        try watcher.startForDraining()
        #expect(watcher.watchedFolders.count < 10)
        let polling = PollingWatcher(scope: site.scope)
        polling.prime()
        #expect(polling.scan().isEmpty)
    }

    @Test("content/out -> ../_site: the watcher never walks into its own output (data safety 6)")
    func symlinkIntoOutput() throws {
        let site = try WatchedSite()
        try FileManager.default.createDirectory(at: site.url("_site/a"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: site.url("_site/a/index.html"))
        try FileManager.default.createSymbolicLink(atPath: site.url("content/out").path, withDestinationPath: "../_site")
        let walked = site.scope.walk("content")
        #expect(!walked.folders.contains { $0.hasPrefix("content/out") }, "\(walked.folders)")
        #expect(!walked.files.contains { $0.hasPrefix("content/out/") })
    }

    @Test("inotify: site.json saved by rename several times is still seen")
    func inotifyConfig() throws {
        let site = try WatchedSite()
        let watcher = InotifyWatcher(scope: site.scope, notice: { _ in })
        try watcher.startForDraining()
        for round in 1...3 {
            try site.write("site.json.tmp", #"{"title": "Round \#(round)"}"#)
            try site.move("site.json.tmp", "site.json")
            #expect(Self.paths(watcher.drain()).contains("site.json"))
        }
    }

    @Test("inotify: output folders, hidden folders and editor temp files are never reported")
    func inotifyIgnored() throws {
        let site = try WatchedSite()
        try site.write("_site/index.html", "x")
        try site.write("content/.git/HEAD", "x")
        let watcher = InotifyWatcher(scope: site.scope, notice: { _ in })
        try watcher.startForDraining()
        try site.write("_site/index.html", "y")
        try site.write("content/.git/HEAD", "y")
        try site.write("content/ops.md.swp", "y")
        try site.write("content/.ops.md.swx", "y")
        try site.write("content/ops.md~", "y")
        #expect(Self.paths(watcher.drain()).isEmpty)
    }

    @Test("inotify: out of watches (ENOSPC) says how to fix it and keeps watching by polling (RELIABILITY 36)")
    func inotifyOutOfWatches() async throws {
        let site = try WatchedSite()
        let notices = Notices()
        let watcher = InotifyWatcher(scope: site.scope, notice: { notices.add($0) })
        watcher.simulatedWatchLimit = 1
        let seen = Notices()
        try watcher.start { event in
            if case .changed(let paths) = event { for path in paths { seen.add(path) } }
        }
        defer { watcher.stop() }
        #expect(notices.all.contains { $0.contains("ENOSPC") && $0.contains("fs.inotify.max_user_watches") })
        try site.write("content/guides/new.md", "# New\n")
        for _ in 0..<40 where !seen.all.contains("content/guides/new.md") {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(seen.all.contains("content/guides/new.md"))
    }

    @Test("inotify: a queue overflow asks for a rescan, never silently loses changes (RELIABILITY 36)")
    func inotifyOverflow() throws {
        let site = try WatchedSite()
        let watcher = InotifyWatcher(scope: site.scope, notice: { _ in })
        try watcher.startForDraining()
        // What the kernel queues when events were dropped: wd -1, mask IN_Q_OVERFLOW, no name.
        var overflow = inotify_event()
        overflow.wd = -1
        overflow.mask = UInt32(IN_Q_OVERFLOW)
        let queued = withUnsafeBytes(of: &overflow) { Data($0) }
        let events = watcher.drain(queued: queued)
        #expect(events.contains { if case .rescan = $0 { return true } else { return false } })
        var batcher = ChangeBatcher()
        for event in events { batcher.add(event, at: .zero) }
        #expect(batcher.take(at: .seconds(1))?.rescan == true)
    }

    @Test("inotify: a checkout of 500 files is one batch")
    func inotifyBurst() throws {
        let site = try WatchedSite()
        let watcher = InotifyWatcher(scope: site.scope, notice: { _ in })
        try watcher.startForDraining()
        for number in 0..<500 { try site.write("content/bulk/page-\(number).md", "# Page \(number)\n") }
        var session = SiteSession(root: site.root, options: .init(environment: BuildEnvironment(readGitHistory: false)))
        var batcher = ChangeBatcher()
        for event in watcher.drain() { batcher.add(event, at: .zero) }
        let batch = batcher.take(at: .seconds(1))
        #expect((batch?.paths.count ?? 0) >= 500)
        _ = session.update(batch ?? SiteChanges())
        #expect(session.report.pageCount >= 503)
        #expect(batcher.take(at: .seconds(2)) == nil)
    }
    #endif

    @Test("polling: each editor's save is exactly one rebuild of that page", arguments: 0..<5)
    func pollingSaves(_ number: Int) throws {
        let site = try WatchedSite()
        let watcher = PollingWatcher(scope: site.scope)
        watcher.prime()
        let built = try Self.rebuilds(site, drain: { [.changed(watcher.scan())] }, Self.saves[number].save)
        #expect(built == [["content/ops.md"]], "\(Self.saves[number].name)")
    }

    @Test("polling: new folders, removed files and site.json")
    func pollingFolders() throws {
        let site = try WatchedSite()
        let watcher = PollingWatcher(scope: site.scope)
        watcher.prime()
        try site.write("content/a/b/x.md", "# X\n")
        try site.remove("content/guides/setup.md")
        try site.write("site.json", #"{"title": "Changed"}"#)
        let changed = watcher.scan()
        #expect(changed.isSuperset(of: ["content/a", "content/a/b", "content/a/b/x.md", "content/guides/setup.md", "site.json"]))
        #expect(watcher.scan().isEmpty)
    }

    @Test("the batcher: one burst is one batch; a burst longer than the limit at most two")
    func batcher() {
        var batcher = ChangeBatcher(quiet: .milliseconds(50), longest: .milliseconds(500))
        var batches = 0
        // 500 files over 600 ms, one every 1.2 ms, as a large checkout writes them.
        var now = Duration.zero
        for number in 0..<500 {
            now = .microseconds(1200 * number)
            batcher.add(.changed(["content/page-\(number).md"]), at: now)
            if batcher.take(at: now) != nil { batches += 1 }
        }
        while let deadline = batcher.deadline {
            now = deadline
            if batcher.take(at: now) != nil { batches += 1 }
        }
        #expect(batches == 2)

        // Quiet gaps shorter than `quiet` keep one batch; a longer gap ends it.
        batcher.add(.changed(["a.md"]), at: .seconds(10))
        batcher.add(.changed(["b.md"]), at: .seconds(10) + .milliseconds(30))
        #expect(batcher.take(at: .seconds(10) + .milliseconds(60)) == nil)
        let batch = batcher.take(at: .seconds(10) + .milliseconds(80))
        #expect(batch?.paths == ["a.md", "b.md"])
        batcher.add(.rescan(reason: "overflow"), at: .seconds(20))
        #expect(batcher.take(at: .seconds(21))?.rescan == true)
    }

    @Test("the batcher: once every write is closed a batch waits only `settle`; while one is open, `quiet`")
    func batcherSettle() {
        var batcher = ChangeBatcher(quiet: .milliseconds(50), longest: .milliseconds(500), settle: .milliseconds(5))
        batcher.add(.changed(["content/a.md"]), at: .zero)
        batcher.add(.writing(["content/a.md"]), at: .zero)
        #expect(batcher.deadline == .milliseconds(50))
        #expect(batcher.take(at: .milliseconds(10)) == nil, "a file still being written holds the batch")
        batcher.add(.changed(["content/a.md"]), at: .milliseconds(20))
        batcher.add(.writing([]), at: .milliseconds(20))
        #expect(batcher.deadline == .milliseconds(25))
        #expect(batcher.take(at: .milliseconds(25))?.paths == ["content/a.md"])
        // A report of writes alone starts no batch.
        batcher.add(.writing([]), at: .seconds(1))
        #expect(batcher.deadline == nil)
        // Without a watcher that reports writes, `settle` is `quiet`.
        #expect(ChangeBatcher(quiet: .milliseconds(50)).settle == .milliseconds(50))
    }

    static func paths(_ events: [WatchEvent]) -> Set<String> {
        var paths: Set<String> = []
        for case .changed(let changed) in events { paths.formUnion(changed) }
        return paths
    }
}
