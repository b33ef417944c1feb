import CairnCore
import Foundation

/// What a file watcher reports, as site-relative `/`-separated paths.
public enum WatchEvent: Sendable, Equatable {
    /// Files or folders that were created, written, renamed or removed.
    case changed(Set<String>)
    /// Events were lost (queue overflow): everything must be looked at again.
    case rescan(reason: String)
    /// The files open for writing right now (created or modified, not yet closed), from a
    /// watcher that can tell (``FileWatcher/reportsWrites``); replaces the previous report.
    case writing(Set<String>)
}

/// Watches a site's inputs: the site folder itself (for `site.json`, which editors save by
/// renaming a new file over it, so the folder is watched and not the file), the content folder
/// and the themes folder, recursively. Hidden files, editor temp files and the output folders
/// are filtered out before anything is reported.
public protocol FileWatcher: AnyObject, Sendable {
    /// Starts watching; `handler` is called on the watcher's own thread.
    func start(_ handler: @escaping @Sendable (WatchEvent) -> Void) throws
    /// Stops watching; no handler call starts after this returns.
    func stop()
    /// Whether the watcher reports files still being written (``WatchEvent/writing(_:)``), so
    /// a batch can start as soon as every write is closed instead of after a quiet time.
    var reportsWrites: Bool { get }
}

extension FileWatcher {
    public var reportsWrites: Bool { false }
}

/// Which folders a watcher covers and which paths it reports.
public struct WatchScope: Sendable, Equatable {
    /// The site folder (holding `site.json`).
    public var root: URL
    /// Site-relative folders watched with everything below them (`content`, `themes`).
    public var trees: [String]
    /// Site-relative folders never reported (`_site`, `public`).
    public var excluded: [String]

    public init(root: URL, trees: [String], excluded: [String]) {
        self.root = root.standardizedFileURL
        self.trees = trees
        self.excluded = excluded.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
    }

    /// The scope for a site as its `site.json` describes it.
    public init(root: URL, config: SiteConfig) {
        self.init(root: root, trees: [config.contentDir, "themes"], excluded: [config.outputDir, config.publishDir, ".cairn-cache"])
    }

    /// Whether a change at `path` (site-relative) is worth reporting: not hidden, not an editor
    /// temp file in any component, not inside an excluded folder, and inside a watched tree or
    /// directly in the site folder.
    public func accepts(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = parts.first else { return false }
        if parts.contains(where: { IgnoredFiles.isIgnored(String($0)) }) { return false }
        for folder in excluded where path == folder || path.hasPrefix(folder + "/") { return false }
        if parts.count == 1 { return true }
        return trees.contains { tree in path.hasPrefix(tree + "/") || String(first) == tree }
    }

    /// Whether the folder at `path` is walked and watched.
    func watchesFolder(_ path: String) -> Bool {
        guard accepts(path) else { return false }
        return trees.contains { tree in path == tree || path.hasPrefix(tree + "/") }
    }

    /// Every file and folder under `relative` (site-relative) that the scope accepts, walked
    /// without recursion; real folders are visited once, so symlink loops end, and a symlink to
    /// a folder outside the site is not followed (the build skips it too).
    func walk(_ relative: String) -> (folders: [String], files: [String]) {
        let fileManager = FileManager.default
        var folders: [String] = []
        var files: [String] = []
        var visited: Set<String> = []
        var stack = [relative]
        let realRoot = SafePaths.resolve(root)?.path ?? root.path
        // The output folders, wherever a symlink puts them: a watcher that looked inside its own
        // output would rebuild forever (`content/out -> ../_site`).
        let realExcluded = excluded.compactMap { SafePaths.resolve(root.appendingPathComponent($0))?.path }
        while let folder = stack.popLast() {
            let url = root.appendingPathComponent(folder, isDirectory: true)
            guard let real = SafePaths.resolve(url)?.path else { continue }
            guard SafePaths.isSameOrInside(real, realRoot) else { continue }
            guard !realExcluded.contains(where: { SafePaths.isSameOrInside(real, $0) }) else { continue }
            guard visited.insert(real).inserted else { continue }
            folders.append(folder)
            guard let names = try? fileManager.contentsOfDirectory(atPath: url.path) else { continue }
            for name in names.sorted() {
                let path = folder.isEmpty ? name : "\(folder)/\(name)"
                guard accepts(path) else { continue }
                var isDirectory: ObjCBool = false
                guard fileManager.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if watchesFolder(path) { stack.append(path) }
                } else {
                    files.append(path)
                }
            }
        }
        return (folders, files)
    }

    /// The site folder and every watched folder below it.
    func allFolders() -> [String] {
        var result = [""]
        for tree in trees where LoadContent.isDirectory(root.appendingPathComponent(tree)) {
            result += walk(tree).folders
        }
        return result
    }
}

/// Picks the native watcher for this system, or polling when asked or when the native one
/// cannot start; `notice` gets a line for the terminal when it falls back.
public enum Watchers {
    public static func make(scope: WatchScope, poll: Bool, notice: @escaping @Sendable (String) -> Void) -> any FileWatcher {
        if poll { return PollingWatcher(scope: scope) }
        #if os(Linux)
        return InotifyWatcher(scope: scope, notice: notice)
        #elseif os(macOS)
        return FSEventsWatcher(scope: scope)
        #else
        return PollingWatcher(scope: scope)
        #endif
    }
}
