/// Turns positions the Markdown library reports (body line, byte column) into file positions
/// (file line, column in Unicode scalars), as diagnostics show them.
///
/// Cheap however many positions a line holds (a line of raw HTML can carry 40,000 links): ASCII
/// lines need no counting, and long lines keep the scalar count at every 1,024th byte.
struct BodyPositions {
    private let lines: [Substring]
    private let lineOffset: Int
    /// Per line: `nil` for ASCII, else the scalar count before every 1,024-byte checkpoint.
    private let checkpoints: [[Int]?]
    private static let stride = 1_024

    init(source: PageSource) {
        lines = source.body.split(separator: "\n", omittingEmptySubsequences: false)
        lineOffset = source.bodyLineOffset
        checkpoints = lines.map { line in
            guard line.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
            var counts = [0]
            var scalars = 0
            for (index, byte) in line.utf8.enumerated() {
                if index > 0 && index % Self.stride == 0 { counts.append(scalars) }
                if byte & 0xC0 != 0x80 { scalars += 1 }
            }
            return counts
        }
    }

    func filePosition(line: Int, byteColumn: Int) -> (line: Int, column: Int) {
        guard line >= 1, line <= lines.count, byteColumn >= 1 else { return (line > 0 ? line + lineOffset : 0, byteColumn) }
        guard let counts = checkpoints[line - 1] else { return (line + lineOffset, byteColumn) }
        let bytes = lines[line - 1].utf8
        let offset = min(byteColumn - 1, bytes.count)
        let checkpoint = min(offset / Self.stride, counts.count - 1)
        var scalars = counts[checkpoint]
        var index = bytes.index(bytes.startIndex, offsetBy: checkpoint * Self.stride)
        let end = bytes.index(bytes.startIndex, offsetBy: offset)
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { scalars += 1 }
            index = bytes.index(after: index)
        }
        return (line + lineOffset, scalars + 1)
    }
}
