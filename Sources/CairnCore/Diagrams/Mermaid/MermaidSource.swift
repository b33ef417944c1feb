import Foundation

/// A Mermaid block's text made ready for a parser: front matter (`title:` kept), `%%{init}%%`
/// directives and `%%` comments removed, `accTitle`/`accDescr` taken out, each remaining line
/// trimmed with its 0-based line number and the 1-based column where its text starts.
struct MermaidSource: Sendable {
    struct Line: Sendable {
        var text: Substring
        var number: Int
        var column: Int
    }

    /// The lines after the header, in order.
    var lines: [Line] = []
    /// The header line: `flowchart LR`, `sequenceDiagram`, `stateDiagram-v2`.
    var header: Line?
    var title: String?
    var accessibleTitle: String?
    var accessibleDescription: String?

    /// The diagram's keyword (the header's first word), e.g. `flowchart`.
    var kind: Substring { header.map { $0.text.prefix { !$0.isWhitespace } } ?? "" }

    init(_ source: String) {
        let all = source.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var index = 0
        // Front matter: `---` on the first non-blank line, up to the next `---`.
        while index < all.count, all[index].allSatisfy(\.isWhitespace) { index += 1 }
        if index < all.count, all[index].trimmingCharacters(in: .whitespaces) == "---" {
            var end = index + 1
            while end < all.count, all[end].trimmingCharacters(in: .whitespaces) != "---" { end += 1 }
            if end < all.count {
                for line in all[(index + 1)..<end] where line.hasPrefix("title:") {
                    let value = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
                    title = Self.unquote(value)
                }
                index = end + 1
            }
        }
        var inDescription: [String]?
        var inDirective = false
        while index < all.count {
            let raw = all[index]
            defer { index += 1 }
            let leading = raw.prefix { $0 == " " || $0 == "\t" }.count
            var text = raw.dropFirst(leading)
            while let last = text.last, last.isWhitespace { text = text.dropLast() }
            if inDirective {
                if text.contains("}%%") { inDirective = false }
                continue
            }
            if var description = inDescription {
                if text.hasPrefix("}") {
                    accessibleDescription = description.joined(separator: " ")
                    inDescription = nil
                } else {
                    description.append(String(text))
                    inDescription = description
                }
                continue
            }
            if text.hasPrefix("%%{") {
                if !text.contains("}%%") { inDirective = true }
                continue
            }
            if text.isEmpty || text.hasPrefix("%%") { continue }
            if text.hasPrefix("accTitle") || text.hasPrefix("accDescr") {
                let rest = text.dropFirst(8).drop { $0 == " " }
                if rest.hasPrefix(":") {
                    let value = rest.dropFirst().trimmingCharacters(in: .whitespaces)
                    if text.hasPrefix("accTitle") { accessibleTitle = value } else { accessibleDescription = value }
                    continue
                }
                if text.hasPrefix("accDescr"), rest.hasPrefix("{") {
                    let inline = rest.dropFirst()
                    if let close = inline.firstIndex(of: "}") {
                        accessibleDescription = inline[..<close].trimmingCharacters(in: .whitespaces)
                    } else {
                        inDescription = inline.isEmpty ? [] : [inline.trimmingCharacters(in: .whitespaces)]
                    }
                    continue
                }
            }
            // A trailing `%%` comment.
            if let comment = text.range(of: "%%"), !text[..<comment.lowerBound].contains("\"") {
                text = text[..<comment.lowerBound]
                while let last = text.last, last.isWhitespace { text = text.dropLast() }
                if text.isEmpty { continue }
            }
            let line = Line(text: text, number: index, column: leading + 1)
            if header == nil { header = line } else { lines.append(line) }
        }
    }

    static func unquote(_ value: String) -> String {
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
