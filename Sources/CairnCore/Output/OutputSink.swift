import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where finished files go. `OutputFolder` decides what may be written (ownership, symlinks,
/// folders); a sink only stores bytes. Sinks are safe to write to from many tasks at once.
public protocol OutputSink: Sendable {
    /// Stores `bytes` at the relative `path`, whose folder exists. `replacing`: a file Cairn
    /// wrote may be there and is replaced; otherwise anything already there is left alone and
    /// the write fails with ``OutputWriteError/exists``. Never writes through a symlink.
    func write(_ bytes: Data, at path: String, replacing: Bool) throws(OutputWriteError)
}

/// Why a sink did not store a file.
public enum OutputWriteError: Error, Equatable {
    /// The path's last part is a symlink.
    case symlink
    /// Something is already at the path and `replacing` was false.
    case exists
    /// The system refused, with this `errno`.
    case system(Int32)

    var reason: String {
        switch self {
        case .symlink: "it is a symlink"
        case .exists: "something is already there"
        case .system(let code): String(cString: strerror(code))
        }
    }
}

/// Writes files under a folder: one `open`, `write`s and `close` per file, no `fsync` (a build's
/// output is made again by building; `cairn publish` swaps its folder in only when every file was
/// written), the last part never followed if it is a symlink. A file being replaced that
/// already holds exactly the new bytes is left as it is (``holds(_:at:)``).
public struct DiskSink: OutputSink {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    public func write(_ bytes: Data, at path: String, replacing: Bool) throws(OutputWriteError) {
        let full = folder.path + "/" + path
        if replacing && Self.holds(bytes, at: full) { return }
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (replacing ? O_TRUNC : O_EXCL)
        let descriptor = open(full, flags, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP { throw .symlink }
            if code == EEXIST { throw SafePaths.isSymlink(full) ? .symlink : .exists }
            throw .system(code)
        }
        var failure: Int32?
        bytes.withUnsafeBytes { raw in
            guard var next = raw.baseAddress else { return }
            var left = raw.count
            while left > 0 {
                let count = systemWrite(descriptor, next, left)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                next += count
                left -= count
            }
        }
        if close(descriptor) != 0, failure == nil, errno != EINTR { failure = errno }
        if let failure { throw .system(failure) }
    }
}

extension DiskSink {
    /// The regular file at `path` (a symlink there is not followed) holds exactly `bytes`.
    /// Rewriting it would change only its time, and on ext4 truncating a file and writing it
    /// again starts writing it back to the disk at once (`auto_da_alloc`): a rebuild into the
    /// previous output, most of which is unchanged, paid for every file what a rebuild into an
    /// empty folder does not. Reading a file back from the page cache costs far less.
    static func holds(_ bytes: Data, at path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == bytes.count else {
            return false
        }
        let chunk = 64 * 1024
        return bytes.withUnsafeBytes { expected in
            withUnsafeTemporaryAllocation(byteCount: chunk, alignment: 16) { buffer in
                var offset = 0
                while offset < expected.count {
                    let count = read(descriptor, buffer.baseAddress, min(chunk, expected.count - offset))
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0, memcmp(buffer.baseAddress!, expected.baseAddress! + offset, count) == 0 else { return false }
                    offset += count
                }
                // Grown since the `fstat`: not the same file any more.
                return read(descriptor, buffer.baseAddress, 1) == 0
            }
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
