import CairnMarkdown
import Foundation
import Testing
@testable import CairnCore

/// A fuzz target over paths and symlink layouts (RELIABILITY 38–43): random trees of files,
/// folders and symlinks (to secrets beside the site, `.git`, the output, `/`, loops, nowhere),
/// random `site.json` paths and symlinks planted in the output; then `build` twice, `publish` and
/// `check`. Nothing outside the output folders may change, and nothing from outside the content
/// folder may be published. `CAIRN_PATH_FUZZ_RUNS` sets the number of layouts (default 60),
/// `CAIRN_PATH_FUZZ_SEED` the first seed.
@Suite("Path and symlink fuzzing", .serialized)
struct PathFuzzTests {
    static let secrets = ["OUTSIDE-SECRET", "GIT-SECRET", "ENV-SECRET", "NOTES-SECRET"]

    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    /// One entry of a tree as seen without following symlinks.
    enum Entry: Equatable {
        case file(Data)
        case folder
        case symlink(String)
    }

    static func snapshot(_ root: URL, skipping skipped: [String]) -> [String: Entry] {
        var result: [String: Entry] = [:]
        var stack = [""]
        while let relative = stack.popLast() {
            let folder = relative.isEmpty ? root.path : root.path + "/" + relative
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                let path = relative.isEmpty ? name : relative + "/" + name
                if skipped.contains(path) { continue }
                let full = root.path + "/" + path
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFLNK: result[path] = .symlink((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
                case S_IFDIR:
                    result[path] = .folder
                    stack.append(path)
                default: result[path] = .file((try? Data(contentsOf: URL(fileURLWithPath: full))) ?? Data())
                }
            }
        }
        return result
    }

    /// Whether any part of `path` under `root` is a symlink (not followed).
    static func throughSymlink(_ path: String, under root: URL) -> Bool {
        var current = root.path
        for part in path.split(separator: "/") {
            current += "/" + part
            var info = stat()
            if lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return true }
        }
        return false
    }

    @Test("random trees, symlinks and config paths: nothing outside the output changes, nothing outside content is published")
    func fuzz() throws {
        let environment = ProcessInfo.processInfo.environment
        let runs = Int(environment["CAIRN_PATH_FUZZ_RUNS"] ?? "") ?? 60
        let firstSeed = UInt64(environment["CAIRN_PATH_FUZZ_SEED"] ?? "") ?? 1
        for seed in firstSeed..<(firstSeed + UInt64(runs)) {
            try layout(seed: seed)
        }
    }

    func layout(seed: UInt64) throws {
        var random = Random(state: seed)
        let fileManager = FileManager.default
        let workspace = fileManager.temporaryDirectory.appendingPathComponent("cairn-pathfuzz-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: workspace) }
        let site = workspace.appendingPathComponent("site")
        let outside = workspace.appendingPathComponent("outside")
        func write(_ url: URL, _ text: String) throws {
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write(outside.appendingPathComponent("secret.md"), "# OUTSIDE-SECRET\n")
        try write(outside.appendingPathComponent("docs/page.md"), "# OUTSIDE-SECRET page\n")
        try write(outside.appendingPathComponent("key.txt"), "OUTSIDE-SECRET")
        try write(site.appendingPathComponent(".git/config"), "[http]\n\textraheader = GIT-SECRET\n")
        try write(site.appendingPathComponent(".env"), "ENV-SECRET=1\n")
        try write(site.appendingPathComponent("notes/todo.md"), "# NOTES-SECRET\n")

        // Content: a random tree of pages, assets and folders.
        let content = site.appendingPathComponent("content")
        var folders = [""]
        try write(content.appendingPathComponent("index.md"), "# Home\n\n[a](a.md)\n")
        for number in 0..<(3 + random.below(8)) {
            let folder = random.pick(folders)
            let base = folder.isEmpty ? content : content.appendingPathComponent(folder)
            switch random.below(3) {
            case 0: try write(base.appendingPathComponent("p\(number).md"), "# Page \(number)\n\n[home](/index.md)\n")
            case 1: try write(base.appendingPathComponent("f\(number).txt"), "asset \(number)")
            default:
                let name = folder.isEmpty ? "d\(number)" : "\(folder)/d\(number)"
                try fileManager.createDirectory(at: content.appendingPathComponent(name), withIntermediateDirectories: true)
                folders.append(name)
            }
        }

        // Symlinks in content, in the site and (after a first build) in the output.
        let targets = [
            outside.path, outside.appendingPathComponent("secret.md").path, outside.appendingPathComponent("key.txt").path,
            "../.git", "../../.git/config", "../.env", "../notes", "../notes/todo.md", "../_site", "../public", "/", "/etc",
            "..", ".", "missing.md", "loop-a", "loop-b", "index.md", "../content", "../../outside/docs",
        ]
        for number in 0..<(2 + random.below(6)) {
            let folder = random.pick(folders)
            let base = folder.isEmpty ? content : content.appendingPathComponent(folder)
            let name = random.pick(["s\(number).md", "s\(number)", "s\(number).txt", "loop-a", "loop-b"])
            try? fileManager.createSymbolicLink(atPath: base.appendingPathComponent(name).path, withDestinationPath: random.pick(targets))
        }
        let linkTargets = [outside.path, outside.appendingPathComponent("out").path, "content", "content/new", "notes", "/", "nowhere/deeper"]
        try? fileManager.createSymbolicLink(atPath: site.appendingPathComponent("link-out").path, withDestinationPath: random.pick(linkTargets))
        try? fileManager.createSymbolicLink(atPath: site.appendingPathComponent("link-content").path, withDestinationPath: random.pick(["content", outside.path, "../outside/docs", ".git"]))

        // site.json with random paths.
        let contentDir = random.pick(["content", "content", "link-content", "../outside", "content/../../outside", "./content"])
        let outputDir = random.pick(["_site", "_site", "link-out", "link-out/x", "../outside/out", "content/out", "notes", "_site/../notes"])
        let publishDir = random.pick(["public", "public", "link-out", "../outside", "content"])
        let healthPath = random.pick(["_health", "_health", "../x", "../../outside", "a/b", ".git", "a/../../x"])
        let config = "{\"contentDir\": \"\(contentDir)\", \"outputDir\": \"\(outputDir)\", \"publishDir\": \"\(publishDir)\", \"health\": {\"path\": \"\(healthPath)\"}}"
        try write(site.appendingPathComponent("site.json"), config)

        // Cairn may write only here: the output folders (when they are plain folders in the site),
        // the publish staging sibling and the Graphviz cache.
        // (`nowhere/` is a folder a symlinked output setting may lead to inside the site.)
        let allowed = ["site/_site", "site/public", "site/.public.cairn-new", "site/.cairn-cache", "site/nowhere"]
        let outputLinks = ["index.html", "planted", "p0"]
        func run() {
            _ = SiteBuilder.build(BuildOptions(root: site))
        }
        run()
        // Plant symlinks in an existing output folder: builds must never write through them.
        let output = site.appendingPathComponent("_site")
        if LoadContent.isDirectory(output), !Self.throughSymlink("_site", under: site), random.chance(70) {
            let name = random.pick(outputLinks)
            try? fileManager.removeItem(at: output.appendingPathComponent(name))
            try? fileManager.createSymbolicLink(
                atPath: output.appendingPathComponent(name).path,
                withDestinationPath: random.pick([outside.appendingPathComponent("key.txt").path, outside.path, "../notes"]))
        }
        let before = Self.snapshot(workspace, skipping: allowed)
        let plantedBefore = Self.snapshot(output, skipping: []).filter { if case .symlink = $0.value { return true } else { return false } }
        run()
        _ = SitePublisher.publish(PublishOptions(root: site))
        _ = SiteBuilder.render(root: site, mode: .check)
        let after = Self.snapshot(workspace, skipping: allowed)

        let context = "seed \(seed): \(config)"
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        #expect(changed.isEmpty, "\(context): changed outside the output: \(changed.prefix(5))")
        // The user's symlinks in the output are still there, unchanged.
        let plantedAfter = Self.snapshot(output, skipping: [])
        for (path, entry) in plantedBefore { #expect(plantedAfter[path] == entry, "\(context): planted \(path) changed") }
        // Everything Cairn wrote (its manifests) is a regular file inside the output, free of secrets.
        for folder in [output, site.appendingPathComponent("public")] {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(OutputFolder.manifestName)),
                  let manifest = try? JSONDecoder().decode(OutputFolder.Manifest.self, from: data) else { continue }
            for path in manifest.files.keys {
                #expect(!path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "\(context): manifest path \(path)")
                let url = folder.appendingPathComponent(path)
                #expect(!Self.throughSymlink(path, under: folder), "\(context): \(path) is reached through a symlink")
                let text = String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
                for secret in Self.secrets { #expect(!text.contains(secret), "\(context): \(path) publishes \(secret)") }
            }
        }
    }
}
