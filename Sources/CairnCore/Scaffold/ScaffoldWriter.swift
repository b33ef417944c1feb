import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes scaffold files into a folder without ever replacing anything: each file is created
/// with `O_CREAT|O_EXCL|O_NOFOLLOW`, so a file (or symlink) already there is kept, even one
/// that appears between the check and the write; folders are made one part at a time and a
/// symlinked part stops that file.
public enum ScaffoldWriter {
    public struct Result: Sendable, Equatable {
        /// Paths written, in the order given.
        public var created: [String] = []
        /// Paths left as they were because something is already there.
        public var kept: [String] = []
        /// Files that could not be written (a symlink on the way, a read-only folder).
        public var problems: [Diagnostic] = []
    }

    public static func write(_ files: [ScaffoldFile], into folder: URL, displayPrefix: String = "") -> Result {
        var result = Result()
        for file in files {
            let shown = displayPrefix + file.path
            if let problem = SafePaths.relativePathProblem(file.path) {
                result.problems.append(.error("not written: the path '\(file.path)' is not usable (\(problem))", file: shown, stage: .write))
                continue
            }
            if let link = SafePaths.symlinkOnPath(file.path, under: folder) {
                let target = folder.appendingPathComponent(file.path).path
                if link == file.path, SafePaths.linkType(target) != nil {
                    result.kept.append(file.path)  // a symlink where the file goes: it is the user's
                } else {
                    result.problems.append(.error(
                        "not written: '\(displayPrefix + link)' is a symlink or a file where a folder is needed",
                        file: shown, hint: "Cairn never writes through a symlink; create the folder yourself", stage: .write))
                }
                continue
            }
            do {
                try makeFolders(for: file.path, under: folder)
                if try create(folder.appendingPathComponent(file.path).path, contents: file.contents) {
                    result.created.append(file.path)
                } else {
                    result.kept.append(file.path)
                }
            } catch {
                result.problems.append(.error("not written: \(error)", file: shown, stage: .write))
            }
        }
        return result
    }

    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    /// Makes the folders above `relative` under `root`, one part at a time, refusing symlinks.
    static func makeFolders(for relative: String, under root: URL) throws {
        var current = root.path
        for part in relative.split(separator: "/").dropLast() {
            current += "/" + part
            switch SafePaths.linkType(current) {
            case nil:
                if mkdir(current, 0o755) != 0 && errno != EEXIST {
                    throw WriteError(description: "cannot make the folder '\(current)': \(String(cString: strerror(errno)))")
                }
                guard SafePaths.linkType(current) == S_IFDIR else {
                    throw WriteError(description: "'\(current)' changed while it was being made")
                }
            case S_IFDIR?:
                continue
            default:
                throw WriteError(description: "'\(current)' is not a folder")
            }
        }
    }

    /// Creates `path` with `contents`; `false` when something is already there (left alone).
    static func create(_ path: String, contents: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if descriptor < 0 {
            if errno == EEXIST || errno == ELOOP { return false }
            throw WriteError(description: "cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        do {
            try handle.write(contentsOf: Data(contents.utf8))
            try handle.close()
        } catch {
            try? handle.close()
            unlink(path)  // the half-written file is the one this call created
            throw WriteError(description: "cannot write '\(path)': \(error.localizedDescription)")
        }
        return true
    }
}
