import CairnCore
import Foundation
import Synchronization

/// Looks at every watched file's size, modification time and inode at an interval and reports
/// the differences. For `--poll`, network file systems, containers whose mounts deliver no
/// inotify events, and as the fallback when inotify runs out of watches.
public final class PollingWatcher: FileWatcher, Sendable {
    struct Stamp: Equatable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
        var isFolder: Bool
    }

    private let scope: WatchScope
    private let interval: Duration
    private let state = Mutex<(snapshot: [String: Stamp], running: Bool)>(([:], false))
    private let wake = DispatchSemaphore(value: 0)

    public init(scope: WatchScope, interval: Duration = .milliseconds(500)) {
        self.scope = scope
        self.interval = interval
    }

    public func start(_ handler: @escaping @Sendable (WatchEvent) -> Void) throws {
        let first = snapshot()
        state.withLock { $0 = (first, true) }
        let thread = Thread { [self] in
            let milliseconds = Int(interval.inSeconds * 1000)
            while state.withLock({ $0.running }) {
                _ = wake.wait(timeout: .now() + .milliseconds(milliseconds))
                guard state.withLock({ $0.running }) else { break }
                let changed = scan()
                if !changed.isEmpty { handler(.changed(changed)) }
            }
        }
        thread.name = "cairn-poll"
        thread.start()
    }

    public func stop() {
        let wasRunning = state.withLock { state in
            defer { state.running = false }
            return state.running
        }
        if wasRunning { wake.signal() }
    }

    /// Compares the files now with the last scan and returns the paths that differ.
    func scan() -> Set<String> {
        let now = snapshot()
        return state.withLock { state in
            var changed: Set<String> = []
            for (path, stamp) in now where state.snapshot[path] != stamp { changed.insert(path) }
            for path in state.snapshot.keys where now[path] == nil { changed.insert(path) }
            state.snapshot = now
            return changed
        }
    }

    /// Takes the first snapshot without starting the thread (tests scan by hand).
    func prime() {
        let first = snapshot()
        state.withLock { $0.snapshot = first }
    }

    private func snapshot() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        var paths: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: scope.root.path)) ?? [] where scope.accepts(name) {
            paths.append(name)
        }
        for tree in scope.trees where LoadContent.isDirectory(scope.root.appendingPathComponent(tree)) {
            let found = scope.walk(tree)
            paths += found.folders.dropFirst() + found.files
        }
        for path in Set(paths) {
            var info = stat()
            guard lstat(scope.root.appendingPathComponent(path).path, &info) == 0 else { continue }
            #if os(macOS)
            let modified = info.st_mtimespec
            #else
            let modified = info.st_mtim
            #endif
            stamps[path] = Stamp(
                size: Int64(info.st_size),
                modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
                inode: UInt64(info.st_ino),
                isFolder: (info.st_mode & S_IFMT) == S_IFDIR)
        }
        return stamps
    }
}
