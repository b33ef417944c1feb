import Foundation

/// Lists the files under the content folder without recursion: hidden and editor temp files are
/// skipped, symlinks that lead outside the site are warned about and skipped, and symlink loops
/// end because every real folder is visited once.
struct ContentWalker {
    struct File: Sendable {
        /// `/`-separated path under the content folder, NFC.
        var contentPath: String
        var url: URL
        var isMarkdown: Bool { contentPath.lowercased().hasSuffix(".md") }
    }

    let root: URL
    let contentURL: URL
    let contentDir: String

    func walk() -> (files: [File], folders: [String], diagnostics: [Diagnostic]) {
        let fileManager = FileManager.default
        let realRoot = root.resolvingSymlinksInPath().path
        var files: [File] = []
        var folders: [String] = []
        var diagnostics: [Diagnostic] = []
        var visited: Set<String> = [contentURL.resolvingSymlinksInPath().path]
        var stack: [(url: URL, relative: String)] = [(contentURL, "")]
        while let (folderURL, relative) = stack.popLast() {
            let names: [String]
            do {
                names = try fileManager.contentsOfDirectory(atPath: folderURL.path).sorted()
            } catch {
                diagnostics.append(.error(
                    "cannot read folder: \(error.localizedDescription)",
                    file: sitePath(relative), stage: "load"))
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
                if type == .typeSymbolicLink {
                    let target = url.resolvingSymlinksInPath()
                    guard isInside(target.path, realRoot) else {
                        diagnostics.append(.warning(
                            "symlink points outside the site (\(target.path)); skipped",
                            file: sitePath(path), stage: "load"))
                        continue
                    }
                    guard fileManager.fileExists(atPath: target.path) else {
                        diagnostics.append(.warning("broken symlink; skipped", file: sitePath(path), stage: "load"))
                        continue
                    }
                    isFolder = LoadContent.isDirectory(target)
                } else if type != .typeRegular && type != .typeDirectory {
                    continue  // sockets, devices, fifos
                }
                if isFolder {
                    let real = url.resolvingSymlinksInPath().path
                    guard visited.insert(real).inserted else {
                        diagnostics.append(.warning(
                            "folder is reached twice through symlinks (a loop?); skipped the second time",
                            file: sitePath(path), stage: "load"))
                        continue
                    }
                    folders.append(path)
                    subfolders.append((url, path))
                } else {
                    files.append(File(contentPath: path, url: url))
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

    /// Containment per path component, never a string prefix (`/site` does not contain `/site-x`).
    private func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
