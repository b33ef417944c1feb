/// Build-time syntax highlighting: code in, escaped HTML with `<span class="hl-…">` runs out.
/// Pure Swift over UTF-8 bytes; every scanner moves forward on every step, so it ends, in time
/// linear in the code. The text of the output is the input, byte for byte.
public enum Highlighter {
    /// The language a fence names (`go`, `golang`, `yml`, `sh`, …), or `nil` when Cairn does not
    /// highlight it (the block stays plain).
    public static func language(named name: String) -> Language? {
        Languages.named(name)
    }

    /// Every fence name Cairn highlights, canonical names and aliases.
    public static var knownNames: [String] { Languages.byName.keys.sorted() }

    /// The highlighted runs of `code`.
    public static func tokens(_ code: String, language: Language) -> [Token] {
        var code = code
        return code.withUTF8 { tokens(Text(bytes: $0), language: language) }
    }

    static func tokens(_ text: Text, language: Language) -> [Token] {
        var sink = TokenSink()
        switch language.scanner {
        case .code(let name):
            if name == "shell" && LineScanners.looksLikeSession(text) {
                LineScanners.console(text, &sink)
            } else if let spec = Languages.specs[name] {
                var scanner = CodeScanner(spec: spec, text: text, sink: sink)
                scanner.scan(0, text.count)
                sink = scanner.sink
            }
        case .console: LineScanners.console(text, &sink)
        case .diff: LineScanners.diff(text, &sink)
        case .yaml: LineScanners.yaml(text, &sink)
        case .toml: LineScanners.keyValue(text, &sink, toml: true)
        case .ini: LineScanners.keyValue(text, &sink, toml: false)
        case .markup(let html): MarkupScanners.markup(text, &sink, html: html)
        case .css: MarkupScanners.css(text, 0, text.count, &sink)
        case .markdown: LineScanners.markdown(text, &sink)
        case .makefile: LineScanners.makefile(text, &sink)
        case .nginx: MarkupScanners.nginx(text, &sink)
        }
        return sink.tokens
    }

    /// Options of one block's HTML.
    public struct Lines: Sendable, Equatable {
        /// Wrap each line in `<span class="line">` so the theme can number them.
        public var numbered = false
        /// 1-based lines to mark (`<span class="line hll">`).
        public var highlighted: Set<Int> = []

        public init(numbered: Bool = false, highlighted: Set<Int> = []) {
            self.numbered = numbered
            self.highlighted = highlighted
        }

        var wrapsLines: Bool { numbered || !highlighted.isEmpty }
    }

    /// The inside of `<code>`: `code` escaped (`&`, `<`, `>`, `"`), its runs in spans, each line
    /// in its own span when `lines` asks for it. `language` `nil` escapes only.
    public static func html(_ code: String, language: Language?, lines: Lines = Lines()) -> String {
        var code = code
        return code.withUTF8 { bytes in
            let text = Text(bytes: bytes)
            let runs = language.map { tokens(text, language: $0) } ?? []
            return HTMLWriter.write(text, runs, lines: lines)
        }
    }
}

/// Writes code and its runs as HTML.
enum HTMLWriter {
    /// `<span class="hl-…">` per kind, by raw value: made once, appended per run.
    static let openTags: [[UInt8]] = TokenKind.allCases.map { Array("<span class=\"\($0.cssClass)\">".utf8) }
    static let closeTag = Array("</span>".utf8)
    static let lineTag = Array("<span class=\"line\">".utf8)
    static let markedLineTag = Array("<span class=\"line hll\">".utf8)

    static func write(_ text: Text, _ runs: [Token], lines: Highlighter.Lines) -> String {
        let runs = aligned(runs, text)
        let end = text.count
        var out: [UInt8] = []
        out.reserveCapacity(end + end / 4 + runs.count * 24)
        var runIndex = 0

        func escape(_ start: Int, _ stop: Int) {
            for index in start..<stop {
                switch text[index] {
                case .ampersand: out += [0x26, 0x61, 0x6D, 0x70, 0x3B]  // &amp;
                case .less: out += [0x26, 0x6C, 0x74, 0x3B]  // &lt;
                case .greater: out += [0x26, 0x67, 0x74, 0x3B]  // &gt;
                case .quote: out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]  // &quot;
                default: out.append(text[index])
                }
            }
        }
        /// `start..<stop` with the runs that overlap it, each clipped to it.
        func segment(_ start: Int, _ stop: Int) {
            var index = start
            while index < stop {
                while runIndex < runs.count && runs[runIndex].end <= index { runIndex += 1 }
                if runIndex < runs.count && runs[runIndex].start <= index {
                    let runStop = min(runs[runIndex].end, stop)
                    out += openTags[Int(runs[runIndex].kind.rawValue)]
                    escape(index, runStop)
                    out += closeTag
                    index = runStop
                } else {
                    let plainStop = runIndex < runs.count ? min(runs[runIndex].start, stop) : stop
                    escape(index, plainStop)
                    index = plainStop
                }
            }
        }

        if !lines.wrapsLines {
            segment(0, end)
        } else {
            var lineStart = 0
            var number = 1
            while lineStart < end {
                let lineEnd = text.lineEnd(from: lineStart, end: end)
                out += lines.highlighted.contains(number) ? markedLineTag : lineTag
                segment(lineStart, lineEnd)
                if lineEnd < end { out.append(.newline) }
                out += closeTag
                lineStart = lineEnd + 1
                number += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs moved onto UTF-8 scalar boundaries, in order, none empty or overlapping.
    static func aligned(_ runs: [Token], _ text: Text) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(runs.count)
        var floor = 0
        for var run in runs {
            run.start = max(run.start, floor)
            run.end = min(run.end, text.count)
            while run.start < run.end && text[run.start] & 0xC0 == 0x80 { run.start += 1 }
            while run.end < text.count && text[run.end] & 0xC0 == 0x80 { run.end += 1 }
            guard run.start < run.end else { continue }
            result.append(run)
            floor = run.end
        }
        return result
    }
}
