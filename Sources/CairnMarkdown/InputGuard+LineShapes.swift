/// How the guard reads the shape of a line: headings, containers, fences, breaks, titles,
/// table delimiter rows and reference definitions, as cmark-gfm would.
extension InputGuard.Scanner {
    /// The number of columns when `line` is a GFM table delimiter row (`|---|:--:|`).
    func delimiterColumns(_ line: ArraySlice<UInt8>) -> Int? {
        var columns = 0
        var inCell = false
        var sawDash = false
        var sawPipe = false
        for byte in line {
            switch byte {
            case 0x7C:
                sawPipe = true
                if inCell { columns += 1 }
                inCell = false
            case 0x2D:
                sawDash = true
                inCell = true
            case 0x3A:
                inCell = true
            case 0x20, 0x09:
                continue
            default:
                return nil
            }
        }
        if inCell { columns += 1 }
        return sawDash && sawPipe ? columns : nil
    }

    /// A label as cmark-gfm matches it: ASCII letters lowercased, white space runs as one
    /// space, trimmed.
    static func normalizedLabel(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(0x20); pendingSpace = false }
            result.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        return result
    }

    func isReferenceDefinition(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.first == 0x5B, line.dropFirst().first != 0x5E,  // footnotes are not references
              let close = line.firstIndex(of: 0x5D) else { return false }
        let after = line.index(after: close)
        return after < line.endIndex && line[after] == 0x3A
    }

    func matches(_ line: [UInt8], _ index: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= line.count else { return false }
        return text.withUTF8Buffer { buffer in
            for offset in 0..<count where line[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    /// Where a line's text starts after block quote markers, list markers and indentation,
    /// and whether it opens a list item.
    func isHeading(_ text: ArraySlice<UInt8>) -> Bool {
        let hashes = text.prefix(while: { $0 == 0x23 }).count
        guard hashes >= 1 && hashes <= 6 else { return false }
        let after = text.dropFirst(hashes).first
        return after == nil || after == 0x20 || after == 0x09
    }

    func containerPrefix(_ line: [UInt8]) -> (Int, Bool) {
        var index = 0
        var startsItem = false
        while index < line.count {
            let byte = line[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x3E {
                index += 1
            } else if (byte == 0x2D || byte == 0x2A || byte == 0x2B), index + 1 < line.count,
                      line[index + 1] == 0x20 || line[index + 1] == 0x09 {
                if byte != 0x2B, isThematicBreak(line[index...]) { break }
                startsItem = true
                index += 2
            } else if byte >= 0x30 && byte <= 0x39 {
                var end = index
                while end < line.count, end - index < 9, line[end] >= 0x30 && line[end] <= 0x39 { end += 1 }
                guard end + 1 < line.count, line[end] == 0x2E || line[end] == 0x29,
                      line[end + 1] == 0x20 || line[end + 1] == 0x09 else { break }
                // Only "1." may interrupt a paragraph; a later number continues it unless
                // it follows another item or a blank line.
                let isOne = end - index == 1 && line[index] == 0x31
                if isOne || previousStartedItem || blockStart == lineNumber { startsItem = true }
                index = end + 2
            } else {
                break
            }
        }
        return (index, startsItem)
    }

    /// A code fence marker (three or more backticks or tildes) at the start of `text`.
    func fenceMarker(_ text: ArraySlice<UInt8>) -> (byte: UInt8, count: Int)? {
        guard let first = text.first, first == 0x60 || first == 0x7E else { return nil }
        let count = text.prefix(while: { $0 == first }).count
        return count >= 3 ? (first, count) : nil
    }

    func isThematicBreak(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first, first == 0x2D || first == 0x2A || first == 0x5F else { return false }
        var count = 0
        for byte in text {
            if byte == first { count += 1 } else if byte != 0x20 && byte != 0x09 { return false }
        }
        return count >= 3
    }

    func titleCloser(_ opener: UInt8) -> UInt8? {
        switch opener {
        case 0x22: return 0x22  // "
        case 0x27: return 0x27  // '
        case 0x28: return 0x29  // ( )
        default: return nil
        }
    }

    /// After `[label]: destination`, whether a title is still open at the end of the line
    /// (its closer), or may start on the next line (no title yet).
    func titleState(_ content: ArraySlice<UInt8>) -> (UInt8?, Bool) {
        guard let close = content.firstIndex(of: 0x5D) else { return (nil, false) }
        var index = close + 2  // after "]:"
        func skipSpaces() { while index < content.endIndex, content[index] == 0x20 || content[index] == 0x09 { index += 1 } }
        skipSpaces()
        if index >= content.endIndex { return (nil, true) }  // the destination is on the next line
        while index < content.endIndex, content[index] != 0x20 && content[index] != 0x09 { index += 1 }
        skipSpaces()
        guard index < content.endIndex else { return (nil, true) }
        guard let closer = titleCloser(content[index]) else { return (nil, false) }
        return content[(index + 1)...].contains(closer) ? (nil, false) : (closer, false)
    }

    func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
