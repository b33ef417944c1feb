/// Scanners for HTML/XML, CSS (with SCSS and Less) and nginx configuration.
enum MarkupScanners {
    // MARK: HTML and XML

    static func markup(_ text: Text, _ sink: inout TokenSink, html: Bool) {
        var index = 0
        let end = text.count
        while index < end {
            let byte = text[index]
            if byte == .less {
                if text.has("<!--", at: index) {
                    let stop = find("-->", text, index + 4, end).map { $0 + 3 } ?? end
                    sink.add(index, stop, .comment)
                    index = stop
                    continue
                }
                if text.has("<![CDATA[", at: index) {
                    let stop = find("]]>", text, index + 9, end).map { $0 + 3 } ?? end
                    sink.add(index, stop, .string)
                    index = stop
                    continue
                }
                if text[index + 1] == .bang || text[index + 1] == .question {
                    var stop = index + 2
                    while stop < end && text[stop] != .greater { stop += 1 }
                    stop = min(stop + 1, end)
                    sink.add(index, stop, .attribute)
                    index = stop
                    continue
                }
                let closing = text[index + 1] == .slash
                let nameStart = index + (closing ? 2 : 1)
                if text[nameStart].isLetter {
                    let nameEnd = text.identifierEnd(from: nameStart, end: end, extra: .minus, extra2: .colon)
                    sink.add(nameStart, nameEnd, .keyword)
                    let tagEnd = attributes(text, nameEnd, end, &sink)
                    index = tagEnd
                    let name = text.string(nameStart, nameEnd).lowercased()
                    if html && !closing && (name == "script" || name == "style") && text[tagEnd - 1] != .slash || tagEnd == end {
                        index = embedded(text, tagEnd, end, &sink, closer: "</" + name, spec: name == "script" ? Languages.specs["javascript"]! : nil)
                    }
                    continue
                }
            }
            if byte == .ampersand {
                var stop = index + 1
                while stop < end && stop - index < 12 && (text[stop].isIdentifierContinue || text[stop] == .hash) { stop += 1 }
                if text[stop] == .semicolon && stop > index + 1 {
                    sink.add(index, stop + 1, .escape)
                    index = stop + 1
                    continue
                }
            }
            index += 1
        }
    }

    /// Attributes after a tag name, to and including `>`.
    private static func attributes(_ text: Text, _ start: Int, _ end: Int, _ sink: inout TokenSink) -> Int {
        var index = start
        while index < end {
            let byte = text[index]
            if byte == .greater { return index + 1 }
            if byte == .less { return index }  // a broken tag: let the next one start
            if byte == .quote || byte == .apostrophe {
                var stop = index + 1
                while stop < end && text[stop] != byte { stop += 1 }
                stop = min(stop + 1, end)
                sink.add(index, stop, .string)
                index = stop
                continue
            }
            if byte == .equals {
                let value = text.skipSpaces(from: index + 1, end: end)
                if text[value] != .quote && text[value] != .apostrophe && value < end && !text[value].isWhitespace && text[value] != .greater {
                    var stop = value
                    while stop < end && !text[stop].isWhitespace && text[stop] != .greater { stop += 1 }
                    sink.add(value, stop, .string)
                    index = stop
                    continue
                }
                index += 1
                continue
            }
            if byte.isIdentifierStart || byte == .at || byte == .colon {
                let stop = text.identifierEnd(from: index + 1, end: end, extra: .minus, extra2: .colon)
                sink.add(index, stop, .property)
                index = max(stop, index + 1)
                continue
            }
            index += 1
        }
        return end
    }

    /// The body of `<script>` or `<style>` up to its closing tag, highlighted as JavaScript or CSS.
    private static func embedded(_ text: Text, _ start: Int, _ end: Int, _ sink: inout TokenSink, closer: String, spec: CodeSpec?) -> Int {
        let closerBytes = closer.bytes
        var stop = start
        while stop < end {
            if text[stop] == .less && text[stop + 1] == .slash
                && (0..<closerBytes.count).allSatisfy({ text[stop + $0] | 0x20 == closerBytes[$0] | 0x20 }) { break }
            stop += 1
        }
        if let spec {
            var scanner = CodeScanner(spec: spec, text: text, sink: sink)
            scanner.scan(start, stop)
            sink = scanner.sink
        } else {
            css(text, start, stop, &sink)
        }
        return stop
    }

    private static func find(_ needle: StaticString, _ text: Text, _ start: Int, _ end: Int) -> Int? {
        var index = start
        while index + needle.utf8CodeUnitCount <= end {
            if text.has(needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    // MARK: CSS

    static let cssLiterals = words("inherit initial unset revert none auto transparent currentColor currentcolor")

    /// Selectors (types), at-rules (attributes), properties, values: numbers with units, colours,
    /// strings, `!important`; `$var`, `@var` and `--custom` variables; `/* */` and `//` comments.
    static func css(_ text: Text, _ start: Int, _ end: Int, _ sink: inout TokenSink) {
        var index = start
        var depth = 0
        var inValue = false       // after `property:` until `;` or `}`
        var statementStart = true
        var selector = true       // the current statement opens a block (`a:hover {`)
        while index < end {
            let byte = text[index]
            if byte.isWhitespace {
                index += 1
                continue
            }
            if statementStart {
                selector = depth == 0 || opensBlock(text, index, end)
                statementStart = false
            }
            if text.has("/*", at: index) {
                let stop = find("*/", text, index + 2, end).map { $0 + 2 } ?? end
                sink.add(index, stop, .comment)
                index = stop
                continue
            }
            if byte == .slash && text[index + 1] == .slash && (index == start || text[index - 1] != .colon) {
                let stop = text.lineEnd(from: index, end: end)
                sink.add(index, stop, .comment)
                index = stop
                continue
            }
            switch byte {
            case .openBrace:
                depth += 1
                inValue = false
                statementStart = true
                index += 1
                continue
            case .closeBrace:
                depth = max(0, depth - 1)
                inValue = false
                statementStart = true
                index += 1
                continue
            case .semicolon:
                inValue = false
                statementStart = true
                index += 1
                continue
            case .quote, .apostrophe:
                var stop = index + 1
                while stop < end && text[stop] != byte && text[stop] != .newline {
                    if text[stop] == .backslash { stop += 1 }
                    stop += 1
                }
                stop = min(stop + 1, end)
                sink.add(index, stop, .string)
                index = stop
                continue
            case .at:
                let stop = text.identifierEnd(from: index + 1, end: end, extra: .minus)
                sink.add(index, stop, inValue ? .variable : .attribute)
                index = max(stop, index + 1)
                continue
            case .dollar:
                let stop = text.identifierEnd(from: index + 1, end: end, extra: .minus)
                sink.add(index, stop, .variable)
                index = max(stop, index + 1)
                continue
            case .bang:
                let stop = text.identifierEnd(from: index + 1, end: end)
                sink.add(index, stop, .keyword)
                index = max(stop, index + 1)
                continue
            case .hash where inValue:
                var stop = index + 1
                while stop < end && text[stop].isHexDigit { stop += 1 }
                sink.add(index, stop, .number)
                index = stop
                continue
            default:
                break
            }
            if byte.isDigit || (byte == .dot && text[index + 1].isDigit && inValue) || (byte == .minus && text[index + 1].isDigit && inValue) {
                var stop = index + 1
                while stop < end && (text[stop].isDigit || text[stop] == .dot) { stop += 1 }
                while stop < end && (text[stop].isLetter || text[stop] == .percent) { stop += 1 }
                sink.add(index, stop, .number)
                index = stop
                continue
            }
            if byte.isIdentifierStart || byte == .minus || ((byte == .dot || byte == .hash || byte == .colon || byte == .ampersand) && selector && !inValue) {
                var nameStart = index
                if !byte.isIdentifierStart && byte != .minus {
                    nameStart = index + (byte == .colon && text[index + 1] == .colon ? 2 : 1)
                }
                let stop = text.identifierEnd(from: nameStart, end: end, extra: .minus)
                guard stop > index else {
                    index += 1
                    continue
                }
                if !inValue && !selector && depth > 0 {
                    sink.add(index, stop, text.has("--", at: index) ? .variable : .property)
                    let colon = text.skipSpaces(from: stop, end: end)
                    if text[colon] == .colon {
                        inValue = true
                        index = colon + 1
                        continue
                    }
                } else if inValue {
                    let word = text.string(index, stop)
                    if text.has("--", at: index) {
                        sink.add(index, stop, .variable)
                    } else if cssLiterals.contains(word) {
                        sink.add(index, stop, .literal)
                    }
                } else {
                    sink.add(index, stop, .type)
                }
                index = stop
                continue
            }
            index = text.scalarEnd(index, end: end)
        }
    }

    /// Whether the statement at `start` opens a block (`{` before `;` or `}`): a selector.
    private static func opensBlock(_ text: Text, _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            switch text[index] {
            case .openBrace: return true
            case .semicolon, .closeBrace: return false
            case .quote, .apostrophe:
                let quote = text[index]
                index += 1
                while index < end && text[index] != quote && text[index] != .newline { index += 1 }
            default: break
            }
            index += 1
        }
        return false
    }

    // MARK: nginx

    static func nginx(_ text: Text, _ sink: inout TokenSink) {
        var index = 0
        let end = text.count
        var statementStart = true
        while index < end {
            let byte = text[index]
            if byte.isWhitespace {
                index += 1
                continue
            }
            if byte == .hash {
                let stop = text.lineEnd(from: index, end: end)
                sink.add(index, stop, .comment)
                index = stop
                continue
            }
            if byte == .openBrace || byte == .closeBrace || byte == .semicolon {
                statementStart = true
                index += 1
                continue
            }
            if byte == .quote || byte == .apostrophe {
                var stop = index + 1
                while stop < end && text[stop] != byte {
                    if text[stop] == .backslash { stop += 1 }
                    stop += 1
                }
                stop = min(stop + 1, end)
                sink.add(index, stop, .string)
                index = stop
                statementStart = false
                continue
            }
            if byte == .dollar {
                let stop = text.identifierEnd(from: index + 1, end: end)
                sink.add(index, stop, .variable)
                index = max(stop, index + 1)
                continue
            }
            var stop = index
            while stop < end && !text[stop].isWhitespace && ![.semicolon, .openBrace, .closeBrace, .quote].contains(text[stop]) { stop += 1 }
            stop = max(stop, index + 1)
            let word = text.string(index, stop)
            if statementStart {
                sink.add(index, stop, .keyword)
                statementStart = false
            } else if word == "on" || word == "off" {
                sink.add(index, stop, .literal)
            } else if byte.isDigit, word.dropLast().allSatisfy({ $0.isNumber || $0 == "." }) {
                sink.add(index, stop, .number)
            }
            index = stop
        }
    }
}
