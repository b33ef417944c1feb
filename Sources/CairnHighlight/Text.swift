/// The code being scanned: UTF-8 bytes with reads past the end answering 0, so a scanner may
/// look ahead without bounds checks (loops still stop at their `end`).
struct Text {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    @inline(__always)
    subscript(_ index: Int) -> UInt8 {
        index >= 0 && index < bytes.count ? bytes[index] : 0
    }

    /// Whether `prefix` starts at `index`.
    func has(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    /// Whether the literal `prefix` starts at `index` (no array made: scanners call this per byte).
    func has(_ prefix: StaticString, at index: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index >= 0, index + count <= bytes.count else { return false }
        let literal = prefix.utf8Start
        for offset in 0..<count where bytes[index + offset] != literal[offset] { return false }
        return true
    }

    /// The index of the next `\n` at or after `index`, or `end`.
    func lineEnd(from index: Int, end: Int) -> Int {
        var index = index
        while index < end && bytes[index] != .newline { index += 1 }
        return index
    }

    /// The first index at or after `index` that is not a space or tab.
    func skipSpaces(from index: Int, end: Int) -> Int {
        var index = index
        while index < end && bytes[index].isBlank { index += 1 }
        return index
    }

    /// Where the identifier starting at `index` ends.
    func identifierEnd(from index: Int, end: Int, extra: UInt8 = 0, extra2: UInt8 = 0) -> Int {
        var index = index
        while index < end {
            let byte = bytes[index]
            guard byte.isIdentifierContinue || (extra != 0 && byte == extra) || (extra2 != 0 && byte == extra2) else { break }
            index += 1
        }
        return index
    }

    /// The bytes `start..<end` as a String (keywords are ASCII; others decode as they are).
    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The end of the UTF-8 scalar starting at `index` (one byte for ASCII and stray bytes).
    func scalarEnd(_ index: Int, end: Int) -> Int {
        let lead = self[index]
        let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var next = index + 1
        while next < min(index + length, end) && self[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }

    /// Whether only spaces and tabs come between the last newline (or the start) and `index`.
    func atLineStart(_ index: Int, start: Int = 0) -> Bool {
        var back = index - 1
        while back >= start {
            let byte = bytes[back]
            if byte == .newline { return true }
            guard byte.isBlank else { return false }
            back -= 1
        }
        return true
    }
}

extension UInt8 {
    static let newline: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let carriageReturn: UInt8 = 0x0D
    static let quote: UInt8 = 0x22
    static let apostrophe: UInt8 = 0x27
    static let backtick: UInt8 = 0x60
    static let backslash: UInt8 = 0x5C
    static let hash: UInt8 = 0x23
    static let dollar: UInt8 = 0x24
    static let at: UInt8 = 0x40
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let slash: UInt8 = 0x2F
    static let star: UInt8 = 0x2A
    static let dot: UInt8 = 0x2E
    static let minus: UInt8 = 0x2D
    static let plus: UInt8 = 0x2B
    static let underscore: UInt8 = 0x5F
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D
    static let less: UInt8 = 0x3C
    static let greater: UInt8 = 0x3E
    static let ampersand: UInt8 = 0x26
    static let percent: UInt8 = 0x25
    static let bang: UInt8 = 0x21
    static let question: UInt8 = 0x3F
    static let pipe: UInt8 = 0x7C
    static let comma: UInt8 = 0x2C
    static let tilde: UInt8 = 0x7E

    @inline(__always) var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    @inline(__always) var isHexDigit: Bool { isDigit || (self | 0x20 >= 0x61 && self | 0x20 <= 0x66) }
    @inline(__always) var isUpper: Bool { self >= 0x41 && self <= 0x5A }
    @inline(__always) var isLower: Bool { self >= 0x61 && self <= 0x7A }
    @inline(__always) var isLetter: Bool { isUpper || isLower }
    /// Letters, `_` and every non-ASCII byte (non-ASCII identifiers stay whole).
    @inline(__always) var isIdentifierStart: Bool { isLetter || self == .underscore || self >= 0x80 }
    @inline(__always) var isIdentifierContinue: Bool { isIdentifierStart || isDigit }
    /// Space, tab or carriage return (a CRLF line's `\r` is blank).
    @inline(__always) var isBlank: Bool { self == .space || self == .tab || self == .carriageReturn }
    @inline(__always) var isWhitespace: Bool { isBlank || self == .newline }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

/// A set of words from one space-separated list.
func words(_ list: String) -> Set<String> {
    Set(list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
