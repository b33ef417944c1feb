import CairnCore
import Foundation

/// One file the preview serves, with the build that last changed it (its ETag).
public struct ServedFile: Sendable {
    public var data: Data
    public var version: Int
}

/// A complete build as the preview server serves it: output path → bytes, in memory. A new
/// snapshot is made from a finished build and swapped in whole, so a request sees the old
/// site or the new one, never a mix; nothing is ever read from a folder by request path.
public struct SiteSnapshot: Sendable {
    public private(set) var files: [String: ServedFile] = [:]
    /// Increases with every build that is published (good or failed).
    public private(set) var generation = 0
    /// The last build's errors as `file:line:col: error: message` lines (empty when it built
    /// cleanly); shown over every page.
    public private(set) var errors: [String] = []
    /// The generation at which `errors` last changed, part of every HTML ETag.
    public private(set) var errorsVersion = 0

    public init() {}

    /// The files of a finished build, applied over this snapshot: `changed` paths take their new
    /// bytes from `files`, `removed` paths go. Content assets are read now; one that cannot be
    /// read keeps what was served before (or is not served) and comes back as an error line
    /// (`path: error: cannot read …`), never as an empty file.
    @discardableResult
    public mutating func apply(files: [OutputFile], changed: Set<String>, removed: Set<String>) -> [String] {
        generation += 1
        var byPath: [String: OutputFile] = [:]
        for file in files where changed.contains(file.path) { byPath[file.path] = file }
        for path in removed where byPath[path] == nil { self.files[path] = nil }
        var failures: [String] = []
        for (path, file) in byPath.sorted(by: { $0.key < $1.key }) {
            let data: Data
            switch file.contents {
            case .data(let bytes): data = bytes
            case .copy(let url):
                do {
                    data = try Data(contentsOf: url)
                } catch {
                    failures.append("\(url.path): error: cannot read it for the preview: \(error.localizedDescription)")
                    continue
                }
            }
            self.files[path] = ServedFile(data: data, version: generation)
        }
        return failures
    }

    /// Records the errors of the build just finished (none for a good build).
    public mutating func setErrors(_ lines: [String]) {
        if lines != errors {
            errors = lines
            errorsVersion = generation + 1
        }
    }

    /// Marks a failed build: the files stay, the generation moves on.
    public mutating func advance() {
        generation += 1
    }
}
