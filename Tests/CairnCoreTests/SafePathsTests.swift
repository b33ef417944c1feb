import CairnMarkdown
import Foundation
import Testing
@testable import CairnCore

/// Unit tests of the pieces behind the data-safety cases: the path rule, the SVG sanitizer, the
/// YAML alias guard and the publish lock.
@Suite("Safe paths and sanitizers")
struct SafePathsTests {
    @Test("resolve follows symlinks, keeps missing parts, follows dangling links and names loops")
    func resolve() throws {
        let site = try TestSite(["content/a.md": "# A\n"])
        let root = try #require(SafePaths.resolve(site.root))
        let fileManager = FileManager.default
        try fileManager.createSymbolicLink(atPath: site.root.appendingPathComponent("out").path, withDestinationPath: "content")
        #expect(SafePaths.resolve(site.root.appendingPathComponent("out/new/deeper"))?.path == root.path + "/content/new/deeper")
        try fileManager.createSymbolicLink(atPath: site.root.appendingPathComponent("dangling").path, withDestinationPath: "content/later")
        #expect(SafePaths.resolve(site.root.appendingPathComponent("dangling/x"))?.path == root.path + "/content/later/x")
        try fileManager.createSymbolicLink(atPath: site.root.appendingPathComponent("l1").path, withDestinationPath: "l2")
        try fileManager.createSymbolicLink(atPath: site.root.appendingPathComponent("l2").path, withDestinationPath: "l1")
        #expect(SafePaths.resolve(site.root.appendingPathComponent("l1/x")) == nil)
    }

    @Test("containment is per path component, never a string prefix")
    func containment() {
        #expect(SafePaths.isSameOrInside("/site/_site/a", "/site/_site"))
        #expect(SafePaths.isSameOrInside("/site/_site", "/site/_site"))
        #expect(!SafePaths.isSameOrInside("/site/_site-leak/a", "/site/_site"))
        #expect(SafePaths.isSameOrInside("/anything", "/"))
    }

    @Test("manifest and health paths must be plain relative paths", arguments: [
        ("a/b.html", true), ("../x", false), ("a/../../x", false), ("/etc/passwd", false), ("a//b", false),
        ("./a", false), ("a/.", false), ("", false), ("~/x", false), ("a\\b", false), ("a\nb", false), ("é/ü.html", true),
    ])
    func relativePaths(_ path: String, _ valid: Bool) {
        #expect((SafePaths.relativePathProblem(path) == nil) == valid, "\(path)")
    }

    @Test("site.json refuses folder settings that climb out of the site and output paths that leave the output")
    func configPaths() {
        let (config, problems) = SiteConfig.decode(
            "{\"contentDir\": \"docs/../../x\", \"publishDir\": \"..\", \"outputDir\": \"build/site\", \"health\": {\"path\": \"a/../b\"}}")
        #expect(config.contentDir == "content" && config.publishDir == "public" && config.healthPath == "_health")
        #expect(config.outputDir == "build/site")
        #expect(problems.count == 3, "\(problems.map(\.message))")
    }

    @Test("the SVG sanitizer keeps Graphviz drawings and drops every way to run script")
    func svgSanitizer() {
        let graphviz = """
        <svg width="62pt" height="116pt" viewBox="0.00 0.00 62.00 116.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
        <g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 112)">
        <title>%3</title>
        <polygon fill="white" stroke="transparent" points="-4,4 -4,-112 58,-112 58,4 -4,4"/>
        <g id="node1" class="node"><title>a</title><ellipse fill="none" stroke="black" cx="27" cy="-90" rx="27" ry="18"/>
        <text text-anchor="middle" x="27" y="-86.3" font-family="Times,serif" font-size="14.00">a &amp; b</text></g>
        <g id="a_node2"><a xlink:href="https://example.com/x?a=1&amp;b=2" xlink:title="x"><text>link</text></a></g>
        </g>
        </svg>
        """
        let kept = SVGSanitizer.sanitize(graphviz)
        #expect(kept.contains("<ellipse fill=\"none\" stroke=\"black\" cx=\"27\""))
        #expect(kept.contains("a &amp; b"))
        #expect(kept.contains("xlink:href=\"https://example.com/x?a=1&amp;b=2\""))
        #expect(kept.contains("viewBox=\"0.00 0.00 62.00 116.00\""))

        let hostile = [
            "<svg onload=\"alert(1)\"><g/></svg>",
            "<svg><script>alert(1)</script></svg>",
            "<svg><script><script>alert(1)</script></script></svg>",
            "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<svg><a xlink:href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>",
            "<svg><a href=\"java\tscript:alert(1)\"><text>x</text></a></svg>",
            "<svg><a href=\"data:text/html,<script>alert(1)</script>\">x</a></svg>",
            "<svg><foreignObject><body onload=\"alert(1)\"/></foreignObject></svg>",
            "<svg><style>*{background:url(javascript:alert(1))}</style></svg>",
            "<svg><g style=\"x:expression(alert(1))\"/></svg>",
            "<svg><image href=\"x\" onerror=\"alert(1)\"/></svg>",
            "<svg><rect fill=\"url(javascript:alert(1))\"/></svg>",
            "<svg><animate attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
            "<svg><x:script xmlns:x=\"http://www.w3.org/2000/svg\">alert(1)</x:script></svg>",
            "<svg><g ONLOAD = 'alert(1)'/></svg>",
            "<svg><!-- --><script >alert(1)</script ></svg>",
            "<svg><iframe src=\"javascript:alert(1)\"></iframe></svg>",
        ]
        for input in hostile {
            let output = SVGSanitizer.sanitize(input).lowercased()
            #expect(!output.contains("alert("), "\(input) → \(output)")
            #expect(!output.contains("javascript"), "\(input) → \(output)")
            #expect(!output.contains("<script") && !output.contains("onload") && !output.contains("onerror"), "\(input) → \(output)")
        }
        #expect(SVGSanitizer.sanitize("<svg><rect fill=\"url(#grad)\"/></svg>").contains("fill=\"url(#grad)\""))
    }

    @Test("YAML aliases as keys and alias floods are refused; anchors and aliases as values pass")
    func aliasGuard() {
        #expect(AliasGuard.problem(in: "a: &a x\n? *a\n: y\n")?.message.contains("key") == true)
        #expect(AliasGuard.problem(in: "a: &a x\n*a : y\n")?.message.contains("key") == true)
        #expect(AliasGuard.problem(in: "a: &a x\nb: {*a : y}\n")?.message.contains("key") == true)
        #expect(AliasGuard.problem(in: "a: &a x\nb: [" + Array(repeating: "*a", count: 101).joined(separator: ", ") + "]\n") != nil)
        #expect(AliasGuard.problem(in: "base: &b Ops\ntitle: *b\nlist: [*b, *b]\n") == nil)
        #expect(AliasGuard.problem(in: "title: \"*not: an alias\"\ndescription: 'a *b: c'\n") == nil)
        #expect(AliasGuard.problem(in: "title: Hello *world*: yes\n") == nil)
        #expect(AliasGuard.problem(in: "description: |\n  *bold*: text\n  *x: y\ntitle: T\n") == nil)
    }

    @Test("two publishes into one folder at once: the second is refused with a clear message")
    func publishLock() throws {
        let site = try TestSite(["content/index.md": "# Home\n"])
        let lock = try #require(PublishLock(folder: site.root.appendingPathComponent("public")))
        let report = SitePublisher.publish(PublishOptions(root: site.root))
        #expect(!report.succeeded)
        #expect(report.diagnosticText.contains { $0.contains("another cairn publish") })
        lock.release()
        #expect(SitePublisher.publish(PublishOptions(root: site.root)).succeeded)
    }

    @Test("the input guard follows cmark-gfm's blocks: list items, headings and fences reset the counts")
    func guardBlocks() {
        let limits = MarkdownLimits()
        // Fenced code is not inline-parsed.
        #expect(InputGuard.check("```\n" + String(repeating: "[", count: 6_000) + "\n```\n", limits: limits) == nil)
        // A paragraph continued by "2." lines is one paragraph: its brackets add up.
        let continued = "text\n" + (0..<3_000).map { _ in "2. [a] [b]\n" }.joined()
        #expect(InputGuard.check(continued, limits: limits)?.limit == "brackets")
        // "#hashtag" lines do not start headings.
        #expect(InputGuard.check((0..<3_000).map { _ in "#tag [a] [b]\n" }.joined(), limits: limits)?.limit == "brackets")
        // A footnote's text is inline-parsed, so it is not skipped like a reference definition.
        #expect(InputGuard.check("[^1]: " + String(repeating: "[", count: 6_000) + "\n", limits: limits)?.limit == "brackets")
    }

    @Test("positions on long lines count Unicode scalars past every checkpoint")
    func longLinePositions() {
        let line = String(repeating: "é", count: 3_000) + "<a href=\"x\">" + String(repeating: "a", count: 2_000) + "ü|"
        let source = PageSource(contentPath: "a.md", sitePath: "content/a.md", frontMatter: FrontMatter(),
                                body: "short é\n" + line + "\n", bodyLineOffset: 3)
        let positions = BodyPositions(source: source)
        #expect(positions.filePosition(line: 1, byteColumn: 7) == (4, 7))  // after "short " (6 bytes)
        let hrefByte = Array(line.utf8).firstIndex(of: UInt8(ascii: "<"))! + 1
        #expect(positions.filePosition(line: 2, byteColumn: hrefByte) == (5, 3_001))
        let barByte = Array(line.utf8).firstIndex(of: UInt8(ascii: "|"))! + 1
        #expect(positions.filePosition(line: 2, byteColumn: barByte) == (5, 3_000 + 12 + 2_000 + 2))
    }

    @Test("the site title is shortened with a warning: it is shown on every page")
    func siteTitleCap() {
        let (config, problems) = SiteConfig.decode("{\"title\": \"\(String(repeating: "Docs ", count: 100))\"}")
        #expect(config.title.count <= TextLimits.titleCharacters)
        #expect(config.title.hasSuffix("…"))
        #expect(problems.map(\.message) == ["'title' of 500 characters is shortened to 200 (it is shown on every page)"])
    }
}
