/// Options for turning one Markdown document into HTML.
/// What happens to the author's raw HTML (`markdown.html` in `site.json`).
public enum RawHTMLMode: String, Sendable, Equatable, CaseIterable {
    /// What GitHub renders: ``HTMLAllowlist``'s elements, attributes and URL schemes; links and
    /// images inside it resolved like Markdown's; everything else removed, text kept.
    case sanitize
    /// Left out, with a warning per page saying how much.
    case omit
    /// Verbatim, with every URL scheme: only for sites whose every author is trusted.
    case unsafe
}

/// What the renderer does with unfilled placeholders.
public enum PlaceholderMode: Sendable, Equatable {
    /// Not looked for.
    case off
    /// Listed in ``DocumentFacts/placeholders``; the page shows nothing.
    case find
    /// Listed and highlighted on the page (the preview, or sites that ask for it).
    case mark
}

public struct MarkdownOptions: Sendable, Equatable {
    /// What happens to raw HTML; Markdown links with `javascript:`-style URLs are blanked unless
    /// it is ``RawHTMLMode/unsafe``.
    public var html: RawHTMLMode
    public var unsafeHTML: Bool { html == .unsafe }
    /// Whether unfilled `[placeholders]` are listed, and also wrapped in `<mark class="placeholder">`.
    public var placeholders: PlaceholderMode
    public var markPlaceholders: Bool { placeholders == .mark }
    /// The page says it is a template (or a draft of one): every bracket counts.
    public var templatePage: Bool
    /// Extract the page's text by section (for the search index).
    public var collectSections: Bool
    /// Bytes of HTML the page may render to: link destinations and titles (which reference
    /// definitions repeat at every use) are added up on the tree before rendering, and the page
    /// is refused as soon as they pass this.
    public var outputLimit: Int

    public init(
        html: RawHTMLMode = .sanitize, placeholders: PlaceholderMode = .off, templatePage: Bool = false,
        collectSections: Bool = false, outputLimit: Int = .max
    ) {
        self.placeholders = placeholders
        self.templatePage = templatePage
        self.outputLimit = outputLimit
        self.html = html
        self.collectSections = collectSections
    }
}

/// A link or image destination as the author wrote it, with its place in the document.
public struct LinkReference: Sendable, Equatable {
    /// The destination exactly as written (after Markdown unescaping).
    public var destination: String
    /// Whether this is an image (`![alt](src)`) rather than a link.
    public var isImage: Bool
    /// Whether the link has any text; `[](./operations.md)` has none.
    public var hasText: Bool
    /// 1-based line in the Markdown handed to the renderer.
    public var line: Int
    /// 1-based byte column in that line.
    public var column: Int

    public init(destination: String, isImage: Bool, hasText: Bool, line: Int, column: Int) {
        self.destination = destination
        self.isImage = isImage
        self.hasText = hasText
        self.line = line
        self.column = column
    }
}

/// What to do with a link: its new destination, and text for a link that has none.
public struct LinkRewrite: Sendable, Equatable {
    public var destination: String
    public var fillText: String?

    public init(destination: String, fillText: String? = nil) {
        self.destination = destination
        self.fillText = fillText
    }
}

/// A fenced or indented code block, handed to ``MarkdownRenderDelegate/render(codeBlock:)``.
public struct CodeBlock: Sendable, Equatable {
    /// The whole info string after the fence (`mermaid`, `js title="x"`), empty when untagged.
    public var info: String
    /// The code, with its final newline.
    public var code: String
    /// 1-based line of the opening fence.
    public var line: Int
    /// 1-based column of the opening fence.
    public var column: Int
    /// Written between fences (```` ``` ```` or `~~~`), not indented.
    public var fenced = true
    /// A fenced block whose closing fence is there; an unclosed one runs to the end of its
    /// container (often the page).
    public var closed = true

    /// The first word of the info string, lowercased: the fence's language.
    public var language: String {
        String(info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first ?? "").lowercased()
    }

    public init(info: String, code: String, line: Int, column: Int) {
        self.info = info
        self.code = code
        self.line = line
        self.column = column
    }
}

/// The render step's hooks: how links are rewritten and how code blocks may be replaced.
///
/// The renderer calls these synchronously, in document order, while it edits the tree; a
/// delegate may collect what it sees (for example diagnostics) in its own stored properties.
public protocol MarkdownRenderDelegate {
    /// The new destination for a link or image, or `nil` to leave it as written.
    mutating func rewrite(link: LinkReference) -> LinkRewrite?
    /// HTML that replaces the code block, or `nil` to render it as code. The HTML is written
    /// verbatim, so the delegate escapes everything it puts in.
    mutating func render(codeBlock: CodeBlock) -> String?
}

extension MarkdownRenderDelegate {
    public mutating func render(codeBlock: CodeBlock) -> String? { nil }
}

/// A heading as the page emits it.
public struct RenderedHeading: Sendable, Equatable {
    public var level: Int
    /// The heading's plain text (code spans included, markup dropped).
    public var text: String
    /// The `id` attribute the page gives it.
    public var id: String
    /// 1-based line in the Markdown handed to the renderer.
    public var line: Int

    public init(level: Int, text: String, id: String, line: Int) {
        self.level = level
        self.text = text
        self.id = id
        self.line = line
    }
}

/// Everything later stages need from one rendered document; no C pointer survives in it.
public struct RenderedMarkdown: Sendable, Equatable {
    /// The document body as HTML.
    public var html: String
    /// Every heading, in document order.
    public var headings: [RenderedHeading]
    /// The text of the first level-1 heading, if any.
    public var firstH1: String?
    public var facts: DocumentFacts
    /// Set when the page was not rendered because it would pass ``MarkdownOptions/outputLimit``.
    public var refused: LimitViolation?

    public init(html: String, headings: [RenderedHeading], firstH1: String?, facts: DocumentFacts = DocumentFacts()) {
        self.html = html
        self.headings = headings
        self.firstH1 = firstH1
        self.facts = facts
    }

    /// Every element id the document emits (headings), for anchor checking.
    public var ids: Set<String> { Set(headings.map(\.id)) }
}
