import Foundation
import Testing
@testable import CairnCore

@Suite("Routes")
struct RouteTests {
    @Test("maps content files to clean URLs", arguments: [
        ("a/b.md", "a/b/", "a/b/index.html"),
        ("index.md", "", "index.html"),
        ("README.md", "", "index.html"),
        ("guides/index.md", "guides/", "guides/index.html"),
        ("guides/README.md", "guides/", "guides/index.html"),
        ("My Page.md", "My Page/", "My Page/index.html"),
    ])
    func routes(_ path: String, _ url: String, _ file: String) {
        let (route, _, _) = IndexPages.route(for: path)
        #expect(route.description == url)
        #expect(route.outputFile == file)
    }

    @Test("writes URLs relative to the page", arguments: [
        ([], ["a", "b"], true, "a/b/"),
        (["a", "b"], [], true, "../../"),
        (["a", "b"], ["a", "c"], true, "../c/"),
        (["a"], ["a"], true, "./"),
        (["a", "b"], ["a", "img.png"], false, "../img.png"),
        (["a"], ["a", "img.png"], false, "img.png"),
        (["x"], ["My Page", "café #1?"], true, "../My%20Page/caf%C3%A9%20%231%3F/"),
    ])
    func relative(_ from: [String], _ to: [String], _ isFolder: Bool, _ expected: String) {
        #expect(RoutePath(segments: from).relativeURL(to: to, isFolder: isFolder) == expected)
    }

    @Test("reports two sources for one URL, naming both (RELIABILITY 26)", arguments: [
        ["content/Guide.md", "content/guide.md"],
        ["content/README.md", "content/index.md"],
        ["content/a.md", "content/a/index.md"],
        ["content/caf\u{E9}.md", "content/cafe\u{301}.md"],
    ])
    func collisions(_ paths: [String]) throws {
        // Written one by one: as dictionary keys the NFC and NFD names would be one key.
        let site = try TestSite([:])
        for path in paths { try site.write(path, Data("# Page\n".utf8)) }
        let report = site.render()
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        let message = try #require(errors.first?.message)
        // Both files are named (the NFD name may be shown composed).
        #expect(message.contains("both produce"))
        #expect(message.components(separatedBy: "'content/").count - 1 == 2, "\(message)")
        #expect(errors.first?.file?.hasPrefix("content/") == true)
    }
}

@Suite("Link resolution")
struct LinkResolutionTests {
    static let site: [String: String] = [
        "content/index.md": "# Home\n",
        "content/overview.md": """
            # Overview

            ## 1. Executive Summary

            See the [runbook](./operations.md), [](operations.md#2-on-call), [ops folder](ops/),
            [guide](/guides/setup.md#install), [spaces](My%20Notes.md), [me](#1-executive-summary),
            ![diagram](img/arch.png), [ext](https://example.com/x.md), [mail](mailto:a@b.c).
            """,
        "content/operations.md": "# Operations\n\n## 2. On-call\n",
        "content/ops/index.md": "# Ops home\n",
        "content/guides/setup.md": "# Setup\n\n## Install\n\nBack to [overview](../overview.md#1-executive-summary).\n",
        "content/My Notes.md": "# My notes\n",
        "content/img/arch.png": "PNG",
    ]

    @Test("rewrites .md links, folders, root-relative, encoded names, anchors and assets")
    func rewrites() throws {
        let site = try TestSite(Self.site)
        let report = site.render()
        #expect(report.diagnostics.isEmpty, "\(report.diagnosticText)")
        let html = try #require(site.page("overview/index.html", in: report))
        #expect(html.contains("<a href=\"../operations/\">runbook</a>"))
        #expect(html.contains("<a href=\"../operations/#2-on-call\">Operations</a>"))
        #expect(html.contains("<a href=\"../ops/\">ops folder</a>"))
        #expect(html.contains("<a href=\"../guides/setup/#install\">guide</a>"))
        #expect(html.contains("<a href=\"../My%20Notes/\">spaces</a>"))
        #expect(html.contains("<a href=\"#1-executive-summary\">me</a>"))
        #expect(html.contains("<img src=\"../img/arch.png\" alt=\"diagram\" />"))
        #expect(html.contains("<a href=\"https://example.com/x.md\">ext</a>"))
        let setup = try #require(site.page("guides/setup/index.html", in: report))
        #expect(setup.contains("<a href=\"../../overview/#1-executive-summary\">overview</a>"))
        #expect(report.files.contains { $0.path == "img/arch.png" })
    }

    @Test("reports missing pages, anchors and assets at the link, with a hint")
    func broken() throws {
        var files = Self.site
        files["content/guides/broken.md"] = """
            # Broken

            Read [ops](operations.md) and [nothing](../nowhere.md).
            Jump to [x](../operations.md#2-oncall) and [y](#missing).
            ![gone](../img/arch.jpg) and [up](../../outside.md)
            """
        let site = try TestSite(files)
        let lines = site.render().diagnosticText
        #expect(lines == [
            "content/guides/broken.md:3:6: warning: link target 'operations.md' does not exist\n    hint: did you mean '../operations.md'?",
            "content/guides/broken.md:3:31: warning: link target '../nowhere.md' does not exist",
            "content/guides/broken.md:4:9: warning: anchor '#2-oncall' does not exist on 'operations.md'\n    hint: did you mean '#2-on-call'?",
            "content/guides/broken.md:4:44: warning: anchor '#missing' does not exist on this page",
            "content/guides/broken.md:5:1: warning: image target '../img/arch.jpg' does not exist\n    hint: did you mean '../img/arch.png'?",
            "content/guides/broken.md:5:30: warning: link target '../../outside.md' is outside the content folder and will not be published",
        ])
    }

    @Test("did you mean: a file whose name differs only in case beside the link wins over one far away")
    func suggestsNearestSameName() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n",
            "content/a/b/charter.md": "# Far\n",
            "content/team/charter.md": "# Near\n",
            "content/team/notes.md": "# Notes\n\nSee [the charter](CHARTER.md) and [theirs](../a/CHARTER.md).\n",
        ])
        #expect(site.render().diagnosticText == [
            "content/team/notes.md:3:5: warning: link target 'CHARTER.md' does not exist\n    hint: did you mean 'charter.md'?",
            "content/team/notes.md:3:35: warning: link target '../a/CHARTER.md' does not exist\n    hint: did you mean '../a/b/charter.md'?",
        ])
    }

    @Test("links with a query are checked like any other: the file, and the fragment on it")
    func queries() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n\n## Setup\n\n[a](?tab=t.0#setup) [b](?tab=t.0#nope) [c](ops.md?tab=t.0#x) [d](gone.md?x=1)\n",
            "content/ops.md": "# Ops\n\n## X\n",
        ])
        let report = site.render()
        #expect(report.diagnosticText == [
            "content/index.md:5:21: warning: anchor '#nope' does not exist on this page",
            "content/index.md:5:62: warning: link target 'gone.md?x=1' does not exist",
        ])
        #expect(site.page("index.html", in: report)?.contains("<a href=\"ops/?tab=t.0#x\">c</a>") == true)
    }

    @Test("x.md beside x/README.md: both are published, the folder keeps its URL, a warning names both")
    func pageBesideFolderIndex() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n\n[api](api.md) and [folder](api/README.md)\n",
            "content/api.md": "# API overview\n",
            "content/api/README.md": "# API folder\n\n[back](../api.md)\n",
            "content/api/v1.md": "# V1\n",
        ])
        let report = site.render()
        #expect(report.diagnosticText == [
            "content/api.md: warning: 'content/api.md' and 'content/api/README.md' both want the URL 'api/': the folder's index keeps it and this page is published at 'api-md/'\n    hint: rename one of them (or give this page a slug) to choose the URLs yourself; links to either file work as they are",
        ])
        #expect(site.page("api/index.html", in: report)?.contains("API folder") == true)
        #expect(site.page("api-md/index.html", in: report)?.contains("API overview") == true)
        #expect(site.page("index.html", in: report)?.contains("<a href=\"api-md/\">api</a> and <a href=\"api/\">folder</a>") == true)
        #expect(site.page("api/index.html", in: report)?.contains("<a href=\"../api-md/\">back</a>") == true)
        // The same URL claimed any other way is still an error.
        let clash = try TestSite(["content/a.md": "# A\n", "content/A.md": "# B\n"])
        #expect(clash.render().diagnostics.errorCount == 1)
    }

    @Test("links.broken: error and --strict make broken links errors")
    func strictness() throws {
        var files = Self.site
        files["content/bad.md"] = "[x](nope.md)\n"
        let strict = try TestSite(files).render(strict: true)
        #expect(strict.diagnostics.errorCount == 1)
        files["site.json"] = "{\"links\": {\"broken\": \"error\"}}"
        let configured = try TestSite(files).render()
        #expect(configured.diagnostics.errorCount == 1)
    }
}

extension RouteTests {
    @Test("a page beside a folder without an index becomes that folder's page")
    func pageBesideFolder() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n",
            "content/ops.md": "# Operations\n",
            "content/ops/runbook.md": "# Runbook\n\n[up](../ops.md)\n",
        ])
        let report = site.render()
        #expect(report.diagnostics.isEmpty, "\(report.diagnosticText)")
        let runbook = try #require(site.page("ops/runbook/index.html", in: report))
        #expect(runbook.contains("<ol><li><a href=\"../../\">Home</a></li><li><a href=\"../\">Operations</a></li>"))
        let home = try #require(site.page("index.html", in: report))
        #expect(home.contains("<li class=\"nav-section\"><a href=\"ops/\">Operations</a><details><summary><span class=\"visually-hidden\">Operations</span></summary>"))
    }
}
