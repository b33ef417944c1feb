import Foundation
import Testing
@testable import CairnCore

@Suite("site.json")
struct SiteConfigTests {
    @Test("decodes every key and keeps defaults for the rest")
    func decode() {
        let (config, problems) = SiteConfig.decode("""
            {
              "$schema": "./site.schema.json",
              "title": "Docs",
              "baseURL": "https://docs.example.com/",
              "markdown": { "html": "unsafe" },
              "links": { "broken": "error" },
              "nav": ["overview.md", "guides/"]
            }
            """)
        #expect(problems.isEmpty)
        #expect(config.title == "Docs")
        #expect(config.baseURL == "https://docs.example.com/")
        #expect(config.unsafeHTML)
        #expect(config.brokenLinks == .error)
        #expect(config.nav == ["overview.md", "guides/"])
        #expect(config.outputDir == "_site")
        #expect(config.contentDir == "content")
        #expect(config.theme == "default")
        #expect(config.publishDir == "public")
    }

    @Test("markdown.html takes sanitize, omit or unsafe; the old unsafeHTML boolean still works, with a note")
    func htmlModes() {
        #expect(SiteConfig().html == .sanitize)
        #expect(SiteConfig.decode("{\"markdown\": {\"html\": \"omit\"}}").0.html == .omit)
        let (legacy, notes) = SiteConfig.decode("{\"markdown\": {\"unsafeHTML\": true}}")
        #expect(legacy.html == .unsafe)
        #expect(notes.map { DiagnosticFormatter.text($0) }.first?.contains("warning: 'markdown.unsafeHTML' is replaced by 'markdown.html'") == true)
        #expect(SiteConfig.decode("{\"markdown\": {\"unsafeHTML\": false}}").0.html == .sanitize)
        let (_, bad) = SiteConfig.decode("{\"markdown\": {\"html\": \"raw\"}}")
        #expect(bad.first?.message == "'markdown.html' must be \"sanitize\" or \"omit\" or \"unsafe\", not \"raw\"")
    }

    @Test("favicon is a file under the content folder or an http(s) URL, never a path out of it")
    func favicon() {
        #expect(SiteConfig().favicon == nil)
        #expect(SiteConfig.decode("{\"favicon\": \"images/logo.svg\"}").0.favicon == "images/logo.svg")
        #expect(SiteConfig.decode("{\"favicon\": \"./logo.png\"}").0.favicon == "logo.png")
        #expect(SiteConfig.decode("{\"favicon\": \"https://cdn.example.com/i.ico\"}").0.favicon == "https://cdn.example.com/i.ico")
        for bad in ["../secret.svg", "/etc/icon.svg", "ftp://x/y.ico", ""] {
            let (config, problems) = SiteConfig.decode("{\n  \"favicon\": \"\(bad)\"\n}")
            #expect(config.favicon == nil, "\(bad)")
            #expect(problems.map { DiagnosticFormatter.text($0) }.first?.hasPrefix("site.json:2:14: error: 'favicon' must be") == true, "\(bad): \(problems)")
        }
    }

    @Test("an empty object means all defaults")
    func defaults() {
        let (config, problems) = SiteConfig.decode("{}")
        #expect(problems.isEmpty)
        #expect(config == SiteConfig())
    }

    @Test("reports syntax errors at their line and column", arguments: [
        ("{\n  \"title\": \"Docs\",\n}\n", "site.json:3:1: error: invalid JSON: trailing comma before '}'"),
        ("{\n  \"title\": \"Docs\"\n  \"theme\": \"x\"\n}", "site.json:3:3: error: invalid JSON: expected ',' or '}' after the value of \"title\""),
        ("{\n  \"title\": \n", "site.json:3:1: error: invalid JSON: unexpected end of file; expected a value"),
        ("{\"nav\": [\"a\",]}", "site.json:1:14: error: invalid JSON: trailing comma before ']'"),
    ])
    func syntax(_ text: String, _ expected: String) {
        let (_, problems) = SiteConfig.decode(text)
        #expect(problems.map { DiagnosticFormatter.text($0) } == [expected])
    }

    @Test("reports wrong types at the value and unknown keys with a suggestion")
    func types() {
        let (config, problems) = SiteConfig.decode("""
            {
              "title": 42,
              "links": { "broken": "loud" },
              "outputdir": "out",
              "markdown": { "unsafeHTML": "yes", "smart": true }
            }
            """)
        #expect(config.title == "Documentation")
        #expect(problems.map { DiagnosticFormatter.text($0) } == [
            "site.json:2:12: error: 'title' must be a string, not number",
            "site.json:3:24: error: 'links.broken' must be \"warning\" or \"error\", not \"loud\"",
            "site.json:4:3: warning: unknown key 'outputdir' is ignored\n    hint: did you mean 'outputDir'?",
            "site.json:5:31: error: 'markdown.unsafeHTML' must be true or false, not string",
            "site.json:5:38: warning: unknown key 'markdown.smart' is ignored",
        ])
    }

    @Test("refuses absolute and empty folder paths")
    func paths() {
        let (config, problems) = SiteConfig.decode("{\"outputDir\": \"/etc\", \"theme\": \"../x\"}")
        #expect(config.outputDir == "_site")
        #expect(config.theme == "default")
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.severity == .error })
    }
}

extension SiteConfigTests {
    @Test("site.schema.json documents every key site.json accepts, and the example references it")
    func schemaInSync() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: repository.appendingPathComponent("site.schema.json"))) as? [String: Any]
        let properties = try #require(schema?["properties"] as? [String: Any])
        for key in SiteConfig.knownTopLevelKeys {
            #expect(properties[key] != nil, "site.schema.json lacks '\(key)'")
        }
        #expect(Set(properties.keys) == Set(SiteConfig.knownTopLevelKeys))
        let example = try String(contentsOf: repository.appendingPathComponent("site.json"), encoding: .utf8)
        let (_, problems) = SiteConfig.decode(example)
        #expect(problems.isEmpty)
        #expect(example.contains("\"$schema\": \"./site.schema.json\""))
    }
}
