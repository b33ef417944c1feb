import CairnHighlight
import CairnMarkdown
import Foundation

/// What a fence's info string asks for beyond its language:
/// ```` ```go {3,5-7} linenums title="main.go" ````, and MkDocs Material's spellings
/// (`hl_lines="3 5-7"`, `linenums="10"`).
struct FenceOptions: Equatable {
    /// The fence's first word as written (`Go`, `c++`), for the `language-…` class.
    var languageWord = ""
    /// Ranges of 1-based lines to mark, as written.
    var highlightRanges: [ClosedRange<Int>] = []
    var lineNumbers = false
    /// The first line's number when numbered.
    var firstLine = 1
    var title: String?

    var isPlain: Bool { highlightRanges.isEmpty && !lineNumbers && title == nil }

    static func parse(_ info: String) -> FenceOptions {
        var options = FenceOptions()
        let scalars = Array(info.unicodeScalars)
        var index = 0
        func skipSpaces() { while index < scalars.count && (scalars[index] == " " || scalars[index] == "\t") { index += 1 } }
        func word(stoppingAt stops: Set<Unicode.Scalar>) -> String {
            var result = String.UnicodeScalarView()
            while index < scalars.count && !stops.contains(scalars[index]) {
                result.append(scalars[index])
                index += 1
            }
            return String(result)
        }
        skipSpaces()
        options.languageWord = word(stoppingAt: [" ", "\t", "{"])
        while index < scalars.count {
            skipSpaces()
            guard index < scalars.count else { break }
            if scalars[index] == "{" {
                index += 1
                options.highlightRanges += ranges(word(stoppingAt: ["}"]))
                index += 1
                continue
            }
            let key = word(stoppingAt: [" ", "\t", "="]).lowercased()
            var value: String?
            if index < scalars.count && scalars[index] == "=" {
                index += 1
                if index < scalars.count && (scalars[index] == "\"" || scalars[index] == "'") {
                    let quote = scalars[index]
                    index += 1
                    value = word(stoppingAt: [quote])
                    index += 1
                } else {
                    value = word(stoppingAt: [" ", "\t"])
                }
            }
            switch key {
            case "title":
                if let value, !value.isEmpty { options.title = value }
            case "linenums", "linenos", "numbered", "linenostart":
                if value == "false" { break }
                options.lineNumbers = true
                if let value, let start = Int(value), start >= 0, start < 1_000_000_000 { options.firstLine = start }
            case "hl_lines", "hl-lines", "highlight", "mark":
                options.highlightRanges += ranges(value ?? "")
            default:
                break
            }
        }
        return options
    }

    /// `3,5-7` or `3 5-7` as ranges; anything else is skipped.
    static func ranges(_ text: String) -> [ClosedRange<Int>] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { part in
            let bounds = part.split(separator: "-", maxSplits: 1).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let low = bounds.first ?? nil, low >= 1 else { return nil }
            let high = bounds.count > 1 ? (bounds[1] ?? low) : low
            return high >= low ? low...high : nil
        }
    }
}

/// Code blocks that are not diagrams: highlighted at build time (`highlight` in site.json) with
/// the fence's options: marked lines, line numbers, a title.
enum CodeBlockHTML {
    /// The block's HTML, or `nil` to leave cmark's plain `<pre><code>` (nothing to add).
    static func render(_ block: CodeBlock, highlight: Bool, diagnostics: inout [Diagnostic], file: String, lineOffset: Int) -> String? {
        let options = FenceOptions.parse(block.info)
        let language = highlight ? Highlighter.language(named: block.language) : nil
        guard language != nil || !options.isPlain else { return nil }
        let lineCount = block.code.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + (block.code.hasSuffix("\n") || block.code.isEmpty ? 0 : 1)
        var marked = Set<Int>()
        for range in options.highlightRanges {
            if range.lowerBound > lineCount {
                diagnostics.append(.warning(
                    "highlighted line \(range.lowerBound) is past the block's \(lineCount) line\(lineCount == 1 ? "" : "s")",
                    file: file, line: block.line + lineOffset, column: block.column,
                    hint: "line numbers in {…} and hl_lines count from the block's first line", stage: .render))
                continue
            }
            marked.formUnion(range.lowerBound...min(range.upperBound, lineCount))
        }
        let lines = Highlighter.Lines(numbered: options.lineNumbers, highlighted: marked)
        var classes = options.languageWord.isEmpty ? "" : "language-" + options.languageWord
        if options.lineNumbers { classes += classes.isEmpty ? "linenums" : " linenums" }
        var html = ""
        if let title = options.title {
            html += "<div class=\"code-titled\"><div class=\"code-title\">\(HTMLEscaping.escape(title))</div>"
        }
        html += "<pre><code"
        if !classes.isEmpty { html += " class=\"\(HTMLEscaping.escape(classes))\"" }
        if options.lineNumbers && options.firstLine != 1 { html += " style=\"counter-reset: line \(options.firstLine - 1)\"" }
        html += ">" + Highlighter.html(block.code, language: language, lines: lines) + "</code></pre>"
        if options.title != nil { html += "</div>" }
        return html + "\n"
    }
}
