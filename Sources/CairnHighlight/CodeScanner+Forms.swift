/// Language-specific forms: prefixed and Rust strings, shell expansions and heredocs.
extension CodeScanner {
    mutating func prefixedString(_ start: Int, _ prefixEnd: Int, _ end: Int, prefix: String) -> Int {
        let quote = text[prefixEnd]
        if spec.cppRawStrings && prefix.hasSuffix("r") && quote == .quote {
            // R"delim( … )delim": the delimiter is up to 16 characters before '('.
            var paren = prefixEnd + 1
            while paren < min(end, prefixEnd + 18) && ![.openParen, .closeParen, .backslash, .space, .newline, .quote].contains(text[paren]) {
                paren += 1
            }
            if text[paren] == .openParen {
                let delimiter = Array(text.bytes[(prefixEnd + 1)..<paren])
                var rule = QuoteRule("\"", escapes: false, multiline: true)
                rule.open = Array(text.bytes[start...paren])
                rule.close = [.closeParen] + delimiter + [.quote]
                return string(start, end, rule)
            }
        }
        let triple = text[prefixEnd + 1] == quote && text[prefixEnd + 2] == quote
        let delimiter = String(decoding: triple ? [quote, quote, quote] : [quote], as: UTF8.self)
        var rule = QuoteRule(delimiter, escapes: !prefix.contains("r"), multiline: triple,
                             interpolation: prefix.contains("f") ? .brace : nil)
        rule.open = Array(text.bytes[start..<(prefixEnd + (triple ? 3 : 1))])
        return string(start, end, rule)
    }

    /// `r"…"`, `r#"…"#`, `b"…"`, `b'x'`, `br"…"` starting at `start` (prefix up to `prefixEnd`).
    mutating func rustString(_ start: Int, _ prefixEnd: Int, _ end: Int, raw: Bool) -> Int? {
        var hashes = 0
        while raw && text[prefixEnd + hashes] == .hash { hashes += 1 }
        let quote = text[prefixEnd + hashes]
        guard quote == .quote || (quote == .apostrophe && !raw && hashes == 0) else { return nil }
        let close = String(decoding: [quote] + Array(repeating: UInt8.hash, count: hashes), as: UTF8.self)
        var rule = QuoteRule("\"", close, escapes: !raw, multiline: quote == .quote)
        rule.open = Array(text.bytes[start...(prefixEnd + hashes)])
        return string(start, end, rule)
    }

    /// `'x'`, `'\n'`, `'\u{1F600}'` (a character) rather than `'a` (a lifetime).
    func isRustCharacter(_ index: Int) -> Bool {
        if text[index + 1] == .backslash { return true }
        let next = text.scalarEnd(index + 1, end: text.count)
        return text[next] == .apostrophe
    }

    // MARK: Shell

    mutating func shellExpansion(_ start: Int, _ end: Int) -> Int {
        let next = text[start + 1]
        if next == .openParen {  // $( … ) and $(( … ))
            return interpolation(start, 2, end, closer: .closeParen, marker: .variable)
        }
        if next == .openBrace {
            var index = start + 2
            while index < end && text[index] != .closeBrace && text[index] != .newline { index += 1 }
            let stop = min(index + (text[index] == .closeBrace ? 1 : 0), end)
            sink.add(start, stop, .variable)
            return stop
        }
        if next == .apostrophe {  // $'…' with C escapes
            return string(start, end, QuoteRule("$'", "'", escapes: true, multiline: true))
        }
        if next.isIdentifierStart {
            let stop = text.identifierEnd(from: start + 1, end: end)
            sink.add(start, stop, .variable)
            return stop
        }
        if next.isDigit || [.at, .star, .hash, .question, .dollar, .bang, .minus].contains(next) {
            sink.add(start, start + 2, .variable)
            return start + 2
        }
        return start + 1
    }

    /// `<<WORD`, `<<-WORD`, `<<'WORD'`, `<<"WORD"`: the operator stays plain, the word is a
    /// string, and the body (after this line) is read as a string up to the line `WORD`.
    mutating func heredocStart(_ start: Int, _ end: Int) -> Int? {
        var index = start + 2
        let stripTabs = text[index] == .minus
        if stripTabs { index += 1 }
        index = text.skipSpaces(from: index, end: end)
        let quote = text[index] == .apostrophe || text[index] == .quote ? text[index] : 0
        let wordStart = quote != 0 ? index + 1 : index
        var wordEnd = wordStart
        while wordEnd < end && (text[wordEnd].isIdentifierContinue || text[wordEnd] == .minus || text[wordEnd] == .dot) { wordEnd += 1 }
        guard wordEnd > wordStart, quote == 0 || text[wordEnd] == quote else { return nil }
        let stop = wordEnd + (quote != 0 ? 1 : 0)
        sink.add(index, stop, .string)
        pendingHeredocs.append((Array(text.bytes[wordStart..<wordEnd]), stripTabs))
        return stop
    }

    /// At the start of the line after a heredoc operator: each pending body as one string,
    /// its closing word included; returns where code resumes.
    mutating func heredocBodies(_ start: Int, _ end: Int) -> Int {
        var index = start
        for heredoc in pendingHeredocs {
            let bodyStart = index
            while index < end {
                let lineEnd = text.lineEnd(from: index, end: end)
                var wordStart = index
                if heredoc.stripTabs { while wordStart < lineEnd && text[wordStart] == .tab { wordStart += 1 } }
                var lineStop = lineEnd
                while lineStop > wordStart && text[lineStop - 1] == .carriageReturn { lineStop -= 1 }
                let isClose = lineStop - wordStart == heredoc.word.count && text.has(heredoc.word, at: wordStart)
                index = min(lineEnd + 1, end)
                if isClose {
                    sink.add(bodyStart, lineEnd, .string)
                    break
                }
                if index >= end { sink.add(bodyStart, end, .string) }
            }
        }
        pendingHeredocs.removeAll()
        return index
    }
}
