import Foundation

/// Lists the files under the content folder without recursion: hidden and editor temp files are
/// skipped; a symlink is followed only to a regular file or folder inside the content folder that
/// is not hidden or ignored (never to `.git`, `.env` or the output folder), and every other one
/// is warned about and skipped; symlink loops end because every real folder is visited once.
struct ContentWalker {
    struct File: Sendable {
        /// `/`-separated path under the content folder, NFC.
        var contentPath: String
        var url: URL
        /// Where the bytes are: `url` with symlinks resolved (assets are copied from here, so a
        /// symlink is never copied as a symlink).
        var realURL: URL
        var isMarkdown: Bool { contentPath.lowercased().hasSuffix(".md") }
    }

    let root: URL
    let contentURL: URL
    let contentDir: String

    func walk() -> (files: [File], folders: [String], diagnostics: [Diagnostic]) {
        let fileManager = FileManager.default
        let realContent = SafePaths.resolve(contentURL)?.path ?? contentURL.path
        var files: [File] = []
        var folders: [String] = []
        var diagnostics: [Diagnostic] = []
        var visited: Set<String> = [realContent]
        var stack: [(url: URL, relative: String)] = [(contentURL, "")]
        while let (folderURL, relative) = stack.popLast() {
            let names: [String]
            do {
                names = try fileManager.contentsOfDirectory(atPath: folderURL.path).sorted()
            } catch {
                diagnostics.append(.error(
                    "cannot read folder: \(error.localizedDescription)",
                    file: sitePath(relative), stage: .load))
                continue
            }
            var subfolders: [(URL, String)] = []
            for name in names where !IgnoredFiles.isIgnored(name) {
                let url = folderURL.appendingPathComponent(name)
                let path = relative.isEmpty ? name.precomposedStringWithCanonicalMapping
                    : "\(relative)/\(name.precomposedStringWithCanonicalMapping)"
                guard let attributes = try? fileManager.attributesOfItem(atPath: url.path),
                      let type = attributes[.type] as? FileAttributeType else { continue }
                var isFolder = type == .typeDirectory
                var realURL = url
                if type == .typeSymbolicLink {
                    switch followSymlink(url, inside: realContent) {
                    case .success(let (target, folder)):
                        realURL = target
                        isFolder = folder
                    case .failure(let problem):
                        diagnostics.append(.warning(problem.description + "; skipped", file: sitePath(path), stage: .load))
                        continue
                    }
                } else if type != .typeRegular && type != .typeDirectory {
                    continue  // sockets, devices, fifos
                }
                if isFolder {
                    let real = realURL.path
                    guard visited.insert(real).inserted else {
                        diagnostics.append(.warning(
                            "folder is reached twice through symlinks (a loop?); skipped the second time",
                            file: sitePath(path), stage: .load))
                        continue
                    }
                    folders.append(path)
                    subfolders.append((url, path))
                } else {
                    files.append(File(contentPath: path, url: url, realURL: realURL))
                }
            }
            stack.append(contentsOf: subfolders.reversed())
        }
        files.sort { $0.contentPath < $1.contentPath }
        folders.sort()
        return (files, folders, diagnostics)
    }

    private func sitePath(_ relative: String) -> String {
        relative.isEmpty ? contentDir : "\(contentDir)/\(relative)"
    }

    struct SymlinkProblem: Error, CustomStringConvertible {
        var description: String
    }

    /// Where a symlink in the content folder leads, if Cairn may follow it: a regular file or a
    /// folder inside the content folder, with no hidden or ignored part on the way.
    private func followSymlink(_ url: URL, inside realContent: String) -> Result<(URL, Bool), SymlinkProblem> {
        guard let target = SafePaths.realPath(url.path) else {
            if errno == ELOOP { return .failure(SymlinkProblem(description: "symlink loop")) }
            return .failure(SymlinkProblem(description: "broken symlink"))
        }
        guard SafePaths.isSameOrInside(target, realContent) else {
            return .failure(SymlinkProblem(description: "symlink points outside the content folder (\(target))"))
        }
        let inner = target.dropFirst(realContent.count).split(separator: "/")
        if let hidden = inner.first(where: { IgnoredFiles.isIgnored(String($0)) }) {
            return .failure(SymlinkProblem(description: "symlink points at a hidden or ignored path ('\(hidden)')"))
        }
        var info = stat()
        guard stat(target, &info) == 0 else { return .failure(SymlinkProblem(description: "broken symlink")) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .success((URL(fileURLWithPath: target), false))
        case S_IFDIR: return .success((URL(fileURLWithPath: target, isDirectory: true), true))
        default: return .failure(SymlinkProblem(description: "symlink points at something that is neither a file nor a folder"))
        }
    }
}
