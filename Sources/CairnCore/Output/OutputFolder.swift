import Foundation
import Synchronization

/// Cairn owns its output folder and nothing else in it: it records what it wrote in
/// `.cairn-manifest.json`, deletes or replaces only files listed there, and refuses folders that
/// are the site itself, hold the user's sources, or hold files it did not write.
public struct OutputFolder: Sendable {
    public static let manifestName = ".cairn-manifest.json"

    public let url: URL
    /// What the previous build wrote, from its manifest (empty for a new folder).
    public let previousFiles: Set<String>
    init(url: URL, previousFiles: Set<String>) {
        self.url = url
        self.previousFiles = previousFiles
    }

    /// What the folder holds that Cairn did not write (files, symlinks, empty folders): never
    /// deleted; `cairn publish` carries it into the new site. Walks the folder, so only publish
    /// asks (a build leaves such files where they are without looking at them).
    func foreignEntries() -> [String] {
        Self.allEntries(in: url).map(\.path).filter { !previousFiles.contains($0) && $0 != Self.manifestName }
    }

    /// Checks that `url` may be used as the output folder of the site at `root`.
    /// `settingName` names the setting for messages (`outputDir`, `publishDir`, `--output`); a
    /// folder from `site.json` must stay inside the site, `--output` may be anywhere else.
    /// Every path is resolved with symlinks followed (``SafePaths``) before it is compared.
    public static func claim(
        _ url: URL, root: URL, contentDir: String, settingName: String, force: Bool = false
    ) -> (OutputFolder?, [Diagnostic]) {
        func refuse(_ why: String, hint: String? = nil) -> (OutputFolder?, [Diagnostic]) {
            (nil, [.error(
                "refusing to use '\(url.path)' as \(settingName): \(why)", file: SiteConfig.fileName,
                hint: hint ?? "point \(settingName) at a folder of its own, such as \"_site\"", stage: .write)])
        }
        guard let output = SafePaths.resolve(url) else { return refuse("it is a symlink loop") }
        let site = SafePaths.resolve(root) ?? root.standardizedFileURL
        let content = SafePaths.resolve(site.appendingPathComponent(contentDir)) ?? site.appendingPathComponent(contentDir)
        let themes = site.appendingPathComponent("themes").standardizedFileURL
        let home = SafePaths.resolve(FileManager.default.homeDirectoryForCurrentUser) ?? FileManager.default.homeDirectoryForCurrentUser
        if output.path == "/" { return refuse("it is the filesystem root") }
        if output.path == home.path { return refuse("it is your home folder") }
        if SafePaths.isSameOrInside(site, output) { return refuse("it is the site folder or one of its parents") }
        if SafePaths.isSameOrInside(output, content) || SafePaths.isSameOrInside(content, output) {
            return refuse("it overlaps the content folder '\(contentDir)'")
        }
        if SafePaths.isSameOrInside(output, themes) { return refuse("it is inside the themes folder") }
        if settingName != "--output", !SafePaths.isSameOrInside(output, site) {
            return refuse("it leads outside the site folder (to '\(output.path)')",
                          hint: "keep \(settingName) inside the site folder, or pass --output for a folder elsewhere")
        }

        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            return (OutputFolder(url: output, previousFiles: []), [])
        }
        guard LoadContent.isDirectory(output) else { return refuse("it is a file, not a folder") }
        var owned: Set<String> = []
        var hasManifest = false
        switch readManifest(in: output) {
        case .none: break
        case .some(.success(let manifest)):
            owned = Set(manifest.files.keys)
            hasManifest = true
        case .some(.failure(let problem)):
            return refuse(
                "its \(manifestName) \(problem); nothing was deleted",
                hint: "Cairn did not write that manifest: delete \(manifestName) and build again with --force, which keeps every file it finds")
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? []
        if entries.isEmpty { return (OutputFolder(url: output, previousFiles: []), []) }
        guard hasManifest || force else {
            return refuse("it already holds \(entries.count) item\(entries.count == 1 ? "" : "s") that Cairn did not write (no \(manifestName))")
        }
        return (OutputFolder(url: output, previousFiles: owned), [])
    }

    /// Writes `files` through `sink`, never replacing a file Cairn did not write; then removes
    /// files the previous build wrote that this one did not, and records the new manifest. Files
    /// `streamed` during the build (``Stream``) count as written by this one.
    public func write(
        _ files: [OutputFile], sink: some OutputSink, streamed: Stream? = nil, afterHalf: (@Sendable () -> Void)? = nil
    ) -> (written: Int, diagnostics: [Diagnostic]) {
        let previous = previousFiles
        var manifest = Manifest(generator: LayoutPages.generator, files: [:])
        var diagnostics: [Diagnostic] = []
        if let streamed { (manifest.files, diagnostics) = streamed.written.withLock { ($0.entries, $0.diagnostics) } }
        let fresh = writeFiles(files, owned: previous, sink: sink, afterHalf: afterHalf)
        manifest.files.merge(fresh.entries) { $1 }
        diagnostics += fresh.diagnostics
        // Files of the previous build that this build did not write again: ours, so remove them.
        remove(previous.subtracting(manifest.files.keys))
        diagnostics += save(manifest)
        return (manifest.files.count, diagnostics)
    }

    /// Writes only the `changed` paths of `files` and removes the `removed` ones, keeping the
    /// manifest's other entries: `cairn watch --no-server` after each rebuild. The same rules as
    /// `write`: never a file Cairn did not write.
    public func writeChanges(
        _ files: [OutputFile], changed: Set<String>, removed: Set<String>, sink: some OutputSink
    ) -> [Diagnostic] {
        var manifest = (try? Self.readManifest(in: url)?.get()) ?? Manifest(generator: LayoutPages.generator, files: [:])
        let owned = Set(manifest.files.keys)
        let (entries, diagnostics) = writeFiles(files.filter { changed.contains($0.path) }, owned: owned, sink: sink)
        manifest.files.merge(entries) { $1 }
        let stale = removed.intersection(owned).subtracting(changed)
        for path in stale { manifest.files[path] = nil }
        remove(stale)
        return diagnostics + save(manifest)
    }

    /// Writes files while the build is still making others (`cairn build` writes each batch of
    /// pages as soon as it is laid out, so the pages are never all in memory at once), by the
    /// same rules as ``write(_:sink:streamed:afterHalf:)``; that call then records them in the
    /// manifest with the rest.
    public final class Stream: Sendable {
        let folder: OutputFolder
        let sink: any OutputSink
        let written = Mutex<(entries: [String: Manifest.Entry], diagnostics: [Diagnostic])>(([:], []))

        public init(folder: OutputFolder, sink: any OutputSink) {
            self.folder = folder
            self.sink = sink
        }

        /// Writes `files` now, in parallel.
        func write(_ files: [OutputFile]) {
            let (entries, diagnostics) = folder.writeFiles(files, owned: folder.previousFiles, sink: sink)
            written.withLock { written in
                written.entries.merge(entries) { $1 }
                written.diagnostics += diagnostics
            }
        }
    }

    /// Writes `files` (making their folders first) on all cores and says what each became: its
    /// manifest entry, or the problem that kept it from being written. `afterHalf` runs once
    /// half of them are under way (the preview's progress).
    private func writeFiles(
        _ files: [OutputFile], owned: Set<String>, sink: any OutputSink, afterHalf: (@Sendable () -> Void)? = nil
    ) -> (entries: [String: Manifest.Entry], diagnostics: [Diagnostic]) {
        let half = files.count / 2
        let folders = makeFolders(for: files.lazy.map(\.path))
        let results = Self.mapByFolder(files, path: \.path) { position, file in
            if position == half { afterHalf?() }
            return writeOne(file, owned: owned, folders: folders, sink: sink)
        }
        var entries: [String: Manifest.Entry] = [:]
        entries.reserveCapacity(results.count)
        var diagnostics: [Diagnostic] = []
        for (path, entry, problem) in results {
            if let entry { entries[path] = entry }
            if let problem { diagnostics.append(problem) }
        }
        return (entries, diagnostics)
    }

    /// `transform` over `items` (with each one's position) on all cores, the items of one folder
    /// on one thread in turn: creating entries takes the folder's lock, so two threads creating
    /// files in one folder (the search index's thousands) mostly wait for each other. Largest
    /// folders first, so one left for the end does not leave a core idle. Results keep the order.
    static func mapByFolder<T: Sendable, R: Sendable>(
        _ items: [T], path: (T) -> String, _ transform: @Sendable (Int, T) -> R
    ) -> [R] {
        var groups: [Substring: [Int]] = [:]
        for (position, item) in items.enumerated() { groups[folder(of: path(item)), default: []].append(position) }
        let ordered = groups.values.sorted { $0.count > $1.count }
        let done = Parallel.map(ordered) { positions in positions.map { ($0, transform($0, items[$0])) } }
        var results = [R?](repeating: nil, count: items.count)
        for group in done { for (position, result) in group { results[position] = result } }
        return results.map { $0! }
    }

    /// A folder of the output that files cannot go into: the first part of its path that is a
    /// symlink or not a folder, or why it could not be made.
    enum FolderProblem: Equatable {
        case blocked(String)
        case failed(String)
    }

    /// The folder part of a relative path (`""` for a file at the top).
    static func folder(of path: String) -> Substring {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return path[..<slash]
    }

    /// Makes every folder the `paths` go into, parents first, each looked at once (not once per
    /// file); returns the ones that cannot be written into. Never makes a folder through a
    /// symlink: a part that is a symlink or a file blocks every folder under it.
    func makeFolders(for paths: some Sequence<String>) -> [Substring: FolderProblem] {
        var needed: Set<Substring> = []
        var any = false
        for path in paths {
            any = true
            var folder = Self.folder(of: path)
            while !folder.isEmpty, needed.insert(folder).inserted {
                folder = Self.folder(of: String(folder))
            }
        }
        var problems: [Substring: FolderProblem] = [:]
        // The output folder itself, even for files at its top (a stream's first batch may be only those).
        if any {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                let problem = FolderProblem.failed(error.localizedDescription)
                for folder in needed { problems[folder] = problem }
                return problems
            }
        }
        // Depth by depth, so a folder's parent is settled before it; the folders of one depth in
        // parallel (a fresh 10,000-page build makes 10,000 folders).
        let byDepth = Dictionary(grouping: needed) { folder in folder.utf8.count(where: { $0 == UInt8(ascii: "/") }) }
        let root = url.path
        for depth in byDepth.keys.sorted() {
            var open: [Substring] = []
            for folder in byDepth[depth]! {
                let parent = Self.folder(of: String(folder))
                if !parent.isEmpty, let problem = problems[parent] { problems[folder] = problem } else { open.append(folder) }
            }
            let made = Self.mapByFolder(open, path: { String($0) }) { _, folder -> FolderProblem? in
                let full = root + "/" + folder
                if mkdir(full, 0o755) == 0 { return nil }
                let code = errno
                switch SafePaths.linkType(full) {
                case S_IFDIR?: return nil
                case nil: return .failed(String(cString: strerror(code)))
                default: return .blocked(String(folder))
                }
            }
            for (folder, problem) in zip(open, made) where problem != nil { problems[folder] = problem }
        }
        return problems
    }

    /// One file through `sink`, unless a file Cairn did not write is in its place or its folder
    /// goes through a symlink. A copied file is read once, for the write and its hash.
    private func writeOne(
        _ file: OutputFile, owned: Set<String>, folders: [Substring: FolderProblem], sink: any OutputSink
    ) -> (String, Manifest.Entry?, Diagnostic?) {
        func symlink(_ link: String) -> (String, Manifest.Entry?, Diagnostic?) {
            (file.path, nil, .error(
                "not writing '\(file.path)': '\(link)' in the output folder is a symlink or not a folder", file: file.path,
                hint: "remove '\(link)' from the output folder; Cairn never writes through a symlink", stage: .write))
        }
        func failed(_ reason: String) -> (String, Manifest.Entry?, Diagnostic?) {
            (file.path, nil, .error("cannot write '\(file.path)': \(reason)", stage: .write))
        }
        switch folders[Self.folder(of: file.path)] {
        case .blocked(let link)?: return symlink(link)
        case .failed(let reason)?: return failed(reason)
        case nil: break
        }
        let data: Data
        switch file.contents {
        case .data(let bytes): data = bytes
        case .copy(let source):
            do {
                data = try Data(contentsOf: source, options: .mappedIfSafe)
            } catch {
                // Never written or recorded as an empty file: the manifest would vouch for bytes nobody wrote.
                return (file.path, nil, .error(
                    "cannot read '\(source.path)' to copy it to '\(file.path)': \(error.localizedDescription)",
                    file: file.path, stage: .write))
            }
        }
        do {
            try sink.write(data, at: file.path, replacing: owned.contains(file.path))
        } catch .symlink {
            return symlink(file.path)
        } catch .exists {
            return (file.path, nil, .error(
                "not overwriting '\(file.path)' in the output folder: Cairn did not write it", file: file.path,
                hint: "move the file away; Cairn only replaces files listed in \(Self.manifestName)", stage: .write))
        } catch {
            return failed(error.reason)
        }
        return (file.path, Manifest.Entry(size: data.count, sha256: ContentHash.sha256(data)), nil)
    }

    /// Removes files an earlier build wrote: only plain relative paths, only regular files, never
    /// through a symlink (a manifest entry that became a symlink or a folder is left alone).
    private func remove(_ paths: Set<String>) {
        for stale in paths.sorted() where SafePaths.relativePathProblem(stale) == nil {
            guard SafePaths.symlinkOnPath(stale, under: url) == nil else { continue }
            let target = url.appendingPathComponent(stale)
            guard SafePaths.linkType(target.path) == S_IFREG else { continue }
            try? FileManager.default.removeItem(at: target)
            removeEmptyFolders(from: target.deletingLastPathComponent())
        }
    }

    /// The folder's manifest: `nil` when there is none (or it is not a manifest Cairn could have
    /// written), a failure naming the first entry that is not a plain path inside the folder.
    private static func readManifest(in url: URL) -> Result<Manifest, ManifestProblem>? {
        let file = url.appendingPathComponent(manifestName)
        guard !SafePaths.isSymlink(file.path), let data = try? Data(contentsOf: file),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return nil }
        // The first bad entry in path order, without sorting every entry of every good manifest.
        if let path = manifest.files.keys.filter({ SafePaths.relativePathProblem($0) != nil }).min(),
           let problem = SafePaths.relativePathProblem(path) {
            // Control characters in it are escaped where diagnostics are printed.
            return .failure(ManifestProblem(description: "names '\(path.prefix(300))', which is not a path inside the output folder (\(problem))"))
        }
        return .success(manifest)
    }

    struct ManifestProblem: Error, CustomStringConvertible {
        var description: String
    }

    private func save(_ manifest: Manifest) -> [Diagnostic] {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try manifest.encoded().write(to: url.appendingPathComponent(Self.manifestName))
            return []
        } catch {
            return [.error("cannot write \(Self.manifestName): \(error.localizedDescription)", stage: .write)]
        }
    }

    /// `.cairn-manifest.json`: every file Cairn wrote into the folder, with its size and SHA-256.
    struct Manifest: Codable {
        struct Entry: Codable, Equatable {
            var size: Int
            /// Absent in manifests written before Cairn recorded hashes.
            var sha256: String?
        }
        var generator: String
        var files: [String: Entry]

        /// The manifest as JSON, a line per field and the files in path order (as
        /// `JSONEncoder` pretty-prints it with sorted keys), written byte by byte: a
        /// 10,000-page site's manifest has 23,000 entries, and the encoder's per-value work was
        /// a serial half second at the end of its build.
        func encoded() -> Data {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(files.count * 128 + 64)
            bytes.append(contentsOf: "{\n  \"files\" : {".utf8)
            for (position, path) in files.keys.sorted().enumerated() {
                let entry = files[path]!
                bytes.append(contentsOf: (position == 0 ? "\n    " : ",\n    ").utf8)
                JSONBytes.appendString(path, to: &bytes, escapingSlash: false)
                bytes.append(contentsOf: " : {\n".utf8)
                if let sha256 = entry.sha256 {
                    bytes.append(contentsOf: "      \"sha256\" : ".utf8)
                    JSONBytes.appendString(sha256, to: &bytes, escapingSlash: false)
                    bytes.append(contentsOf: ",\n".utf8)
                }
                bytes.append(contentsOf: "      \"size\" : \(entry.size)\n    }".utf8)
            }
            bytes.append(contentsOf: "\n  },\n  \"generator\" : ".utf8)
            JSONBytes.appendString(generator, to: &bytes, escapingSlash: false)
            bytes.append(contentsOf: "\n}".utf8)
            return Data(bytes)
        }
    }

    private func removeEmptyFolders(from folder: URL) {
        var current = folder.standardizedFileURL
        let top = url.standardizedFileURL.path
        while current.path.hasPrefix(top + "/"), !SafePaths.isSymlink(current.path),
              let entries = try? FileManager.default.contentsOfDirectory(atPath: current.path), entries.isEmpty {
            try? FileManager.default.removeItem(at: current)
            current = current.deletingLastPathComponent()
        }
    }

    /// What a folder holds that someone may own: regular files, symlinks (never followed) and
    /// empty folders, as `/`-separated relative paths in order.
    struct Entry: Equatable {
        enum Kind { case file, symlink, emptyFolder }
        var path: String
        var kind: Kind
    }

    static func allEntries(in folder: URL) -> [Entry] {
        var entries: [Entry] = []
        var stack: [String] = [""]
        let fileManager = FileManager.default
        while let relative = stack.popLast() {
            let absolute = relative.isEmpty ? folder.path : folder.path + "/" + relative
            guard let names = try? fileManager.contentsOfDirectory(atPath: absolute) else { continue }
            if names.isEmpty && !relative.isEmpty { entries.append(Entry(path: relative, kind: .emptyFolder)) }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                guard let type = SafePaths.linkType(folder.path + "/" + path) else { continue }
                switch type {
                case S_IFDIR: stack.append(path)
                case S_IFLNK: entries.append(Entry(path: path, kind: .symlink))
                default: entries.append(Entry(path: path, kind: .file))
                }
            }
        }
        return entries.sorted { $0.path < $1.path }
    }

    /// Every regular file under `folder`, as `/`-separated relative paths.
    static func allFiles(in folder: URL) -> [String] {
        allEntries(in: folder).filter { $0.kind == .file }.map(\.path)
    }
}
