import CairnMarkdown
import Foundation
import Testing
@testable import CairnCore

/// The data-safety round (RELIABILITY 38–48): each numbered case of the issue is a test here,
/// written against the behaviour users see (build, publish, check), so each one failed on the
/// code before the fix.
@Suite("Data safety", .serialized)
struct DataSafetyTests {
    static let pages = [
        "content/index.md": "# Home\n\n[A](a.md)\n",
        "content/a.md": "# A\n\nText.\n",
    ]

    /// A folder beside the site, for files that must never change or be published.
    final class Outside {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-outside-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws -> URL {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return url
        }
    }

    static func text(_ url: URL) -> String? {
        (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every entry under `folder`, symlinks included and not followed.
    static func entries(in folder: URL) -> [String] {
        (FileManager.default.subpaths(atPath: folder.path) ?? []).sorted()
    }

    static func isSymlink(_ url: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    static func build(_ site: TestSite, output: URL? = nil) -> BuildReport {
        SiteBuilder.build(BuildOptions(root: site.root, output: output))
    }

    // MARK: 1. Publish keeps what it did not write

    @Test("1: a CNAME added to the publish folder survives every later publish")
    func publishKeepsCNAME() throws {
        let site = try TestSite(Self.pages)
        #expect(SitePublisher.publish(PublishOptions(root: site.root)).succeeded)
        let cname = site.root.appendingPathComponent("public/CNAME")
        try Data("docs.example.com\n".utf8).write(to: cname)
        let report = SitePublisher.publish(PublishOptions(root: site.root))
        #expect(report.succeeded, "\(report.diagnosticText)")
        #expect(Self.text(cname) == "docs.example.com\n")
        try site.write("content/b.md", Data("# B\n".utf8))
        #expect(SitePublisher.publish(PublishOptions(root: site.root)).succeeded)
        #expect(Self.text(cname) == "docs.example.com\n")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/b/index.html").path))
    }

    @Test("1: with --force, symlinks, empty folders and timestamps are kept, and a later publish keeps them too")
    func publishForceKeepsEverything() throws {
        let site = try TestSite(Self.pages)
        let publish = site.root.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: publish.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: publish.appendingPathComponent("notes.txt"))
        try FileManager.default.createSymbolicLink(atPath: publish.appendingPathComponent("latest").path, withDestinationPath: "a")
        let old = Date(timeIntervalSince1970: 1_600_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: publish.appendingPathComponent("notes.txt").path)
        let first = SitePublisher.publish(PublishOptions(root: site.root, force: true))
        #expect(first.succeeded, "\(first.diagnosticText)")
        let second = SitePublisher.publish(PublishOptions(root: site.root))
        #expect(second.succeeded, "\(second.diagnosticText)")
        for _ in 0..<2 {
            #expect(Self.text(publish.appendingPathComponent("notes.txt")) == "mine")
            let date = try FileManager.default.attributesOfItem(atPath: publish.appendingPathComponent("notes.txt").path)[.modificationDate] as? Date
            #expect(date == old)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: publish.appendingPathComponent("latest").path) == "a")
            #expect(LoadContent.isDirectory(publish.appendingPathComponent("empty")))
            _ = SitePublisher.publish(PublishOptions(root: site.root))
        }
    }

    @Test("1: a kept file where the site now writes one stops the publish and keeps the old site")
    func publishStopsOnCollision() throws {
        let site = try TestSite(Self.pages)
        #expect(SitePublisher.publish(PublishOptions(root: site.root)).succeeded)
        let mine = site.root.appendingPathComponent("public/b/index.html")
        try FileManager.default.createDirectory(at: mine.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("my page".utf8).write(to: mine)
        try site.write("content/b.md", Data("# B\n".utf8))
        let report = SitePublisher.publish(PublishOptions(root: site.root))
        #expect(!report.succeeded)
        #expect(report.diagnosticText.contains { $0.contains("b/index.html") && $0.contains("not Cairn's") })
        #expect(Self.text(mine) == "my page")
    }

    // MARK: 2. Manifests

    @Test("2: a doctored manifest naming a path outside the output deletes nothing")
    func doctoredManifest() throws {
        let site = try TestSite(Self.pages)
        let outside = try Outside()
        let victim = try outside.write("user.txt", "precious")
        #expect(Self.build(site).succeeded)
        let relative = "../../\(outside.root.lastPathComponent)/user.txt"
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site").appendingPathComponent(relative).path))
        let manifest = "{\"generator\": \"Cairn\", \"files\": {\"\(relative)\": {\"size\": 8}, \"/etc/hostname\": {\"size\": 1}}}"
        try Data(manifest.utf8).write(to: site.root.appendingPathComponent("_site/.cairn-manifest.json"))
        let report = Self.build(site)
        #expect(Self.text(victim) == "precious")
        #expect(!report.succeeded)
        #expect(report.diagnosticText.contains { $0.contains(".cairn-manifest.json") && $0.contains("not a path inside the output folder") })
    }

    // MARK: 3, 4. Configured paths

    @Test("3: health.path that leaves the output is refused; nothing is written outside")
    func healthPathOutside() throws {
        let name = "outside-health-\(UUID().uuidString)"
        let site = try TestSite(Self.pages.merging(["site.json": "{\"health\": {\"path\": \"../../\(name)\"}}"]) { $1 })
        let report = Self.build(site)
        #expect(!report.succeeded)
        #expect(report.diagnosticText.contains { $0.hasPrefix("site.json:1:") && $0.contains("health.path") })
        let escaped = site.root.appendingPathComponent("_site/../../\(name)")
        defer { try? FileManager.default.removeItem(at: escaped) }
        #expect(!FileManager.default.fileExists(atPath: escaped.standardizedFileURL.path))
        #expect(!report.files.contains { $0.path.contains("..") })
    }

    @Test("4: contentDir outside the site, by '..' or through a symlink, publishes nothing from there")
    func contentDirOutside() throws {
        let outside = try Outside()
        _ = try outside.write("secret.md", "# Secret\n")
        for setting in ["../\(outside.root.lastPathComponent)", "../../../../../../../../\(outside.root.path.dropFirst())", "docs"] {
            let site = try TestSite(["site.json": "{\"contentDir\": \"\(setting)\"}"])
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("docs").path, withDestinationPath: outside.root.path)
            let report = Self.build(site)
            #expect(!report.succeeded, "\(setting)")
            #expect(report.diagnosticText.contains { $0.hasPrefix("site.json") && $0.contains("contentDir") }, "\(setting): \(report.diagnosticText)")
            #expect(!report.files.contains { $0.path.contains("secret") }, "\(setting)")
        }
    }

    // MARK: 5. Symlinks in content

    @Test("5: symlinks to .git or to a secret beside content are not followed, nor copied as symlinks")
    func symlinksInsideTheSite() throws {
        let site = try TestSite(Self.pages.merging([
            ".git/config": "[http]\n\textraheader = AUTHORIZATION: token s3cr3t\n",
            ".env": "API_KEY=s3cr3t\n",
            "notes/private.md": "# Private s3cr3t\n",
            "content/docs/real.md": "# Real\n",
        ]) { $1 })
        let content = site.root.appendingPathComponent("content")
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("g").path, withDestinationPath: "../.git")
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("env.txt").path, withDestinationPath: "../.env")
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("notes").path, withDestinationPath: "../notes")
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("alias.md").path, withDestinationPath: "docs/real.md")
        let report = Self.build(site)
        let output = site.root.appendingPathComponent("_site")
        for path in Self.entries(in: output) {
            #expect(!Self.isSymlink(output.appendingPathComponent(path)), "\(path) is a symlink")
            let text = Self.text(output.appendingPathComponent(path)) ?? ""
            #expect(!text.contains("s3cr3t"), "\(path) leaks a secret")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("g/config").path))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("env.txt").path))
        // A symlink to a page inside the content folder is still followed.
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("alias/index.html").path))
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/env.txt: warning: symlink points outside the content folder") })
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/g: warning: symlink points outside the content folder") })
    }

    @Test("5: a symlinked content folder: symlinks inside it are judged by real paths (inside built, outside refused)")
    func symlinkedContentFolder() throws {
        let site = try TestSite([
            "site.json": "{\"title\": \"Docs\"}",
            "docs/index.md": "# Home\n\n[alias](alias.md) and [shared](shared/real.md)\n",
            "docs/sub/real.md": "# Real\n",
            "secret.md": "# s3cr3t\n",
        ])
        let root = site.root
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("content").path, withDestinationPath: "docs")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("docs/alias.md").path, withDestinationPath: "sub/real.md")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("docs/shared").path, withDestinationPath: "sub")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("docs/leak.md").path, withDestinationPath: "../secret.md")
        let report = Self.build(site)
        let output = root.appendingPathComponent("_site")
        for page in ["alias/index.html", "shared/real/index.html", "sub/real/index.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(page).path), "\(page)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("leak/index.html").path))
        let leak = "content/leak.md: warning: symlink points outside the content folder"
        #expect(report.diagnosticText.count == 1 && report.diagnosticText[0].hasPrefix(leak), "\(report.diagnosticText)")
    }

    @Test("5: a symlinked asset inside the content folder is copied as a file, never as a symlink")
    func symlinkedAssetIsCopied() throws {
        let site = try TestSite(Self.pages.merging(["content/images/logo.svg": "<svg/>"]) { $1 })
        try FileManager.default.createSymbolicLink(
            atPath: site.root.appendingPathComponent("content/logo.svg").path, withDestinationPath: "images/logo.svg")
        #expect(Self.build(site).succeeded)
        let copy = site.root.appendingPathComponent("_site/logo.svg")
        #expect(!Self.isSymlink(copy))
        #expect(Self.text(copy) == "<svg/>")
    }

    // MARK: 6. Writing through symlinks

    @Test("6: --output through a symlink into content/ whose last part does not exist is refused")
    func outputThroughSymlinkIntoContent() throws {
        let site = try TestSite(Self.pages)
        let link = site.root.appendingPathComponent("out")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "content")
        let report = Self.build(site, output: link.appendingPathComponent("site"))
        #expect(!report.succeeded)
        #expect(report.diagnosticText.contains { $0.contains("overlaps the content folder") })
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/site").path))
    }

    @Test("6: a build never writes through a symlink placed in its output")
    func noWritesThroughSymlinks() throws {
        let site = try TestSite(Self.pages)
        let outside = try Outside()
        let victim = try outside.write("victim.html", "precious")
        let folder = try outside.write("dir/keep.txt", "keep").deletingLastPathComponent()
        #expect(Self.build(site).succeeded)
        let output = site.root.appendingPathComponent("_site")
        try FileManager.default.removeItem(at: output.appendingPathComponent("index.html"))
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("index.html").path, withDestinationPath: victim.path)
        try FileManager.default.removeItem(at: output.appendingPathComponent("a"))
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("a").path, withDestinationPath: folder.path)
        try site.write("content/a.md", Data("# A changed\n".utf8))
        let report = Self.build(site)
        #expect(Self.text(victim) == "precious")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path))
        #expect(Self.text(folder.appendingPathComponent("keep.txt")) == "keep")
        #expect(!report.succeeded)
        #expect(report.diagnosticText.contains { $0.contains("symlink") })
    }

    @Test("6: content/out -> ../_site is not followed, so the output does not grow build after build")
    func outputSymlinkedIntoContent() throws {
        let site = try TestSite(Self.pages)
        try FileManager.default.createSymbolicLink(
            atPath: site.root.appendingPathComponent("content/out").path, withDestinationPath: "../_site")
        var counts: [Int] = []
        for _ in 0..<3 {
            _ = Self.build(site)
            counts.append(OutputFolder.allFiles(in: site.root.appendingPathComponent("_site")).count)
        }
        #expect(counts[0] == counts[1] && counts[1] == counts[2], "\(counts)")
        #expect(!OutputFolder.allFiles(in: site.root.appendingPathComponent("_site")).contains { $0.hasPrefix("out/") })
    }

    // MARK: 7. Graphviz cache

    @Test("7: a planted Graphviz cache entry never reaches a page unsanitized")
    func plantedGraphvizCache() throws {
        let source = "digraph { a -> b }\n"
        let site = try TestSite(["content/index.md": "# Home\n\n```dot\n\(source)```\n"])
        let key = ContentHash.sha256(Data(source.utf8))
        let planted = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script>"
            + "<a href=\"javascript:alert(3)\"><text>x</text></a></svg>"
        try site.write(".cairn-cache/graphviz/\(key).svg", Data(planted.utf8))
        // Even a record with the right hash is sanitized.
        try site.write(".cairn-cache/graphviz/\(key).json", Data("{\"status\":\"ok\",\"sha256\":\"\(ContentHash.sha256(Data(planted.utf8)))\"}".utf8))
        let report = site.render()
        let page = try #require(site.page("index.html", in: report))
        #expect(!page.contains("onload"))
        #expect(!page.contains("alert("))
        #expect(!page.contains("javascript:"))
    }

    @Test("7: a cache entry whose record does not hold its hash is not used; a symlinked cache folder is never written through",
          .enabled(if: GraphvizRenderer.findDot() != nil))
    func graphvizCacheChecked() throws {
        let source = "digraph { a -> b }\n"
        let site = try TestSite(["content/index.md": "# Home\n\n```dot\n\(source)```\n"])
        let key = ContentHash.sha256(Data(source.utf8))
        try site.write(".cairn-cache/graphviz/\(key).svg", Data("<svg><text>PLANTED</text></svg>".utf8))
        try site.write(".cairn-cache/graphviz/\(key).json", Data("{\"status\":\"ok\",\"sha256\":\"0000\"}".utf8))
        let page = try #require(site.page("index.html", in: site.render()))
        #expect(!page.contains("PLANTED"))
        #expect(page.contains("<svg"))

        let outside = try Outside()
        let other = try TestSite(["content/index.md": "# Home\n\n```dot\n\(source)```\n"])
        try FileManager.default.createSymbolicLink(
            atPath: other.root.appendingPathComponent(".cairn-cache").path, withDestinationPath: outside.root.path)
        _ = other.render()
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.root.path).isEmpty)
    }

    // MARK: 8. Generated paths

    @Test("8: content files on generated paths are errors in every command; generated files win")
    func generatedPathCollisions() throws {
        let site = try TestSite(Self.pages.merging([
            "content/_cairn/search.js": "alert('planted')",
            "content/404.html": "<script>alert('planted')</script>",
            "content/search/index.json": "{}",
            "content/sitemap.xml": "<x/>",
            "content/search/t/6162.json": "{}",
            "content/search/p/0/0.json": "{}",
            // A docs section about search is not the search index.
            "content/search/guide.md": "# Search guide\n",
            "content/_health/runbook.md": "# Health runbook\n",
        ]) { $1 })
        for layout in [true, false] {
            let report = SiteBuilder.render(root: site.root, mode: layout ? .build : .check)
            for path in ["content/_cairn/search.js", "content/404.html", "content/search/index.json", "content/sitemap.xml",
                         "content/search/t/6162.json", "content/search/p/0/0.json"] {
                #expect(report.diagnosticText.contains { $0.hasPrefix("\(path): error:") && $0.contains("Cairn generates") },
                        "\(path), layout \(layout): \(report.diagnosticText)")
            }
            #expect(!report.files.contains { file in
                guard case .data(let data) = file.contents else { return true }
                return String(decoding: data, as: UTF8.self).contains("alert('planted')")
            })
            #expect(!report.diagnosticText.contains { $0.contains("search/guide.md") || $0.contains("_health/runbook.md") })
            if layout {
                #expect(site.page("search/guide/index.html", in: report) != nil)
                #expect(site.page("_health/runbook/index.html", in: report) != nil)
            }
        }
    }

    // MARK: 9–12. Limits before the work

    static func refusal(_ report: BuildReport, file: String = "content/bad.md") -> String? {
        report.diagnosticText.first { $0.hasPrefix(file) && $0.contains(": error:") && $0.contains("limits.") }
    }

}
