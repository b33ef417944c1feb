import CairnMarkdown

/// Turns positions the Markdown library reports (body line, byte column) into file positions
/// (file line, column in Unicode scalars), as diagnostics show them.
///
/// Cheap however many positions a line holds (a line of raw HTML can carry 40,000 links): a line
/// longer than 1,024 bytes keeps its scalar count at every 1,024th byte, so no count reads more
/// than 1,024 bytes.
struct BodyPositions {
    private let lines: [Substring.UTF8View]
    private let lineOffset: Int
    /// For lines longer than `stride`, by line index: the scalar count before each checkpoint.
    private let checkpoints: [Int: [Int]]
    private static let stride = 1_024

    init(source: PageSource) {
        lines = LineStarts.lines(source.body)
        lineOffset = source.bodyLineOffset
        var checkpoints: [Int: [Int]] = [:]
        for (number, line) in lines.enumerated() where line.count > Self.stride {
            var counts = [0]
            var scalars = 0
            for (index, byte) in line.enumerated() {
                if index > 0 && index % Self.stride == 0 { counts.append(scalars) }
                if byte & 0xC0 != 0x80 { scalars += 1 }
            }
            checkpoints[number] = counts
        }
        self.checkpoints = checkpoints
    }

    func filePosition(line: Int, byteColumn: Int) -> (line: Int, column: Int) {
        guard line >= 1, line <= lines.count, byteColumn >= 1 else { return (line > 0 ? line + lineOffset : 0, byteColumn) }
        let bytes = lines[line - 1]
        let offset = min(byteColumn - 1, bytes.count)
        let counts = checkpoints[line - 1] ?? [0]
        let checkpoint = min(offset / Self.stride, counts.count - 1)
        let start = bytes.index(bytes.startIndex, offsetBy: checkpoint * Self.stride)
        let end = bytes.index(bytes.startIndex, offsetBy: offset)
        let scalars = counts[checkpoint] + bytes[start..<end].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        return (line + lineOffset, scalars + 1)
    }
}
