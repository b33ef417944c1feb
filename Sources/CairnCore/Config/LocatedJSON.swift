/// A JSON value that remembers where it stood in its file, so config errors can name
/// `site.json:line:column`. Foundation's decoders report only coding paths.
public indirect enum LocatedJSON: Sendable, Equatable {
    case object([Member], SourcePosition)
    case array([LocatedJSON], SourcePosition)
    case string(String, SourcePosition)
    case number(Double, SourcePosition)
    case bool(Bool, SourcePosition)
    case null(SourcePosition)

    /// One `"key": value` pair of an object, with the key's own position.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var keyPosition: SourcePosition
        public var value: LocatedJSON
    }

    public var position: SourcePosition {
        switch self {
        case .object(_, let p), .array(_, let p), .string(_, let p), .number(_, let p), .bool(_, let p), .null(let p):
            return p
        }
    }

    /// The JSON type's name as users know it: `object`, `array`, `string`, `number`, `boolean`, `null`.
    public var typeName: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }

    /// A syntax error with the place it was found.
    public struct SyntaxError: Error, Sendable, Equatable {
        public var message: String
        public var position: SourcePosition
    }

    /// Parses `text` as one JSON document (RFC 8259). Nesting is limited to 512 levels.
    public static func parse(_ text: String) throws(SyntaxError) -> LocatedJSON {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        parser.skipWhitespace()
        if parser.index < parser.scalars.count, parser.scalars[parser.index] == "\u{FEFF}" {
            parser.advance()
        }
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < parser.scalars.count {
            throw parser.error("unexpected '\(parser.scalars[parser.index])' after the end of the JSON value")
        }
        return value
    }
}

/// A 1-based line and column (in Unicode scalars) in a text file.
public struct SourcePosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

// MARK: - Parser

extension LocatedJSON {
    fileprivate struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var column = 1

        var position: SourcePosition { SourcePosition(line: line, column: column) }

        func error(_ message: String) -> SyntaxError {
            SyntaxError(message: message, position: position)
        }

        mutating func advance() {
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }

        mutating func skipWhitespace() {
            while index < scalars.count {
                switch scalars[index] {
                case " ", "\t", "\n", "\r": advance()
                default: return
                }
            }
        }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func parseValue(depth: Int) throws(SyntaxError) -> LocatedJSON {
            skipWhitespace()
            guard let scalar = current else { throw error("unexpected end of file; expected a value") }
            guard depth < 512 else { throw error("JSON nested deeper than 512 levels") }
            let start = position
            switch scalar {
            case "{": return try parseObject(depth: depth)
            case "[": return try parseArray(depth: depth)
            case "\"": return .string(try parseString(), start)
            case "t": try expectWord("true"); return .bool(true, start)
            case "f": try expectWord("false"); return .bool(false, start)
            case "n": try expectWord("null"); return .null(start)
            case "-", "0"..."9": return .number(try parseNumber(), start)
            default: throw error("unexpected '\(scalar)'; expected a value")
            }
        }

        mutating func expectWord(_ word: String) throws(SyntaxError) {
            let start = position
            for expected in word.unicodeScalars {
                guard current == expected else {
                    throw SyntaxError(message: "invalid literal; expected '\(word)'", position: start)
                }
                advance()
            }
        }

        mutating func parseObject(depth: Int) throws(SyntaxError) -> LocatedJSON {
            let start = position
            advance()  // {
            var members: [Member] = []
            skipWhitespace()
            if current == "}" {
                advance()
                return .object(members, start)
            }
            while true {
                skipWhitespace()
                guard current == "\"" else {
                    if current == "}" { throw error("trailing comma before '}'") }
                    if current == nil { throw error("unexpected end of file inside an object") }
                    throw error("expected a quoted key")
                }
                let keyPosition = position
                let key = try parseString()
                skipWhitespace()
                guard current == ":" else { throw error("expected ':' after key \"\(key)\"") }
                advance()
                let value = try parseValue(depth: depth + 1)
                members.append(Member(key: key, keyPosition: keyPosition, value: value))
                skipWhitespace()
                switch current {
                case ",": advance()
                case "}": advance(); return .object(members, start)
                case nil: throw error("unexpected end of file; expected ',' or '}'")
                default: throw error("expected ',' or '}' after the value of \"\(key)\"")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(SyntaxError) -> LocatedJSON {
            let start = position
            advance()  // [
            var items: [LocatedJSON] = []
            skipWhitespace()
            if current == "]" {
                advance()
                return .array(items, start)
            }
            while true {
                skipWhitespace()
                if current == "]" { throw error("trailing comma before ']'") }
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                switch current {
                case ",": advance()
                case "]": advance(); return .array(items, start)
                case nil: throw error("unexpected end of file; expected ',' or ']'")
                default: throw error("expected ',' or ']' in array")
                }
            }
        }

        mutating func parseString() throws(SyntaxError) -> String {
            advance()  // opening quote
            var result = String.UnicodeScalarView()
            while true {
                guard let scalar = current else { throw error("unterminated string") }
                switch scalar {
                case "\"":
                    advance()
                    return String(result)
                case "\\":
                    advance()
                    guard let escaped = current else { throw error("unterminated string") }
                    let escapePosition = position
                    advance()
                    switch escaped {
                    case "\"": result.append("\"")
                    case "\\": result.append("\\")
                    case "/": result.append("/")
                    case "b": result.append("\u{08}")
                    case "f": result.append("\u{0C}")
                    case "n": result.append("\n")
                    case "r": result.append("\r")
                    case "t": result.append("\t")
                    case "u":
                        var code = try parseHex4()
                        if (0xD800...0xDBFF).contains(code), current == "\\" {
                            advance()
                            guard current == "u" else { throw error("expected a low surrogate escape") }
                            advance()
                            let low = try parseHex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        result.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default:
                        throw SyntaxError(message: "invalid escape '\\\(escaped)'", position: escapePosition)
                    }
                case "\n":
                    throw error("unterminated string (line break inside a string)")
                default:
                    if scalar.value < 0x20 { throw error("control character inside a string; escape it") }
                    result.append(scalar)
                    advance()
                }
            }
        }

        mutating func parseHex4() throws(SyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let scalar = current, scalar.isASCII, let digit = UInt32(String(scalar), radix: 16) else {
                    throw error("expected four hex digits after \\u")
                }
                value = value * 16 + digit
                advance()
            }
            return value
        }

        mutating func parseNumber() throws(SyntaxError) -> Double {
            let start = position
            var text = ""
            while let scalar = current, "+-0123456789.eE".unicodeScalars.contains(scalar) {
                text.unicodeScalars.append(scalar)
                advance()
            }
            guard isValidJSONNumber(text), let value = Double(text) else {
                throw SyntaxError(message: "invalid number '\(text)'", position: start)
            }
            return value
        }

        func isValidJSONNumber(_ text: String) -> Bool {
            var chars = Substring(text)
            if chars.first == "-" { chars = chars.dropFirst() }
            guard let first = chars.first, first.isASCII, first.isNumber else { return false }
            if first == "0", chars.count > 1, let second = chars.dropFirst().first, second.isNumber { return false }
            return !chars.contains("+") || chars.contains("e") || chars.contains("E")
        }
    }
}
