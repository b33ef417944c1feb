import Foundation
import Synchronization
import Testing
@testable import CairnCore

@Suite("Output folder ownership")
struct OutputFolderTests {
    static let files = ["content/index.md": "# Home\n", "content/a.md": "# A\n"]

    @Test("builds into a new folder and records a manifest")
    func fresh() throws {
        let site = try TestSite(Self.files)
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        #expect(report.succeeded, "\(report.diagnosticText)")
        let out = site.root.appendingPathComponent("_site")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("a/index.html").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(OutputFolder.manifestName).path))
    }

    @Test("pages are written as they are laid out, not kept: each is on disk and in the manifest as the render made it")
    func streamedPages() throws {
        var files = ["site.json": #"{"title": "T"}"#]
        for n in 0..<600 { files["content/p\(n).md"] = "# Page \(n)\n\nText [home](index.md).\n" }
        files["content/index.md"] = "# Home\n"
        let site = try TestSite(files)
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        #expect(report.succeeded, "\(report.diagnosticText)")
        // The health page is a whole-site page made after the others; the content pages are streamed.
        #expect(!report.files.contains { $0.path.hasSuffix("index.html") && !$0.path.hasPrefix("_health/") }, "pages are not kept in memory")
        #expect(report.files.contains { $0.path == "404.html" })
        let out = site.root.appendingPathComponent("_site")
        let manifest = try JSONDecoder().decode(
            OutputFolder.Manifest.self, from: Data(contentsOf: out.appendingPathComponent(OutputFolder.manifestName)))
        // The same pages, byte for byte, as the in-memory render lays out.
        let rendered = SiteBuilder.render(root: site.root)
        let pages = rendered.files.filter { ($0.path.hasSuffix("/index.html") || $0.path == "index.html") && !$0.path.hasPrefix("_health/") }
        #expect(pages.count == 601)
        for page in pages {
            guard case .data(let expected) = page.contents else { continue }
            #expect(try Data(contentsOf: out.appendingPathComponent(page.path)) == expected, "\(page.path)")
            #expect(manifest.files[page.path]?.sha256 == ContentHash.sha256(expected))
        }
        // The search index is made and written beside the layout: on disk and in the manifest
        // as the in-memory build makes it, not kept in the report.
        #expect(!report.files.contains { $0.path.hasPrefix("search/") })
        let search = rendered.files.filter { $0.path.hasPrefix("search/") }
        #expect(search.count > 600)
        for file in search {
            guard case .data(let expected) = file.contents else { continue }
            #expect(try Data(contentsOf: out.appendingPathComponent(file.path)) == expected, "\(file.path)")
            #expect(manifest.files[file.path]?.sha256 == ContentHash.sha256(expected))
        }
    }

    @Test("the manifest is written as JSONEncoder pretty-prints it with sorted keys, and reads back")
    func manifestText() throws {
        var manifest = OutputFolder.Manifest(generator: "Cairn 0.1.0", files: [:])
        for path in ["index.html", "a/b/index.html", "search/p/12.json", "Z.html", "_cairn/style.css"] {
            manifest.files[path] = .init(size: path.count * 100, sha256: ContentHash.sha256(Data(path.utf8)))
        }
        manifest.files["old.html"] = .init(size: 3, sha256: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: manifest.encoded(), as: UTF8.self) == String(decoding: try encoder.encode(manifest), as: UTF8.self))
        // Names JSON must escape, and an empty manifest, read back as written.
        manifest.files["quote\"back\\slash\ttab\u{1}é/ü.html"] = .init(size: 1, sha256: "ab")
        for written in [manifest, OutputFolder.Manifest(generator: "g", files: [:])] {
            let read = try JSONDecoder().decode(OutputFolder.Manifest.self, from: written.encoded())
            #expect(read.files == written.files && read.generator == written.generator)
        }
    }

    @Test("a rebuild leaves a file that would not change untouched, and restores one edited since")
    func unchangedFilesUntouched() throws {
        let site = try TestSite(Self.files)
        _ = SiteBuilder.build(BuildOptions(root: site.root))
        let out = site.root.appendingPathComponent("_site")
        let kept = out.appendingPathComponent("a/index.html"), edited = out.appendingPathComponent("index.html")
        let long = Date(timeIntervalSince1970: 1_000_000_000)
        let original = try Data(contentsOf: edited)
        var changed = original
        changed[changed.count - 2] ^= 0x20  // same size, another byte
        try changed.write(to: edited)
        for url in [kept, edited] { try FileManager.default.setAttributes([.modificationDate: long], ofItemAtPath: url.path) }
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        #expect(report.succeeded, "\(report.diagnosticText)")
        #expect(try FileManager.default.attributesOfItem(atPath: kept.path)[.modificationDate] as? Date == long, "not written again")
        #expect(try Data(contentsOf: edited) == original)
        #expect(try FileManager.default.attributesOfItem(atPath: edited.path)[.modificationDate] as? Date != long)
    }

    @Test("only a regular file with exactly the bytes counts as holding them; a symlink is never followed")
    func holdsBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-holds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let file = folder.appendingPathComponent("f"), link = folder.appendingPathComponent("l"), empty = folder.appendingPathComponent("e")
        try bytes.write(to: file)
        try Data().write(to: empty)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: file.path)
        #expect(DiskSink.holds(bytes, at: file.path))
        #expect(DiskSink.holds(Data(), at: empty.path))
        #expect(!DiskSink.holds(bytes, at: link.path))
        #expect(!DiskSink.holds(bytes.prefix(199_999), at: file.path))
        var last = bytes
        last[last.count - 1] ^= 1
        #expect(!DiskSink.holds(last, at: file.path))
        #expect(!DiskSink.holds(bytes, at: folder.path))
        #expect(!DiskSink.holds(bytes, at: folder.appendingPathComponent("missing").path))
    }

    @Test("removes pages deleted since the last build, and nothing else")
    func stale() throws {
        let site = try TestSite(Self.files)
        _ = SiteBuilder.build(BuildOptions(root: site.root))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/a.md"))
        let out = site.root.appendingPathComponent("_site")
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        #expect(report.succeeded)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("a/index.html").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("a").path))
    }

    @Test("never overwrites a file it did not write")
    func foreignFile() throws {
        let site = try TestSite(Self.files)
        _ = SiteBuilder.build(BuildOptions(root: site.root))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("_site/a/index.html"))
        try site.write("_site/a/index.html", Data("mine".utf8))
        try site.write("_site/notes.txt", Data("keep".utf8))
        // The user's a/index.html is now unknown to the manifest only if the manifest forgot it:
        // simulate that by rewriting the manifest without it.
        let manifestURL = site.root.appendingPathComponent("_site/\(OutputFolder.manifestName)")
        var manifest = try JSONDecoder().decode(OutputFolder.Manifest.self, from: Data(contentsOf: manifestURL))
        manifest.files["a/index.html"] = nil
        try JSONEncoder().encode(manifest).write(to: manifestURL)
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        #expect(report.diagnostics.contains { $0.severity == .error && $0.message.contains("not overwriting 'a/index.html'") })
        #expect(try String(contentsOf: site.root.appendingPathComponent("_site/a/index.html"), encoding: .utf8) == "mine")
        #expect(try String(contentsOf: site.root.appendingPathComponent("_site/notes.txt"), encoding: .utf8) == "keep")
    }

    @Test("refuses dangerous output folders (RELIABILITY 30–31)", arguments: [".", "..", "content", "content/out", "themes"])
    func refuses(_ output: String) throws {
        let site = try TestSite(Self.files)
        let url = site.root.appendingPathComponent(output)
        let report = SiteBuilder.build(BuildOptions(root: site.root, output: url))
        #expect(!report.succeeded)
        #expect(report.diagnostics.contains { $0.message.hasPrefix("refusing to use") })
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/a.md").path))
    }

    @Test("refuses a non-empty folder without a manifest and leaves it untouched")
    func foreignFolder() throws {
        let site = try TestSite(Self.files)
        try site.write("mine/important.txt", Data("keep".utf8))
        let report = SiteBuilder.build(BuildOptions(root: site.root, output: site.root.appendingPathComponent("mine")))
        #expect(!report.succeeded)
        #expect(try String(contentsOf: site.root.appendingPathComponent("mine/important.txt"), encoding: .utf8) == "keep")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("mine/index.html").path))
    }

    @Test("the home folder and / are refused", arguments: ["/", FileManager.default.homeDirectoryForCurrentUser.path])
    func systemFolders(_ path: String) throws {
        let site = try TestSite(Self.files)
        let (folder, problems) = OutputFolder.claim(URL(fileURLWithPath: path), root: site.root, contentDir: "content", settingName: "--output")
        #expect(folder == nil)
        #expect(problems.count == 1)
    }
}

@Suite("Theme")
struct ThemeTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("embedded theme matches themes/default (run scripts/embed-files.py after editing it)")
    func embeddedMatchesFolder() throws {
        let folder = Self.repository.appendingPathComponent("themes/default")
        let paths = OutputFolder.allFiles(in: folder)
        #expect(paths == EmbeddedTheme.files.keys.sorted())
        for path in paths {
            let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            #expect(EmbeddedTheme.files[path].map { $0 + "\n" } == text, "\(path) is out of date in EmbeddedTheme.swift")
        }
    }

    @Test("a site builds without a themes folder, and may override one template")
    func override() throws {
        let site = try TestSite(["content/index.md": "# Home\n"])
        #expect(site.page("index.html", in: site.render())?.contains("class=\"sidebar\"") == true)
        try site.write("themes/default/footer.mustache", Data("<footer>custom {{site.title}}</footer>\n".utf8))
        let html = try #require(site.page("index.html", in: site.render()))
        #expect(html.contains("<footer>custom Documentation</footer>"))
        #expect(html.contains("class=\"sidebar\""))
    }

    @Test("every page links the favicon: the theme's SVG, or the site's own file or URL; a missing file warns")
    func favicon() throws {
        let site = try TestSite(["content/index.md": "# Home\n", "content/guides/setup.md": "# Setup\n"])
        var report = site.render()
        #expect(site.page("guides/setup/index.html", in: report)?.contains("<link rel=\"icon\" href=\"../../_cairn/favicon.svg\" type=\"image/svg+xml\">") == true)
        #expect(site.page("404.html", in: report)?.contains("<link rel=\"icon\" href=\"/_cairn/favicon.svg\" type=\"image/svg+xml\">") == true)
        #expect(site.page("_cairn/favicon.svg", in: report)?.hasPrefix("<svg") == true)

        try site.write("site.json", Data("{\n  \"favicon\": \"img/logo mark.png\"\n}\n".utf8))
        report = site.render()
        #expect(report.diagnosticText == [
            "site.json:2:14: warning: favicon 'img/logo mark.png' is not a file under content/\n    hint: put the icon at content/img/logo mark.png, or remove \"favicon\" to use the theme's",
        ])
        try site.write("content/img/logo mark.png", Data([0x89, 0x50]))
        report = site.render()
        #expect(report.diagnostics.isEmpty)
        #expect(site.page("guides/setup/index.html", in: report)?.contains("<link rel=\"icon\" href=\"../../img/logo%20mark.png\" type=\"image/png\">") == true)

        try site.write("site.json", Data("{\"favicon\": \"https://cdn.example.com/icon.ico?v=2\"}".utf8))
        report = site.render()
        #expect(site.page("index.html", in: report)?.contains("<link rel=\"icon\" href=\"https://cdn.example.com/icon.ico?v=2\" type=\"image/x-icon\">") == true)
    }

    @Test("the status line says only what the page's text does not, after the title Cairn draws")
    func statusLine() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n",
            "content/stated.md": "# Stated\n\n**Status:** Approved  \n**Owner:** Ops\n\n## Body\n",
            "content/front.md": "---\ntitle: Front\nstatus: Draft\nowner: Docs team\n---\n\nNo heading of its own.\n",
            "content/both.md": "---\nstatus: Approved\n---\n# Both\n\n**Status:** Draft\n",
        ])
        let report = site.render()
        let stated = try #require(site.page("stated/index.html", in: report))
        #expect(!stated.contains("page-meta"))
        let front = try #require(site.page("front/index.html", in: report))
        let title = try #require(front.range(of: "<h1 class=\"page-title\">Front</h1>"))
        let meta = try #require(front.range(of: "<p class=\"page-meta\"><span class=\"status-badge status-draft\">Draft</span> <span>Owner: Docs team</span></p>"))
        #expect(title.upperBound <= meta.lowerBound, "the status line comes after the title")
        // The page draws its own title: the line goes to the page footer, not above the title.
        let both = try #require(site.page("both/index.html", in: report))
        let footer = try #require(both.range(of: "<div class=\"page-footer\">"))
        let line = try #require(both.range(of: "<p class=\"page-meta\">"))
        #expect(footer.upperBound <= line.lowerBound)
    }

    @Test("names a missing theme and template syntax errors with file and line")
    func errors() throws {
        let missing = try TestSite(["site.json": "{\"theme\": \"fancy\"}", "content/index.md": "# Home\n"])
        #expect(missing.render().diagnosticText.contains {
            $0.hasPrefix("site.json: error: theme 'fancy' not found")
        })
        let broken = try TestSite(["content/index.md": "# Home\n"])
        try broken.write("themes/default/page.mustache", Data("<html>\n{{#page}}\n{{title}}\n</html>\n".utf8))
        let lines = broken.render().diagnosticText
        #expect(lines.contains { $0.hasPrefix("themes/default/page.mustache:") && $0.contains("error: template syntax error") })
        // The line is the template's own (Cairn puts a pragma line before every template).
        try broken.write("themes/default/page.mustache", Data("<html>\n{{#a}}\n{{/b}}\n</html>\n".utf8))
        let mismatch = broken.render().diagnosticText
        #expect(mismatch.contains { $0.hasPrefix("themes/default/page.mustache:3:") && $0.contains("section closed with a different name") }, "\(mismatch)")
    }

    @Test("escapes page text in every place the theme writes it (RELIABILITY 11–12)")
    func escaping() throws {
        let site = try TestSite([
            "site.json": "{\"title\": \"<b>Site</b>\"}",
            "content/index.md": "---\ntitle: \"</title><script>alert(1)</script>\"\ndescription: \"\\\"><script>x</script>\"\n---\n\n## \"><img src=x onerror=alert(1)>\n\n## Second\n\n{{ site.title }} {% raw %}\n",
        ])
        let html = try #require(site.page("index.html", in: site.render()))
        // The theme's own scripts: three external files and the head's theme choice, whose text is
        // fixed; no script element carries page text.
        #expect(html.components(separatedBy: "<script").count - 1 == 4)
        #expect(html.contains("<script src=\"./_cairn/search.js\" defer></script>"))
        #expect(html.contains("<script src=\"./_cairn/copy.js\" defer></script>"))
        #expect(html.contains("<script src=\"./_cairn/page.js\" defer></script>"))
        let inline = try #require(html.components(separatedBy: "<script>").dropFirst().first?.components(separatedBy: "</script>").first)
        #expect(html.components(separatedBy: "<script>").count == 2)
        #expect(inline.contains("localStorage.getItem(\"cairn-theme\")"))
        #expect(!inline.contains("alert") && !inline.contains("Site"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<b>Site</b>"))
        #expect(html.contains("&lt;/title&gt;&lt;script&gt;"))
        #expect(html.contains("{{ site.title }} {% raw %}"))
    }
}

extension OutputFolderTests {
    /// Remembers what it was asked to store, and stores nothing.
    final class RecordingSink: OutputSink {
        let paths = Mutex<[String]>([])
        func write(_ bytes: Data, at path: String, replacing: Bool) throws(OutputWriteError) {
            paths.withLock { $0.append(path) }
        }
    }

    @Test("a copied file that cannot be read is an error at its path, never an empty file written or in the manifest")
    func unreadableCopy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-unreadable-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let gone = folder.appendingPathComponent("gone.png")
        let sink = RecordingSink()
        let (written, diagnostics) = OutputFolder(url: folder, previousFiles: []).write(
            [OutputFile(path: "img/gone.png", contents: .copy(gone))], sink: sink)
        #expect(written == 0)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.file == "img/gone.png")
        #expect(diagnostics.first?.message.hasPrefix("cannot read '\(gone.path)' to copy it to 'img/gone.png'") == true)
        #expect(sink.paths.withLock { $0 }.isEmpty)
    }
}
