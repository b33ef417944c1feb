#if os(macOS)
import CoreServices
import Foundation
import Synchronization

/// FSEvents on macOS: one stream over the site folder with file-level events; paths outside the
/// scope are filtered like the other watchers do. Dropped events (`MustScanSubDirs`,
/// `UserDropped`, `KernelDropped`) ask for a rescan.
public final class FSEventsWatcher: FileWatcher, Sendable {
    private let scope: WatchScope
    private let queue = DispatchQueue(label: "cairn-fsevents")

    /// The stream and the handler, shared by `start`, `stop` and FSEvents' queue.
    private struct State {
        var stream: FSEventStreamRef?
        var handler: (@Sendable (WatchEvent) -> Void)?
    }

    private let state = Mutex(State())

    public init(scope: WatchScope) {
        self.scope = scope
    }

    deinit { stop() }

    public func start(_ handler: @escaping @Sendable (WatchEvent) -> Void) throws {
        try state.withLock { state in
            state.handler = handler
            var context = FSEventStreamContext(
                version: 0, info: Unmanaged.passUnretained(self).toOpaque(), retain: nil, release: nil, copyDescription: nil)
            let callback: FSEventStreamCallback = { _, info, count, paths, flags, _ in
                guard let info else { return }
                let watcher = Unmanaged<FSEventsWatcher>.fromOpaque(info).takeUnretainedValue()
                let list = Unmanaged<CFArray>.fromOpaque(paths).takeUnretainedValue() as? [String] ?? []
                watcher.deliver(list, flags: Array(UnsafeBufferPointer(start: flags, count: count)))
            }
            let flags = FSEventStreamCreateFlags(
                kFSEventStreamCreateFlagFileEvents | kFSEventStreamCreateFlagNoDefer | kFSEventStreamCreateFlagUseCFTypes)
            guard let stream = FSEventStreamCreate(
                kCFAllocatorDefault, callback, &context, [scope.root.path] as CFArray,
                FSEventStreamEventId(kFSEventStreamEventIdSinceNow), 0.05, flags)
            else { throw POSIXError(.EIO) }
            FSEventStreamSetDispatchQueue(stream, queue)
            guard FSEventStreamStart(stream) else {
                FSEventStreamInvalidate(stream)
                FSEventStreamRelease(stream)
                throw POSIXError(.EIO)
            }
            state.stream = stream
        }
    }

    public func stop() {
        state.withLock { state in
            guard let stream = state.stream else { return }
            FSEventStreamStop(stream)
            FSEventStreamInvalidate(stream)
            FSEventStreamRelease(stream)
            state.stream = nil
            state.handler = nil
        }
    }

    private func deliver(_ paths: [String], flags: [FSEventStreamEventFlags]) {
        guard let handler = state.withLock({ $0.handler }) else { return }
        let base = scope.root.resolvingSymlinksInPath().path
        var changed: Set<String> = []
        var rescan = false
        let dropped = FSEventStreamEventFlags(
            kFSEventStreamEventFlagMustScanSubDirs | kFSEventStreamEventFlagUserDropped | kFSEventStreamEventFlagKernelDropped)
        for (path, flag) in zip(paths, flags) {
            if flag & dropped != 0 { rescan = true }
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard real.hasPrefix(base + "/") else { continue }
            let relative = String(real.dropFirst(base.count + 1))
            if scope.accepts(relative) { changed.insert(relative) }
        }
        if !changed.isEmpty { handler(.changed(changed)) }
        if rescan { handler(.rescan(reason: "FSEvents dropped events")) }
    }
}
#endif
