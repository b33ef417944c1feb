import Foundation

/// Decides whether an untagged or `text` fence is a drawing.
///
/// A drawing is told by lines that meet: closed boxes, corners where a horizontal and a vertical
/// line join, arrows with a real shaft, dimension lines (`<----->`, `+----+`). Single-dash
/// operators (`->`, `<-`, `|x|`), underlines and rules (`-----`), grammar bars and the gutters
/// of compiler output are not drawings, nor is a block that reads as source code, compiler
/// output, a shell session or a directory tree. Judged against a labelled set of real fences
/// (`Tests/CairnCoreTests/Fixtures/fences`).
enum DiagramDetector {
    /// Larger fences are left as code rather than analysed.
    static let maximumCells = 40_000

    /// What a grid draws, counted once.
    struct Evidence: Equatable {
        /// Closed rectangles (counted up to 2).
        var rectangles = 0
        /// Cells where a horizontal and a vertical line join (`+` bends, `┌`, `┼`).
        var corners = 0
        /// Horizontal arrow heads with at least two cells of shaft, or a shaft that turns a corner.
        var longArrows = 0
        /// `v`, `^`, `▼`, `▲` heads on a vertical line.
        var verticalArrows = 0
        /// Horizontal runs of three or more closed at both ends by heads or `+` (`<--->`, `+---+`).
        var spans = 0
        /// Long arrows that leave or reach a vertical line: a sequence diagram's messages.
        var anchoredArrows = 0

        var isDrawing: Bool {
            if rectangles >= 1 { return true }
            if spans >= 1 || anchoredArrows >= 1 { return true }
            if corners >= 1 && (longArrows + verticalArrows >= 1 || corners >= 3) { return true }
            // A head on a vertical line: `|` / `v`, or a caret pointing up from under a label.
            return verticalArrows >= 1
        }
    }

    static func isDrawing(_ text: String) -> Bool {
        drawingGrid(text) != nil
    }

    /// The classified grid of `text` when it is a drawing, so it is built only once.
    static func drawingGrid(_ text: String) -> DiagramGrid? {
        guard text.unicodeScalars.contains(where: { (0x2500...0x257F).contains($0.value) || "+-|".unicodeScalars.contains($0) }) else {
            return nil
        }
        let lines = text.lineSlices
        guard lines.count * (lines.map(\.utf8.count).max() ?? 0) <= maximumCells * 3 else { return nil }
        if lines.contains(where: { isShellPrompt($0) }) || isCompilerOutput(lines) { return nil }
        // Half the lines code-shaped: never a drawing, with or without boxes (below), so the
        // grid is not built for it.
        let code = codeShare(lines)
        if code >= 0.5 { return nil }
        let grid = DiagramGrid(text)
        guard grid.rows * grid.columns <= maximumCells else { return nil }
        if rectangleCount(grid, limit: 1) >= 1 { return grid }
        if code >= 0.3 { return nil }
        let found = evidence(grid)
        // A directory tree has corners but no arrow heads.
        if found.longArrows + found.verticalArrows + found.spans == 0, lines.contains(where: { isTreeLine($0) }) { return nil }
        return found.isDrawing ? grid : nil
    }

    /// Counts what `grid` draws.
    static func evidence(_ grid: DiagramGrid) -> Evidence {
        var found = Evidence()
        found.rectangles = rectangleCount(grid, limit: 2)
        for row in 0..<grid.rows {
            var runStart: Int? = nil
            for column in 0...grid.columns {
                let cell = grid.cell(row, column)
                switch cell {
                case .line(let d, _, _):
                    if !d.isDisjoint(with: .horizontal) && !d.isDisjoint(with: .vertical) { found.corners += 1 }
                case .arrow(let d, let shaft):
                    if d == .up || d == .down {
                        if shaft { found.verticalArrows += 1 }
                    } else if shaft && shaftLength(grid, row, column, d) >= 2 {
                        found.longArrows += 1
                        if isVertical(grid.cell(row, column + (d == .right ? 1 : -1)))
                            || isVertical(shaftEnd(grid, row, column, d)) {
                            found.anchoredArrows += 1
                        }
                    }
                default: break
                }
                // Horizontal runs, for spans.
                if case .line(let d, _, _) = cell, d == .horizontal {
                    if runStart == nil { runStart = column }
                } else if let start = runStart {
                    runStart = nil
                    if column - start >= 3, closesSpan(grid, row, start - 1, outward: .left),
                        closesSpan(grid, row, column, outward: .right) {
                        found.spans += 1
                    }
                }
            }
        }
        return found
    }

    /// Cells of straight shaft behind a horizontal head, or 2 when the shaft turns a corner.
    private static func shaftLength(_ grid: DiagramGrid, _ row: Int, _ column: Int, _ direction: DiagramGrid.Directions) -> Int {
        let back = DiagramGrid.opposite(direction)
        var length = 0
        var (r, c) = DiagramGrid.step(row, column, back)
        while case .line(let d, _, _) = grid.cell(r, c) {
            if !d.isDisjoint(with: .vertical) { return max(length, 2) }
            length += 1
            if length >= 2 { return length }
            (r, c) = DiagramGrid.step(r, c, back)
        }
        return length
    }

    /// The cell just past the far end of a horizontal head's straight shaft.
    private static func shaftEnd(_ grid: DiagramGrid, _ row: Int, _ column: Int, _ direction: DiagramGrid.Directions) -> DiagramGrid.Cell {
        let step = direction == .right ? -1 : 1
        var c = column + step
        while case .line(let d, _, _) = grid.cell(row, c), d == .horizontal { c += step }
        return grid.cell(row, c)
    }

    private static func isVertical(_ cell: DiagramGrid.Cell) -> Bool {
        if case .line(let d, _, _) = cell { return !d.isDisjoint(with: .vertical) }
        return false
    }

    /// The end of a run: an arrow head pointing away from it, or a `+` with nothing above or below.
    private static func closesSpan(_ grid: DiagramGrid, _ row: Int, _ column: Int, outward: DiagramGrid.Directions) -> Bool {
        switch grid.cell(row, column) {
        case .arrow(let d, _): return d == outward
        case .text(let ch): return ch == "+"
        default: return false
        }
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

    // MARK: - What a block reads as

    private static func isShellPrompt(_ line: Substring) -> Bool {
        let trimmed = line.drop(while: { $0 == " " })
        return trimmed.hasPrefix("$ ") || trimmed.hasPrefix("% ") || trimmed.hasPrefix("PS> ")
            || trimmed.hasPrefix("PS C:\\") || trimmed.hasPrefix(">>> ")
    }

    /// rustc/clang/gcc-style diagnostics: `error[E0499]: …`, `warning: …`, `  --> src/x.rs:1:2`.
    static func isCompilerOutput(_ lines: [Substring]) -> Bool {
        lines.contains { line in
            let trimmed = line.drop(while: { $0 == " " || $0 == ">" })
            for label in ["error", "warning"] where trimmed.hasPrefix(label) {
                var rest = trimmed.dropFirst(label.count)
                if rest.first == "[" { rest = rest.drop(while: { $0 != "]" }).dropFirst() }
                if rest.hasPrefix(": ") { return true }
            }
            if trimmed.hasPrefix("--> ") {
                // A location: a path with :line, or rustc's placeholders.
                let target = trimmed.dropFirst(4)
                if target.hasPrefix("<") || target.hasPrefix("$") { return true }
                let path = target.prefix(while: { $0 != " " })
                if let colon = path.lastIndex(of: ":"), path[path.index(after: colon)...].first?.isNumber == true { return true }
            }
            return false
        }
    }

    /// The share of non-blank lines that read as source code: statements ending in `;`, `{`, `}`
    /// or `(`, comments, and lines that start with a declaration or control keyword.
    static func codeShare(_ lines: [Substring]) -> Double {
        var code = 0
        var total = 0
        for line in lines {
            let trimmed = trimmingWhiteSpace(line)
            guard !trimmed.isEmpty else { continue }
            total += 1
            // On bytes: a drawing's lines are long runs of box-drawing characters, and walking
            // them Character by Character was a fifth of the detector's time.
            let bytes = trimmed.utf8
            if let last = trimmed.unicodeScalars.last, ";{}(".unicodeScalars.contains(last) {
                code += 1
            } else if ["//", "/*", "# ", "#["].contains(where: { bytes.starts(with: $0.utf8) }) {
                code += 1
            } else if let word = leadingKeywordCandidate(trimmed), codeKeywords.contains(word) {
                code += 1
            }
        }
        return total == 0 ? 0 : Double(code) / Double(total)
    }

    /// `line` without the white space (Unicode's, as Foundation's `.whitespacesAndNewlines`) at
    /// either end, on scalars rather than Characters.
    static func trimmingWhiteSpace(_ line: Substring) -> Substring {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return scalar.value == 0x85
            }
        }
        let scalars = line.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return line[line.endIndex...] }
        return Substring(scalars[first...last])
    }

    /// The text before the first space, when it is ASCII and no longer than the longest keyword.
    private static func leadingKeywordCandidate(_ text: Substring) -> Substring? {
        var end = text.utf8.startIndex
        var length = 0
        while end < text.utf8.endIndex, text.utf8[end] != UInt8(ascii: " ") {
            guard text.utf8[end] < 0x80, length < longestKeyword else { return nil }
            length += 1
            end = text.utf8.index(after: end)
        }
        return text[text.startIndex..<end]
    }

    private static let longestKeyword = codeKeywords.map(\.count).max() ?? 0

    private static let codeKeywords: Set<Substring> = [
        "fn", "pub", "let", "impl", "trait", "struct", "enum", "use", "mod", "match", "func", "package", "import",
        "type", "var", "const", "return", "if", "for", "while", "else", "def", "class", "function", "public",
        "private", "static", "void", "int", "async", "await", "go", "defer", "select", "case", "switch", "#include",
        "#define", "namespace", "template", "interface", "extern", "unsafe",
    ]

    /// `├── name`, `└── name`, `|-- name`, `` `-- name ``: the shape of `tree` output.
    private static func isTreeLine(_ line: Substring) -> Bool {
        for marker in ["├──", "└──", "├─", "└─", "|--", "`--", "+--"] {
            if let range = line.range(of: marker) {
                // A tree's branch is short; a long run (`+------ label`) is a leader line.
                let dashes = line[range.upperBound...].prefix(while: { $0 == "─" || $0 == "-" })
                let after = line[range.upperBound...].dropFirst(dashes.count)
                if dashes.count <= 2, after.hasPrefix(" "), after.dropFirst().first.map({ !$0.isWhitespace }) == true { return true }
            }
        }
        return false
    }
}
