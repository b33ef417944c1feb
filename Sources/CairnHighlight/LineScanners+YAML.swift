extension LineScanners {
    // MARK: YAML

    static func yaml(_ text: Text, _ sink: inout TokenSink) {
        var index = 0
        let end = text.count
        var blockIndent = -1  // inside a `|` or `>` block scalar: lines indented deeper than this
        while index < end {
            let lineEnd = text.lineEnd(from: index, end: end)
            let stop = contentEnd(text, index, lineEnd)
            let first = text.skipSpaces(from: index, end: stop)
            let indent = first - index
            if blockIndent >= 0 {
                if first == stop || indent > blockIndent {
                    sink.add(index, stop, .string)
                    index = lineEnd + 1
                    continue
                }
                blockIndent = -1
            }
            if indent == 0 && (text.has("---", at: index) || text.has("...", at: index))
                && (stop - index == 3 || text[index + 3] == .space) {
                sink.add(index, index + 3, .attribute)
                yamlValue(text, index + 3, stop, &sink)
                index = lineEnd + 1
                continue
            }
            var cursor = first
            while text[cursor] == .minus && (text[cursor + 1] == .space || cursor + 1 == stop) {  // "- " list items
                cursor = text.skipSpaces(from: cursor + 1, end: stop)
            }
            if text[cursor] == .hash {
                sink.add(cursor, stop, .comment)
            } else if let key = yamlKey(text, cursor, stop) {
                let (keyEnd, colon) = key
                sink.add(cursor, keyEnd, .property)
                let valueStart = text.skipSpaces(from: colon + 1, end: stop)
                if text[valueStart] == .pipe || text[valueStart] == .greater {
                    var modifiers = valueStart + 1
                    while modifiers < stop && (text[modifiers] == .minus || text[modifiers] == .plus || text[modifiers].isDigit) { modifiers += 1 }
                    let rest = text.skipSpaces(from: modifiers, end: stop)
                    if rest == stop || text[rest] == .hash {
                        sink.add(valueStart, modifiers, .attribute)
                        if rest < stop { sink.add(rest, stop, .comment) }
                        blockIndent = indent
                        index = lineEnd + 1
                        continue
                    }
                }
                yamlValue(text, colon + 1, stop, &sink)
            } else {
                yamlValue(text, cursor, stop, &sink)
            }
            index = lineEnd + 1
        }
    }

    /// A mapping key at `start`: its end and the index of its `:`.
    static func yamlKey(_ text: Text, _ start: Int, _ stop: Int) -> (Int, Int)? {
        var index = start
        if text[index] == .quote || text[index] == .apostrophe {
            let quote = text[index]
            index += 1
            while index < stop && text[index] != quote {
                if quote == .quote && text[index] == .backslash { index += 1 }
                index += 1
            }
            guard index < stop else { return nil }
            let keyEnd = index + 1
            let colon = text.skipSpaces(from: keyEnd, end: stop)
            return text[colon] == .colon && (colon + 1 == stop || text[colon + 1].isBlank) ? (keyEnd, colon) : nil
        }
        guard ![.openBracket, .openBrace, .ampersand, .star, .bang, .pipe, .greater, .percent, .at, .backtick].contains(text[index]) else { return nil }
        while index < stop {
            if text[index] == .colon && (index + 1 == stop || text[index + 1].isBlank) {
                var keyEnd = index
                while keyEnd > start && text[keyEnd - 1].isBlank { keyEnd -= 1 }
                return keyEnd > start ? (keyEnd, index) : nil
            }
            if text[index] == .hash && index > start && text[index - 1].isBlank { return nil }
            index += 1
        }
        return nil
    }

    static let yamlLiterals = words("true false True False TRUE FALSE null Null NULL ~ yes no Yes No on off On Off")

    /// A value (or flow collection) from `start` to the line's end.
    static func yamlValue(_ text: Text, _ start: Int, _ stop: Int, _ sink: inout TokenSink) {
        var index = start
        while index < stop {
            let byte = text[index]
            if byte.isBlank || [.openBracket, .closeBracket, .openBrace, .closeBrace, .comma].contains(byte) {
                index += 1
                continue
            }
            if byte == .hash && (index == start || text[index - 1].isBlank) {
                sink.add(index, stop, .comment)
                return
            }
            if byte == .quote || byte == .apostrophe {
                var close = index + 1
                while close < stop && text[close] != byte {
                    if byte == .quote && text[close] == .backslash { close += 1 }
                    close += 1
                }
                let stringEnd = min(close + 1, stop)
                let after = text.skipSpaces(from: stringEnd, end: stop)
                sink.add(index, stringEnd, text[after] == .colon ? .property : .string)
                index = stringEnd
                continue
            }
            if byte == .ampersand || byte == .star || byte == .bang {
                var wordEnd = index + 1
                while wordEnd < stop && !text[wordEnd].isBlank && ![.comma, .closeBracket, .closeBrace].contains(text[wordEnd]) { wordEnd += 1 }
                sink.add(index, wordEnd, .attribute)
                index = wordEnd
                continue
            }
            // A plain scalar: to a ` #`, or in flow context to `,]}`; a key when followed by `: `.
            var wordEnd = index
            while wordEnd < stop {
                let current = text[wordEnd]
                if current == .hash && text[wordEnd - 1].isBlank { break }
                if [.comma, .closeBracket, .closeBrace].contains(current) && start != index { break }
                if current == .colon && (wordEnd + 1 == stop || text[wordEnd + 1].isBlank) { break }
                wordEnd += 1
            }
            var trimmed = wordEnd
            while trimmed > index && text[trimmed - 1].isBlank { trimmed -= 1 }
            let word = text.string(index, trimmed)
            if text[wordEnd] == .colon {
                sink.add(index, trimmed, .property)
                index = wordEnd + 1
                continue
            }
            if yamlLiterals.contains(word) {
                sink.add(index, trimmed, .literal)
            } else if isNumber(word) {
                sink.add(index, trimmed, .number)
            } else {
                sink.add(index, trimmed, .string)
            }
            index = max(wordEnd, index + 1)
        }
    }

    /// `12`, `-3.5`, `1e9`, `0x1F`, `1_000`, `.inf`.
    static func isNumber(_ word: String) -> Bool {
        var body = Substring(word)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard let first = body.first, first.isASCII, first.isNumber || (first == "." && body.count > 1) else {
            return body == ".inf" || body == ".nan"
        }
        if body.hasPrefix("0x") || body.hasPrefix("0o") || body.hasPrefix("0b") {
            return body.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" } && body.count > 2
        }
        var seenExponent = false
        var previous: Character = " "
        for character in body {
            if character.isASCII && character.isNumber || character == "_" || character == "." {
            } else if (character == "e" || character == "E") && !seenExponent {
                seenExponent = true
            } else if (character == "-" || character == "+") && (previous == "e" || previous == "E") {
            } else {
                return false
            }
            previous = character
        }
        return true
    }
}
