import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MarkdownRenderer {
    /// A run of adjacent text nodes holding bracketed text, and what each bracket is.
    private struct BracketRun {
        var nodes: [OpaquePointer]
        var text: String
        var brackets: [(range: Range<String.Index>, kind: PlaceholderScanner.Kind, wholePlace: Bool)]
    }

    /// Finds the page's unfilled placeholders among the text runs (each given by its first node),
    /// decides which count with their place and the page (``PlaceholderScanner/accepts``), and
    /// with ``PlaceholderMode/mark`` replaces those runs with text and `<mark>` nodes, so the
    /// page marks exactly what is listed.
    static func placeholders(in runs: [OpaquePointer], options: MarkdownOptions, document: inout CmarkDocument) -> [Placeholder] {
        var candidates: [BracketRun] = []
        var places: [OpaquePointer: Set<String>] = [:]
        for first in runs {
            if let run = bracketRun(first, places: &places) { candidates.append(run) }
        }
        let evidence = candidates.reduce(0) { total, run in
            total + run.brackets.count { $0.kind != .plain && ($0.wholePlace || $0.kind == .instruction) }
        }
        let templatePage = options.templatePage || evidence >= PlaceholderScanner.templateEvidence
        var found: [Placeholder] = []
        for run in candidates {
            let accepted = run.brackets.filter {
                PlaceholderScanner.accepts($0.kind, wholePlace: $0.wholePlace, templatePage: templatePage)
            }.map(\.range)
            guard !accepted.isEmpty, let first = run.nodes.first else { continue }
            let line = CmarkNode.line(first)
            let column = CmarkNode.column(first)
            for range in accepted {
                let offset = run.text.utf8.distance(from: run.text.startIndex, to: range.lowerBound)
                found.append(Placeholder(text: String(run.text[range]), line: line, column: line > 0 ? column + offset : 0))
            }
            if options.placeholders == .mark { mark(accepted, in: run, document: &document) }
        }
        return found
    }

    /// The run starting at `first` when it holds bracketed text, each bracket classified.
    private static func bracketRun(_ first: OpaquePointer, places: inout [OpaquePointer: Set<String>]) -> BracketRun? {
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
        guard hasBracket else { return nil }
        var nodes: [OpaquePointer] = []
        var text = ""
        var node: OpaquePointer? = first
        while let current = node, cmark_node_get_type(current) == CMARK_NODE_TEXT {
            nodes.append(current)
            text += CmarkNode.literal(current)
            node = cmark_node_next(current)
        }
        // A run right after a link, code span or emphasis starts at a word boundary too.
        let ranges = PlaceholderScanner.ranges(in: text)
        guard !ranges.isEmpty else { return nil }
        // Computed once per paragraph, however many runs it has.
        let container = placeContainer(first)
        let place: Set<String>
        if let container, let known = places[container] {
            place = known
        } else {
            place = container.map(placeParts) ?? []
            if let container { places[container] = place }
        }
        let brackets = ranges.map { range in
            let bracket = text[range]
            return (range, PlaceholderScanner.classify(bracket), place.contains(String(bracket)))
        }
        return BracketRun(nodes: nodes, text: text, brackets: brackets)
    }

    /// The texts a bracket must equal to fill its place: the whole text of its paragraph, heading
    /// or table cell, and for a `Label: value` line the label and the value, each without the
    /// emphasis marks and punctuation around them.
    private static func placeParts(_ container: OpaquePointer) -> Set<String> {
        let text = CmarkNode.plainText(container)
        let clean: (Substring) -> String = { String($0).trimmingCharacters(in: " \t*_:.,;-–—") }
        var parts: Set<String> = [clean(Substring(text))]
        if let colon = text.firstRange(of: ": ") {
            parts.insert(clean(text[..<colon.lowerBound]))
            parts.insert(clean(text[colon.upperBound...]))
        }
        return parts
    }

    /// The paragraph, heading or table cell holding `node`.
    private static func placeContainer(_ node: OpaquePointer) -> OpaquePointer? {
        var container = cmark_node_parent(node)
        while let current = container {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || CmarkNode.typeName(current) == "table_cell" { return current }
            container = cmark_node_parent(current)
        }
        return nil
    }

    /// Replaces `run`'s nodes with text nodes and `<mark class="placeholder">` custom inlines.
    private static func mark(_ ranges: [Range<String.Index>], in run: BracketRun, document: inout CmarkDocument) {
        guard let first = run.nodes.first else { return }
        let text = run.text
        var cursor = text.startIndex
        for range in ranges {
            if cursor < range.lowerBound {
                insertText(String(text[cursor..<range.lowerBound]), before: first)
            }
            insertMark(String(text[range]), before: first)
            cursor = range.upperBound
        }
        if cursor < text.endIndex {
            insertText(String(text[cursor...]), before: first)
        }
        for old in run.nodes { document.detach(old) }
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
            if fragments.count >= 2, fragments.count * 5 >= links * 4, itemsAreEntries(node) {
                return TableOfContentsList(line: CmarkNode.line(node), column: CmarkNode.column(node), fragments: fragments)
            }
        }
        return nil
    }

    /// Whether at least 80% of the list's items (nested lists included) are TOC entries: a
    /// same-page link that is a third or more of the item's own text ("1. [Summary](#summary)",
    /// "- [Install](#install) — first steps"), not prose that mentions a section.
    static func itemsAreEntries(_ list: OpaquePointer) -> Bool {
        var items = 0
        var entries = 0
        CmarkNode.walk(list) { event, node in
            guard event == CMARK_EVENT_ENTER, cmark_node_get_type(node) == CMARK_NODE_ITEM else { return true }
            items += 1
            guard let paragraph = cmark_node_first_child(node), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { return true }
            var linkText = 0
            var child = cmark_node_first_child(paragraph)
            while let inline = child {
                if cmark_node_get_type(inline) == CMARK_NODE_LINK, CmarkNode.url(inline).hasPrefix("#") {
                    linkText += CmarkNode.plainText(inline).count
                }
                child = cmark_node_next(inline)
            }
            let text = CmarkNode.plainText(paragraph).count
            if linkText > 0, linkText * 3 >= text { entries += 1 }
            return true
        }
        return items > 0 && entries * 5 >= items * 4
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
        var words = foldingSpaces(text)
        // A GitHub alert's marker is syntax, not text.
        if words.hasPrefix("[!") {
            for kind in AlertKind.allCases where words.lowercased().hasPrefix("[!\(kind.rawValue)]") {
                words = String(words.dropFirst(kind.rawValue.count + 3)).trimmingCharacters(in: " ")
            }
        }
        return words
    }

    /// `text` with runs of spaces, tabs and line feeds made one space, none at either end; on
    /// bytes (a String split on Characters costs grapheme breaking on every page's whole text).
    static func foldingSpaces(_ text: String) -> String {
        var text = text
        return text.withUTF8 { input in
            // Folding never makes the text longer, and a space never splits a multi-byte scalar.
            String(unsafeUninitializedCapacity: input.count) { output in
                var count = 0
                var pendingSpace = false
                for byte in input {
                    if byte == 0x20 || byte == 0x0A || byte == 0x09 {
                        pendingSpace = count > 0
                    } else {
                        if pendingSpace {
                            output[count] = 0x20
                            count += 1
                        }
                        pendingSpace = false
                        output[count] = byte
                        count += 1
                    }
                }
                return count
            }
        }
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
