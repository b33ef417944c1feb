import Foundation

/// Cairn owns its output folder and nothing else in it: it records what it wrote in
/// `.cairn-manifest.json`, deletes or replaces only files listed there, and refuses folders that
/// are the site itself, hold the user's sources, or hold files it did not write.
public struct OutputFolder: Sendable {
    public static let manifestName = ".cairn-manifest.json"

    public let url: URL
    /// What the previous build wrote, from its manifest (empty for a new folder).
    public let previousFiles: Set<String>
    /// Files in the folder that Cairn did not write, accepted with `--force` (never deleted).
    public var foreignFiles: [String] = []

    init(url: URL, previousFiles: Set<String>, foreignFiles: [String] = []) {
        self.url = url
        self.previousFiles = previousFiles
        self.foreignFiles = foreignFiles
    }

    /// Checks that `url` may be used as the output folder of the site at `root`.
    /// `settingName` names the setting for messages (`outputDir`, `--output`).
    public static func claim(
        _ url: URL, root: URL, contentDir: String, settingName: String, force: Bool = false
    ) -> (OutputFolder?, [Diagnostic]) {
        let output = url.standardizedFileURL.resolvingSymlinksInPath()
        let site = root.standardizedFileURL.resolvingSymlinksInPath()
        let content = site.appendingPathComponent(contentDir).standardizedFileURL.resolvingSymlinksInPath()
        let themes = site.appendingPathComponent("themes").standardizedFileURL
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.resolvingSymlinksInPath()
        func refuse(_ why: String) -> (OutputFolder?, [Diagnostic]) {
            (nil, [.error(
                "refusing to use '\(url.path)' as \(settingName): \(why)", file: SiteConfig.fileName,
                hint: "point \(settingName) at a folder of its own, such as \"_site\"", stage: "write")])
        }
        if output.path == "/" { return refuse("it is the filesystem root") }
        if output.path == home.path { return refuse("it is your home folder") }
        if isSameOrInside(site, output) { return refuse("it is the site folder or one of its parents") }
        if isSameOrInside(output, content) || isSameOrInside(content, output) {
            return refuse("it overlaps the content folder '\(contentDir)'")
        }
        if isSameOrInside(output, themes) { return refuse("it is inside the themes folder") }

        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            return (OutputFolder(url: output, previousFiles: []), [])
        }
        guard LoadContent.isDirectory(output) else { return refuse("it is a file, not a folder") }
        let manifest = readManifest(in: output)
        let owned: Set<String> = manifest.map { Set($0.files.keys) } ?? []
        if manifest != nil && !force {
            return (OutputFolder(url: output, previousFiles: owned), [])
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? []
        if entries.isEmpty {
            return (OutputFolder(url: output, previousFiles: []), [])
        }
        if force {
            let foreign = Self.allFiles(in: output).filter { !owned.contains($0) && $0 != manifestName }
            return (OutputFolder(url: output, previousFiles: owned, foreignFiles: foreign), [])
        }
        return refuse("it already holds \(entries.count) item\(entries.count == 1 ? "" : "s") that Cairn did not write (no \(manifestName))")
    }

    /// Writes `files` through `sink`, never replacing a file Cairn did not write; then removes
    /// files the previous build wrote that this one did not, and records the new manifest.
    public func write(
        _ files: [OutputFile], sink: some OutputSink, afterHalf: (@Sendable () -> Void)? = nil
    ) -> (written: Int, diagnostics: [Diagnostic]) {
        let previous = previousFiles
        let half = files.count / 2
        let results = Parallel.map(Array(files.enumerated())) { position, file in
            if position == half { afterHalf?() }
            return writeOne(file, owned: previous, sink: sink)
        }
        var manifest = Manifest(generator: LayoutPages.generator, files: [:])
        var diagnostics: [Diagnostic] = []
        for (path, entry, problem) in results {
            if let entry { manifest.files[path] = entry }
            if let problem { diagnostics.append(problem) }
        }
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
        var manifest = Self.readManifest(in: url) ?? Manifest(generator: LayoutPages.generator, files: [:])
        let owned = Set(manifest.files.keys)
        let results = Parallel.map(files.filter { changed.contains($0.path) }) { writeOne($0, owned: owned, sink: sink) }
        var diagnostics: [Diagnostic] = []
        for (path, entry, problem) in results {
            if let entry { manifest.files[path] = entry }
            if let problem { diagnostics.append(problem) }
        }
        let stale = removed.intersection(owned).subtracting(changed)
        for path in stale { manifest.files[path] = nil }
        remove(stale)
        return diagnostics + save(manifest)
    }

    /// One file through `sink`, unless a file Cairn did not write is in its place.
    private func writeOne(_ file: OutputFile, owned: Set<String>, sink: some OutputSink) -> (String, Manifest.Entry?, Diagnostic?) {
        let target = url.appendingPathComponent(file.path)
        if !owned.contains(file.path), FileManager.default.fileExists(atPath: target.path) {
            return (file.path, nil, .error(
                "not overwriting '\(file.path)' in the output folder: Cairn did not write it", file: file.path,
                hint: "move the file away; Cairn only replaces files listed in \(Self.manifestName)", stage: "write"))
        }
        do {
            try sink.write(file)
            let data: Data
            switch file.contents {
            case .data(let bytes): data = bytes
            case .copy(let source): data = (try? Data(contentsOf: source, options: .mappedIfSafe)) ?? Data()
            }
            return (file.path, Manifest.Entry(size: data.count, sha256: ContentHash.sha256(data)), nil)
        } catch {
            return (file.path, nil, .error("cannot write '\(file.path)': \(error.localizedDescription)", stage: "write"))
        }
    }

    private func remove(_ paths: Set<String>) {
        for stale in paths.sorted() {
            let target = url.appendingPathComponent(stale)
            try? FileManager.default.removeItem(at: target)
            removeEmptyFolders(from: target.deletingLastPathComponent())
        }
    }

    private static func readManifest(in url: URL) -> Manifest? {
        guard let data = try? Data(contentsOf: url.appendingPathComponent(manifestName)) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }

    private func save(_ manifest: Manifest) -> [Diagnostic] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try encoder.encode(manifest).write(to: url.appendingPathComponent(Self.manifestName))
            return []
        } catch {
            return [.error("cannot write \(Self.manifestName): \(error.localizedDescription)", stage: "write")]
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
    }

    private func removeEmptyFolders(from folder: URL) {
        var current = folder.standardizedFileURL
        let top = url.standardizedFileURL.path
        while current.path.hasPrefix(top + "/"),
              let entries = try? FileManager.default.contentsOfDirectory(atPath: current.path), entries.isEmpty {
            try? FileManager.default.removeItem(at: current)
            current = current.deletingLastPathComponent()
        }
    }

    /// Every regular file under `folder`, as `/`-separated relative paths.
    static func allFiles(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        let base = folder.standardizedFileURL.path + "/"
        var files: [String] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
        }
        return files.sorted()
    }

    /// Whether `inner` is `outer` or inside it, per path component.
    static func isSameOrInside(_ inner: URL, _ outer: URL) -> Bool {
        let a = inner.pathComponents, b = outer.pathComponents
        return a.count >= b.count && Array(a.prefix(b.count)) == b
    }
}
