/// Decides whether an untagged or `text` fence is a drawing: closed boxes, or connector runs with
/// arrow heads. Directory trees (`├── src/`) and shell sessions (`$ make`) stay code.
enum DiagramDetector {
    /// Larger fences are left as code rather than analysed.
    static let maximumCells = 40_000

    static func isDrawing(_ text: String) -> Bool {
        drawingGrid(text) != nil
    }

    /// The classified grid of `text` when it is a drawing, so it is built only once.
    static func drawingGrid(_ text: String) -> DiagramGrid? {
        guard text.unicodeScalars.contains(where: { (0x2500...0x257F).contains($0.value) || "+-|".unicodeScalars.contains($0) }) else {
            return nil
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.contains(where: { isShellPrompt($0) }) { return nil }
        guard lines.count * (lines.map(\.utf8.count).max() ?? 0) <= maximumCells * 3 else { return nil }
        let grid = DiagramGrid(text)
        guard grid.rows * grid.columns <= maximumCells else { return nil }
        if rectangleCount(grid, limit: 1) >= 1 { return grid }
        if lines.contains(where: { isTreeLine($0) }) { return nil }
        var arrows = 0
        var lineCells = 0
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                switch grid.cell(row, column) {
                case .arrow(_, let shaft): if shaft { arrows += 1 }
                case .line: lineCells += 1
                default: break
                }
            }
        }
        return arrows >= 1 && lineCells >= 3 ? grid : nil
    }

    /// Closed rectangles: a corner going right and down whose edges meet three more corners.
    static func rectangleCount(_ grid: DiagramGrid, limit: Int) -> Int {
        var count = 0
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                guard has(grid, row, column, [.right, .down]) else { continue }
                var right = column + 1
                search: while has(grid, row, right, .left) {
                    if has(grid, row, right, .down) {
                        var bottom = row + 1
                        while has(grid, bottom, column, .up) && has(grid, bottom, right, .up) {
                            if has(grid, bottom, column, [.up, .right]) && has(grid, bottom, right, [.up, .left])
                                && bottomEdgeClosed(grid, bottom, column, right) {
                                count += 1
                                if count >= limit { return count }
                                break search
                            }
                            bottom += 1
                        }
                    }
                    right += 1
                }
            }
        }
        return count
    }

    private static func bottomEdgeClosed(_ grid: DiagramGrid, _ row: Int, _ from: Int, _ to: Int) -> Bool {
        (from + 1..<to).allSatisfy { has(grid, row, $0, .horizontal) }
    }

    private static func has(_ grid: DiagramGrid, _ row: Int, _ column: Int, _ directions: DiagramGrid.Directions) -> Bool {
        if case .line(let d, _, _) = grid.cell(row, column) { return d.isSuperset(of: directions) }
        return false
    }

    private static func isShellPrompt(_ line: Substring) -> Bool {
        let trimmed = line.drop(while: { $0 == " " })
        return trimmed.hasPrefix("$ ") || trimmed.hasPrefix("% ") || trimmed.hasPrefix("PS> ")
            || trimmed.hasPrefix("PS C:\\") || trimmed.hasPrefix(">>> ")
    }

    /// `├── name`, `└── name`, `|-- name`, `` `-- name ``: the shape of `tree` output.
    private static func isTreeLine(_ line: Substring) -> Bool {
        for marker in ["├──", "└──", "├─", "└─", "|--", "`--", "+--"] {
            if let range = line.range(of: marker) {
                let after = line[range.upperBound...].drop(while: { $0 == "─" || $0 == "-" })
                if after.hasPrefix(" "), after.dropFirst().first.map({ !$0.isWhitespace }) == true { return true }
            }
        }
        return false
    }
}
