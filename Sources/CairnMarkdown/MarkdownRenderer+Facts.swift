import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MarkdownRenderer {
    /// Finds `[placeholders]` in the run of text nodes starting at `first`, replaces the run with
    /// new text nodes and `<mark class="placeholder">` custom inlines, and returns what it found.
    static func markPlaceholders(in first: OpaquePointer, document: inout CmarkDocument) -> [Placeholder] {
        // Most runs have no "[" at all; find that out without copying any text.
        var probe: OpaquePointer? = first
        var hasBracket = false
        while let current = probe, cmark_node_get_type(current) == CMARK_NODE_TEXT {
            if let literal = cmark_node_get_literal(current), strchr(literal, 0x5B) != nil {
                hasBracket = true
                break
            }
            probe = cmark_node_next(current)
        }
        guard hasBracket else { return [] }
        var run: [OpaquePointer] = []
        var text = ""
        var node: OpaquePointer? = first
        while let current = node, cmark_node_get_type(current) == CMARK_NODE_TEXT {
            run.append(current)
            text += CmarkNode.literal(current)
            node = cmark_node_next(current)
        }
        // A run right after a link, code span or emphasis starts at a word boundary too.
        let ranges = PlaceholderScanner.ranges(in: text)
        guard !ranges.isEmpty else { return [] }
        let line = CmarkNode.line(first)
        let column = CmarkNode.column(first)
        var found: [Placeholder] = []
        var cursor = text.startIndex
        for range in ranges {
            if cursor < range.lowerBound {
                insertText(String(text[cursor..<range.lowerBound]), before: first)
            }
            let placeholder = String(text[range])
            insertMark(placeholder, before: first)
            let offset = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            found.append(Placeholder(text: placeholder, line: line, column: line > 0 ? column + offset : 0))
            cursor = range.upperBound
        }
        if cursor < text.endIndex {
            insertText(String(text[cursor...]), before: first)
        }
        for old in run { document.detach(old) }
        return found
    }

    /// Puts `<mark class="placeholder">text</mark>` before `node`. Table cells may not hold
    /// custom inlines, so there the mark goes inside an emphasis whose tags it closes and
    /// reopens empty (`<em></em><mark>…</mark><em></em>`).
    private static func insertMark(_ text: String, before node: OpaquePointer) {
        guard let mark = cmark_node_new(CMARK_NODE_CUSTOM_INLINE), let inner = cmark_node_new(CMARK_NODE_TEXT) else {
            preconditionFailure("cmark_node_new failed: out of memory")
        }
        cmark_node_set_literal(inner, text)
        cmark_node_append_child(mark, inner)
        cmark_node_set_on_enter(mark, "<mark class=\"placeholder\">")
        cmark_node_set_on_exit(mark, "</mark>")
        if cmark_node_insert_before(node, mark) == 1 { return }
        guard let emphasis = cmark_node_new(CMARK_NODE_EMPH) else { preconditionFailure("cmark_node_new failed: out of memory") }
        cmark_node_set_on_enter(mark, "</em><mark class=\"placeholder\">")
        cmark_node_set_on_exit(mark, "</mark><em>")
        cmark_node_append_child(emphasis, mark)
        if cmark_node_insert_before(node, emphasis) == 1 { return }
        cmark_node_free(emphasis)
        insertText(text, before: node)
    }

    private static func insertText(_ text: String, before node: OpaquePointer) {
        guard let textNode = cmark_node_new(CMARK_NODE_TEXT) else { preconditionFailure("cmark_node_new failed: out of memory") }
        cmark_node_set_literal(textNode, text)
        cmark_node_insert_before(node, textNode)
    }

    /// The first top-level list before the page's second level-2 heading whose links mostly
    /// point at `#anchors`: a hand-written table of contents.
    static func findTableOfContents(_ root: OpaquePointer) -> TableOfContentsList? {
        var secondLevelHeadings = 0
        var child = cmark_node_first_child(root)
        while let node = child {
            defer { child = cmark_node_next(node) }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING, cmark_node_get_heading_level(node) == 2 {
                secondLevelHeadings += 1
                if secondLevelHeadings > 1 { return nil }
            }
            guard type == CMARK_NODE_LIST else { continue }
            var fragments: [String] = []
            var links = 0
            CmarkNode.walk(node) { event, inner in
                guard event == CMARK_EVENT_ENTER, cmark_node_get_type(inner) == CMARK_NODE_LINK else { return true }
                links += 1
                let url = CmarkNode.url(inner)
                if url.hasPrefix("#"), url.count > 1 { fragments.append(String(url.dropFirst())) }
                return true
            }
            if fragments.count >= 2, fragments.count * 5 >= links * 4 {
                return TableOfContentsList(line: CmarkNode.line(node), column: CmarkNode.column(node), fragments: fragments)
            }
        }
        return nil
    }

    /// The page's top-level blocks grouped under their headings (levels 1–3) as plain text, read
    /// before the tree is edited. `headingIndex` points into `headings` (document order).
    static func sectionOutline(_ root: OpaquePointer, headings: [OpaquePointer]) -> [(headingIndex: Int?, text: String)] {
        let position = Dictionary(uniqueKeysWithValues: headings.enumerated().map { ($1, $0) })
        var parts: [(headingIndex: Int?, text: String)] = [(nil, "")]
        var block = cmark_node_first_child(root)
        while let node = block {
            defer { block = cmark_node_next(node) }
            if cmark_node_get_type(node) == CMARK_NODE_HEADING, cmark_node_get_heading_level(node) <= 3 {
                parts.append((position[node], ""))
                continue
            }
            guard parts[parts.count - 1].text.utf8.count < sectionTextLimit else { continue }
            let text = searchText(node)
            if !text.isEmpty {
                parts[parts.count - 1].text += parts[parts.count - 1].text.isEmpty ? text : " " + text
            }
        }
        if parts[0].text.isEmpty { parts.removeFirst() }
        return parts.map { part in
            (part.headingIndex, part.text.utf8.count > sectionTextLimit ? String(part.text.prefix(sectionTextLimit)) : part.text)
        }
    }

    /// Characters of text kept per section in the search index.
    static let sectionTextLimit = 6_000

    /// Words of a block for search: text, code and code blocks, with block and cell boundaries
    /// as spaces and runs of white space folded.
    static func searchText(_ node: OpaquePointer) -> String {
        var text = ""
        CmarkNode.walk(node) { event, current in
            let type = cmark_node_get_type(current)
            if event == CMARK_EVENT_EXIT {
                if type != CMARK_NODE_EMPH, type != CMARK_NODE_STRONG, type != CMARK_NODE_LINK { text += " " }
                return true
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                text += CmarkNode.literal(current)
                if type == CMARK_NODE_CODE_BLOCK { text += " " }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
            return text.utf8.count <= sectionTextLimit * 2
        }
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        // A GitHub alert's marker is syntax, not text.
        if words.hasPrefix("[!") {
            for kind in AlertKind.allCases where words.lowercased().hasPrefix("[!\(kind.rawValue)]") {
                words = String(words.dropFirst(kind.rawValue.count + 3)).trimmingCharacters(in: " ")
            }
        }
        return words
    }

    /// `**Key:** value` lines in top-level paragraphs.
    static func findFieldLines(_ root: OpaquePointer) -> [FieldLine] {
        var fields: [FieldLine] = []
        var block = cmark_node_first_child(root)
        while let paragraph = block {
            defer { block = cmark_node_next(paragraph) }
            guard cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { continue }
            var atLineStart = true
            var child = cmark_node_first_child(paragraph)
            while let node = child {
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                    atLineStart = true
                    child = cmark_node_next(node)
                    continue
                }
                guard atLineStart, type == CMARK_NODE_STRONG else {
                    atLineStart = false
                    child = cmark_node_next(node)
                    continue
                }
                atLineStart = false
                var key = CmarkNode.plainText(node).trimmingCharacters(in: " ")
                var value = ""
                var next = cmark_node_next(node)
                if !key.hasSuffix(":"), let following = next, cmark_node_get_type(following) == CMARK_NODE_TEXT,
                   CmarkNode.literal(following).hasPrefix(":") {
                    key += ":"
                    value = String(CmarkNode.literal(following).dropFirst())
                    next = cmark_node_next(following)
                }
                guard key.hasSuffix(":"), key.count > 1 else {
                    child = next
                    continue
                }
                while let inline = next {
                    let inlineType = cmark_node_get_type(inline)
                    if inlineType == CMARK_NODE_SOFTBREAK || inlineType == CMARK_NODE_LINEBREAK { break }
                    value += inlineType == CMARK_NODE_TEXT || inlineType == CMARK_NODE_CODE
                        ? CmarkNode.literal(inline) : CmarkNode.plainText(inline)
                    next = cmark_node_next(inline)
                }
                fields.append(FieldLine(
                    key: String(key.dropLast()).trimmingCharacters(in: " "),
                    value: value.trimmingCharacters(in: " \t"),
                    line: CmarkNode.line(node)))
                child = next
            }
        }
        return fields
    }
}

/// Finds `[placeholder]` ranges in plain text: brackets holding words that are not a link,
/// footnote (`[^1]`), task box (`[x]`), alert marker (`[!NOTE]`) or index (`array[0]`).
public enum PlaceholderScanner {
    public static func ranges(in text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            let afterOpen = text.index(after: open)
            guard let close = text[afterOpen...].firstIndex(where: { $0 == "]" || $0 == "[" }) else { break }
            if text[close] == "[" {
                index = close
                continue
            }
            let content = text[afterOpen..<close]
            let end = text.index(after: close)
            defer { index = end }
            if open > text.startIndex {
                let before = text[text.index(before: open)]
                if before.isLetter || before.isNumber || before == "]" || before == ")" || before == "_" { continue }
            }
            if end < text.endIndex, text[end] == "(" || text[end] == "[" || text[end] == ":" { continue }
            let trimmed = content.trimmingCharacters(in: " ")
            guard !trimmed.isEmpty, trimmed.contains(where: \.isLetter) else { continue }
            if trimmed.hasPrefix("^") || trimmed.hasPrefix("!") { continue }
            if trimmed.count == 1 { continue }  // [x], [a]: task boxes and indices
            result.append(open..<end)
        }
        return result
    }
}
