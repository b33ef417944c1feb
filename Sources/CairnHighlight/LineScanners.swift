/// Scanners for languages read line by line: console sessions, diffs, YAML, TOML and INI,
/// Markdown, Makefiles.
enum LineScanners {
    static let shell = Languages.specs["shell"]!

    /// Runs the shell scanner over `start..<end`.
    static func shellCode(_ text: Text, _ start: Int, _ end: Int, _ sink: inout TokenSink) {
        var scanner = CodeScanner(spec: shell, text: text, sink: sink)
        scanner.scan(start, end)
        sink = scanner.sink
    }

    /// The end of line `start` without its `\r`.
    static func contentEnd(_ text: Text, _ start: Int, _ lineEnd: Int) -> Int {
        var stop = lineEnd
        while stop > start && text[stop - 1] == .carriageReturn { stop -= 1 }
        return stop
    }

    // MARK: Console

    /// `$ command` lines: the prompt marked, the command read as shell, a line ending in `\`
    /// continuing it; every other line is output.
    static func console(_ text: Text, _ sink: inout TokenSink) {
        var index = 0
        var continuation = false
        let end = text.count
        while index < end {
            let lineEnd = text.lineEnd(from: index, end: end)
            let stop = contentEnd(text, index, lineEnd)
            var command: Int?
            if continuation {
                let first = text.skipSpaces(from: index, end: stop)
                if text[first] == .greater && text[first + 1] == .space {  // a continuation prompt
                    sink.add(index, first + 2, .prompt)
                    command = first + 2
                } else {
                    command = index
                }
            } else if let prompt = promptEnd(text, index, stop) {
                sink.add(index, prompt, .prompt)
                command = prompt
            }
            if let command {
                shellCode(text, command, stop, &sink)
                continuation = stop > command && text[stop - 1] == .backslash
            } else {
                sink.add(index, stop, .output)
                continuation = false
            }
            index = lineEnd + 1
        }
    }

    /// Where a prompt at the start of a line ends: `$ `, `% `, `# `, `❯ `, `PS C:\> `,
    /// `user@host:~/dir$ `, `[user@host dir]# `, `(venv) $ `.
    static func promptEnd(_ text: Text, _ start: Int, _ stop: Int) -> Int? {
        let first = text.skipSpaces(from: start, end: stop)
        let limit = min(stop, first + 120)
        if text.has("\u{276F}", at: first), text[first + 3] == .space { return first + 4 }  // ❯
        if text.has("PS", at: first), text[first + 2] == .space || text[first + 2] == .greater {
            var index = first + 2
            while index < limit {
                if text[index] == .greater && (text[index + 1] == .space || index + 1 == stop) { return min(index + 2, stop) }
                index += 1
            }
            return nil
        }
        var index = first
        var sawMarker = false  // @ : ~ ( [ make a prefix look like user@host:path
        while index < limit {
            let byte = text[index]
            if byte == .dollar || byte == .hash || byte == .percent {
                let next = text[index + 1]
                guard next == .space || index + 1 == stop else { return nil }
                if index == first || sawMarker { return min(index + 2, stop) }
                return nil
            }
            if byte == .at || byte == .colon || byte == .tilde || byte == .openParen || byte == .openBracket {
                sawMarker = true
            } else if byte == .space && !sawMarker {
                return nil
            } else if !(byte.isIdentifierContinue || [.minus, .dot, .slash, .closeParen, .closeBracket, .space, .backslash].contains(byte)) {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// Whether a `bash`/`sh` block is really a session: its first non-blank line starts `$ `.
    static func looksLikeSession(_ text: Text) -> Bool {
        var index = 0
        while index < text.count && text[index].isWhitespace { index += 1 }
        return text[index] == .dollar && text[index + 1] == .space
    }

    // MARK: Diff

    static let diffHeaders = ["+++ ", "--- ", "@@", "diff ", "index ", "new file", "deleted file", "similarity ", "rename ",
                              "old mode", "new mode", "Binary files"].map(\.bytes)

    static func diff(_ text: Text, _ sink: inout TokenSink) {
        var index = 0
        let end = text.count
        while index < end {
            let lineEnd = text.lineEnd(from: index, end: end)
            let stop = contentEnd(text, index, lineEnd)
            if diffHeaders.contains(where: { text.has($0, at: index) }) {
                sink.add(index, stop, .attribute)
            } else if text[index] == .plus || text[index] == .greater {
                sink.add(index, stop, .inserted)
            } else if text[index] == .minus || text[index] == .less {
                sink.add(index, stop, .deleted)
            }
            index = lineEnd + 1
        }
    }

    // MARK: TOML and INI

    static let tomlSpec: CodeSpec = {
        var spec = CodeSpec()
        spec.literals = words("true false inf nan")
        spec.lineComments = ["#".bytes]
        spec.quotes = [QuoteRule("\"\"\"", multiline: true), QuoteRule("'''", escapes: false, multiline: true),
                       QuoteRule("\""), QuoteRule("'", escapes: false)]
        return spec
    }()

    /// `[section]` headers, `key =` keys, values as TOML (strings, numbers, dates, booleans,
    /// arrays and inline tables, multi-line strings) or, for INI, to the line's end.
    static func keyValue(_ text: Text, _ sink: inout TokenSink, toml: Bool) {
        var index = 0
        let end = text.count
        while index < end {
            let lineEnd = text.lineEnd(from: index, end: end)
            let stop = contentEnd(text, index, lineEnd)
            let first = text.skipSpaces(from: index, end: stop)
            let byte = text[first]
            if byte == .hash || (!toml && byte == .semicolon) {
                sink.add(first, stop, .comment)
                index = lineEnd + 1
                continue
            }
            if byte == .openBracket {
                var close = first
                while close < stop && text[close] != .closeBracket { close += 1 }
                while close < stop && text[close] == .closeBracket { close += 1 }
                sink.add(first, close, .type)
                let rest = text.skipSpaces(from: close, end: stop)
                if text[rest] == .hash || text[rest] == .semicolon { sink.add(rest, stop, .comment) }
                index = lineEnd + 1
                continue
            }
            var separator = first
            while separator < stop && text[separator] != .equals && (toml || text[separator] != .colon) { separator += 1 }
            guard separator < stop else {
                index = lineEnd + 1
                continue
            }
            var keyEnd = separator
            while keyEnd > first && text[keyEnd - 1].isBlank { keyEnd -= 1 }
            sink.add(first, keyEnd, .property)
            let valueStart = text.skipSpaces(from: separator + 1, end: stop)
            if toml {
                index = tomlValue(text, valueStart, end, &sink)
                if index < end && text[index] == .newline { index += 1 }
            } else {
                if valueStart < stop {
                    let word = text.string(valueStart, stop)
                    sink.add(valueStart, stop, yamlLiterals.contains(word) ? .literal : isNumber(word) ? .number : .string)
                }
                index = lineEnd + 1
            }
        }
    }

    /// A TOML value from `start`; returns the end of the line it ends on (multi-line strings and
    /// arrays may span lines).
    private static func tomlValue(_ text: Text, _ start: Int, _ end: Int, _ sink: inout TokenSink) -> Int {
        var scanner = CodeScanner(spec: tomlSpec, text: text, sink: sink)
        var index = start
        var brackets = 0
        while index < end {
            let byte = text[index]
            if byte == .newline && brackets == 0 { break }
            if byte == .openBracket || byte == .openBrace { brackets += 1 }
            if byte == .closeBracket || byte == .closeBrace { brackets = max(0, brackets - 1) }
            if byte.isDigit || ((byte == .minus || byte == .plus) && text[index + 1].isDigit) {
                var stop = index + 1
                while stop < end && (text[stop].isHexDigit || [.minus, .plus, .colon, .dot, .underscore, 0x54, 0x5A, 0x78, 0x6F].contains(text[stop])) { stop += 1 }
                scanner.sink.add(index, stop, .number)
                index = stop
                continue
            }
            if byte.isIdentifierStart && brackets > 0 {  // a key inside an inline table
                var stop = text.identifierEnd(from: index, end: end, extra: .minus)
                if text[text.skipSpaces(from: stop, end: end)] == .equals {
                    scanner.sink.add(index, stop, .property)
                    index = stop
                    continue
                }
                stop = index
            }
            let before = index
            index = scanner.scanOne(index, end)
            if index == before { index += 1 }
        }
        sink = scanner.sink
        return index
    }

    // MARK: Markdown

    static func markdown(_ text: Text, _ sink: inout TokenSink) {
        var index = 0
        let end = text.count
        var fence: [UInt8]?
        while index < end {
            let lineEnd = text.lineEnd(from: index, end: end)
            let stop = contentEnd(text, index, lineEnd)
            let first = text.skipSpaces(from: index, end: stop)
            if let open = fence {
                sink.add(index, stop, .string)
                if text.has(open, at: first) { fence = nil }
                index = lineEnd + 1
                continue
            }
            if text.has("```", at: first) || text.has("~~~", at: first) {
                fence = Array(text.bytes[first..<(first + 3)])
                sink.add(first, stop, .string)
            } else if text[first] == .hash {
                var level = first
                while text[level] == .hash { level += 1 }
                if level == stop || text[level] == .space { sink.add(first, stop, .keyword) } else { markdownInline(text, first, stop, &sink) }
            } else if text[first] == .greater {
                sink.add(first, stop, .comment)
            } else {
                var content = first
                if [.minus, .star, .plus].contains(text[first]) && text[first + 1] == .space {
                    sink.add(first, first + 1, .keyword)
                    content = first + 1
                } else {
                    var digits = first
                    while text[digits].isDigit { digits += 1 }
                    if digits > first && (text[digits] == .dot || text[digits] == .closeParen) && text[digits + 1] == .space {
                        sink.add(first, digits + 1, .keyword)
                        content = digits + 1
                    }
                }
                markdownInline(text, content, stop, &sink)
            }
            index = lineEnd + 1
        }
    }

    /// `code spans`, `**strong**`, `[text](url)` URLs and `<!-- comments -->` on one line.
    private static func markdownInline(_ text: Text, _ start: Int, _ stop: Int, _ sink: inout TokenSink) {
        var index = start
        while index < stop {
            let byte = text[index]
            if byte == .backtick {
                var close = index + 1
                while close < stop && text[close] != .backtick { close += 1 }
                if close < stop {
                    sink.add(index, close + 1, .string)
                    index = close + 1
                    continue
                }
            }
            if byte == .star && text[index + 1] == .star {
                var close = index + 2
                while close + 1 < stop && !(text[close] == .star && text[close + 1] == .star) { close += 1 }
                if close + 1 < stop {
                    sink.add(index, close + 2, .keyword)
                    index = close + 2
                    continue
                }
            }
            if byte == .closeBracket && text[index + 1] == .openParen {
                var close = index + 2
                while close < stop && text[close] != .closeParen { close += 1 }
                sink.add(index + 1, min(close + 1, stop), .string)
                index = min(close + 1, stop)
                continue
            }
            if text.has("<!--", at: index) {
                var close = index + 4
                while close < stop && !text.has("-->", at: close) { close += 1 }
                let commentEnd = min(close + 3, stop)
                sink.add(index, commentEnd, .comment)
                index = commentEnd
                continue
            }
            index += 1
        }
    }

    // MARK: Makefile

    static let makeDirectives = words("include -include sinclude ifeq ifneq ifdef ifndef else endif define endef export unexport override vpath private undefine")

    static func makefile(_ text: Text, _ sink: inout TokenSink) {
        var index = 0
        let end = text.count
        var continued = false
        while index < end {
            let lineEnd = text.lineEnd(from: index, end: end)
            let stop = contentEnd(text, index, lineEnd)
            defer {
                continued = stop > index && text[stop - 1] == .backslash
                index = lineEnd + 1
            }
            if text[index] == .tab || continued {  // a recipe line: shell, with make's $(VAR)
                shellCode(text, index, stop, &sink)
                continue
            }
            let first = text.skipSpaces(from: index, end: stop)
            if text[first] == .hash {
                sink.add(first, stop, .comment)
                continue
            }
            var wordEnd = first
            while wordEnd < stop && !text[wordEnd].isBlank { wordEnd += 1 }
            if makeDirectives.contains(text.string(first, wordEnd)) {
                sink.add(first, wordEnd, .keyword)
                makeVariables(text, wordEnd, stop, &sink)
                continue
            }
            // NAME = value, NAME := value, NAME ?= value, NAME += value; or targets: prerequisites.
            var cursor = first
            while cursor < stop && ![.equals, .colon, .question, .plus, .bang].contains(text[cursor]) && text[cursor] != .dollar { cursor += 1 }
            if text[cursor] == .dollar { cursor = stop }  // a name built from variables: leave it
            if cursor < stop {
                var nameEnd = cursor
                while nameEnd > first && text[nameEnd - 1].isBlank { nameEnd -= 1 }
                let isAssignment = text[cursor] == .equals || text[cursor + 1] == .equals || (text[cursor + 1] == .colon && text[cursor + 2] == .equals)
                sink.add(first, nameEnd, isAssignment ? .property : .type)
                makeVariables(text, cursor, stop, &sink)
            } else {
                makeVariables(text, first, stop, &sink)
            }
        }
    }

    /// `$(VAR)`, `${VAR}`, `$@`, `$<`, `$^` and `#` comments in a Makefile line.
    private static func makeVariables(_ text: Text, _ start: Int, _ stop: Int, _ sink: inout TokenSink) {
        var index = start
        while index < stop {
            if text[index] == .hash && text[index - 1] != .backslash {
                sink.add(index, stop, .comment)
                return
            }
            if text[index] == .dollar {
                let next = text[index + 1]
                if next == .openParen || next == .openBrace {
                    let close: UInt8 = next == .openParen ? .closeParen : .closeBrace
                    var depth = 0
                    var cursor = index + 1
                    while cursor < stop {
                        if text[cursor] == next { depth += 1 }
                        if text[cursor] == close {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        cursor += 1
                    }
                    let variableEnd = min(cursor + 1, stop)
                    sink.add(index, variableEnd, .variable)
                    index = variableEnd
                    continue
                }
                if next != 0 && next != .newline && !next.isBlank {
                    sink.add(index, min(index + 2, stop), .variable)
                    index += 2
                    continue
                }
            }
            index += 1
        }
    }
}

extension CodeScanner {
    /// Scans the one token at `index` (for scanners that drive the loop themselves).
    mutating func scanOne(_ index: Int, _ end: Int) -> Int {
        text[index].isWhitespace ? index + 1 : scanToken(at: index, end)
    }
}
