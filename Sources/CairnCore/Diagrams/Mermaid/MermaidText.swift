import Foundation

/// Label text as Mermaid reads it (quotes, Markdown strings, `<br>`, `#quot;` codes, entities) and
/// an estimate of how wide it is drawn, in pixels at ``fontSize``.
enum MermaidText {
    static let fontSize = 14.0
    static let lineHeight = 18.0
    /// Labels wrap at this width, as Mermaid's do (200 px).
    static let wrapWidth = 200.0

    /// The lines of a label as written in the source: surrounding quotes and Markdown-string
    /// backticks removed, `<br>` and (in Markdown strings) newlines as line breaks, entity codes
    /// decoded, other HTML tags dropped, long lines wrapped at word boundaries.
    static func lines(_ raw: Substring, wrap: Bool = true) -> [String] {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        var markdown = false
        if text.count >= 2, text.hasPrefix("`"), text.hasSuffix("`") {
            text = String(text.dropFirst().dropLast())
            markdown = true
        }
        var lines: [String] = []
        for piece in splitBreaks(text, newlines: markdown) {
            var line = decode(piece)
            if markdown { line = stripMarkdown(line) }
            line = collapse(line)
            if wrap { lines += self.wrap(line) } else { lines.append(line) }
        }
        while lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        while lines.count > 1, lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.isEmpty ? [""] : lines
    }

    /// Width of one line of text, in pixels (Arial/Liberation Sans advance widths, the narrowest
    /// of the theme's fonts, plus a tenth so wider system fonts still fit).
    static func width(_ line: String, size: Double = fontSize) -> Double {
        var units = 0
        for scalar in line.unicodeScalars {
            let v = scalar.value
            if v >= 32, v < 127 {
                units += Int(advance[Int(v) - 32])
            } else if v >= 0x1100 && (v <= 0x115F || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
                                       || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFF00 && v <= 0xFF60) || v >= 0x1F300) {
                units += 1000  // wide: CJK, Hangul, full-width forms, emoji
            } else if (0x0300...0x036F).contains(v) || v == 0x200D || (0xFE00...0xFE0F).contains(v) {
                continue  // combining marks, joiners, variation selectors take no room of their own
            } else {
                units += 600
            }
        }
        return Double(units) / 1000 * size * 1.1
    }

    /// The widest of `lines`.
    static func width(_ lines: [String], size: Double = fontSize) -> Double {
        lines.map { width($0, size: size) }.max() ?? 0
    }

    /// `line` broken at spaces so no piece is wider than ``wrapWidth`` (a single longer word stays whole).
    static func wrap(_ line: String) -> [String] {
        guard width(line) > wrapWidth else { return [line] }
        var result: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if !current.isEmpty, width(candidate) > wrapWidth {
                result.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { result.append(current) }
        return result.isEmpty ? [line] : result
    }

    /// `text` split at `separators` outside quotes and brackets (`A["x; y"]; B`, `rgb(1,2,3)`,
    /// `label: "a, b"` each stay whole).
    static func split(_ text: Substring, at separators: Set<Character>) -> [Substring] {
        guard text.contains(where: separators.contains) else { return [text] }
        var parts: [Substring] = []
        var quoted = false
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            let ch = text[index]
            if ch == "\"" { quoted.toggle(); continue }
            guard !quoted else { continue }
            if ch == "[" || ch == "(" || ch == "{" { depth += 1 } else if ch == "]" || ch == ")" || ch == "}" { depth = max(0, depth - 1) }
            else if depth == 0, separators.contains(ch) {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
        }
        parts.append(text[start...])
        return parts
    }

    // MARK: - Decoding

    /// Splits at `<br>`, `<br/>`, `<br />` (any case) and, in Markdown strings, at newlines.
    private static func splitBreaks(_ text: String, newlines: Bool) -> [String] {
        var pieces: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            if ch == "<", let end = text[index...].firstIndex(of: ">") {
                let tag = text[text.index(after: index)..<end].lowercased().replacingOccurrences(of: " ", with: "")
                if tag == "br" || tag == "br/" {
                    pieces.append(current)
                    current = ""
                    index = text.index(after: end)
                    continue
                }
            }
            if newlines, ch == "\n" || ch == "\r\n" {
                pieces.append(current)
                current = ""
            } else {
                current.append(ch)
            }
            index = text.index(after: index)
        }
        pieces.append(current)
        return pieces
    }

    /// Mermaid's `#quot;`/`#35;` codes, HTML entities, and other tags (`<b>`, `<i>`, `<code>`)
    /// dropped, keeping their text.
    static func decode(_ text: String) -> String {
        guard text.contains("#") || text.contains("&") || text.contains("<") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            if ch == "#" || ch == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let name = text[text.index(after: index)..<semicolon]
                if ch == "&" || !name.isEmpty, let decoded = entity(name, mermaidCode: ch == "#") {
                    out.append(decoded)
                    index = text.index(after: semicolon)
                    continue
                }
            }
            if ch == "<", let end = text[index...].firstIndex(of: ">") {
                let inner = text[text.index(after: index)..<end]
                let name = inner.drop { $0 == "/" }.prefix { $0.isLetter }
                if !name.isEmpty, inner.first != " " {
                    index = text.index(after: end)
                    continue
                }
            }
            out.append(ch)
            index = text.index(after: index)
        }
        return out
    }

    private static func entity(_ name: Substring, mermaidCode: Bool) -> Character? {
        if name.first == "#" || mermaidCode {
            let digits = name.first == "#" ? name.dropFirst() : name
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" { value = UInt32(digits.dropFirst(), radix: 16) } else { value = UInt32(digits) }
            if let value, let scalar = Unicode.Scalar(value), value >= 32 { return Character(scalar) }
            if !mermaidCode { return nil }
        }
        switch name {
        case "quot": return "\""
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "apos": return "'"
        case "nbsp": return " "
        case "semi": return ";"
        case "colon": return ":"
        case "hash", "num": return "#"
        default: return nil
        }
    }

    /// `**bold**`, `*em*`, `_em_` markers removed (the text is drawn plain).
    private static func stripMarkdown(_ text: String) -> String {
        var out = text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
        out = out.replacingOccurrences(of: "*", with: "")
        // `_` only where it marks emphasis (at a word's edge), not inside snake_case.
        var result = ""
        let chars = Array(out)
        for (i, c) in chars.enumerated() {
            if c == "_" {
                let before = i > 0 ? chars[i - 1] : " ", after = i + 1 < chars.count ? chars[i + 1] : " "
                if !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber) { continue }
            }
            result.append(c)
        }
        return result
    }

    private static func collapse(_ text: String) -> String {
        var out = ""
        var space = false
        for ch in text {
            if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" {
                space = !out.isEmpty
            } else {
                if space { out.append(" ") }
                space = false
                out.append(ch)
            }
        }
        return out
    }

    /// Advance widths of ASCII 32–126 in thousandths of an em (Arial/Liberation Sans).
    private static let advance: [Int16] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ]
}

/// `fill:#f9f,stroke:#333,stroke-width:4px` as a ``MermaidGraph/Style``: only values that are
/// colours (`#rgb`, `#rrggbb[aa]`, `rgb()`/`rgba()`/`hsl()`/`hsla()`, a colour name) or lengths
/// are kept, so nothing a reader's browser would run can reach the SVG.
enum MermaidStyle {
    static func parse(_ text: Substring) -> MermaidGraph.Style {
        var style = MermaidGraph.Style()
        for declaration in MermaidText.split(text, at: [",", ";"]) {
            guard let colon = declaration.firstIndex(of: ":") else { continue }
            let name = declaration[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = declaration[declaration.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "!important", with: "").trimmingCharacters(in: .whitespaces)
            switch name {
            case "fill", "background", "background-color": if isColour(value) { style.fill = value }
            case "stroke", "border-color": if isColour(value) { style.stroke = value }
            case "color": if isColour(value) { style.color = value }
            case "stroke-width": if let length = length(value) { style.strokeWidth = length }
            case "stroke-dasharray":
                let parts = value.split(whereSeparator: { $0 == " " || $0 == "," })
                if !parts.isEmpty, parts.count <= 8, parts.allSatisfy({ length(String($0)) != nil }) {
                    style.dash = parts.compactMap { length(String($0)) }.joined(separator: " ")
                }
            default: break
            }
        }
        return style
    }

    static func isColour(_ value: String) -> Bool {
        guard !value.isEmpty, value.count <= 60 else { return false }
        if value.hasPrefix("#") {
            let hex = value.dropFirst()
            return [3, 4, 6, 8].contains(hex.count) && hex.allSatisfy(\.isHexDigit)
        }
        let lower = value.lowercased()
        for function in ["rgb(", "rgba(", "hsl(", "hsla("] where lower.hasPrefix(function) && lower.hasSuffix(")") {
            return lower.dropFirst(function.count).dropLast().allSatisfy { $0.isNumber || " ,.%/".contains($0) }
        }
        return lower.allSatisfy { $0.isASCII && $0.isLetter }
    }

    /// `4px`, `2`, `1.5` as a plain number of pixels.
    static func length(_ value: String) -> String? {
        var number = value.trimmingCharacters(in: .whitespaces)
        if number.hasSuffix("px") { number.removeLast(2) }
        guard let parsed = Double(number), parsed >= 0, parsed <= 100 else { return nil }
        return TextDiagramSVG.n(parsed)
    }
}
