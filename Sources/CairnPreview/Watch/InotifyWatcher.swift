#if os(Linux)
import Foundation
import Glibc
import Synchronization

/// inotify, one watch per folder. A folder that appears is watched and walked at once (files
/// written into it before its watch existed are reported too); a queue overflow asks for a
/// rescan; running out of watches (`ENOSPC`) prints the remedy and switches to polling.
public final class InotifyWatcher: FileWatcher, Sendable {
    private let scope: WatchScope
    private let notice: @Sendable (String) -> Void

    /// The descriptors and watches, shared by the reading thread, `stop()` and tests.
    private struct State {
        var fd: Int32 = -1
        var wake: [Int32] = [-1, -1]
        var folderByWatch: [Int32: String] = [:]
        var watchByFolder: [String: Int32] = [:]
        var running = false
        var fallback: PollingWatcher?
        /// A new folder could not be watched: the loop hands over to polling.
        var exhausted = false
        /// Acts as if the system allowed only this many watches (tests of the ENOSPC fallback).
        var simulatedWatchLimit: Int?
        /// Files created or modified and not yet closed.
        var writing: Set<String> = []
    }

    private let state = Mutex(State())

    /// Acts as if the system allowed only this many watches (tests of the ENOSPC fallback).
    var simulatedWatchLimit: Int? {
        get { state.withLock { $0.simulatedWatchLimit } }
        set { state.withLock { $0.simulatedWatchLimit = newValue } }
    }

    static let mask = UInt32(
        IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    public init(scope: WatchScope, notice: @escaping @Sendable (String) -> Void) {
        self.scope = scope
        self.notice = notice
    }

    deinit { stop() }

    /// Every write is seen opening and closing (IN_MODIFY, IN_CLOSE_WRITE).
    public var reportsWrites: Bool { true }

    /// Raised when a folder cannot be watched for lack of inotify watches.
    struct OutOfWatches: Error {}

    public func start(_ handler: @escaping @Sendable (WatchEvent) -> Void) throws {
        let polling: PollingWatcher? = try state.withLock { state in
            guard pipe(&state.wake) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            do {
                try Self.open(&state, scope: scope)
            } catch is OutOfWatches {
                Self.closeDescriptors(&state)
                let polling = PollingWatcher(scope: scope)
                state.fallback = polling
                return polling
            }
            state.running = true
            return nil
        }
        if let polling {
            notice(Self.limitMessage)
            try polling.start(handler)
            return
        }
        let thread = Thread { [self] in self.loop(handler) }
        thread.name = "cairn-inotify"
        thread.start()
    }

    public func stop() {
        let polling: PollingWatcher? = state.withLock { state in
            let polling = state.fallback
            state.fallback = nil
            if state.running {
                state.running = false
                var byte: UInt8 = 1
                _ = write(state.wake[1], &byte, 1)
            }
            return polling
        }
        polling?.stop()
    }

    static let limitMessage = """
        warning: the system's limit of inotify watches is reached (ENOSPC); watching by polling instead
          hint: raise it with 'sudo sysctl fs.inotify.max_user_watches=524288' (and in /etc/sysctl.conf to keep it), or run 'cairn watch --poll'
        """

    /// The folders currently watched (for tests).
    var watchedFolders: Set<String> {
        state.withLock { Set($0.watchByFolder.keys) }
    }

    // MARK: - Watches

    private static func addWatch(_ folder: String, _ state: inout State, scope: WatchScope) throws {
        if let limit = state.simulatedWatchLimit, state.watchByFolder[folder] == nil, state.watchByFolder.count >= limit {
            throw OutOfWatches()
        }
        let url = scope.root.appendingPathComponent(folder, isDirectory: true)
        let wd = inotify_add_watch(state.fd, url.path, mask)
        if wd < 0 {
            if errno == ENOSPC { throw OutOfWatches() }
            return  // gone already, or unreadable: nothing to watch
        }
        if let old = state.folderByWatch[wd], old != folder { state.watchByFolder[old] = nil }
        state.folderByWatch[wd] = folder
        state.watchByFolder[folder] = wd
    }

    private static func closeDescriptors(_ state: inout State) {
        if state.fd >= 0 { close(state.fd) }
        for end in state.wake where end >= 0 { close(end) }
        state.fd = -1
        state.wake = [-1, -1]
        state.folderByWatch = [:]
        state.watchByFolder = [:]
    }

    // MARK: - Reading events

    private func loop(_ handler: @escaping @Sendable (WatchEvent) -> Void) {
        var fds = state.withLock { state in
            [pollfd(fd: state.fd, events: Int16(POLLIN), revents: 0), pollfd(fd: state.wake[0], events: Int16(POLLIN), revents: 0)]
        }
        while true {
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            let stopping = state.withLock { !$0.running }
            if stopping || ready < 0 { break }
            if fds[0].revents & Int16(POLLIN) != 0 {
                for event in drain() { handler(event) }
            }
            let polling: PollingWatcher? = state.withLock { state in
                guard state.exhausted && state.running else { return nil }
                let polling = PollingWatcher(scope: scope)
                state.fallback = polling
                state.running = false
                Self.closeDescriptors(&state)
                return polling
            }
            if let polling {
                try? polling.start(handler)
                return
            }
        }
        state.withLock { Self.closeDescriptors(&$0) }
    }

    /// Reads every queued event now and turns them into reports; new folders are watched and
    /// walked before this returns. Events are queued by the kernel when the change happens, so
    /// a test can make changes and drain without sleeping.
    /// `queued` stands in for what the kernel queued (tests of events a real folder cannot
    /// produce on demand, such as a queue overflow).
    func drain(queued: Data? = nil) -> [WatchEvent] {
        let (events, outOfWatches) = state.withLock { Self.drain(&$0, scope: scope, queued: queued) }
        if outOfWatches { notice(Self.limitMessage) }
        return events
    }

    private static func drain(_ state: inout State, scope: WatchScope, queued: Data?) -> (events: [WatchEvent], outOfWatches: Bool) {
        var changed: Set<String> = []
        var events: [WatchEvent] = []
        var outOfWatches = false
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        var pending = queued
        while state.fd >= 0 || pending != nil {
            let count: Int
            if let data = pending {
                count = min(data.count, size)
                data.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), count: count)
                pending = nil
            } else {
                count = read(state.fd, buffer, size)
            }
            if count <= 0 { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                var name = ""
                if event.len > 0 {
                    let bytes = UnsafeRawBufferPointer(start: buffer + nameStart, count: Int(event.len))
                    name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }
                offset = nameStart + Int(event.len)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    events.append(.rescan(reason: "the inotify event queue overflowed"))
                    continue
                }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    if let folder = state.folderByWatch.removeValue(forKey: event.wd), state.watchByFolder[folder] == event.wd {
                        state.watchByFolder[folder] = nil
                    }
                    continue
                }
                guard let folder = state.folderByWatch[event.wd] else { continue }
                if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                    if !folder.isEmpty && scope.accepts(folder) { changed.insert(folder) }
                    continue
                }
                guard !name.isEmpty else { continue }
                let path = folder.isEmpty ? name : "\(folder)/\(name)"
                guard scope.accepts(path) else { continue }
                changed.insert(path)
                let isFolder = event.mask & UInt32(IN_ISDIR) != 0
                if !isFolder {
                    // Written until closed; gone or renamed away, no longer.
                    if event.mask & UInt32(IN_CREATE | IN_MODIFY) != 0 { state.writing.insert(path) }
                    if event.mask & UInt32(IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM) != 0 { state.writing.remove(path) }
                }
                if isFolder && event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 && scope.watchesFolder(path) {
                    // Watch the new folder and everything in it, then report what is already there.
                    let found = scope.walk(path)
                    do {
                        for inner in found.folders { try addWatch(inner, &state, scope: scope) }
                    } catch {
                        outOfWatches = true
                    }
                    changed.formUnion(found.files)
                    changed.formUnion(found.folders)
                }
                if isFolder && event.mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 {
                    // Watches below a moved-away folder now point elsewhere: drop them.
                    for (inner, wd) in state.watchByFolder where inner == path || inner.hasPrefix(path + "/") {
                        inotify_rm_watch(state.fd, wd)
                        state.watchByFolder[inner] = nil
                        state.folderByWatch[wd] = nil
                    }
                }
            }
        }
        if outOfWatches {
            state.exhausted = true
            events.append(.rescan(reason: "out of inotify watches"))
        }
        if !changed.isEmpty {
            events.insert(.changed(changed), at: 0)
            events.insert(.writing(state.writing), at: 1)
        }
        return (events, outOfWatches)
    }

    /// Starts watching without a thread (tests drain by hand).
    func startForDraining() throws {
        try state.withLock { try Self.open(&$0, scope: scope) }
    }

    /// Opens the inotify descriptor and watches every folder in scope.
    private static func open(_ state: inout State, scope: WatchScope) throws {
        state.fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard state.fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        for folder in scope.allFolders() { try addWatch(folder, &state, scope: scope) }
    }
}
#endif
