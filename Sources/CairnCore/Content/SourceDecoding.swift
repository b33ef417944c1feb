import Foundation

/// Turns a file's bytes into text Cairn can parse: UTF-8 (BOM stripped), or UTF-16 with a BOM;
/// invalid UTF-8 and NUL bytes become U+FFFD; CRLF and CR line ends become LF.
enum SourceDecoding {
    struct Result {
        var text: String
        /// Problems worth a warning, with the 1-based line they were first seen on.
        var problems: [(line: Int, column: Int, message: String)]
    }

    static func decode(_ data: Data) -> Result {
        var problems: [(line: Int, column: Int, message: String)] = []
        var text: String
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            // UTF-32 (its little-endian BOM starts like UTF-16's): checked first.
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf32LittleEndian : .utf32BigEndian
            text = String(data: Data(bytes.dropFirst(4)), encoding: encoding)
                ?? String(decoding: bytes, as: UTF8.self)
            problems.append((1, 1, "file is UTF-32; read it as UTF-32, but save it as UTF-8"))
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            text = String(data: Data(bytes.dropFirst(2)), encoding: encoding)
                ?? String(decoding: bytes, as: UTF8.self)
            problems.append((1, 1, "file is UTF-16; read it as UTF-16, but save it as UTF-8"))
        } else {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
            if let valid = String(validating: body, as: UTF8.self) {
                text = valid
            } else {
                let body = Array(body)
                if let (offset, count) = invalidUTF8(body) {
                    let (line, column) = position(ofByte: offset, in: body)
                    problems.append((line, column,
                        "invalid UTF-8 (\(count) bad byte sequence\(count == 1 ? "" : "s")) replaced with U+FFFD"))
                }
                text = String(decoding: body, as: UTF8.self)
            }
        }
        if containsByte(0, text) {
            let offset = text.utf8.firstIndex(of: 0).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) } ?? 0
            let (line, column) = position(ofByte: offset, in: Array(text.utf8))
            problems.append((line, column, "NUL bytes replaced with U+FFFD"))
            text = text.replacingOccurrences(of: "\0", with: "\u{FFFD}")
        }
        if containsByte(13, text) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return Result(text: text, problems: problems)
    }

    /// Whether `text` holds `byte`, with `memchr` over its contiguous UTF-8.
    private static func containsByte(_ byte: UInt8, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// The byte offset of the first invalid UTF-8 sequence and how many there are.
    private static func invalidUTF8(_ bytes: [UInt8]) -> (Int, Int)? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var first: Int?
        var count = 0
        var consumed = 0
        var offsetBefore = 0
        // Track offsets by re-encoding each decoded scalar's length.
        loop: while true {
            offsetBefore = consumed
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
            case .error:
                if first == nil { first = offsetBefore }
                count += 1
                consumed += 1
            case .emptyInput:
                break loop
            }
        }
        return first.map { ($0, count) }
    }

    /// 1-based line and column (in scalars) of a byte offset.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let prefix = bytes[lineStart..<min(offset, bytes.count)]
        let column = String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
        return (line, column)
    }
}
