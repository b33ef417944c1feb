/// A small tokenizer over HTML fragments (raw HTML in Markdown, SVG from Graphviz): start and end
/// tags with their attributes, text, and the constructs that are dropped (comments, doctypes,
/// processing instructions, CDATA). It follows the HTML syntax for tags — quoted, unquoted and
/// valueless attributes, any case — and treats a `<` that starts no tag as text. Never regular
/// expressions.
public struct HTMLTokenizer {
    public enum Token: Equatable {
        /// Text as written (character references not decoded), by byte range.
        case text(Range<Int>)
        case start(HTMLTag)
        case end(name: String, range: Range<Int>)
        /// A comment, doctype, processing instruction or CDATA section: never output.
        case dropped(Range<Int>)
    }

    public let bytes: [UInt8]
    public private(set) var position = 0

    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    public mutating func next() -> Token? {
        guard position < bytes.count else { return nil }
        let start = position
        guard bytes[position] == UInt8(ascii: "<") else {
            position = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
            return .text(start..<position)
        }
        if starts("<!--") {
            position = find("-->", from: position + 4).map { $0 + 3 } ?? bytes.count
            return .dropped(start..<position)
        }
        if starts("<![CDATA[") {
            position = find("]]>", from: position + 9).map { $0 + 3 } ?? bytes.count
            return .dropped(start..<position)
        }
        if starts("<!") || starts("<?") {
            position = find(">", from: position + 2).map { $0 + 1 } ?? bytes.count
            return .dropped(start..<position)
        }
        switch HTMLTag.parse(bytes, at: position) {
        case .tag(let tag):
            position = tag.range.upperBound
            return tag.closing ? .end(name: tag.name, range: tag.range) : .start(tag)
        case .unterminated:
            // As in a browser, a tag that never ends (no '>', an open quote) takes the rest of
            // the input with it: nothing is scanned twice, so the tokenizer stays linear.
            position = bytes.count
            return .dropped(start..<position)
        case .notATag(let failedAt):
            // What was read before the parse failed is text, and is not read again (a '<' in
            // it starts no second attempt): each byte is looked at a bounded number of times.
            position = max(failedAt, start + 1)
            let end = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
            position = end
            return .text(start..<end)
        }
    }

    public func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private func starts(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { buffer in
            for offset in 0..<count {
                var byte = bytes[position + offset]
                if byte >= 0x61 && byte <= 0x7A { byte -= 0x20 }  // CDATA may be written in any case
                var want = buffer[offset]
                if want >= 0x61 && want <= 0x7A { want -= 0x20 }
                if byte != want { return false }
            }
            return true
        }
    }

    private func find(_ needle: StaticString, from start: Int) -> Int? {
        let count = needle.utf8CodeUnitCount
        return needle.withUTF8Buffer { buffer -> Int? in
            var index = start
            while index + count <= bytes.count {
                if bytes[index] == buffer[0] {
                    var matched = true
                    for offset in 1..<count where bytes[index + offset] != buffer[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}

/// One start or end tag: its name (lower-cased), its attributes in order (names lower-cased,
/// values as written, character references not decoded) and its byte range.
public struct HTMLTag: Equatable, Sendable {
    public var name: String
    public var attributes: [Attribute]
    public var closing: Bool
    public var selfClosing: Bool
    public var range: Range<Int>

    public struct Attribute: Equatable, Sendable {
        public var name: String
        public var value: String
        /// Byte offset of the value (or of the name when there is no value), for positions.
        public var offset: Int
    }

    /// The value of the first attribute called `name`, character references decoded.
    public func value(_ name: String) -> String? {
        attributes.first { $0.name == name }.map { HTMLEntities.decode($0.value) }
    }

    enum Parsed {
        case tag(HTMLTag)
        /// Not a tag: text up to the byte where that became clear.
        case notATag(Int)
        /// A tag that runs to the end of the input.
        case unterminated
    }

    static func parse(_ bytes: [UInt8], at start: Int) -> Parsed {
        var index = start + 1
        let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
        if closing { index += 1 }
        guard index < bytes.count, isLetter(bytes[index]) else { return .notATag(index) }
        let nameStart = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        var attributes: [Attribute] = []
        var afterQuotedValue = false
        while true {
            let beforeSpace = index
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { return .unterminated }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                return .tag(HTMLTag(name: name, attributes: attributes, closing: closing, selfClosing: false, range: start..<(index + 1)))
            }
            if byte == UInt8(ascii: "/") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                    return .tag(HTMLTag(name: name, attributes: attributes, closing: closing, selfClosing: true, range: start..<(index + 2)))
                }
                index += 1
                continue
            }
            // Attributes are separated from the name and from each other by space (browsers let a
            // quoted value run into the next name).
            guard index > beforeSpace || afterQuotedValue else { return .notATag(index) }
            afterQuotedValue = false
            let keyStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                  bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/"),
                  bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'"), bytes[index] != UInt8(ascii: "<") {
                index += 1
            }
            guard index > keyStart else { return .notATag(index) }
            let key = String(decoding: bytes[keyStart..<index], as: UTF8.self).lowercased()
            var afterKey = index
            while afterKey < bytes.count, isSpace(bytes[afterKey]) { afterKey += 1 }
            var value = ""
            var valueOffset = keyStart
            if afterKey < bytes.count, bytes[afterKey] == UInt8(ascii: "=") {
                index = afterKey + 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { return .unterminated }
                let quote = bytes[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return .unterminated }
                    value = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                    valueOffset = index + 1
                    index = close + 1
                    afterQuotedValue = true
                } else {
                    let valueStart = index
                    while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"),
                          bytes[index] != UInt8(ascii: "<") {
                        index += 1
                    }
                    guard index > valueStart else { return .notATag(index) }
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                    valueOffset = valueStart
                }
            }
            attributes.append(Attribute(name: key, value: value, offset: valueOffset))
        }
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}

/// Decodes the character references an attribute value may hold (`&amp;`, `&#106;`, `&#x6A;`,
/// with or without the `;` for numeric ones), so a scheme hidden behind references is seen for
/// what it is.
public enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":", "tab": "\t",
        "newline": "\n", "sol": "/", "lpar": "(", "rpar": ")", "period": ".", "comma": ",",
    ]

    public static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if after.hasPrefix("#") {
                let body = after.dropFirst()
                let hex = body.hasPrefix("x") || body.hasPrefix("X")
                let digits = (hex ? body.dropFirst() : body).prefix { hex ? $0.isHexDigit : $0.isNumber }
                if !digits.isEmpty, digits.count <= 8,
                   let value = UInt32(digits, radix: hex ? 16 : 10) {
                    result.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    var next = digits.endIndex
                    if next < after.endIndex, after[next] == ";" { next = after.index(after: next) }
                    rest = after[next...]
                    continue
                }
            } else if let semi = after.prefix(12).firstIndex(of: ";"), let value = named[after[..<semi].lowercased()] {
                result += value
                rest = after[after.index(after: semi)...]
                continue
            }
            result += "&"
            rest = after
        }
        return result + rest
    }
}
