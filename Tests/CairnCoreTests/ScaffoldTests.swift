import Foundation
import Testing
@testable import CairnCore

/// `cairn init` and `cairn new`: the templates, what a new site builds to, numbering, and that
/// nothing already there is ever replaced.
@Suite("init and new")
struct ScaffoldTests {
    static let repository = ThemeTests.repository
    static let date = "2026-12-02"

    func newFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("cairn-init-\(UUID().uuidString)", isDirectory: true)
    }

    func read(_ url: URL, _ path: String) -> String? {
        try? String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("embedded templates match their sources (run scripts/embed-files.py after editing them)")
    func embeddedMatchesSources() throws {
        let folder = Self.repository.appendingPathComponent("Sources/CairnCore/Scaffold/Templates")
        var expected: [String: URL] = [
            "common/site.schema.json": Self.repository.appendingPathComponent("site.schema.json"),
            "overview/content/overview.md": Self.repository.appendingPathComponent("content/overview.md"),
        ]
        for path in OutputFolder.allFiles(in: folder) {
            let key = path.split(separator: "/").map { $0.hasPrefix("dot-") ? "." + $0.dropFirst(4) : String($0) }
                .joined(separator: "/")
            expected[key] = folder.appendingPathComponent(path)
        }
        #expect(expected.keys.sorted() == EmbeddedTemplates.files.keys.sorted())
        for (key, url) in expected {
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(EmbeddedTemplates.files[key].map { $0 + "\n" } == text, "\(key) is out of date in EmbeddedTemplates.swift")
        }
    }

    @Test("the overview template: every promised file, values filled in, the user's template unchanged")
    func overviewFiles() throws {
        let files = SiteScaffold.files(.overview, values: .init(title: "Payments", date: Self.date))
        #expect(files.map(\.path) == [
            ".github/workflows/docs.yml", ".gitignore", "content/adr/0001-record-architecture-decisions.md",
            "content/adr/index.md", "content/index.md", "content/operations.md", "content/overview.md",
            "site.json", "site.schema.json",
        ])
        for file in files {
            #expect(!file.contents.contains("{{title}}") && !file.contents.contains("{{date}}"), "\(file.path) has an unfilled value")
            #expect(file.contents.hasSuffix("\n"))
        }
        let overview = try #require(files.first { $0.path == "content/overview.md" })
        #expect(overview.contents == read(Self.repository, "content/overview.md"))
        let record = try #require(files.first { $0.path == "content/adr/0001-record-architecture-decisions.md" })
        #expect(record.contents.contains("**Date:** 2026-12-02"))
        let (config, diagnostics) = SiteConfig.decode(try #require(files.first { $0.path == "site.json" }).contents)
        #expect(diagnostics.isEmpty)
        #expect(config.title == "Payments")
        #expect(config.nav == ["index.md", "overview.md", "operations.md", "adr/"])
        #expect(SiteScaffold.files(.minimal, values: .init(title: "x", date: Self.date)).map(\.path) == [
            ".github/workflows/docs.yml", ".gitignore", "content/index.md", "site.json", "site.schema.json",
        ])
    }

    @Test("a title with quotes, backslashes and markup lands escaped in JSON, YAML and Markdown")
    func titleEscaping() throws {
        let title = #"Acme "Pay" \ <b>*docs*</b>"#
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = SiteInit.run(.init(folder: folder, template: .minimal, title: title, date: Self.date))
        #expect(report.succeeded)
        let (config, diagnostics) = LoadContent.loadConfig(root: folder)
        #expect(diagnostics.isEmpty)
        #expect(config.title == title)
        let built = SiteBuilder.render(root: folder, includeDrafts: false, strict: false, environment: BuildEnvironment())
        #expect(built.diagnostics.isEmpty, "\(built.diagnostics)")
        let html = try #require(built.files.first { $0.path == "index.html" }.flatMap { file -> String? in
            guard case .data(let data) = file.contents else { return nil }
            return String(decoding: data, as: UTF8.self)
        })
        #expect(html.contains("<title>Acme &quot;Pay&quot; \\ &lt;b&gt;*docs*&lt;/b&gt;"))
        #expect(html.contains("<h1 id=\"acme-pay--bdocsb\">\nAcme &quot;Pay&quot; \\ &lt;b&gt;*docs*&lt;/b&gt;\n"))
        #expect(!html.contains("<b>"))
    }

    @Test("a new site builds with no errors: only the overview template's own placeholders and table-of-contents warnings")
    func newSiteBuilds() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = SiteInit.run(.init(folder: folder, date: Self.date))
        #expect(report.succeeded)
        #expect(report.written.created.count == 9)
        let built = SiteBuilder.build(BuildOptions(root: folder))
        #expect(built.succeeded)
        #expect(built.pageCount == 5)
        #expect(built.diagnostics.errorCount == 0)
        #expect(built.diagnostics.map { $0.file ?? "" } == ["content/overview.md", "content/overview.md"])
        let messages = built.diagnostics.map(\.message)
        #expect(messages.contains { $0.hasPrefix("173 unfilled placeholders") })
        #expect(messages.contains { $0.hasPrefix("table of contents lists 4 of 8 sections") })
    }

    @Test("a folder that is not empty is refused and left as it was; a fresh git clone counts as empty")
    func refusesNonEmpty() throws {
        let site = try TestSite(["notes.txt": "mine\n"])
        let report = SiteInit.run(.init(folder: site.root, date: Self.date))
        #expect(!report.succeeded)
        #expect(report.refused?.message.contains("'notes.txt'") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path) == ["notes.txt"])

        let clone = try TestSite([".git/HEAD": "ref: refs/heads/main\n"])
        #expect(SiteInit.run(.init(folder: clone.root, date: Self.date)).succeeded)

        let file = try TestSite(["x": "file\n"])
        #expect(SiteInit.run(.init(folder: file.root.appendingPathComponent("x"), date: Self.date)).refused != nil)
    }

    @Test("--force adds what is missing and keeps every file, symlink and symlinked folder as it was")
    func forceKeeps() throws {
        let outside = try TestSite(["secret.txt": "outside\n"])
        let site = try TestSite(["site.json": "{\"title\": \"Mine\"}\n", "content/index.md": "# My home\n"])
        try FileManager.default.createSymbolicLink(
            atPath: site.root.appendingPathComponent(".gitignore").path, withDestinationPath: outside.root.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(
            atPath: site.root.appendingPathComponent(".github").path, withDestinationPath: outside.root.path)
        let report = SiteInit.run(.init(folder: site.root, force: true, date: Self.date))
        #expect(Set(report.written.kept) == ["site.json", "content/index.md", ".gitignore"])
        #expect(report.written.created.contains("content/overview.md"))
        #expect(!report.written.created.contains(".github/workflows/docs.yml"))
        #expect(report.written.problems.map(\.file) == [".github/workflows/docs.yml"])
        #expect(read(site.root, "site.json") == "{\"title\": \"Mine\"}\n")
        #expect(read(site.root, "content/index.md") == "# My home\n")
        #expect(read(outside.root, "secret.txt") == "outside\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.root.path) == ["secret.txt"])
    }

    @Test("the writer never replaces a file, even one that appears after the plan")
    func writerNeverReplaces() throws {
        let site = try TestSite(["a.md": "mine\n"])
        let result = ScaffoldWriter.write(
            [ScaffoldFile(path: "a.md", contents: "new\n"), ScaffoldFile(path: "b/c.md", contents: "new\n"),
             ScaffoldFile(path: "../escape.md", contents: "x\n")],
            into: site.root)
        #expect(result.kept == ["a.md"])
        #expect(result.created == ["b/c.md"])
        #expect(result.problems.count == 1)
        #expect(read(site.root, "a.md") == "mine\n")
        #expect(!FileManager.default.fileExists(atPath: site.root.deletingLastPathComponent().appendingPathComponent("escape.md").path))
    }
}

extension ScaffoldTests {
    func plan(_ path: String, template: NewPage.Template? = nil, title: String? = nil, existing: [String: [String]] = [:]) -> Result<NewPage.Plan, NewPage.Refusal> {
        NewPage.plan(path, contentDir: "content", template: template, title: title, date: Self.date) { existing[$0] }
    }

    @Test("ADR numbering: the next number in the folder, its width kept, a given number respected",
          arguments: [
            ("adr/use-kafka.md", [String: [String]](), "adr/0001-use-kafka.md"),
            ("adr/use-kafka.md", ["adr": ["index.md", "0001-a.md", "0002-b.md", "0010-c.md", "notes.md"]], "adr/0011-use-kafka.md"),
            ("content/adr/use-kafka", ["adr": ["0001-a.md"]], "adr/0002-use-kafka.md"),
            ("./docs/decisions/use-kafka.md", ["docs/decisions": ["00009-a.md"]], "docs/decisions/00010-use-kafka.md"),
            ("adr/0042-use-kafka.md", ["adr": ["0001-a.md"]], "adr/0042-use-kafka.md"),
            ("ADR/Use_Kafka.markdown", ["ADR": ["0003-x.md"]], "ADR/0004-Use_Kafka.markdown"),
          ])
    func adrNumbering(_ path: String, _ existing: [String: [String]], _ expected: String) throws {
        let planned = try plan(path, existing: existing).get()
        #expect(planned.template == .adr)
        #expect(planned.file.path == expected)
        let number = String(expected.split(separator: "/").last!.prefix { $0.isNumber })
        #expect(planned.file.contents.contains("# ADR \(number): "))
        #expect(planned.file.contents.contains("**Date:** 2026-12-02"))
    }

    @Test("titles from the file name or --title; templates inferred from the folder or given")
    func titlesAndTemplates() throws {
        let adr = try plan("adr/use-kafka-for-events.md").get()
        #expect(adr.file.contents.hasPrefix("---\ntitle: \"ADR 0001: Use kafka for events\"\nstatus: Proposed\n---\n"))
        let page = try plan("guides/getting_started").get()
        #expect(page.template == .page)
        #expect(page.file.path == "guides/getting_started.md")
        #expect(page.file.contents == "---\ntitle: \"Getting started\"\n---\n\n# Getting started\n")
        let runbook = try plan("ops/payments.md", template: .runbook, title: "Payments runbook").get()
        #expect(runbook.file.contents.contains("# Payments runbook\n"))
        #expect(runbook.file.contents.contains("**Last Updated:** 2026-12-02"))
        let overview = try plan("overview-2.md", template: .overview).get()
        #expect(overview.file.contents.contains("**Last Updated:** 2026-12-02  \n"))
        #expect(overview.file.contents.contains("**Target Date:** [Date]"))
        let forced = try plan("adr/x.md", template: .page).get()
        #expect(forced.file.path == "adr/x.md")
    }

    @Test("refused: paths that leave the content folder, absolute paths, hidden folders",
          arguments: ["../x.md", "/etc/x.md", "a/../../x.md", ".drafts/x.md", "adr/.x.md", "", "a//b.md"])
    func refusals(_ path: String) {
        guard case .failure(let refusal) = plan(path) else {
            Issue.record("'\(path)' was accepted")
            return
        }
        #expect(refusal.diagnostic.severity == .error)
    }

    @Test("cairn new writes into the configured content folder and never over an existing page")
    func newInSite() throws {
        let site = try TestSite(["site.json": "{\"contentDir\": \"docs\"}\n", "docs/adr/0001-a.md": "# A\n"])
        let first = NewPage.run("adr/use-kafka.md", root: site.root, template: nil, title: nil, date: Self.date)
        #expect(first.created == "docs/adr/0002-use-kafka.md")
        #expect(first.diagnostics.isEmpty)
        try Data("edited\n".utf8).write(to: site.root.appendingPathComponent("docs/adr/0002-use-kafka.md"))
        let again = NewPage.run("docs/adr/0002-use-kafka.md", root: site.root, template: nil, title: nil, date: Self.date)
        #expect(again.created == nil)
        #expect(again.diagnostics.first?.message == "already exists; nothing was written")
        #expect(again.diagnostics.first?.file == "docs/adr/0002-use-kafka.md")
        #expect(read(site.root, "docs/adr/0002-use-kafka.md") == "edited\n")

        let outside = try TestSite([:])
        try FileManager.default.createSymbolicLink(
            atPath: site.root.appendingPathComponent("docs/ops").path, withDestinationPath: outside.root.path)
        let linked = NewPage.run("ops/runbook.md", root: site.root, template: .runbook, title: nil, date: Self.date)
        #expect(linked.created == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.root.path).isEmpty)

        let empty = try TestSite([:])
        let none = NewPage.run("a.md", root: empty.root, template: nil, title: nil, date: Self.date)
        #expect(none.diagnostics.first?.message.hasPrefix("no site here") == true)
    }
}

extension CommandLineTests {
    @Test("cairn init and cairn new: exit 0 when written, 1 when refused, the next commands printed")
    func initAndNew() throws {
        let parent = try TestSite([:])
        let made = try run(["init", "docs", "--template", "minimal"], in: parent.root)
        #expect(made.code == 0)
        #expect(made.out.contains("Created a Cairn site in docs (minimal template), 5 files:"))
        #expect(made.out.contains("  cd docs\n  cairn watch"))
        let again = try run(["init", "docs"], in: parent.root)
        #expect(again.code == 1)
        #expect(again.err.contains("docs: error: the folder is not empty"))
        let forced = try run(["init", "docs", "--force"], in: parent.root)
        #expect(forced.code == 0)
        #expect(forced.out.contains("Kept 5 files already there (not overwritten):"))
        let site = parent.root.appendingPathComponent("docs")
        let page = try run(["new", "adr/use-kafka.md"], in: site)
        #expect(page.code == 0)
        #expect(page.out == "Created content/adr/0002-use-kafka.md (adr template)\n")  // after --force's 0001
        let twice = try run(["new", "adr/0002-use-kafka.md"], in: site)
        #expect(twice.code == 1)
        #expect(twice.err.hasPrefix("content/adr/0002-use-kafka.md: error: already exists"))
        #expect(try run(["new", "x.md", "--template", "nope"], in: site).code == 2)
        #expect(try run(["init", "--template", "nope"], in: parent.root).code == 2)
    }
}
