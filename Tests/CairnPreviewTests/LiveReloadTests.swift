import CairnCore
import Foundation
import Testing
@testable import CairnPreview

@Suite("Live reload and the error overlay")
struct LiveReloadTests {
    static func count(_ needle: String, in data: Data) -> Int {
        String(decoding: data, as: UTF8.self).components(separatedBy: needle).count - 1
    }

    @Test("the script goes in once, before the last </body>, or at the end of a page without one")
    func injection() {
        let page = Data("<html><body><pre>&lt;/body&gt;</pre><p>x</p></BODY></html>".utf8)
        let injected = LiveReload.inject(into: page, errors: [])
        #expect(Self.count("data-cairn-live-reload", in: injected) == 1)
        #expect(String(decoding: injected, as: UTF8.self).hasSuffix("</script></BODY></html>"))
        let bare = LiveReload.inject(into: Data("<h1>No body</h1>".utf8), errors: [])
        #expect(Self.count("data-cairn-live-reload", in: bare) == 1)
        #expect(String(decoding: bare, as: UTF8.self).hasPrefix("<h1>No body</h1><div") == false)
        #expect(String(decoding: bare, as: UTF8.self).hasPrefix("<h1>No body</h1><script"))
    }

    @Test("the overlay lists errors escaped")
    func overlayEscapes() {
        let page = LiveReload.inject(
            into: Data("<body></body>".utf8),
            errors: ["content/<script>alert(1)</script>.md:2:15: error: unexpected \"&\""])
        let text = String(decoding: page, as: UTF8.self)
        #expect(text.contains("cairn-error-overlay"))
        #expect(text.contains("content/&lt;script&gt;alert(1)&lt;/script&gt;.md:2:15: error: unexpected &quot;&amp;&quot;"))
        #expect(!text.contains("<script>alert(1)"))
    }

    @Test("build and publish output never carry the live-reload script (RELIABILITY 32)")
    func notInBuildOutput() throws {
        let site = try WatchedSite()
        let report = SiteBuilder.render(root: site.root, environment: BuildEnvironment(readGitHistory: false))
        let published = SiteBuilder.render(
            root: site.root, mode: .publish, environment: BuildEnvironment(readGitHistory: false))
        for file in report.files + published.files {
            guard case .data(let data) = file.contents else { continue }
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("data-cairn-live-reload"), "\(file.path)")
            #expect(!text.contains(LiveReload.eventsPath), "\(file.path)")
        }
    }

    @Test("the loop: a save reloads; broken front matter keeps the last good page under an overlay; the fix removes it")
    func loopWithPreview() async throws {
        let site = try WatchedSite()
        let state = PreviewState()
        let loop = WatchLoop(
            root: site.root, options: WatchOptions(), target: .preview(state), onBuild: { _ in }, onNotice: { _ in })
        loop.buildFirst()
        let log = Notices()
        let stream = state.broadcaster.subscribe()
        let reader = Task { for await message in stream { log.add(message) } }
        defer { reader.cancel() }
        let routing = PreviewRouting(policy: HostPolicy(configuredHost: "", port: 8000), token: "t")
        func page(_ path: String) -> String {
            let answer = routing.respond(to: PreviewRequest(method: "GET", target: path, host: "127.0.0.1:8000"), snapshot: state.current)
            return String(decoding: answer.body, as: UTF8.self)
        }
        #expect(page("/ops/").contains("Runbook."))

        try site.write("content/ops.md", "# Operations\n\nA new runbook.\n")
        loop.rebuild(SiteChanges(paths: ["content/ops.md"]))
        #expect(page("/ops/").contains("A new runbook."))

        try site.write("content/ops.md", "---\ntitle: \"Ops\n---\n# Operations\n\nHalf-saved.\n")
        loop.rebuild(SiteChanges(paths: ["content/ops.md"]))
        let broken = page("/ops/")
        #expect(broken.contains("A new runbook."))  // the last good build
        #expect(!broken.contains("Half-saved."))
        #expect(broken.contains("cairn-error-overlay"))
        #expect(broken.contains("content/ops.md:2:"))
        #expect(page("/").contains("cairn-error-overlay"))  // on every page

        try site.write("content/ops.md", "---\ntitle: \"Ops\"\n---\n# Operations\n\nFixed.\n")
        loop.rebuild(SiteChanges(paths: ["content/ops.md"]))
        #expect(page("/ops/").contains("Fixed."))
        #expect(!page("/ops/").contains("cairn-error-overlay"))

        // A stylesheet change swaps stylesheets instead of reloading.
        try site.write("themes/default/assets/style.css", "body { color: teal }\n")
        loop.rebuild(SiteChanges(paths: ["themes/default/assets/style.css"]))
        #expect(page("/_cairn/style.css").contains("teal"))

        // Deleted pages are gone from the preview (RELIABILITY 28).
        try site.remove("content/guides/setup.md")
        loop.rebuild(SiteChanges(paths: ["content/guides/setup.md"]))
        let gone = routing.respond(
            to: PreviewRequest(method: "GET", target: "/guides/setup/", host: "127.0.0.1:8000"), snapshot: state.current)
        #expect(gone.status == 404)

        try await Task.sleep(for: .milliseconds(100))
        let events = log.all.compactMap { $0.split(separator: "\n").first.map(String.init) }
        #expect(events == ["event: reload", "event: reload", "event: reload", "event: css", "event: reload"])
    }

    @Test("--no-server: each rebuild writes only what changed and removes deleted pages")
    func loopWithFolder() throws {
        let site = try WatchedSite()
        let output = site.root.appendingPathComponent("_site", isDirectory: true)
        let (folder, problems) = OutputFolder.claim(output, root: site.root, contentDir: "content", settingName: "outputDir")
        #expect(problems.isEmpty)
        let loop = WatchLoop(
            root: site.root, options: WatchOptions(), target: .folder(try #require(folder)), onBuild: { _ in }, onNotice: { _ in })
        loop.buildFirst()
        let setup = output.appendingPathComponent("guides/setup/index.html")
        let home = output.appendingPathComponent("index.html")
        #expect(FileManager.default.fileExists(atPath: setup.path))
        let homeBefore = try FileManager.default.attributesOfItem(atPath: home.path)[.modificationDate] as? Date

        try site.write("content/ops.md", "# Operations\n\nOn disk.\n")
        loop.rebuild(SiteChanges(paths: ["content/ops.md"]))
        #expect(try String(contentsOf: output.appendingPathComponent("ops/index.html"), encoding: .utf8).contains("On disk."))
        #expect(try FileManager.default.attributesOfItem(atPath: home.path)[.modificationDate] as? Date == homeBefore)

        try site.remove("content/guides/setup.md")
        loop.rebuild(SiteChanges(paths: ["content/guides/setup.md"]))
        #expect(!FileManager.default.fileExists(atPath: setup.path))
        #expect(!String(decoding: try Data(contentsOf: home), as: UTF8.self).contains("data-cairn-live-reload"))
    }

    @Test("--no-server: a changed outputDir is announced, never ignored silently (data safety)")
    func outputDirChangeAnnounced() throws {
        let site = try WatchedSite()
        let output = site.root.appendingPathComponent("_site", isDirectory: true)
        let (folder, _) = OutputFolder.claim(output, root: site.root, contentDir: "content", settingName: "outputDir")
        final class Notices: @unchecked Sendable {
            let lock = NSLock()
            var lines: [String] = []
            func add(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
        }
        let notices = Notices()
        let loop = WatchLoop(
            root: site.root, options: WatchOptions(), target: .folder(try #require(folder)), onBuild: { _ in },
            onNotice: { notices.add($0) })
        loop.buildFirst()
        try site.write("site.json", "{\"outputDir\": \"build\"}")
        loop.rebuild(SiteChanges(paths: ["site.json"]))
        #expect(notices.lines.contains { $0.contains("outputDir") && $0.contains("'build'") && $0.contains("restart") }, "\(notices.lines)")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("build").path))
    }
}

@Test("the preview never serves an unreadable asset as an empty file: it keeps the old bytes and says why")
func unreadableAssetInPreview() {
    var snapshot = SiteSnapshot()
    let missing = URL(fileURLWithPath: "/nonexistent-cairn-\(UUID().uuidString).png")
    snapshot.apply(files: [OutputFile(path: "a.png", contents: .data(Data("old".utf8)))], changed: ["a.png"], removed: [])
    let failures = snapshot.apply(files: [OutputFile(path: "a.png", contents: .copy(missing))], changed: ["a.png"], removed: [])
    #expect(failures.count == 1)
    #expect(failures.first?.hasPrefix("\(missing.path): error: cannot read it for the preview") == true)
    #expect(snapshot.files["a.png"]?.data == Data("old".utf8))
}
