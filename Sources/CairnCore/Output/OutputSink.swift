import Foundation
import Synchronization

/// The one place finished files go: a folder on disk, or memory (for the preview server and
/// tests). Sinks are safe to write to from many tasks at once.
public protocol OutputSink: Sendable {
    /// Stores `file` at its path. Throws for I/O the user can fix (permissions, disk full).
    func write(_ file: OutputFile) throws
}

/// Keeps every written file in memory, by path.
public final class MemorySink: OutputSink {
    private let storage = Mutex<[String: Data]>([:])

    public init() {}

    public func write(_ file: OutputFile) throws {
        let data: Data
        switch file.contents {
        case .data(let bytes): data = bytes
        case .copy(let url): data = try Data(contentsOf: url)
        }
        storage.withLock { $0[file.path] = data }
    }

    /// Everything written so far.
    public var files: [String: Data] { storage.withLock { $0 } }
}

/// Writes files under a folder, creating subfolders as needed.
public struct DiskSink: OutputSink {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    public func write(_ file: OutputFile) throws {
        let url = folder.appendingPathComponent(file.path)
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        switch file.contents {
        case .data(let data):
            try data.write(to: url)
        case .copy(let source):
            if fileManager.fileExists(atPath: url.path) { try fileManager.removeItem(at: url) }
            try fileManager.copyItem(at: source, to: url)
        }
    }
}
