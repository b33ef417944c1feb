import Foundation
import Testing
@testable import CairnHighlight

/// The text inside highlighted HTML: tags dropped, the four escapes undone (scalar by scalar, so
/// a combining mark after `>` cannot hide a tag's end).
func textContent(_ html: String) -> String {
    var out = String.UnicodeScalarView()
    var inTag = false
    var entity = ""
    var inEntity = false
    for scalar in html.unicodeScalars {
        if inTag {
            if scalar == ">" { inTag = false }
            continue
        }
        if inEntity {
            entity.unicodeScalars.append(scalar)
            if scalar == ";" {
                out.append(contentsOf: (["&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\""][entity] ?? entity).unicodeScalars)
                inEntity = false
            }
            continue
        }
        if scalar == "<" {
            inTag = true
        } else if scalar == "&" {
            inEntity = true
            entity = "&"
        } else {
            out.append(scalar)
        }
    }
    return String(out)
}

/// How often `needle` occurs in `haystack`, byte for byte.
func occurrences(_ needle: String, in haystack: String) -> Int {
    let bytes = Array(haystack.utf8), pattern = Array(needle.utf8)
    guard bytes.count >= pattern.count else { return 0 }
    return (0...(bytes.count - pattern.count)).count { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
}

@Suite("highlighter")
struct HighlighterTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var goldenInputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: golden.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test("golden output per language on tricky snippets (UPDATE_GOLDEN=1 rewrites)", arguments: goldenInputs)
    func goldenOutput(_ name: String) throws {
        let input = try String(contentsOf: Self.golden.appendingPathComponent(name), encoding: .utf8)
        let languageName = String(name.dropLast(4).split(separator: "-").first ?? "")
        let language = try #require(Highlighter.language(named: languageName), "\(languageName) is a language")
        let html = Highlighter.html(input, language: language)
        #expect(textContent(html) == input)
        let expectedURL = Self.golden.appendingPathComponent(String(name.dropLast(4)) + ".html")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(html.utf8).write(to: expectedURL)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(html == expected, "\(name) differs from its golden output")
    }

    @Test("the languages the issue names, with their aliases, are known")
    func coverage() {
        let names = "bash sh shell zsh console json jsonc yaml yml toml ini swift python py go golang rust rs javascript js typescript ts jsx java kotlin c cpp c++ objc csharp c# ruby php sql html xml css scss dockerfile makefile hcl terraform tf protobuf proto graphql diff patch markdown nginx"
        for name in names.split(separator: " ") {
            #expect(Highlighter.language(named: String(name)) != nil, "\(name)")
        }
        #expect(Highlighter.language(named: "YAML")?.name == "yaml")
        #expect(Highlighter.language(named: "klingon") == nil)
    }

    func kinds(_ code: String, _ language: String) -> [(String, TokenKind)] {
        let runs = Highlighter.tokens(code, language: Highlighter.language(named: language)!)
        let bytes = Array(code.utf8)
        return runs.map { (String(decoding: bytes[$0.start..<$0.end], as: UTF8.self), $0.kind) }
    }

    func kind(of word: String, in code: String, _ language: String) -> TokenKind? {
        kinds(code, language).first { $0.0 == word }?.1
    }

    @Test("comment markers inside strings stay strings; strings inside comments stay comments")
    func markersInStrings() {
        #expect(kinds(#"let s = "// no" // yes"#, "swift").map(\.1) == [.keyword, .string, .comment])
        #expect(kinds("x = '# no' # yes", "python").map(\.1) == [.string, .comment])
        #expect(kinds(#"/* "not a string" */ a"#, "c").map(\.1) == [.comment])
        #expect(kinds("echo a#b # c", "bash").last?.1 == .comment)
        #expect(kinds("echo a#b # c", "bash").last?.0 == "# c")
    }

    @Test("nested comments nest where the language nests them, and only there")
    func nestedComments() {
        #expect(kinds("/* a /* b */ c */ let", "swift").map(\.1) == [.comment, .keyword])
        #expect(kinds("/* a /* b */ c */ int", "c").map(\.0) == ["/* a /* b */", "int"])
    }

    @Test("interpolation: the markers are escapes and the inside is code")
    func interpolation() {
        let swift = kinds(#""a \(x + 1) b""#, "swift")
        #expect(swift.map(\.1) == [.string, .escape, .number, .escape, .string])
        let js = kinds("`a ${b ? `c` : 1} d`", "js")
        #expect(js.map(\.1) == [.string, .escape, .string, .number, .escape, .string])
        #expect(kinds(#"echo "$HOME/${X}""#, "bash").map(\.1) == [.string, .variable, .string, .escape, .escape, .string])
        #expect(kind(of: "{{", in: #"f"{{x}} {y}""#, "python") == nil)
    }

    @Test("heredocs, raw and triple-quoted strings, template literals")
    func stringForms() {
        let heredoc = kinds("cat <<EOF\nline $x \"q\"\nEOF\necho done\n", "bash")
        #expect(heredoc.contains { $0.0 == "line $x \"q\"\nEOF" && $0.1 == .string })
        #expect(heredoc.contains { $0.0 == "echo" } == false)  // a command, not a keyword
        #expect(kinds(##"r#"a "b" \n"#; x"##, "rust").first?.0 == ##"r#"a "b" \n"#"##)
        #expect(kinds("'''a\n\"b\"\n''' + 1", "python").map(\.1) == [.string, .number])
        #expect(kinds(##"#"raw \(x)"#"##, "swift").map(\.1) == [.string])
        #expect(kinds(#"R"x(a ")" b)x" + 1"#, "cpp").map(\.0) == [#"R"x(a ")" b)x""#, "1"])
        #expect(kinds(#"R"(no delimiter)""#, "cpp").map(\.1) == [.string])
        #expect(kind(of: "AS", in: "FROM swift:6 AS build\n", "dockerfile") == .keyword)
    }

    @Test("unterminated strings end at their line; a block's end ends everything")
    func unterminated() {
        #expect(kinds("let s = \"open\nlet t = 1", "swift").map(\.1) == [.keyword, .string, .keyword, .number])
        #expect(kinds("/* open", "go").map(\.1) == [.comment])
        #expect(kinds("s = \"\"\"open", "python").map(\.1) == [.string])
    }

    @Test("numbers with prefixes, separators, exponents and suffixes")
    func numbers() {
        for (code, language) in [("0xFF_FF", "rust"), ("1_000_000", "swift"), ("1.5e-3", "python"), ("10u32", "rust"),
                                 ("100L", "java"), ("10n", "js"), ("0b1010", "go"), ("2.5f", "c")] {
            #expect(kinds(code, language).map(\.1) == [.number], "\(code)")
        }
        #expect(kinds("x1 = 2", "python").map(\.1) == [.number])
        #expect(kinds("0..5", "rust").map(\.0) == ["0", "5"])
    }

    @Test("JSON and YAML keys are told from values")
    func keys() {
        #expect(kinds(#"{"a": "b", "c": [1, true]}"#, "json").map(\.1) == [.property, .string, .property, .number, .literal])
        let yaml = kinds("name: docs # c\nlist: [a, 'b']\nurl: http://x:1/\n", "yaml")
        #expect(yaml.map(\.1) == [.property, .string, .comment, .property, .string, .string, .property, .string])
    }

    @Test("diff lines and console prompts and output")
    func diffAndConsole() {
        #expect(kinds("--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n z\n", "diff").map(\.1) == [.attribute, .attribute, .attribute, .deleted, .inserted])
        let session = kinds("$ echo hi\nhi\nuser@box:~/x$ ls -la\n", "console")
        #expect(session.map(\.1) == [.prompt, .output, .prompt])
        #expect(session.map(\.0) == ["$ ", "hi", "user@box:~/x$ "])
        #expect(kinds("$ make\nok\n", "bash").map(\.1) == [.prompt, .output])
        #expect(kinds("make # build\n", "bash").map(\.1) == [.comment])
    }

    @Test("attributes, annotations, decorators and preprocessor lines")
    func attributes() {
        #expect(kind(of: "@MainActor", in: "@MainActor final class A {}", "swift") == .attribute)
        #expect(kind(of: "#[derive(Debug)]", in: "#[derive(Debug)]\nstruct A;", "rust") == .attribute)
        #expect(kind(of: "@dataclass", in: "@dataclass\nclass A: pass", "python") == .attribute)
        #expect(kind(of: "#include <x.h>", in: "#include <x.h>\nint a;", "c") == .attribute)
    }

    @Test("escaping of <, &, \" and line wrapping for numbers and marked lines")
    func escapingAndLines() {
        #expect(Highlighter.html("a < b && c > \"d\"", language: nil) == "a &lt; b &amp;&amp; c &gt; &quot;d&quot;")
        let html = Highlighter.html("/* a\nb */\nx\n", language: Highlighter.language(named: "c"),
                                    lines: .init(numbered: true, highlighted: [2]))
        #expect(html == "<span class=\"line\"><span class=\"hl-c\">/* a</span>\n</span><span class=\"line hll\"><span class=\"hl-c\">b */</span>\n</span><span class=\"line\">x\n</span>")
    }

    @Test("non-ASCII identifiers stay whole and multi-byte text is never split")
    func unicode() {
        #expect(kinds("let é = \"✓\"", "swift").map(\.0) == ["let", "\"✓\""])
        let html = Highlighter.html("\"\\é\" // ünï\n", language: Highlighter.language(named: "go"))
        #expect(textContent(html) == "\"\\é\" // ünï\n")
    }

    /// Fragments that start and end every construct the scanners know.
    static let fragments: [String] = [
        "\"", "'", "`", "\"\"\"", "'''", "\\", "\\(", "${", "#{", "{", "}", "(", ")", "[", "]", "/*", "*/", "//", "#", "--",
        "<!--", "-->", "<", ">", "&", "&amp;", "<<EOF\n", "EOF\n", "<<-'X'\n", "\tX\n", "r#\"", "\"#", "#\"", "@\"", "$\"",
        "$", "$(", "@", "#[", "#!", "\n", "\r\n", "\t", " ", "é", "✓", "😀", "\u{FE0F}", "\0", "0x", "1_0", "1.5e-", "e+9",
        "u32", "let", "func", "if", "true", "null", ":", ": ", "- ", "=", "[[", "]]", "|\n", "  ", "$ ", "PS> ", "+", "-",
        "@@", "```", "<script>", "</script>", "<style>", "a", "Z9", ";", ",", "f\"", "b'", "x", "'a", "\\u{",
    ]

    @Test("for any input, every scanner ends and the output's text is the input, byte for byte")
    func roundTrip() {
        let names = Set(Languages.byName.values.map(\.name)).sorted()
        for language in names.compactMap(Highlighter.language(named:)) {
            for seed in 0..<120 {
                var input = ""
                let length = 1 + (seed * 37) % 60
                for step in 0..<length {
                    input += Self.fragments[(seed * 7_919 + step * 104_729 + step * step * 31) % Self.fragments.count]
                }
                for lines in [Highlighter.Lines(), Highlighter.Lines(numbered: true, highlighted: [1, 3])] {
                    let html = Highlighter.html(input, language: language, lines: lines)
                    #expect(Array(textContent(html).utf8) == Array(input.utf8), "\(language.name) #\(seed)")
                    #expect(occurrences("<span", in: html) == occurrences("</span>", in: html))
                }
                let runs = Highlighter.tokens(input, language: language)
                #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.end <= $1.start } && runs.allSatisfy { $0.start < $0.end })
            }
        }
    }

    @Test("scanners take linear time on pathological blocks", arguments: ["bash", "swift", "rust", "yaml", "css", "html", "markdown", "toml", "console"])
    func linear(_ name: String) {
        let language = Highlighter.language(named: name)!
        let pathological = [String(repeating: "\"${", count: 20_000), String(repeating: "/*", count: 20_000),
                            String(repeating: "<<EOF\n", count: 5_000), String(repeating: "a: [", count: 20_000),
                            String(repeating: "{", count: 40_000), String(repeating: "<a b='", count: 10_000),
                            String(repeating: "`", count: 40_000), String(repeating: "\\(", count: 20_000)]
        for input in pathological {
            let html = Highlighter.html(input, language: language)
            #expect(textContent(html) == input)
        }
    }
}
