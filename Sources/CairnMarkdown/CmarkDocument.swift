import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one parsed cmark-gfm tree, its parser (whose extension list rendering needs) and every
/// node detached from the tree while editing it.
///
/// Inline text in cmark-gfm borrows memory from its block, so a node that was unlinked or
/// replaced stays alive in `detached` until the whole document is freed in `deinit`.
struct CmarkDocument: ~Copyable {
    let parser: OpaquePointer
    let root: OpaquePointer
    private var detached: [OpaquePointer] = []

    /// Parses `markdown` with the GFM extensions attached. Only feed and finish run under the
    /// process-wide parse lock.
    init(markdown: String, options: Int32) {
        CmarkRuntime.ensureRegistered()
        guard let parser = cmark_parser_new(options) else {
            preconditionFailure("cmark_parser_new failed: out of memory")
        }
        for name in CmarkRuntime.extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        let root: OpaquePointer? = CmarkRuntime.withParseLock {
            var text = markdown
            text.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    cmark_parser_feed(parser, chars.baseAddress, chars.count)
                }
            }
            return cmark_parser_finish(parser)
        }
        guard let root else {
            preconditionFailure("cmark_parser_finish returned no document")
        }
        self.parser = parser
        self.root = root
    }

    deinit {
        cmark_node_free(root)
        for node in detached {
            cmark_node_free(node)
        }
        cmark_parser_free(parser)
    }

    /// Unlinks `node` from the tree and keeps it alive until the document is freed.
    mutating func detach(_ node: OpaquePointer) {
        cmark_node_unlink(node)
        detached.append(node)
    }

    /// Creates a custom block (rendered verbatim as `enter` … children … `exit`) and puts it in
    /// the tree just before `node`.
    mutating func insertCustomBlock(before node: OpaquePointer, enter: String, exit: String) -> OpaquePointer {
        guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else {
            preconditionFailure("cmark_node_new failed: out of memory")
        }
        cmark_node_set_on_enter(block, enter)
        cmark_node_set_on_exit(block, exit)
        cmark_node_insert_before(node, block)
        return block
    }

    /// Creates a custom block like ``insertCustomBlock(before:enter:exit:)`` as the last child of `parent`.
    mutating func appendCustomBlock(to parent: OpaquePointer, enter: String, exit: String) {
        guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else {
            preconditionFailure("cmark_node_new failed: out of memory")
        }
        cmark_node_set_on_enter(block, enter)
        cmark_node_set_on_exit(block, exit)
        cmark_node_append_child(parent, block)
    }

    /// Appends a raw HTML node (inline or block) holding `html` as the last child of `parent`;
    /// written as it is when the document renders with raw HTML allowed.
    func append(html: String, inline: Bool, to parent: OpaquePointer) {
        guard let node = cmark_node_new(inline ? CMARK_NODE_HTML_INLINE : CMARK_NODE_HTML_BLOCK) else {
            preconditionFailure("cmark_node_new failed: out of memory")
        }
        cmark_node_set_literal(node, html)
        cmark_node_append_child(parent, node)
    }

    /// Moves every child of `source` to the end of `target`.
    func moveChildren(of source: OpaquePointer, to target: OpaquePointer) {
        while let child = cmark_node_first_child(source) {
            cmark_node_unlink(child)
            cmark_node_append_child(target, child)
        }
    }

    /// Renders the tree to HTML with the parser's extensions.
    func renderHTML(options: Int32) -> String {
        guard let cString = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(cString) }
        return String(cString: cString)
    }
}

// MARK: - Node helpers

/// Small read-only accessors over cmark nodes; every C string is copied.
enum CmarkNode {
    static func type(_ node: OpaquePointer) -> cmark_node_type {
        cmark_node_get_type(node)
    }

    /// The node's type name, which is how extension nodes (`table`, `strikethrough`) are told apart.
    static func typeName(_ node: OpaquePointer) -> String {
        guard let name = cmark_node_get_type_string(node) else { return "" }
        return String(cString: name)
    }

    static func literal(_ node: OpaquePointer) -> String {
        guard let text = cmark_node_get_literal(node) else { return "" }
        return String(cString: text)
    }

    static func url(_ node: OpaquePointer) -> String {
        guard let text = cmark_node_get_url(node) else { return "" }
        return String(cString: text)
    }

    static func fenceInfo(_ node: OpaquePointer) -> String {
        guard let text = cmark_node_get_fence_info(node) else { return "" }
        return String(cString: text)
    }

    static func line(_ node: OpaquePointer) -> Int {
        Int(cmark_node_get_start_line(node))
    }

    static func column(_ node: OpaquePointer) -> Int {
        Int(cmark_node_get_start_column(node))
    }

    /// Walks the subtree at `root` without recursion (deep nesting cannot overflow the stack),
    /// calling `visit` with each event (enter, exit) and node until it returns `false`.
    static func walk(_ root: OpaquePointer, _ visit: (cmark_event_type, OpaquePointer) -> Bool) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { return }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if !visit(event, node) { return }
        }
    }

    /// The plain text of a subtree: text, code spans and the text of links, without markup.
    static func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        walk(node) { event, current in
            guard event == CMARK_EVENT_ENTER else { return true }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                text += literal(current)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
            return true
        }
        return text
    }
}
