/// A text drawing as a grid of characters, with what each cell draws: line connections to its
/// four neighbours, an arrow head, a diagonal, or text.
///
/// Unicode box-drawing characters always draw their segments; ASCII `-`, `|` and `+` draw only
/// where they meet another line, so hyphens in words and pipes in prose stay text.
struct DiagramGrid {
    struct Directions: OptionSet, Hashable {
        let rawValue: UInt8
        static let up = Directions(rawValue: 1)
        static let down = Directions(rawValue: 2)
        static let left = Directions(rawValue: 4)
        static let right = Directions(rawValue: 8)
        static let vertical: Directions = [.up, .down]
        static let horizontal: Directions = [.left, .right]
        static let all: Directions = [.up, .down, .left, .right]
    }

    enum Stroke: Int, Comparable, CaseIterable {
        case light, heavy, double, dashed
        static func < (a: Stroke, b: Stroke) -> Bool { a.rawValue < b.rawValue }
    }

    enum Cell: Equatable {
        case blank
        case text(Unicode.Scalar)
        /// Segments from the cell's centre towards each direction; `rounded` corners curve.
        case line(Directions, Stroke, rounded: Bool)
        /// An arrow head pointing `direction`, with a shaft from the opposite side when connected.
        case arrow(Directions, shaft: Bool)
        /// `/` (rising) or `\` (falling).
        case diagonal(rising: Bool)
    }

    let rows: Int
    let columns: Int
    private(set) var cells: [[Cell]]
    /// Unicode scalars rather than `Character`s: drawings are plain text, and scalar comparisons
    /// are many times cheaper on this hot path.
    let characters: [[Unicode.Scalar]]

    init(_ text: String) {
        var lines = text.lineSlices.map { line in
            var scalars: [Unicode.Scalar] = []
            scalars.reserveCapacity(line.utf8.count)
            for scalar in line.unicodeScalars {
                if scalar == "\t" { scalars += [" ", " ", " ", " "] } else { scalars.append(scalar) }
            }
            return scalars
        }
        while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
        characters = lines
        rows = lines.count
        columns = lines.map(\.count).max() ?? 0
        cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
        classify()
    }

    func character(_ row: Int, _ column: Int) -> Unicode.Scalar {
        guard row >= 0, row < rows, column >= 0, column < characters[row].count else { return " " }
        return characters[row][column]
    }

    func cell(_ row: Int, _ column: Int) -> Cell {
        guard row >= 0, row < rows, column >= 0, column < columns else { return .blank }
        return cells[row][column]
    }

    // MARK: - Classification

    private mutating func classify() {
        // Pass 1: Unicode box drawing draws as it is; everything else starts as text.
        for row in 0..<rows {
            for column in 0..<columns {
                let ch = character(row, column)
                if ch == " " { continue }
                if let (directions, stroke, rounded) = Self.boxDrawingEntry(ch) {
                    cells[row][column] = .line(directions, stroke, rounded: rounded)
                } else if ch == "╱" || ch == "╲" {
                    cells[row][column] = .diagonal(rising: ch == "╱")
                } else if !ch.isASCII, let direction = Self.unicodeArrows[ch] {
                    cells[row][column] = .arrow(direction, shaft: false)
                } else {
                    cells[row][column] = .text(ch)
                }
            }
        }
        markDashedRuns()
        // Pass 2: ASCII lines, repeated until nothing changes, since `+` and `-` confirm each other.
        var candidates: [(row: Int, column: Int, ch: Unicode.Scalar)] = []
        for row in 0..<rows {
            for column in 0..<characters[row].count {
                let ch = characters[row][column]
                if ch.isASCII, Self.asciiLineCharacters.contains(ch), case .text = cells[row][column] {
                    candidates.append((row, column, ch))
                }
            }
        }
        var rounds = 0
        while !candidates.isEmpty && rounds < 4 {
            rounds += 1
            let before = candidates.count
            candidates.removeAll { candidate in
                guard let cell = asciiLine(candidate.ch, candidate.row, candidate.column) else { return false }
                cells[candidate.row][candidate.column] = cell
                return true
            }
            if candidates.count == before { break }
        }
        // Pass 3: ASCII arrow heads that end a line, and shafts for Unicode arrows.
        for row in 0..<rows {
            for column in 0..<columns {
                switch cells[row][column] {
                case .text(let ch):
                    if let direction = asciiArrow(ch, row, column) {
                        cells[row][column] = .arrow(direction, shaft: true)
                    }
                case .arrow(let direction, _):
                    let tail = Self.opposite(direction)
                    cells[row][column] = .arrow(direction, shaft: connects(row, column, toward: tail))
                default:
                    break
                }
            }
        }
    }

    /// `- - - -` (three or more dashes with single spaces between) is a dashed line, gaps included.
    private mutating func markDashedRuns() {
        for row in 0..<rows {
            var column = 0
            while column < columns {
                guard character(row, column) == "-", character(row, column + 1) == " ", character(row, column + 2) == "-" else {
                    column += 1
                    continue
                }
                var end = column
                var dashes = 1
                while character(row, end + 1) == " ", character(row, end + 2) == "-" {
                    end += 2
                    dashes += 1
                }
                if dashes >= 3 {
                    for c in column...end { cells[row][c] = .line(.horizontal, .dashed, rounded: false) }
                }
                column = end + 1
            }
        }
    }

    /// Whether the neighbour of (row, column) in `direction` draws a line back into this cell.
    func connects(_ row: Int, _ column: Int, toward direction: Directions) -> Bool {
        let (r, c) = Self.step(row, column, direction)
        switch cell(r, c) {
        case .line(let directions, _, _): return directions.contains(Self.opposite(direction))
        case .arrow(let d, _): return d == direction  // an arrow pointing away from us starts here
        default: return false
        }
    }

    private func isHorizontalLine(_ cell: Cell) -> Bool {
        if case .line(let d, _, _) = cell { return !d.isDisjoint(with: .horizontal) }
        return false
    }

    private func isVerticalLine(_ cell: Cell) -> Bool {
        if case .line(let d, _, _) = cell { return !d.isDisjoint(with: .vertical) }
        return false
    }

    private func asciiLine(_ ch: Unicode.Scalar, _ row: Int, _ column: Int) -> Cell? {
        let left = character(row, column - 1), right = character(row, column + 1)
        let up = character(row - 1, column), down = character(row + 1, column)
        switch ch {
        case "-", "=":
            // A run of two or more, or one touching a corner, junction or box line.
            let runs = (left == ch || right == ch) && !(Self.isLetter(left) && Self.isLetter(right))
            let touches = left == "+" || right == "+" || isHorizontalLine(cell(row, column - 1))
                || isHorizontalLine(cell(row, column + 1)) || right == ">" || left == "<"
            guard runs || touches else { return nil }
            // Not a word's hyphen ("High-Level") nor a flag ("--help").
            if Self.isWordCharacter(left), Self.isWordCharacter(right) { return nil }
            if ch == "-", Self.isLetter(right), left == "-" || left == " " { return nil }
            return .line(.horizontal, ch == "=" ? .double : .light, rounded: false)
        case "|":
            let above = up == "|" || up == "+" || up == "^" || isVerticalLine(cell(row - 1, column))
            let below = down == "|" || down == "+" || down == "v" || down == "V" || isVerticalLine(cell(row + 1, column))
            guard above || below else { return nil }
            return .line(.vertical, .light, rounded: false)
        case "+":
            var directions: Directions = []
            if left == "-" || left == "=" || left == "+" || left == "<" || isHorizontalLine(cell(row, column - 1)) { directions.insert(.left) }
            if right == "-" || right == "=" || right == "+" || right == ">" || isHorizontalLine(cell(row, column + 1)) { directions.insert(.right) }
            if up == "|" || up == "+" || up == "^" || isVerticalLine(cell(row - 1, column)) { directions.insert(.up) }
            if down == "|" || down == "+" || down == "v" || down == "V" || isVerticalLine(cell(row + 1, column)) { directions.insert(.down) }
            // A junction needs a corner's worth of lines; a lone "+" or "a + b" stays text.
            let bends = !directions.isDisjoint(with: .horizontal) && !directions.isDisjoint(with: .vertical)
            guard bends || directions == .horizontal || directions == .vertical else { return nil }
            return .line(directions, .light, rounded: false)
        case "/", "\\":
            let rising = ch == "/"
            let (a, b) = rising
                ? (character(row - 1, column + 1), character(row + 1, column - 1))
                : (character(row - 1, column - 1), character(row + 1, column + 1))
            // Part of a slanted run, or leaving a corner; never next to a letter ("POST /orders").
            guard a == ch || b == ch || a == "+" || b == "+" else { return nil }
            if Self.isLetter(left) || Self.isLetter(right) { return nil }
            return .diagonal(rising: rising)
        default:
            return nil
        }
    }

    private func asciiArrow(_ ch: Unicode.Scalar, _ row: Int, _ column: Int) -> Directions? {
        switch ch {
        case ">": return isHorizontalLine(cell(row, column - 1)) ? .right : nil
        case "<": return isHorizontalLine(cell(row, column + 1)) ? .left : nil
        case "v", "V":
            guard isVerticalLine(cell(row - 1, column)) else { return nil }
            // "v" inside a word ("very") is text.
            if Self.isLetter(character(row, column - 1)) || Self.isLetter(character(row, column + 1)) { return nil }
            return .down
        case "^":
            return isVerticalLine(cell(row + 1, column)) ? .up : nil
        default: return nil
        }
    }

    static func opposite(_ direction: Directions) -> Directions {
        switch direction {
        case .up: .down
        case .down: .up
        case .left: .right
        default: .left
        }
    }

    static func step(_ row: Int, _ column: Int, _ direction: Directions) -> (Int, Int) {
        switch direction {
        case .up: (row - 1, column)
        case .down: (row + 1, column)
        case .left: (row, column - 1)
        default: (row, column + 1)
        }
    }

    // MARK: - Character tables

    static let asciiLineCharacters: Set<Unicode.Scalar> = ["-", "=", "|", "+", "/", "\\"]

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static let unicodeArrows: [Unicode.Scalar: Directions] = [
        "▼": .down, "▾": .down, "↓": .down,
        "▲": .up, "▴": .up, "↑": .up,
        "►": .right, "▶": .right, "▸": .right, "→": .right,
        "◄": .left, "◀": .left, "◂": .left, "←": .left,
    ]

    /// The box-drawing character's lines, looked up by its offset in U+2500–U+257F (every cell
    /// of every drawing asks; hashing each scalar into `boxDrawing` was most of the first pass).
    static func boxDrawingEntry(_ scalar: Unicode.Scalar) -> (Directions, Stroke, Bool)? {
        let offset = Int(scalar.value) - 0x2500
        return offset >= 0 && offset < boxDrawingByOffset.count ? boxDrawingByOffset[offset] : nil
    }

    private static let boxDrawingByOffset: [(Directions, Stroke, Bool)?] = (0..<0x80).map { offset in
        Unicode.Scalar(0x2500 + offset).flatMap { boxDrawing[$0] }
    }

    static let boxDrawing: [Unicode.Scalar: (Directions, Stroke, Bool)] = {
        var table: [Unicode.Scalar: (Directions, Stroke, Bool)] = [:]
        func add(_ chars: String, _ directions: Directions, _ stroke: Stroke, rounded: Bool = false) {
            for ch in chars.unicodeScalars { table[ch] = (directions, stroke, rounded) }
        }
        add("─", .horizontal, .light); add("│", .vertical, .light)
        add("┌", [.right, .down], .light); add("┐", [.left, .down], .light)
        add("└", [.up, .right], .light); add("┘", [.up, .left], .light)
        add("├", [.up, .down, .right], .light); add("┤", [.up, .down, .left], .light)
        add("┬", [.left, .right, .down], .light); add("┴", [.left, .right, .up], .light)
        add("┼", .all, .light)
        add("━", .horizontal, .heavy); add("┃", .vertical, .heavy)
        add("┏", [.right, .down], .heavy); add("┓", [.left, .down], .heavy)
        add("┗", [.up, .right], .heavy); add("┛", [.up, .left], .heavy)
        add("┣", [.up, .down, .right], .heavy); add("┫", [.up, .down, .left], .heavy)
        add("┳", [.left, .right, .down], .heavy); add("┻", [.left, .right, .up], .heavy)
        add("╋", .all, .heavy)
        add("═", .horizontal, .double); add("║", .vertical, .double)
        add("╔╒╓", [.right, .down], .double); add("╗╕╖", [.left, .down], .double)
        add("╚╘╙", [.up, .right], .double); add("╝╛╜", [.up, .left], .double)
        add("╠╞╟", [.up, .down, .right], .double); add("╣╡╢", [.up, .down, .left], .double)
        add("╦╤╥", [.left, .right, .down], .double); add("╩╧╨", [.left, .right, .up], .double)
        add("╬╪╫", .all, .double)
        add("╭", [.right, .down], .light, rounded: true); add("╮", [.left, .down], .light, rounded: true)
        add("╰", [.up, .right], .light, rounded: true); add("╯", [.up, .left], .light, rounded: true)
        add("┄┅┈┉╌╍", .horizontal, .dashed); add("┆┇┊┋╎╏", .vertical, .dashed)
        add("╴", .left, .light); add("╶", .right, .light); add("╵", .up, .light); add("╷", .down, .light)
        // Junctions mixing light and heavy strokes draw as light.
        add("┍┎", [.right, .down], .light); add("┑┒", [.left, .down], .light)
        add("┕┖", [.up, .right], .light); add("┙┚", [.up, .left], .light)
        add("┝┞┟┠┡┢", [.up, .down, .right], .light); add("┥┦┧┨┩┪", [.up, .down, .left], .light)
        add("┭┮┯┰┱┲", [.left, .right, .down], .light); add("┵┶┷┸┹┺", [.left, .right, .up], .light)
        add("┽┾┿╀╁╂╃╄╅╆╇╈╉╊", .all, .light)
        add("╼╾", .horizontal, .light); add("╽╿", .vertical, .light)
        return table
    }()
}
