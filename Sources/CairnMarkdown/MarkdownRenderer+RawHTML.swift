import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MarkdownRenderer {
    // MARK: Raw HTML

    /// Replaces every raw HTML node with its sanitized form (``HTMLSanitizer``): URLs go through
    /// the delegate like Markdown links, ids become anchors, and what is removed is noted.
    static func sanitizeHTML<Delegate: MarkdownRenderDelegate>(
        _ nodes: [OpaquePointer], in document: inout CmarkDocument, facts: inout DocumentFacts, delegate: inout Delegate
    ) {
        guard !nodes.isEmpty else { return }
        var sanitizer = HTMLSanitizer()
        var removed: Set<OpaquePointer> = []
        var inlineParent: OpaquePointer?
        func closeInline(_ document: inout CmarkDocument, _ sanitizer: inout HTMLSanitizer) {
            guard let parent = inlineParent else { return }
            sanitizer.stopDropping()
            let closers = sanitizer.closeInline()
            if !closers.isEmpty { document.append(html: closers, inline: true, to: parent) }  // an HTML node: cells take it
            inlineParent = nil
        }
        for node in nodes where !removed.contains(node) {
            let inline = cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE
            let parent = cmark_node_parent(node)
            if inlineParent != nil && (!inline || parent != inlineParent) { closeInline(&document, &sanitizer) }
            let (line, column) = reportedPosition(of: node)
            let literal = CmarkNode.literal(node)
            // Byte offsets of the line breaks, found once: a position is a binary search.
            var breaks: [Int] = []
            for (index, byte) in literal.utf8.enumerated() where byte == 0x0A { breaks.append(index) }
            func place(_ offset: Int) -> (Int, Int) {
                var low = 0, high = breaks.count
                while low < high {
                    let middle = (low + high) / 2
                    if breaks[middle] < offset { low = middle + 1 } else { high = middle }
                }
                guard low > 0 else { return (line, column + offset) }
                return (line + low, offset - breaks[low - 1])
            }
            let output = sanitizer.sanitize(literal, inline: inline) { url, isImage, offset in
                let (urlLine, urlColumn) = place(offset)
                let reference = LinkReference(destination: url, isImage: isImage, hasText: true, line: urlLine, column: urlColumn)
                return delegate.rewrite(link: reference)?.destination
            }
            facts.htmlAnchors += output.anchors
            for note in output.notes {
                let (noteLine, noteColumn) = place(note.offset)
                facts.htmlNotes.append(HTMLNote(message: note.message, line: noteLine, column: noteColumn))
            }
            var next = cmark_node_next(node)
            cmark_node_set_literal(node, output.html)
            if inline {
                inlineParent = parent
                // A removed element's content runs on in the next inline nodes, up to its end tag
                // (an HTML node, sanitized next) or the end of the paragraph.
                while sanitizer.isDropping, let sibling = next, cmark_node_get_type(sibling) != CMARK_NODE_HTML_INLINE {
                    next = cmark_node_next(sibling)
                    document.detach(sibling)
                    removed.insert(sibling)
                }
            } else {
                sanitizer.stopDropping()
            }
        }
        closeInline(&document, &sanitizer)
        let closers = sanitizer.closeAll()
        if !closers.isEmpty { document.append(html: closers, inline: false, to: document.root) }
    }

    /// One note for a page whose raw HTML is left out: how many blocks and inline tags, at the first.
    static func omittedHTML(_ nodes: [OpaquePointer]) -> [HTMLNote] {
        guard let first = nodes.first else { return [] }
        let blocks = nodes.filter { cmark_node_get_type($0) == CMARK_NODE_HTML_BLOCK }.count
        let inlines = nodes.count - blocks
        var parts: [String] = []
        if blocks > 0 { parts.append("\(blocks) raw HTML block\(blocks == 1 ? "" : "s")") }
        if inlines > 0 { parts.append("\(inlines) inline HTML tag\(inlines == 1 ? "" : "s")") }
        let (line, column) = reportedPosition(of: first)
        return [HTMLNote(
            message: "\(parts.joined(separator: " and ")) left out (markdown.html is \"omit\")", line: line, column: column)]
    }

    /// Ids and `<a name>`s in raw HTML passed through verbatim.
    static func unsafeAnchors(_ nodes: [OpaquePointer]) -> [String] {
        var anchors: [String] = []
        for node in nodes {
            var tokenizer = HTMLTokenizer(CmarkNode.literal(node))
            while let token = tokenizer.next() {
                guard case .start(let tag) = token else { continue }
                if let id = tag.value("id") { anchors.append(id) }
                if tag.name == "a", let name = tag.value("name") { anchors.append(name) }
            }
        }
        return anchors
    }
}
