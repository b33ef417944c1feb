import Foundation

/// The one rule for every path Cairn reads or writes: resolved with symlinks followed (`realpath`)
/// and kept inside its root, compared per path component, never as a string prefix.
///
/// - configured folders (`contentDir`, `outputDir`, `publishDir`) stay inside the site folder;
/// - `health.path` and every path in `.cairn-manifest.json` stay inside the output folder, and
///   are plain relative paths (no `..`, `.`, empty or absolute parts);
/// - symlinks in the content folder are followed only to regular files and folders inside the
///   content folder, and never to hidden or ignored paths such as `.git`;
/// - nothing is written or deleted through a symlink found in the output folder.
public enum SafePaths {
    /// `url` with every symlink resolved. A path whose last parts do not exist yet keeps them,
    /// appended to the resolved part that exists (so `out -> content` plus `out/new` is seen as
    /// `content/new`). `nil` when resolving meets a symlink loop.
    public static func resolve(_ url: URL) -> URL? {
        resolve(url, hops: 0)
    }

    /// `hops`: dangling symlinks followed by hand so far (a chain longer than the kernel's own
    /// limit is treated as a loop).
    private static func resolve(_ url: URL, hops: Int) -> URL? {
        var existing = url.standardizedFileURL.path
        var missing: [String] = []
        func appendingMissing(_ base: URL) -> URL {
            missing.reversed().reduce(base) { $0.appendingPathComponent($1) }.standardizedFileURL
        }
        while true {
            if let real = realPath(existing) { return appendingMissing(URL(fileURLWithPath: real, isDirectory: true)) }
            if errno == ELOOP { return nil }
            let parent = (existing as NSString).deletingLastPathComponent
            guard parent != existing, !parent.isEmpty else { return url.standardizedFileURL }
            // A dangling symlink's target is where a write would land: follow it by hand.
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: existing) {
                guard hops < 40 else { return nil }
                let next = target.hasPrefix("/") ? target : (parent as NSString).appendingPathComponent(target)
                return resolve(URL(fileURLWithPath: next), hops: hops + 1).map(appendingMissing)
            }
            missing.append((existing as NSString).lastPathComponent)
            existing = parent
        }
    }

    /// `realpath(3)`, or `nil` with `errno` set.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `inner` is `outer` or inside it, per path component.
    public static func isSameOrInside(_ inner: URL, _ outer: URL) -> Bool {
        isSameOrInside(inner.standardizedFileURL.path, outer.standardizedFileURL.path)
    }

    public static func isSameOrInside(_ inner: String, _ outer: String) -> Bool {
        if outer == "/" { return inner.hasPrefix("/") }
        return inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }

    /// Why `path` is not a plain relative path that stays where it is put (`nil` when it is one):
    /// not empty, not absolute, no `~`, `.`, `..` or empty parts, no backslash or control
    /// character. Used for `health.path` and for manifest entries.
    public static func relativePathProblem(_ path: String) -> String? {
        if path.isEmpty { return "it is empty" }
        if path.hasPrefix("/") { return "it is absolute" }
        if path.hasPrefix("~") { return "it starts with '~'" }
        if path.contains("\\") { return "it contains a backslash" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "it contains a control character"
        }
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { return "it has an empty part ('//' or a trailing '/')" }
            if part == "." || part == ".." { return "it contains '\(part)'" }
        }
        return nil
    }

    /// Whether a relative `path` written under `root` leaves it lexically (`../x`, `a/../../x`).
    public static func leavesLexically(_ path: String) -> Bool {
        var depth = 0
        for part in path.split(separator: "/") {
            if part == ".." {
                depth -= 1
                if depth < 0 { return true }
            } else if part != "." {
                depth += 1
            }
        }
        return false
    }

    /// The first part of `relative` under `root` that is a symlink (or not a folder where one is
    /// needed), as a relative path; `nil` when writing `relative` under `root` goes through real
    /// folders only. The last part may be missing or a regular file.
    public static func symlinkOnPath(_ relative: String, under root: URL) -> String? {
        var current = root.path
        let parts = relative.split(separator: "/")
        for (number, part) in parts.enumerated() {
            current += "/" + part
            guard let type = linkType(current) else { return nil }  // the rest does not exist yet
            if type == S_IFLNK { return parts[...number].joined(separator: "/") }
            let isLast = number == parts.count - 1
            if !isLast && type != S_IFDIR { return parts[...number].joined(separator: "/") }
        }
        return nil
    }

    /// The file type bits (`S_IFREG`, `S_IFDIR`, `S_IFLNK`, …) of `path` itself, a symlink not
    /// followed; `nil` when nothing is there.
    public static func linkType(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// `lstat` says `path` is a symlink.
    public static func isSymlink(_ path: String) -> Bool {
        linkType(path) == S_IFLNK
    }

    /// A configured folder that may not be used, as the diagnostic to print.
    public struct FolderProblem: Error {
        public var diagnostic: Diagnostic
    }

    /// Resolves a folder setting (`contentDir`, `outputDir`, `publishDir`) under `root` and
    /// requires it to stay inside the site, with symlinks followed. Returns the resolved folder
    /// or an error naming the setting.
    public static func configuredFolder(_ relative: String, root: URL, setting: String) -> Result<URL, FolderProblem> {
        let site = resolve(root) ?? root.standardizedFileURL
        guard !leavesLexically(relative) else {
            return .failure(FolderProblem(diagnostic: .error(
                "'\(setting)' is '\(relative)', which leaves the site folder", file: SiteConfig.fileName,
                hint: "keep \(setting) inside the site folder", stage: .load)))
        }
        guard let resolved = resolve(root.appendingPathComponent(relative, isDirectory: true)) else {
            return .failure(FolderProblem(diagnostic: .error(
                "'\(setting)' ('\(relative)') is a symlink loop", file: SiteConfig.fileName, stage: .load)))
        }
        guard isSameOrInside(resolved, site) else {
            return .failure(FolderProblem(diagnostic: .error(
                "'\(setting)' ('\(relative)') leads outside the site folder, to '\(resolved.path)', through a symlink",
                file: SiteConfig.fileName,
                hint: "keep \(setting) inside the site folder (copy the folder in, or build the folder that holds it); Cairn never reads or writes outside the site through a symlink",
                stage: .load)))
        }
        let inner = resolved.path.dropFirst(site.path.count).split(separator: "/")
        if setting == "contentDir", let hidden = inner.first(where: { IgnoredFiles.isIgnored(String($0)) }) {
            return .failure(FolderProblem(diagnostic: .error(
                "'\(setting)' ('\(relative)') leads to a hidden or ignored folder ('\(hidden)')", file: SiteConfig.fileName,
                hint: "point \(setting) at a visible folder of the site; Cairn never publishes hidden folders such as .git",
                stage: .load)))
        }
        return .success(resolved)
    }
}
