/// Scans code under a ``CodeSpec`` into tokens. Every step moves forward, so it ends and takes
/// time linear in the code (interpolations nest at most `maxDepth` deep).
struct CodeScanner {
    let spec: CodeSpec
    let text: Text
    var sink: TokenSink
    var depth = 0
    static let maxDepth = 24
    /// Heredoc bodies to skip as strings after the current line: (delimiter, strip leading tabs).
    var pendingHeredocs: [(word: [UInt8], stripTabs: Bool)] = []

    init(spec: CodeSpec, text: Text, sink: TokenSink) {
        self.spec = spec
        self.text = text
        self.sink = sink
    }

    /// Scans `start..<end`. With `closer`, stops before the `closer` byte that balances the
    /// code (for interpolations) and returns its index.
    @discardableResult
    mutating func scan(_ start: Int, _ end: Int, closer: UInt8 = 0) -> Int {
        let opener: UInt8 = closer == .closeBrace ? .openBrace : closer == .closeParen ? .openParen : 0
        var balance = 0
        var index = start
        while index < end {
            let byte = text[index]
            if closer != 0 {
                if byte == opener {
                    balance += 1
                } else if byte == closer {
                    if balance == 0 { return index }
                    balance -= 1
                }
            }
            if byte == .newline {
                index += 1
                if !pendingHeredocs.isEmpty { index = heredocBodies(index, end) }
                continue
            }
            if byte.isBlank {
                index += 1
                continue
            }
            index = scanToken(at: index, end)
        }
        return end
    }

    /// Scans one token (or one plain byte) at `index`; returns where the next begins.
    mutating func scanToken(at index: Int, _ end: Int) -> Int {
        let byte = text[index]
        // Comments: block openers first (`--[[` before `--` in Lua).
        for comment in spec.blockComments where text.has(comment.open, at: index) {
            let stop = blockCommentEnd(index, end, comment.open, comment.close)
            sink.add(index, stop, .comment)
            return stop
        }
        if spec.shell {
            if byte == .hash && (index == 0 || text[index - 1].isWhitespace || [.semicolon, .pipe, .ampersand, .openParen].contains(text[index - 1])) {
                let stop = text.lineEnd(from: index, end: end)
                sink.add(index, stop, .comment)
                return stop
            }
        } else {
            for marker in spec.lineComments where text.has(marker, at: index) {
                let stop = text.lineEnd(from: index, end: end)
                sink.add(index, stop, .comment)
                return stop
            }
        }
        if spec.preprocessor && byte == .hash && text.atLineStart(index) {
            var stop = text.lineEnd(from: index, end: end)
            while stop < end && stop > index && text[stop - 1] == .backslash {  // continued lines
                stop = text.lineEnd(from: stop + 1, end: end)
            }
            sink.add(index, stop, .attribute)
            return stop
        }
        if spec.rustAttributes && byte == .hash && (text[index + 1] == .openBracket || (text[index + 1] == .bang && text[index + 2] == .openBracket)) {
            var balance = 0
            var stop = index + 1
            while stop < end {
                if text[stop] == .openBracket { balance += 1 }
                if text[stop] == .closeBracket {
                    balance -= 1
                    if balance == 0 { stop += 1; break }
                }
                stop += 1
            }
            sink.add(index, stop, .attribute)
            return stop
        }
        // Shell expansions and heredocs.
        if spec.shell {
            if byte == .dollar { return shellExpansion(index, end) }
            if byte == .less && text[index + 1] == .less && text[index + 2] != .less, let next = heredocStart(index, end) {
                return next
            }
        }
        if spec.dollarVariables && byte == .dollar && text[index + 1].isIdentifierStart {
            let stop = text.identifierEnd(from: index + 1, end: end)
            sink.add(index, stop, .variable)
            return stop
        }
        if spec.rubySigils {
            if (byte == .at || byte == .dollar) && (text[index + 1].isIdentifierStart || (byte == .at && text[index + 1] == .at)) {
                let stop = text.identifierEnd(from: index + (text[index + 1] == .at ? 2 : 1), end: end)
                sink.add(index, stop, .variable)
                return stop
            }
            if byte == .colon && text[index + 1].isIdentifierStart && text[index - 1] != .colon && !text[index - 1].isIdentifierContinue {
                var stop = text.identifierEnd(from: index + 1, end: end)
                if text[stop] == .question || text[stop] == .bang { stop += 1 }
                sink.add(index, stop, .variable)
                return stop
            }
        }
        // Strings.
        if spec.swiftRawStrings && byte == .hash {
            var hashes = 0
            while text[index + hashes] == .hash { hashes += 1 }
            if text[index + hashes] == .quote {
                let triple = text.has("\"\"\"", at: index + hashes)
                let close = (triple ? "\"\"\"" : "\"").bytes + Array(repeating: .hash, count: hashes)
                let rule = QuoteRule(String(decoding: Array(repeating: UInt8.hash, count: hashes), as: UTF8.self) + (triple ? "\"\"\"" : "\""),
                                     String(decoding: close, as: UTF8.self), escapes: false, multiline: triple)
                return string(index, end, rule)
            }
        }
        if spec.csharpStrings && (byte == .at || byte == .dollar) {
            var prefixEnd = index
            var verbatim = false, interpolated = false
            while prefixEnd < index + 3 && (text[prefixEnd] == .at || text[prefixEnd] == .dollar) {
                if text[prefixEnd] == .at { verbatim = true } else { interpolated = true }
                prefixEnd += 1
            }
            if text[prefixEnd] == .quote {
                var rule = QuoteRule(String(decoding: UnsafeBufferPointer(rebasing: text.bytes[index...prefixEnd]), as: UTF8.self), "\"",
                                     escapes: !verbatim, multiline: verbatim,
                                     interpolation: interpolated ? .brace : nil, doubledCloseEscapes: verbatim)
                rule.open = Array(text.bytes[index...prefixEnd])
                return string(index, end, rule)
            }
        }
        for rule in spec.quotes where text.has(rule.open, at: index) {
            if spec.rustCharacters && rule.open == [.apostrophe] && !isRustCharacter(index) {
                let stop = text.identifierEnd(from: index + 1, end: end)  // a lifetime: 'a
                return max(stop, index + 1)
            }
            if spec.jsonKeys && rule.open == [.quote] {
                let stop = plainStringEnd(index, end)
                if text[text.skipSpaces(from: stop, end: end)] == .colon {
                    sink.add(index, stop, .property)
                    return stop
                }
            }
            return string(index, end, rule)
        }
        // Numbers.
        if byte.isDigit || (byte == .dot && text[index + 1].isDigit && !text[index - 1].isIdentifierContinue && text[index - 1] != .dot) {
            let stop = numberEnd(index, end)
            if !spec.shell || !text[stop].isIdentifierContinue {
                sink.add(index, stop, .number)
                return stop
            }
        }
        // Attributes.
        if spec.decorators && byte == .at && text[index + 1].isIdentifierStart {
            var stop = text.identifierEnd(from: index + 1, end: end)
            while text[stop] == .dot && text[stop + 1].isIdentifierStart {
                stop = text.identifierEnd(from: stop + 1, end: end)
            }
            sink.add(index, stop, .attribute)
            return stop
        }
        // Identifiers.
        if byte.isIdentifierStart || (spec.dollarInIdentifiers && byte == .dollar) {
            let stop = text.identifierEnd(
                from: index + 1, end: end, extra: spec.dollarInIdentifiers ? .dollar : 0,
                extra2: spec.hyphenInIdentifiers ? .minus : 0)
            if !spec.stringPrefixes.isEmpty, stop - index <= 3, text[stop] == .quote || text[stop] == .apostrophe {
                let prefix = text.string(index, stop).lowercased()
                if spec.stringPrefixes.contains(prefix) {
                    return prefixedString(index, stop, end, prefix: prefix)
                }
            }
            if spec.rustRawStrings && (text[index] == 0x72 || text[index] == 0x62) && stop - index <= 2 {  // r, b, br
                let prefix = text.string(index, stop)
                if prefix == "r" || prefix == "br" || prefix == "b" || prefix == "rb" {
                    if let next = rustString(index, stop, end, raw: prefix.contains("r")) { return next }
                }
            }
            classify(index, stop)
            return stop
        }
        return text.scalarEnd(index, end: end)
    }

    mutating func classify(_ start: Int, _ stop: Int) {
        let length = stop - start
        guard length <= 32 else { return }
        var word = text.string(start, stop)
        if spec.caseInsensitive { word = word.lowercased() }
        if !spec.lineStartKeywords.isEmpty && text.atLineStart(start) && spec.lineStartKeywords.contains(word.uppercased()) {
            sink.add(start, stop, .keyword)
        } else if spec.keywords.contains(word) {
            sink.add(start, stop, .keyword)
        } else if spec.literals.contains(word) {
            sink.add(start, stop, .literal)
        } else if spec.types.contains(word) {
            sink.add(start, stop, .type)
        } else if spec.capitalizedTypes && text[start].isUpper && (start + 1..<stop).contains(where: { text[$0].isLower }) {
            sink.add(start, stop, .type)
        }
    }

    func blockCommentEnd(_ start: Int, _ end: Int, _ open: [UInt8], _ close: [UInt8]) -> Int {
        var index = start + open.count
        var nesting = 1
        while index < end {
            if text.has(close, at: index) {
                nesting -= 1
                index += close.count
                if nesting == 0 || !spec.nestedComments { return index }
                continue
            }
            if spec.nestedComments && text.has(open, at: index) {
                nesting += 1
                index += open.count
                continue
            }
            index += 1
        }
        return end
    }

    func numberEnd(_ start: Int, _ end: Int) -> Int {
        var index = start
        if text[index] == 0x30, [0x78, 0x62, 0x6F].contains(text[index + 1] | 0x20), text[index + 2].isHexDigit || text[index + 2] == .underscore {
            index += 2
            while index < end && (text[index].isHexDigit || text[index] == .underscore) { index += 1 }
        } else {
            while index < end && (text[index].isDigit || text[index] == .underscore) { index += 1 }
            if text[index] == .dot && text[index + 1].isDigit {
                index += 1
                while index < end && (text[index].isDigit || text[index] == .underscore) { index += 1 }
            }
            if text[index] | 0x20 == 0x65,
               text[index + 1].isDigit || ((text[index + 1] == .plus || text[index + 1] == .minus) && text[index + 2].isDigit) {
                index += 2
                while index < end && text[index].isDigit { index += 1 }
            }
        }
        // Suffixes: 10u32, 1.5f, 100L, 5n, 2i64.
        while index < end && (text[index].isLetter || text[index].isDigit || text[index] == .underscore) && text[index] < 0x80 { index += 1 }
        return min(index, end)
    }

    /// A string from `start` under `rule`; returns where code resumes.
    mutating func string(_ start: Int, _ end: Int, _ rule: QuoteRule) -> Int {
        var index = start + rule.open.count
        var segment = start
        while index < end {
            let byte = text[index]
            if byte == .newline && !rule.multiline {
                sink.add(segment, index, .string)
                return index
            }
            if rule.escapes && byte == .backslash {
                if rule.interpolation == .backslashParen && text[index + 1] == .openParen {
                    sink.add(segment, index, .string)
                    index = interpolation(index, 2, end, closer: .closeParen)
                    segment = index
                    continue
                }
                sink.add(segment, index, .string)
                let stop = min(text.scalarEnd(index + 1, end: end), end)
                sink.add(index, stop, .escape)
                index = stop
                segment = index
                continue
            }
            if text.has(rule.close, at: index) {
                if rule.doubledCloseEscapes && text.has(rule.close, at: index + rule.close.count) {
                    index += 2 * rule.close.count
                    continue
                }
                index += rule.close.count
                sink.add(segment, index, .string)
                return index
            }
            if let kind = rule.interpolation {
                switch kind {
                case .dollarBrace, .dollar:
                    if byte == .dollar && text[index + 1] == .openBrace {
                        sink.add(segment, index, .string)
                        index = interpolation(index, 2, end, closer: .closeBrace)
                        segment = index
                        continue
                    }
                    if kind == .dollar && byte == .dollar && text[index + 1].isIdentifierStart {
                        sink.add(segment, index, .string)
                        let stop = text.identifierEnd(from: index + 1, end: end)
                        sink.add(index, stop, .variable)
                        index = stop
                        segment = index
                        continue
                    }
                    if kind == .dollar && spec.shell && byte == .dollar && text[index + 1] == .openParen {
                        sink.add(segment, index, .string)
                        index = interpolation(index, 2, end, closer: .closeParen)
                        segment = index
                        continue
                    }
                case .hashBrace:
                    if byte == .hash && text[index + 1] == .openBrace {
                        sink.add(segment, index, .string)
                        index = interpolation(index, 2, end, closer: .closeBrace)
                        segment = index
                        continue
                    }
                case .brace:
                    if byte == .openBrace {
                        if text[index + 1] == .openBrace {
                            index += 2
                            continue
                        }
                        sink.add(segment, index, .string)
                        index = interpolation(index, 1, end, closer: .closeBrace)
                        segment = index
                        continue
                    }
                case .backslashParen:
                    break
                }
            }
            index += 1
        }
        sink.add(segment, end, .string)
        return end
    }

    /// An interpolation (or shell `$(…)`) whose opener (`openLength` bytes) starts at `start`:
    /// the markers as `marker`, the inside as code. Past `maxDepth` the rest stays as it is.
    mutating func interpolation(_ start: Int, _ openLength: Int, _ end: Int, closer: UInt8, marker: TokenKind = .escape) -> Int {
        sink.add(start, start + openLength, marker)
        guard depth < Self.maxDepth else { return start + openLength }
        depth += 1
        let close = scan(start + openLength, end, closer: closer)
        depth -= 1
        guard close < end else { return end }
        sink.add(close, close + 1, marker)
        return close + 1
    }

    /// Where a plain double-quoted string ends (for JSON keys): escapes skipped, no interpolation.
    func plainStringEnd(_ start: Int, _ end: Int) -> Int {
        var index = start + 1
        while index < end {
            let byte = text[index]
            if byte == .backslash { index += 2; continue }
            if byte == .quote { return index + 1 }
            if byte == .newline { return index }
            index += 1
        }
        return end
    }

}
