/// Turns positions the Markdown library reports (body line, byte column) into file positions
/// (file line, column in Unicode scalars), as diagnostics show them.
struct BodyPositions {
    private let lines: [Substring]
    private let lineOffset: Int

    init(source: PageSource) {
        lines = source.body.split(separator: "\n", omittingEmptySubsequences: false)
        lineOffset = source.bodyLineOffset
    }

    func filePosition(line: Int, byteColumn: Int) -> (line: Int, column: Int) {
        guard line >= 1, line <= lines.count, byteColumn >= 1 else { return (line > 0 ? line + lineOffset : 0, byteColumn) }
        let prefix = lines[line - 1].utf8.prefix(byteColumn - 1)
        return (line + lineOffset, String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1)
    }
}
