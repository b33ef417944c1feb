#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each line of a text starts, as UTF-8 offsets (the first is 0; a text ending in a line
/// feed has an empty last line), found with `memchr`: the renderer and the diagnostics' positions
/// need them for every page.
public enum LineStarts {
    public static func offsets(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { bytes in
            var starts = [0]
            var end = lineEnd(in: bytes, from: 0)
            while end < bytes.count {
                starts.append(end + 1)
                end = lineEnd(in: bytes, from: end + 1)
            }
            return starts
        }
    }

    /// The offset of the first line feed in `bytes` at or after `from`, or `bytes.count` when
    /// there is none: the end of the line starting at `from`.
    public static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard from < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + from, 0x0A, bytes.count - from) else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The text's lines as UTF-8 views, without their line feeds.
    public static func lines(_ text: String) -> [Substring.UTF8View] {
        let starts = offsets(text)
        let bytes = text.utf8
        var lines: [Substring.UTF8View] = []
        lines.reserveCapacity(starts.count)
        var start = bytes.startIndex
        for number in starts.indices {
            let end = number + 1 < starts.count ? bytes.index(bytes.startIndex, offsetBy: starts[number + 1] - 1) : bytes.endIndex
            lines.append(bytes[start..<end])
            if number + 1 < starts.count { start = bytes.index(after: end) }
        }
        return lines
    }
}
