import Foundation
import Testing
@testable import CairnCore

/// The theme's template keys: every one the default theme uses exists in ``TemplateContext``, is
/// documented there and in the README's theme section, and nothing documented is missing from
/// a fully filled context.
@Suite("Template context")
struct TemplateContextTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let documented = Set(TemplateContext.documentation.map(\.key))

    /// The names a template reads, resolved against the sections around them the way Mustache
    /// looks them up: a list section's items first (`toc[].id`), then an object section's
    /// fields (`prev.title`), then the top.
    static func keysUsed(in template: String) -> [String] {
        var stack: [String] = []
        var keys: [String] = []
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") { tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if tag.hasSuffix("}") { rest = rest.dropFirst() }
            guard let sigil = tag.first else { continue }
            if sigil == "!" || sigil == ">" || sigil == "<" { continue }
            if sigil == "/" {
                _ = stack.popLast()
                continue
            }
            let isSection = sigil == "#" || sigil == "^"
            let name = String((isSection || sigil == "&" ? String(tag.dropFirst()) : tag).trimmingCharacters(in: .whitespaces))
            let key = resolve(name, in: stack)
            keys.append(key)
            if isSection { stack.append(key) }
        }
        return keys
    }

    static func resolve(_ name: String, in stack: [String]) -> String {
        if name.contains(".") { return name }
        for section in stack.reversed() {
            for candidate in ["\(section)[].\(name)", "\(section).\(name)"] where documented.contains(candidate) {
                return candidate
            }
        }
        return name
    }

    static func isDocumented(_ key: String) -> Bool {
        documented.contains(key) || documented.contains(key.split(separator: ".").first.map { "\($0).*" } ?? "")
    }

    @Test("every key the default theme's templates use is in the context and documented")
    func themeKeys() throws {
        let folder = Self.repository.appendingPathComponent("themes/default")
        let templates = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(templates.count >= 5)
        var used: Set<String> = []
        for name in templates {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            used.formUnion(Self.keysUsed(in: text))
        }
        #expect(used.contains("page.title") && used.contains("breadcrumbs[].url") && used.contains("assets.style_css"))
        let undocumented = used.filter { !Self.isDocumented($0) }.sorted()
        #expect(undocumented.isEmpty, "used by the theme but not in TemplateContext.documentation: \(undocumented)")
    }

    @Test("the README's theme section documents every key")
    func readme() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let missing = TemplateContext.documentation.map(\.key).filter { !readme.contains("| `\($0)` |") }
        #expect(missing.isEmpty, "not in the README's table: \(missing)")
    }

    @Test("a fully filled context holds every documented key, and leaves out the ones that are nil")
    func values() {
        var context = TemplateContext(
            site: .init(title: "T", description: "D", language: "en", baseURL: "https://x"), root: "../", generator: "Cairn",
            assets: ["style_css": "_cairn/style.css"], hasSidebar: true, favicon: .init(url: "f.svg", type: "image/svg+xml"),
            page: .init(
                title: "P", description: "d", hasH1: true, isHome: true, isSection: true, status: "Draft", statusClass: "status-draft",
                showMeta: true, version: "1", owner: "o", lastUpdated: "2026-01-01", placeholders: 2, editURL: "e", sourcePath: "s",
                canonical: "c"))
        context.content = "<p>x</p>"
        context.nav = "<nav></nav>"
        context.toc = [.init(id: "a", text: "A", level: 2), .init(id: "b", text: "B", level: 3)]
        context.breadcrumbs = [.init(title: "Up", url: "../")]
        context.backlinks = [.init(title: "B", url: "../b/")]
        context.moreBacklinks = 3
        context.mermaidURL = "m.js"
        context.prev = .init(title: "Prev", url: "../p/")
        context.next = .init(title: "Next", url: "../n/")
        context.pageScript = "h.js"
        context.layoutClass = "layout-wide"
        let values = context.values
        for key in Self.documented {
            var value: Any? = values
            for part in key.split(separator: ".") {
                if part == "*" { break }
                let list = part.hasSuffix("[]")
                value = (value as? [String: Any])?[String(list ? part.dropLast(2) : part)]
                if list { value = (value as? [[String: Any]])?.first }
            }
            #expect(value != nil, "documented but not in the context: \(key)")
        }
        var empty = TemplateContext(
            site: .init(title: "T", description: "", language: "en", baseURL: ""), root: "./", generator: "Cairn", assets: [:],
            hasSidebar: false, favicon: nil, page: .init(title: "P"))
        empty.toc = [.init(id: "a", text: "A", level: 2)]
        let bare = empty.values
        for key in ["favicon", "moreBacklinks", "mermaidURL", "prev", "next", "pageScript", "layoutClass"] {
            #expect(bare[key] == nil, "\(key) should be left out")
        }
        #expect((bare["page"] as? [String: Any])?["owner"] == nil)
        #expect((bare["page"] as? [String: Any])?["showMeta"] == nil)
        #expect(bare["hasTOC"] as? Bool == false)
    }

    @Test("text values render, test and transform in a theme as strings do")
    func textValues() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-template-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("themes/plain")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let template = [
            "{{page.title}}|{{{page.title}}}|{{uppercased(page.title)}}|{{#empty(page.description)}}no description{{/empty(page.description)}}",
            "{{#page.owner}}{{site.title}} by {{page.owner}}{{/page.owner}}{{^page.version}}unversioned{{/page.version}}",
            "{{#prev}}{{title}} at {{url}}{{/prev}}|{{#toc}}{{text}}{{level}} {{/toc}}|{{{content}}}",
        ].joined(separator: "\n")
        try template.write(to: folder.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        let (loaded, diagnostics) = Theme.load(root: root, name: "plain")
        let theme = try #require(loaded, "\(diagnostics)")
        var context = TemplateContext(
            site: .init(title: "Docs", description: "", language: "en", baseURL: ""), root: "./", generator: "Cairn", assets: [:],
            hasSidebar: true, favicon: nil, page: .init(title: "A < B", description: "", owner: "Ops"))
        context.prev = .init(title: "Setup", url: "../setup/")
        context.toc = [.init(id: "a", text: "Alpha", level: 2), .init(id: "b", text: "Beta", level: 3)]
        context.content = "<p>x</p>"
        let lines = theme.render("page", context.values).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines.first == "A &lt; B|A < B|A &lt; B|no description")
        #expect(lines.dropFirst().first == "Docs by Opsunversioned")
        #expect(lines.last == "Setup at ../setup/|Alpha2 Beta3 |<p>x</p>")
    }
}
