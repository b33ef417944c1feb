#if os(Linux)
import Foundation
import Glibc
import Synchronization

/// inotify, one watch per folder. A folder that appears is watched and walked at once (files
/// written into it before its watch existed are reported too); a queue overflow asks for a
/// rescan; running out of watches (`ENOSPC`) prints the remedy and switches to polling.
public final class InotifyWatcher: FileWatcher, @unchecked Sendable {
    private let scope: WatchScope
    private let notice: @Sendable (String) -> Void
    // Everything below is touched only under `lock`.
    private let lock = NSLock()
    private var fd: Int32 = -1
    private var wake: [Int32] = [-1, -1]
    private var folderByWatch: [Int32: String] = [:]
    private var watchByFolder: [String: Int32] = [:]
    private var thread: Thread?
    private var running = false
    private var fallback: PollingWatcher?
    /// A new folder could not be watched: the loop hands over to polling.
    private var exhausted = false
    /// Acts as if the system allowed only this many watches (tests of the ENOSPC fallback).
    var simulatedWatchLimit: Int?

    static let mask = UInt32(
        IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    public init(scope: WatchScope, notice: @escaping @Sendable (String) -> Void) {
        self.scope = scope
        self.notice = notice
    }

    deinit { stop() }

    /// Raised when a folder cannot be watched for lack of inotify watches.
    struct OutOfWatches: Error {}

    public func start(_ handler: @escaping @Sendable (WatchEvent) -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        guard pipe(&wake) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        do {
            try open()
        } catch is OutOfWatches {
            closeDescriptors()
            notice(Self.limitMessage)
            let polling = PollingWatcher(scope: scope)
            fallback = polling
            try polling.start(handler)
            return
        }
        running = true
        let thread = Thread { [self] in self.loop(handler) }
        thread.name = "cairn-inotify"
        self.thread = thread
        thread.start()
    }

    public func stop() {
        lock.lock()
        let polling = fallback
        fallback = nil
        if running {
            running = false
            var byte: UInt8 = 1
            _ = write(wake[1], &byte, 1)
        }
        lock.unlock()
        polling?.stop()
    }

    static let limitMessage = """
        warning: the system's limit of inotify watches is reached (ENOSPC); watching by polling instead
          hint: raise it with 'sudo sysctl fs.inotify.max_user_watches=524288' (and in /etc/sysctl.conf to keep it), or run 'cairn watch --poll'
        """

    /// The folders currently watched (for tests).
    var watchedFolders: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return Set(watchByFolder.keys)
    }

    // MARK: - Watches

    /// Must hold `lock`.
    private func addWatch(_ folder: String) throws {
        if let limit = simulatedWatchLimit, watchByFolder[folder] == nil, watchByFolder.count >= limit {
            throw OutOfWatches()
        }
        let url = scope.root.appendingPathComponent(folder, isDirectory: true)
        let wd = inotify_add_watch(fd, url.path, Self.mask)
        if wd < 0 {
            if errno == ENOSPC { throw OutOfWatches() }
            return  // gone already, or unreadable: nothing to watch
        }
        if let old = folderByWatch[wd], old != folder { watchByFolder[old] = nil }
        folderByWatch[wd] = folder
        watchByFolder[folder] = wd
    }

    private func closeDescriptors() {
        if fd >= 0 { close(fd) }
        for end in wake where end >= 0 { close(end) }
        fd = -1
        wake = [-1, -1]
        folderByWatch = [:]
        watchByFolder = [:]
    }

    // MARK: - Reading events

    private func loop(_ handler: @escaping @Sendable (WatchEvent) -> Void) {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            lock.lock()
            let stopping = !running
            lock.unlock()
            if stopping || ready < 0 { break }
            if fds[0].revents & Int16(POLLIN) != 0 {
                for event in drain() { handler(event) }
            }
            lock.lock()
            let handOver = exhausted && running
            lock.unlock()
            if handOver {
                let polling = PollingWatcher(scope: scope)
                lock.lock()
                fallback = polling
                running = false
                closeDescriptors()
                lock.unlock()
                try? polling.start(handler)
                return
            }
        }
        lock.lock()
        closeDescriptors()
        lock.unlock()
    }

    /// Reads every queued event now and turns them into reports; new folders are watched and
    /// walked before this returns. Events are queued by the kernel when the change happens, so
    /// a test can make changes and drain without sleeping.
    /// `queued` stands in for what the kernel queued (tests of events a real folder cannot
    /// produce on demand, such as a queue overflow).
    func drain(queued: Data? = nil) -> [WatchEvent] {
        lock.lock()
        defer { lock.unlock() }
        var changed: Set<String> = []
        var events: [WatchEvent] = []
        var outOfWatches = false
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        var pending = queued
        while fd >= 0 || pending != nil {
            let count: Int
            if let data = pending {
                count = min(data.count, size)
                data.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), count: count)
                pending = nil
            } else {
                count = read(fd, buffer, size)
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
                    if let folder = folderByWatch.removeValue(forKey: event.wd), watchByFolder[folder] == event.wd {
                        watchByFolder[folder] = nil
                    }
                    continue
                }
                guard let folder = folderByWatch[event.wd] else { continue }
                if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                    if !folder.isEmpty && scope.accepts(folder) { changed.insert(folder) }
                    continue
                }
                guard !name.isEmpty else { continue }
                let path = folder.isEmpty ? name : "\(folder)/\(name)"
                guard scope.accepts(path) else { continue }
                changed.insert(path)
                let isFolder = event.mask & UInt32(IN_ISDIR) != 0
                if isFolder && event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 && scope.watchesFolder(path) {
                    // Watch the new folder and everything in it, then report what is already there.
                    let found = scope.walk(path)
                    do {
                        for inner in found.folders { try addWatch(inner) }
                    } catch {
                        outOfWatches = true
                    }
                    changed.formUnion(found.files)
                    changed.formUnion(found.folders)
                }
                if isFolder && event.mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 {
                    // Watches below a moved-away folder now point elsewhere: drop them.
                    for (inner, wd) in watchByFolder where inner == path || inner.hasPrefix(path + "/") {
                        inotify_rm_watch(fd, wd)
                        watchByFolder[inner] = nil
                        folderByWatch[wd] = nil
                    }
                }
            }
        }
        if outOfWatches {
            notice(Self.limitMessage)
            exhausted = true
            events.append(.rescan(reason: "out of inotify watches"))
        }
        if !changed.isEmpty { events.insert(.changed(changed), at: 0) }
        return events
    }

    /// Starts watching without a thread (tests drain by hand).
    func startForDraining() throws {
        lock.lock()
        defer { lock.unlock() }
        try open()
    }

    /// Opens the inotify descriptor and watches every folder in scope. Must hold `lock`.
    private func open() throws {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        for folder in scope.allFolders() { try addWatch(folder) }
    }
}
#endif
