import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns one Markdown document into HTML plus a ``RenderedMarkdown`` summary.
///
/// Parses with GitHub Flavored Markdown (tables, strikethrough, autolinks, task lists, footnotes,
/// tag filter), then edits the cmark-gfm tree: link and image destinations go through the
/// delegate, code blocks may be replaced, tables get a scrolling wrapper, GitHub alerts become
/// callouts, and headings get GitHub ids with an anchor link. Everything Cairn adds is a custom
/// node, so the author's raw HTML stays omitted unless ``MarkdownOptions/unsafeHTML`` is set.
public enum MarkdownRenderer {
    /// Renders `markdown`; safe to call from many tasks at once.
    public static func render<Delegate: MarkdownRenderDelegate>(
        _ markdown: String,
        options: MarkdownOptions = MarkdownOptions(),
        delegate: inout Delegate
    ) -> RenderedMarkdown {
        var cmarkOptions = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES
        if options.unsafeHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        var document = CmarkDocument(markdown: markdown, options: cmarkOptions)
        if let refusal = expansionRefusal(document.root, limit: options.outputLimit) {
            var refused = RenderedMarkdown(html: "", headings: [], firstH1: nil)
            refused.refused = refusal
            return refused
        }
        let found = collect(document.root)
        var facts = DocumentFacts()
        facts.tableOfContents = findTableOfContents(document.root)
        facts.fields = findFieldLines(document.root)
        let outline = options.collectSections ? sectionOutline(document.root, headings: found.headings) : []

        for link in found.links {
            rewriteLink(link, blankDangerous: options.html == .sanitize, delegate: &delegate)
        }
        if !found.codeBlocks.isEmpty {
            let lines = SourceLines(markdown)
            for block in found.codeBlocks {
                replaceCodeBlock(block, in: &document, lines: lines, delegate: &delegate)
            }
        }
        for table in found.tables {
            let wrapper = document.insertCustomBlock(
                before: table, enter: "<div class=\"table-wrap\">", exit: "</div>")
            cmark_node_unlink(table)
            cmark_node_append_child(wrapper, table)
        }
        if options.placeholders != .off {
            facts.placeholders = placeholders(in: found.textRuns, options: options, document: &document)
        }
        for quote in found.blockQuotes {
            convertAlert(quote, in: &document)
        }
        for item in found.taskItems {
            labelTaskItem(item, in: &document)
        }
        switch options.html {
        case .sanitize: sanitizeHTML(found.html, in: &document, facts: &facts, delegate: &delegate)
        case .omit: facts.htmlNotes += omittedHTML(found.html)
        case .unsafe: facts.htmlAnchors = unsafeAnchors(found.html)
        }
        var slugger = HeadingSlugger()
        var headings: [RenderedHeading] = []
        headings.reserveCapacity(found.headings.count)
        for heading in found.headings {
            headings.append(anchorHeading(heading, slugger: &slugger, in: &document))
        }
        facts.sections = outline.map { part in
            let heading = part.headingIndex.map { headings[$0] }
            return SectionText(id: heading?.id, heading: heading?.text ?? "", text: part.text)
        }
        // Sanitized raw HTML is written as it now is; Markdown URLs were checked in rewriteLink.
        let html = document.renderHTML(options: options.html == .sanitize ? cmarkOptions | CMARK_OPT_UNSAFE : cmarkOptions)
        return RenderedMarkdown(
            html: html,
            headings: headings,
            firstH1: headings.first(where: { $0.level == 1 })?.text,
            facts: facts
        )
    }

    /// The Markdown's lines by 1-based number, found once per page that has code blocks.
    struct SourceLines {
        let text: Substring.UTF8View
        let starts: [String.Index]

        init(_ markdown: String) {
            text = markdown[...].utf8
            let bytes = markdown.utf8
            starts = LineStarts.offsets(markdown).map { bytes.index(bytes.startIndex, offsetBy: $0) }
        }

        func line(_ number: Int) -> Substring.UTF8View {
            guard number >= 1, number <= starts.count else { return text[text.endIndex...] }
            let start = starts[number - 1]
            var end = number < starts.count ? text.index(before: starts[number]) : text.endIndex
            if end < start { end = start }
            return text[start..<end]
        }
    }

    /// A GitHub alert kind, from `> [!NOTE]` and its siblings.
    public enum AlertKind: String, CaseIterable, Sendable {
        case note, tip, important, warning, caution

        var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    }
}

// MARK: - Tree edits

extension MarkdownRenderer {
    private struct Found {
        var headings: [OpaquePointer] = []
        var links: [OpaquePointer] = []
        var codeBlocks: [OpaquePointer] = []
        var tables: [OpaquePointer] = []
        var blockQuotes: [OpaquePointer] = []
        /// List items written `- [ ]` or `- [x]`.
        var taskItems: [OpaquePointer] = []
        /// The first text node of each run of adjacent text nodes outside images.
        var textRuns: [OpaquePointer] = []
        /// Raw HTML blocks and inline tags, in document order.
        var html: [OpaquePointer] = []
    }

    /// One iterative walk (no recursion, so deep nesting cannot overflow the stack) that lists
    /// the nodes to edit; the tree is only changed after the walk.
    private static func collect(_ root: OpaquePointer) -> Found {
        var found = Found()
        var imageDepth = 0
        CmarkNode.walk(root) { event, node in
            if event == CMARK_EVENT_EXIT {
                if cmark_node_get_type(node) == CMARK_NODE_IMAGE { imageDepth -= 1 }
                return true
            }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING: found.headings.append(node)
            case CMARK_NODE_IMAGE:
                found.links.append(node)
                imageDepth += 1
            case CMARK_NODE_LINK: found.links.append(node)
            case CMARK_NODE_TEXT:
                let previous = cmark_node_previous(node)
                if imageDepth == 0, previous == nil || cmark_node_get_type(previous) != CMARK_NODE_TEXT {
                    found.textRuns.append(node)
                }
            case CMARK_NODE_CODE_BLOCK: found.codeBlocks.append(node)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE: found.html.append(node)
            case CMARK_NODE_BLOCK_QUOTE: found.blockQuotes.append(node)
            case CMARK_NODE_ITEM:
                if cmark_node_get_syntax_extension(node) != nil { found.taskItems.append(node) }
            default:
                if CmarkNode.typeName(node) == "table" { found.tables.append(node) }
            }
            return true
        }
        return found
    }

    /// Adds up the destinations and titles every link and image will write (a reference
    /// definition's are repeated at each use) and stops at the first that passes `limit`, before
    /// anything is rendered: libcmark-gfm aborts the process when one buffer passes 1 GB.
    private static func expansionRefusal(_ root: OpaquePointer, limit: Int) -> LimitViolation? {
        guard limit < Int.max else { return nil }
        var total = 0
        var refusal: LimitViolation?
        CmarkNode.walk(root) { event, node in
            guard event == CMARK_EVENT_ENTER else { return true }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return true }
            total += cmark_node_get_url(node).map { strlen($0) } ?? 0
            total += cmark_node_get_title(node).map { strlen($0) } ?? 0
            guard total > limit else { return true }
            let line = reportedPosition(of: node).line
            refusal = LimitViolation(
                message: "link destinations and titles alone would render to over \(InputGuard.format(limit)) bytes, over limits.outputBytes (link reference definitions are repeated at every use)",
                limit: "outputBytes", line: line, column: 1,
                hint: "shorten the link titles or destinations that are used many times, or raise limits.outputBytes")
            return false
        }
        return refusal
    }

    /// A node's line and column, or its parent's for inline nodes that carry none (0 when
    /// neither does).
    static func position(of node: OpaquePointer) -> (line: Int, column: Int) {
        let line = CmarkNode.line(node)
        if line == 0, let parent = cmark_node_parent(node) { return (CmarkNode.line(parent), CmarkNode.column(parent)) }
        return (line, CmarkNode.column(node))
    }

    /// ``position(of:)`` for messages Cairn makes itself: at least line 1, column 1.
    static func reportedPosition(of node: OpaquePointer) -> (line: Int, column: Int) {
        let (line, column) = position(of: node)
        return (max(line, 1), max(column, 1))
    }

    /// `blankDangerous`: the page renders with raw HTML allowed (its HTML is sanitized already),
    /// so the URL check cmark-gfm's safe mode makes is made here.
    private static func rewriteLink<Delegate: MarkdownRenderDelegate>(
        _ node: OpaquePointer, blankDangerous: Bool, delegate: inout Delegate
    ) {
        let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
        let (line, column) = position(of: node)
        let reference = LinkReference(
            destination: CmarkNode.url(node),
            isImage: isImage,
            hasText: cmark_node_first_child(node) != nil,
            line: line,
            column: column
        )
        let rewrite = delegate.rewrite(link: reference)
        let destination = rewrite?.destination ?? reference.destination
        if blankDangerous && isDangerous(destination) {
            cmark_node_set_url(node, "")
        } else if let rewrite {
            cmark_node_set_url(node, rewrite.destination)
        }
        guard let rewrite else { return }
        if let text = rewrite.fillText, !reference.hasText, let textNode = cmark_node_new(CMARK_NODE_TEXT) {
            cmark_node_set_literal(textNode, text)
            cmark_node_append_child(node, textNode)
        }
    }

    /// cmark-gfm's own rule for safe mode (`_scan_dangerous_url`): `javascript:`, `vbscript:`,
    /// `file:` and `data:` except PNG, GIF, JPEG and WebP images, in any case.
    static func isDangerous(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("javascript:") || lower.hasPrefix("vbscript:") || lower.hasPrefix("file:") { return true }
        guard lower.hasPrefix("data:") else { return false }
        return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lower.hasPrefix($0) }
    }

    /// Whether `line`, the last line of a fenced block, is its closing fence: after any
    /// container marks (`>`, indentation), `length` or more of the fence's `character` and
    /// nothing but spaces. A block that ends on its opening line never closed.
    static func closesFence(_ line: Substring.UTF8View, character: UInt8, length: Int, openingLine: Bool) -> Bool {
        guard !openingLine else { return false }
        var index = line.startIndex
        while index < line.endIndex, line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "\t") || line[index] == UInt8(ascii: ">") {
            index = line.index(after: index)
        }
        var count = 0
        while index < line.endIndex, line[index] == character {
            count += 1
            index = line.index(after: index)
        }
        guard count >= length else { return false }
        return line[index...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    private static func replaceCodeBlock<Delegate: MarkdownRenderDelegate>(
        _ node: OpaquePointer, in document: inout CmarkDocument, lines: SourceLines, delegate: inout Delegate
    ) {
        var block = CodeBlock(
            info: CmarkNode.fenceInfo(node),
            code: CmarkNode.literal(node),
            line: CmarkNode.line(node),
            column: CmarkNode.column(node)
        )
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        block.fenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
        if block.fenced {
            block.closed = closesFence(lines.line(Int(cmark_node_get_end_line(node))), character: UInt8(bitPattern: character),
                                       length: Int(length), openingLine: block.line == Int(cmark_node_get_end_line(node)))
        }
        guard let html = delegate.render(codeBlock: block) else { return }
        _ = document.insertCustomBlock(before: node, enter: html, exit: "")
        document.detach(node)
    }

    /// Turns `> [!NOTE]` (alone on the quote's first line) and its siblings into a callout.
    private static func convertAlert(_ quote: OpaquePointer, in document: inout CmarkDocument) {
        guard let paragraph = cmark_node_first_child(quote),
              cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { return }
        // The marker may arrive as several text nodes ("[", "!NOTE", "]"); gather the first line.
        var markerNodes: [OpaquePointer] = []
        var marker = ""
        var child = cmark_node_first_child(paragraph)
        var lineBreak: OpaquePointer?
        while let node = child {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                lineBreak = node
                break
            }
            guard type == CMARK_NODE_TEXT else { return }
            marker += CmarkNode.literal(node)
            markerNodes.append(node)
            child = cmark_node_next(node)
        }
        let trimmed = marker.trimmingCharacters(in: " \t")
        guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]"),
              let kind = AlertKind(rawValue: String(trimmed.dropFirst(2).dropLast()).lowercased()) else { return }

        for node in markerNodes { document.detach(node) }
        if let lineBreak { document.detach(lineBreak) }
        if cmark_node_first_child(paragraph) == nil { document.detach(paragraph) }

        let enter = "<div class=\"alert alert-\(kind.rawValue)\" role=\"note\">\n"
            + "<p class=\"alert-title\">\(alertIcon(kind))\(kind.title)</p>\n"
        let callout = document.insertCustomBlock(before: quote, enter: enter, exit: "</div>")
        document.moveChildren(of: quote, to: callout)
        document.detach(quote)
    }

    /// Gives a task item's checkbox a name: the item's first paragraph becomes the checkbox's
    /// `<label>` (cmark-gfm writes a bare `<input>` that screen readers announce as "checkbox"
    /// with no name). The item then renders as a plain `<li>`; the box stays disabled, as on GitHub.
    private static func labelTaskItem(_ item: OpaquePointer, in document: inout CmarkDocument) {
        let checked = cmark_gfm_extensions_get_tasklist_item_checked(item)
        let input = "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled" + (checked ? " checked" : "")
        cmark_node_set_syntax_extension(item, nil)
        guard let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
              cmark_node_first_child(paragraph) != nil,
              let label = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else {
            // Nothing to name it by (`- [ ]` alone, or a block first): say what it is.
            let box = input + " aria-label=\"" + (checked ? "Done" : "To do") + "\">"
            if let first = cmark_node_first_child(item) {
                _ = document.insertCustomBlock(before: first, enter: box, exit: "")
            } else {
                document.appendCustomBlock(to: item, enter: box, exit: "")
            }
            return
        }
        cmark_node_set_on_enter(label, "<label class=\"task-list-item-label\">" + input + "> ")
        cmark_node_set_on_exit(label, "</label>")
        document.moveChildren(of: paragraph, to: label)
        cmark_node_append_child(paragraph, label)
    }

    /// Replaces a heading with `<hN id="…">…<a class="heading-anchor">` carrying its children.
    private static func anchorHeading(
        _ heading: OpaquePointer, slugger: inout HeadingSlugger, in document: inout CmarkDocument
    ) -> RenderedHeading {
        let level = Int(cmark_node_get_heading_level(heading))
        let text = CmarkNode.plainText(heading).trimmingCharacters(in: " \t")
        let id = slugger.id(for: text)
        let escapedID = HTMLEscaping.escape(id)
        let label = HTMLEscaping.escape("Link to this section: \(text)")
        let enter = "<h\(level) id=\"\(escapedID)\">"
        let exit = "<a class=\"heading-anchor\" href=\"#\(escapedID)\" aria-label=\"\(label)\">#</a></h\(level)>"
        let block = document.insertCustomBlock(before: heading, enter: enter, exit: exit)
        document.moveChildren(of: heading, to: block)
        let line = CmarkNode.line(heading)
        document.detach(heading)
        return RenderedHeading(level: level, text: text, id: id, line: line)
    }

    private static func alertIcon(_ kind: AlertKind) -> String {
        let path: String
        switch kind {
        case .note:
            path = "<circle cx=\"8\" cy=\"8\" r=\"6.5\"/><path d=\"M8 7.2v4M8 4.8v.01\"/>"
        case .tip:
            path = "<path d=\"M5.5 11.5h5M6.2 14h3.6M8 1.8a4.4 4.4 0 0 0-2.6 8V11h5.2V9.8A4.4 4.4 0 0 0 8 1.8z\"/>"
        case .important:
            path = "<path d=\"M2 2.5h12v8.5H8.5L5 14v-3H2z\"/><path d=\"M8 4.6v3.2M8 9.4v.01\"/>"
        case .warning:
            path = "<path d=\"M8 1.8 15 14H1z\"/><path d=\"M8 6.2v3.8M8 12v.01\"/>"
        case .caution:
            path = "<path d=\"M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z\"/><path d=\"M8 4.6v4M8 11v.01\"/>"
        }
        return "<svg class=\"alert-icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" "
            + "fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">"
            + path + "</svg>"
    }
}
