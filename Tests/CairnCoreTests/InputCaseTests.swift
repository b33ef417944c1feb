import Foundation
import Testing
@testable import CairnCore

/// RELIABILITY 20, 22, 24, 27 and the symlink cases of 7 that the other suites do not cover.
@Suite("Input cases")
struct InputCaseTests {
    @Test("images, PDFs and binary files are copied byte for byte, never parsed (20)")
    func binaryAssets() throws {
        let site = try TestSite(["content/index.md": "![logo](logo.png) [spec](spec.pdf)\n"])
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE])
        let pdf = Data("%PDF-1.7\n%\u{00E2}\u{00E3}\n<<>>\n# not a heading\n".utf8) + Data([0x00, 0x01])
        try site.write("content/logo.png", png)
        try site.write("content/spec.pdf", pdf)
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        #expect(report.diagnostics.isEmpty, "\(report.diagnosticText)")
        #expect(try Data(contentsOf: site.root.appendingPathComponent("_site/logo.png")) == png)
        #expect(try Data(contentsOf: site.root.appendingPathComponent("_site/spec.pdf")) == pdf)
        #expect(report.pageCount == 1)
    }

    @Test("empty and truncated files have a defined result (22)")
    func emptyAndTruncated() throws {
        let site = try TestSite([
            "content/empty.md": "",
            "content/half.md": "---\ntitle: Half\n",
            "content/cut.md": "# Cut\n\n| a | b |\n|---|",
        ])
        let report = site.render()
        #expect(site.page("empty/index.html", in: report)?.contains("<h1 class=\"page-title\">Empty</h1>") == true)
        #expect(site.page("cut/index.html", in: report) != nil)
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/half.md:1:1: error: front matter opened with '---' is never closed") })
    }

    @Test("a template naming a missing partial is an error at its line (24)")
    func missingPartial() throws {
        let site = try TestSite(["content/index.md": "# Home\n"])
        try site.write("themes/default/footer.mustache", Data("<footer>\n  {{> copyright }}\n</footer>\n".utf8))
        #expect(site.render().diagnosticText.contains(
            "themes/default/footer.mustache:2:3: error: template uses partial 'copyright', but there is no copyright.mustache"))
    }

    @Test("names with spaces, #, ?, %, &, +, emoji and CJK build and link (27)")
    func specialNames() throws {
        let name = "a b#c?d%e&f+g 🎉 中文"
        // "#" and "?" start a fragment and a query in a link, as on GitHub, so such names are
        // linked percent-encoded; spaces and other characters may stay as they are in <…>.
        let site = try TestSite([
            "content/index.md": "[encoded](notes/a%20b%23c%3Fd%25e&f+g%20%F0%9F%8E%89%20%E4%B8%AD%E6%96%87.md) and [raw](<notes/plain & simple 🎉 中文.md>)\n",
            "content/notes/\(name).md": "# Special\n",
            "content/notes/plain & simple 🎉 中文.md": "# Plain\n",
        ])
        let report = SiteBuilder.build(BuildOptions(root: site.root))
        #expect(report.diagnostics.isEmpty, "\(report.diagnosticText)")
        let html = try String(contentsOf: site.root.appendingPathComponent("_site/index.html"), encoding: .utf8)
        let href = "notes/a%20b%23c%3Fd%25e&amp;f+g%20%F0%9F%8E%89%20%E4%B8%AD%E6%96%87/"
        #expect(html.contains("<a href=\"\(href)\">encoded</a>"))
        #expect(html.contains("<a href=\"notes/plain%20&amp;%20simple%20%F0%9F%8E%89%20%E4%B8%AD%E6%96%87/\">raw</a>"))
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site/notes/\(name)/index.html").path))
    }

    @Test("symlinks out of the site are warned about and skipped; loops end (7)")
    func symlinks() throws {
        let outside = try TestSite(["secret.md": "# Secret\n"])
        let site = try TestSite(["content/index.md": "# Home\n", "content/docs/a.md": "# A\n"])
        let fileManager = FileManager.default
        try fileManager.createSymbolicLink(
            atPath: site.root.appendingPathComponent("content/leak.md").path,
            withDestinationPath: outside.root.appendingPathComponent("secret.md").path)
        try fileManager.createSymbolicLink(
            atPath: site.root.appendingPathComponent("content/docs/loop").path,
            withDestinationPath: site.root.appendingPathComponent("content/docs").path)
        let report = site.render()
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/leak.md: warning: symlink points outside the content folder") })
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/docs/loop: warning: folder is reached twice") })
        #expect(site.page("leak/index.html", in: report) == nil)
        #expect(report.files.allSatisfy { !$0.path.contains("loop") })
    }
}
