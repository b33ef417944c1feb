/// What raw HTML may keep in `markdown.html: "sanitize"` mode: GitHub's rules for rendering
/// Markdown (the html-pipeline sanitization filter and the Sanitize library's defaults it builds
/// on), as data, in this one place. The README's "Raw HTML" section describes the same lists.
public enum HTMLAllowlist {
    /// Elements kept with their allowed attributes.
    public static let elements: Set<String> = [
        "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "br", "b", "i", "strong", "em", "a", "pre", "code", "img", "tt",
        "div", "ins", "del", "sup", "sub", "p", "picture", "source", "ol", "ul", "table", "thead", "tbody", "tfoot",
        "blockquote", "dl", "dt", "dd", "kbd", "q", "samp", "var", "hr", "ruby", "rt", "rp", "li", "tr", "td", "th",
        "s", "strike", "summary", "details", "caption", "figure", "figcaption", "abbr", "bdo", "cite", "dfn", "mark",
        "small", "span", "time", "wbr", "center", "u", "colgroup", "col",
    ]
    /// Elements removed together with everything inside them (script and the things that embed
    /// other documents or styles); any other element not allowed loses its tags and keeps its text.
    public static let removedWithContent: Set<String> = [
        "script", "style", "iframe", "object", "embed", "noembed", "noframes", "frameset", "frame", "xmp",
        "plaintext", "template", "svg", "math", "applet", "audio", "video", "canvas", "select", "textarea",
    ]
    /// Elements without an end tag.
    public static let voidElements: Set<String> = ["br", "hr", "img", "wbr", "source", "col"]
    /// Attributes allowed on every kept element.
    public static let globalAttributes: Set<String> = [
        "abbr", "align", "alt", "aria-describedby", "aria-hidden", "aria-label", "aria-labelledby", "axis", "border",
        "cellpadding", "cellspacing", "char", "charoff", "clear", "cols", "colspan", "color", "compact", "datetime",
        "dir", "headers", "height", "hreflang", "hspace", "id", "itemprop", "lang", "nowrap", "noshade", "open",
        "rel", "rev", "role", "rows", "rowspan", "rules", "scope", "size", "span", "start", "summary", "tabindex",
        "target", "title", "type", "valign", "value", "vspace", "width", "reversed",
    ]
    /// Attributes allowed on one element only.
    public static let elementAttributes: [String: Set<String>] = [
        "a": ["href", "name"],
        "img": ["src", "srcset", "sizes", "longdesc", "loading"],
        "source": ["srcset", "sizes", "media", "type", "src"],
        "div": ["itemscope", "itemtype"],
        "blockquote": ["cite"], "del": ["cite"], "ins": ["cite"], "q": ["cite"],
    ]
    /// Attributes holding a URL, and the schemes each may use (relative URLs always may).
    public static let urlAttributes: [String: Set<String>] = [
        "href": ["http", "https", "mailto"],
        "src": ["http", "https"],
        "srcset": ["http", "https"],
        "longdesc": ["http", "https"],
        "cite": ["http", "https"],
    ]
    /// Ids the default theme uses itself: an author's element may not take them.
    public static let themeIDs: Set<String> = ["main", "sidebar", "search-results"]

    /// Whether `url` (character references already decoded) is relative or uses one of `schemes`.
    /// Control characters and spaces inside a scheme (`java\tscript:`) do not hide it.
    public static func allows(_ url: String, schemes: Set<String>) -> Bool {
        let cleaned = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        guard let colon = cleaned.firstIndex(of: ":") else { return true }
        let beforeColon = cleaned[..<colon]
        if beforeColon.contains("/") || beforeColon.contains("?") || beforeColon.contains("#") { return true }
        return schemes.contains(beforeColon.lowercased())
    }
}

/// Sanitizes the raw HTML of one document, node by node, keeping state between nodes: which
/// elements are open (so an end tag without its start never closes the theme's own elements, and
/// what is left open is closed), and whether an element removed with its content is still open.
public struct HTMLSanitizer {
    /// One thing left out or changed, for a warning at its place (byte offset in the fragment).
    public struct Note: Equatable, Sendable {
        public var message: String
        public var offset: Int
    }

    public struct Output {
        public var html: String
        /// `id`s and `<a name>`s the fragment defines, for the anchor check.
        public var anchors: [String] = []
        public var notes: [Note] = []
    }

    private struct Open {
        var name: String
        /// Opened inside a paragraph or other inline content: closed with it.
        var inline: Bool
    }

    private var open: [Open] = []
    private var dropping: (name: String, depth: Int)?
    /// Elements already reported on this page (one warning per element kind).
    private var reported: Set<String> = []

    public init() {}

    /// Whether an element removed with its content is still open (its content continues).
    public var isDropping: Bool { dropping != nil }

    public mutating func stopDropping() { dropping = nil }

    /// Sanitizes one HTML fragment. `rewrite` gets each URL (decoded), whether it is an image, and
    /// its byte offset; it returns the URL to write (or `nil` to keep it). `inline` says the
    /// fragment sits in a paragraph or other inline content.
    public mutating func sanitize(
        _ fragment: String, inline: Bool, rewrite: (String, Bool, Int) -> String?
    ) -> Output {
        var tokenizer = HTMLTokenizer(fragment)
        var output = Output(html: "")
        var html: [UInt8] = []
        html.reserveCapacity(tokenizer.bytes.count)
        while let token = tokenizer.next() {
            switch token {
            case .dropped:
                continue
            case .text(let range):
                guard dropping == nil else { continue }
                for byte in tokenizer.bytes[range] {
                    switch byte {
                    case UInt8(ascii: "<"): html += Array("&lt;".utf8)
                    case UInt8(ascii: ">"): html += Array("&gt;".utf8)
                    default: html.append(byte)
                    }
                }
            case .start(let tag):
                if let current = dropping {
                    if tag.name == current.name && !tag.selfClosing { dropping?.depth += 1 }
                    continue
                }
                if HTMLAllowlist.removedWithContent.contains(tag.name) {
                    note("raw HTML <\(tag.name)> removed with its content (not allowed in markdown.html \"sanitize\" mode)", tag, &output)
                    if !tag.selfClosing && !HTMLAllowlist.voidElements.contains(tag.name) { dropping = (tag.name, 1) }
                    continue
                }
                guard HTMLAllowlist.elements.contains(tag.name) else {
                    note("raw HTML <\(tag.name)> tags removed, their text kept (not allowed in markdown.html \"sanitize\" mode)", tag, &output)
                    continue
                }
                html += Array(startTag(tag, rewrite: rewrite, into: &output).utf8)
                if !tag.selfClosing && !HTMLAllowlist.voidElements.contains(tag.name) {
                    open.append(Open(name: tag.name, inline: inline))
                }
            case .end(let name, _):
                if let current = dropping {
                    if name == current.name {
                        dropping?.depth -= 1
                        if current.depth <= 1 { dropping = nil }
                    }
                    continue
                }
                // An end tag closes only what the author opened; a stray one is dropped.
                guard HTMLAllowlist.elements.contains(name), let index = open.lastIndex(where: { $0.name == name }) else { continue }
                html += Array("</\(name)>".utf8)
                open.removeSubrange(index...)
            }
        }
        output.html = String(decoding: html, as: UTF8.self)
        return output
    }

    /// End tags for the elements opened in inline content and still open (a paragraph ends).
    public mutating func closeInline() -> String {
        var closers = ""
        while let last = open.last, last.inline {
            closers += "</\(last.name)>"
            open.removeLast()
        }
        open.removeAll { $0.inline }
        return closers
    }

    /// End tags for everything still open (the document ends).
    public mutating func closeAll() -> String {
        let closers = open.reversed().map { "</\($0.name)>" }.joined()
        open.removeAll()
        return closers
    }

    private mutating func startTag(_ tag: HTMLTag, rewrite: (String, Bool, Int) -> String?, into output: inout Output) -> String {
        var written = "<\(tag.name)"
        var seen: Set<String> = []
        let perElement = HTMLAllowlist.elementAttributes[tag.name] ?? []
        let isImage = tag.name == "img" || tag.name == "source"
        for attribute in tag.attributes where seen.insert(attribute.name).inserted {
            let key = attribute.name
            guard HTMLAllowlist.globalAttributes.contains(key) || perElement.contains(key) else { continue }
            var value = HTMLEntities.decode(attribute.value)
            if let schemes = HTMLAllowlist.urlAttributes[key] {
                if key == "srcset" {
                    guard let rewritten = srcset(value, schemes: schemes, offset: attribute.offset, rewrite: rewrite) else { continue }
                    value = rewritten
                } else {
                    let target = rewrite(value, isImage && key != "longdesc", attribute.offset) ?? value
                    guard HTMLAllowlist.allows(target, schemes: schemes) else { continue }
                    value = target
                }
            }
            if key == "id" || (key == "name" && tag.name == "a") {
                if HTMLAllowlist.themeIDs.contains(value) {
                    output.notes.append(Note(
                        message: "raw HTML id \"\(value)\" is the theme's own; the attribute is removed", offset: attribute.offset))
                    continue
                }
                output.anchors.append(value)
            }
            written += " \(key)=\"\(HTMLEscaping.escape(value))\""
        }
        if tag.attributes.contains(where: { $0.name == "target" }) && !seen.contains("rel") {
            written += " rel=\"noopener noreferrer\""
        }
        if tag.selfClosing && HTMLAllowlist.voidElements.contains(tag.name) { written += " /" }
        return written + ">"
    }

    /// `srcset` candidates (`url 2x, url 640w`), each URL rewritten and checked; `nil` when none
    /// is left.
    private func srcset(_ value: String, schemes: Set<String>, offset: Int, rewrite: (String, Bool, Int) -> String?) -> String? {
        var kept: [String] = []
        for candidate in value.split(separator: ",") {
            let parts = candidate.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            guard let url = parts.first.map(String.init) else { continue }
            let target = rewrite(url, true, offset) ?? url
            guard HTMLAllowlist.allows(target, schemes: schemes) else { continue }
            kept.append(([target] + parts.dropFirst().map(String.init)).joined(separator: " "))
        }
        return kept.isEmpty ? nil : kept.joined(separator: ", ")
    }

    private mutating func note(_ message: String, _ tag: HTMLTag, _ output: inout Output) {
        guard reported.insert(tag.name).inserted else { return }
        output.notes.append(Note(message: message, offset: tag.range.lowerBound))
    }
}
