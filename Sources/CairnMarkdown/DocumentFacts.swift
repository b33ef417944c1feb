/// Bracketed text that is not a link — `[Date]`, `[Name]` — left over from a template.
public struct Placeholder: Sendable, Equatable {
    /// The text with its brackets.
    public var text: String
    /// 1-based line in the Markdown handed to the renderer.
    public var line: Int
    /// 1-based byte column in that line.
    public var column: Int

    public init(text: String, line: Int, column: Int) {
        self.text = text
        self.line = line
        self.column = column
    }
}

/// A list near the top of a page whose links point at the page's own headings: a hand-written
/// table of contents.
public struct TableOfContentsList: Sendable, Equatable {
    public var line: Int
    public var column: Int
    /// The `#fragment`s it links, in order, without the `#`.
    public var fragments: [String]

    public init(line: Int, column: Int, fragments: [String]) {
        self.line = line
        self.column = column
        self.fragments = fragments
    }
}

/// A `**Key:** value` line in a top-level paragraph, the shape of a document's status block.
public struct FieldLine: Sendable, Equatable {
    /// The key without its colon (`Last Updated`).
    public var key: String
    /// The plain text after it on the same line.
    public var value: String
    public var line: Int

    public init(key: String, value: String, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}

/// The plain text of one part of a page, from a heading (or the page's start) to the next
/// heading of level 1–3: the unit the search index stores.
public struct SectionText: Sendable, Equatable {
    /// The heading's id, or `nil` for the text before the first heading.
    public var id: String?
    /// The heading's text (empty before the first heading).
    public var heading: String
    public var text: String

    public init(id: String?, heading: String, text: String) {
        self.id = id
        self.heading = heading
        self.text = text
    }
}

/// What a document says about itself beyond its HTML, for checks and the health page.
public struct DocumentFacts: Sendable, Equatable {
    public var placeholders: [Placeholder] = []
    /// The page's text by section, for search.
    public var sections: [SectionText] = []
    public var tableOfContents: TableOfContentsList?
    public var fields: [FieldLine] = []
    /// Ids and `<a name>`s defined in raw HTML: anchors links may point at.
    public var htmlAnchors: [String] = []
    /// What raw HTML lost or changed, each at its place (sanitize mode), or how much was left out
    /// (omit mode, one note at the first omitted piece).
    public var htmlNotes: [HTMLNote] = []

    public init() {}
}

/// A warning about raw HTML at a position in the Markdown handed to the renderer.
public struct HTMLNote: Sendable, Equatable {
    public var message: String
    public var line: Int
    public var column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }
}
