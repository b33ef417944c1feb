import Foundation
import CairnMarkdown

/// Draws a ``DiagramGrid`` as inline SVG: lines as merged paths with round joins, arrow heads as
/// small filled paths, labels as monospace `<text>` stretched to their cells so they line up in
/// any font, `currentColor` throughout so it follows light and dark themes. The same text always
/// gives the same bytes.
enum TextDiagramSVG {
    static let cellWidth = 9.0
    static let cellHeight = 18.0

    /// A `[placeholder]` found in a label, by 0-based row and character column of the drawing.
    struct LabelPlaceholder: Equatable {
        var row: Int
        var column: Int
        var text: String
    }

    static func render(_ source: String) -> String {
        render(source, placeholders: .off).svg
    }

    /// The SVG, and the placeholders found in its labels (highlighted with ``PlaceholderMode/mark``).
    /// In a drawing, brackets draw boxes (`[Client]`), so only template wording counts.
    static func render(_ source: String, placeholders mode: PlaceholderMode) -> (svg: String, placeholders: [LabelPlaceholder]) {
        render(DiagramGrid(source), placeholders: mode)
    }

    /// Renders an already classified grid of `source`.
    static func render(_ grid: DiagramGrid, placeholders mode: PlaceholderMode) -> (svg: String, placeholders: [LabelPlaceholder]) {
        var strokes: [DiagramGrid.Stroke: PathBuilder] = [:]
        var curves = PathBuilder()
        var arrows = PathBuilder()
        // Half-cell ranges by stroke (its raw value) and row, or column: arrays rather than
        // dictionaries, as every line cell of every drawing adds one or two.
        let strokeKinds = DiagramGrid.Stroke.allCases.count
        var horizontal = Array(repeating: Array(repeating: [ClosedRange<Int>](), count: grid.rows), count: strokeKinds)
        var vertical = Array(repeating: Array(repeating: [ClosedRange<Int>](), count: grid.columns), count: strokeKinds)

        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                switch grid.cell(row, column) {
                case .line(let directions, let stroke, let rounded):
                    if rounded, let curve = roundedCorner(directions, row, column) {
                        curves.append(curve)
                        continue
                    }
                    let x = 2 * column + 1, y = 2 * row + 1
                    if directions.contains(.left) { horizontal[stroke.rawValue][row].append(x - 1...x) }
                    if directions.contains(.right) { horizontal[stroke.rawValue][row].append(x...x + 1) }
                    if directions.contains(.up) { vertical[stroke.rawValue][column].append(y - 1...y) }
                    if directions.contains(.down) { vertical[stroke.rawValue][column].append(y...y + 1) }
                case .arrow(let direction, let shaft):
                    let (head, line) = arrow(direction, shaft: shaft, row, column, grid: grid)
                    arrows.append(head)
                    if let line { strokes[.light, default: PathBuilder()].append(line) }
                case .diagonal(let rising):
                    let x0 = Double(column) * cellWidth, y0 = Double(row) * cellHeight
                    let x1 = x0 + cellWidth, y1 = y0 + cellHeight
                    strokes[.light, default: PathBuilder()].append(
                        rising ? "M\(n(x0)) \(n(y1))L\(n(x1)) \(n(y0))" : "M\(n(x0)) \(n(y0))L\(n(x1)) \(n(y1))")
                default:
                    break
                }
            }
        }
        for (kind, rowsByIndex) in horizontal.enumerated() {
            let stroke = DiagramGrid.Stroke(rawValue: kind)!
            for (row, ranges) in rowsByIndex.enumerated() where !ranges.isEmpty {
                let y = (Double(row) + 0.5) * cellHeight
                for range in merge(ranges) {
                    strokes[stroke, default: PathBuilder()].append(
                        "M\(n(Double(range.lowerBound) * cellWidth / 2)) \(n(y))H\(n(Double(range.upperBound) * cellWidth / 2))")
                }
            }
        }
        for (kind, columnsByIndex) in vertical.enumerated() {
            let stroke = DiagramGrid.Stroke(rawValue: kind)!
            for (column, ranges) in columnsByIndex.enumerated() where !ranges.isEmpty {
                let x = (Double(column) + 0.5) * cellWidth
                for range in merge(ranges) {
                    strokes[stroke, default: PathBuilder()].append(
                        "M\(n(x)) \(n(Double(range.lowerBound) * cellHeight / 2))V\(n(Double(range.upperBound) * cellHeight / 2))")
                }
            }
        }

        let labels = textRuns(grid)
        var placeholders: [LabelPlaceholder] = []
        if mode != .off {
            for label in labels {
                for range in PlaceholderScanner.ranges(in: label.text) where PlaceholderScanner.classify(label.text[range]) == .instruction {
                    let offset = label.text.distance(from: label.text.startIndex, to: range.lowerBound)
                    placeholders.append(LabelPlaceholder(row: label.row, column: label.column + offset, text: String(label.text[range])))
                }
            }
        }
        let width = Double(grid.columns) * cellWidth, height = Double(grid.rows) * cellHeight
        let phrases = readingOrder(labels)
        let aria = phrases.isEmpty ? "Diagram" : "Diagram: " + phrases.prefix(40).joined(separator: ", ")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram-svg\" width=\"\(n(width))\" height=\"\(n(height))\""
        svg += " viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(aria))\">\n"
        svg += "<g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n"
        for stroke in strokes.keys.sorted() {
            // Paths are sorted so the output does not depend on dictionary order.
            let d = strokes[stroke]!.sorted
            switch stroke {
            case .light: svg += "<path d=\"\(d)\"/>\n"
            case .heavy: svg += "<path d=\"\(d)\" stroke-width=\"2.6\"/>\n"
            case .double: svg += "<path d=\"\(d)\" stroke-width=\"2.6\"/>\n"
            case .dashed: svg += "<path d=\"\(d)\" stroke-dasharray=\"4 3\"/>\n"
            }
        }
        if !curves.isEmpty { svg += "<path d=\"\(curves.sorted)\"/>\n" }
        svg += "</g>\n"
        if !arrows.isEmpty { svg += "<path d=\"\(arrows.sorted)\" fill=\"currentColor\"/>\n" }
        for placeholder in placeholders where mode == .mark {
            let x = Double(placeholder.column) * cellWidth, y = Double(placeholder.row) * cellHeight + 1
            let width = Double(placeholder.text.count) * cellWidth
            svg += "<rect class=\"placeholder\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(cellHeight - 2))\" rx=\"3\"/>\n"
        }
        if !labels.isEmpty {
            svg += "<g fill=\"currentColor\" font-family=\"ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace\" font-size=\"14.5\">\n"
            for label in labels {
                let x = Double(label.column) * cellWidth
                let y = Double(label.row) * cellHeight + cellHeight * 0.72
                let length = Double(label.length) * cellWidth
                svg += "<text x=\"\(n(x))\" y=\"\(n(y))\" textLength=\"\(n(length))\" lengthAdjust=\"spacingAndGlyphs\">\(HTMLEscaping.escape(label.text))</text>\n"
            }
            svg += "</g>\n"
        }
        svg += "</svg>"
        return (svg, placeholders)
    }

    struct Label: Equatable {
        var row: Int
        var column: Int
        var length: Int
        var text: String
    }

    /// The labels as a reader would say them: a label continued on the next row (the row just
    /// below, overlapping columns, as in a box whose name wraps) is one phrase, and phrases go
    /// top to bottom, left to right by where they start.
    static func readingOrder(_ labels: [Label]) -> [String] {
        var phrases: [(row: Int, column: Int, text: String)] = []
        var open: [(last: Label, phrase: Int)] = []  // phrases that may continue on the next row
        var row = -1
        var continuing: [(last: Label, phrase: Int)] = []
        for label in labels {  // textRuns gives them row by row, left to right
            if label.row != row {
                open = label.row == row + 1 ? continuing : []
                continuing = []
                row = label.row
            }
            let span = label.column..<(label.column + label.length)
            if let match = open.firstIndex(where: { $0.last.column..<($0.last.column + $0.last.length) ~= span.lowerBound
                || span ~= $0.last.column }) {
                let phrase = open[match].phrase
                phrases[phrase].text += " " + label.text
                open.remove(at: match)
                continuing.append((label, phrase))
            } else {
                phrases.append((label.row, label.column, label.text))
                continuing.append((label, phrases.count - 1))
            }
        }
        return phrases.sorted { ($0.row, $0.column) < ($1.row, $1.column) }.map(\.text)
    }

    /// Runs of text cells; one space joins words, two or more split labels.
    static func textRuns(_ grid: DiagramGrid) -> [Label] {
        var labels: [Label] = []
        for row in 0..<grid.rows {
            var current: Label?
            var gap = 0
            for column in 0...grid.columns {
                var ch: Unicode.Scalar?
                if column < grid.columns, case .text(let c) = grid.cell(row, column) { ch = c }
                if let ch {
                    if var label = current, gap <= 1 {
                        label.text += String(repeating: " ", count: gap) + String(ch)
                        label.length = column - label.column + 1
                        current = label
                    } else {
                        if let label = current { labels.append(label) }
                        current = Label(row: row, column: column, length: 1, text: String(ch))
                    }
                    gap = 0
                } else {
                    gap += 1
                    if gap > 1 || (column < grid.columns && grid.cell(row, column) != .blank) {
                        if let label = current { labels.append(label) }
                        current = nil
                    }
                }
            }
            if let label = current { labels.append(label) }
        }
        return labels
    }

    /// A quarter curve for `╭╮╰╯`, from one edge midpoint to the other through the centre.
    private static func roundedCorner(_ directions: DiagramGrid.Directions, _ row: Int, _ column: Int) -> String? {
        let cx = (Double(column) + 0.5) * cellWidth, cy = (Double(row) + 0.5) * cellHeight
        let horizontalEnd: Double
        if directions.contains(.right) { horizontalEnd = Double(column + 1) * cellWidth }
        else if directions.contains(.left) { horizontalEnd = Double(column) * cellWidth }
        else { return nil }
        let verticalEnd: Double
        if directions.contains(.down) { verticalEnd = Double(row + 1) * cellHeight }
        else if directions.contains(.up) { verticalEnd = Double(row) * cellHeight }
        else { return nil }
        return "M\(n(horizontalEnd)) \(n(cy))Q\(n(cx)) \(n(cy)) \(n(cx)) \(n(verticalEnd))"
    }

    /// The head (a filled triangle) and, when connected, the shaft from the tail edge to the head.
    /// The tip reaches into the next cell when a line is there, so the arrow touches the box.
    private static func arrow(
        _ direction: DiagramGrid.Directions, shaft: Bool, _ row: Int, _ column: Int, grid: DiagramGrid
    ) -> (String, String?) {
        let x0 = Double(column) * cellWidth, y0 = Double(row) * cellHeight
        let cx = x0 + cellWidth / 2, cy = y0 + cellHeight / 2
        let (nr, nc) = DiagramGrid.step(row, column, direction)
        var touchesLine = false
        if case .line = grid.cell(nr, nc) { touchesLine = true }
        let length = 8.0, half = 4.5
        switch direction {
        case .down:
            let tip = touchesLine ? y0 + cellHeight * 1.5 - 1 : y0 + cellHeight
            let base = tip - length
            return ("M\(n(cx)) \(n(tip))L\(n(cx - half)) \(n(base))L\(n(cx + half)) \(n(base))Z",
                    shaft ? "M\(n(cx)) \(n(y0))V\(n(base))" : nil)
        case .up:
            let tip = touchesLine ? y0 - cellHeight / 2 + 1 : y0
            let base = tip + length
            return ("M\(n(cx)) \(n(tip))L\(n(cx - half)) \(n(base))L\(n(cx + half)) \(n(base))Z",
                    shaft ? "M\(n(cx)) \(n(y0 + cellHeight))V\(n(base))" : nil)
        case .right:
            let tip = touchesLine ? x0 + cellWidth * 1.5 - 1 : x0 + cellWidth
            let base = tip - length
            return ("M\(n(tip)) \(n(cy))L\(n(base)) \(n(cy - half))L\(n(base)) \(n(cy + half))Z",
                    shaft ? "M\(n(x0)) \(n(cy))H\(n(base))" : nil)
        default:
            let tip = touchesLine ? x0 - cellWidth / 2 + 1 : x0
            let base = tip + length
            return ("M\(n(tip)) \(n(cy))L\(n(base)) \(n(cy - half))L\(n(base)) \(n(cy + half))Z",
                    shaft ? "M\(n(x0 + cellWidth)) \(n(cy))H\(n(base))" : nil)
        }
    }

    /// Overlapping or touching ranges merged, in order.
    static func merge(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// A number with at most two decimals and no trailing zeros (no Foundation formatting: this
    /// runs for every coordinate).
    static func n(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + String(whole) + "." + String(fraction / 10) }
        return sign + String(whole) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// Path commands collected in any order and written sorted, for deterministic output.
    struct PathBuilder {
        private var parts: [String] = []
        mutating func append(_ part: String) { parts.append(part) }
        var isEmpty: Bool { parts.isEmpty }
        var sorted: String { parts.sorted().joined() }
    }
}
