import CairnMarkdown

/// A link to another page, or to an anchor on some page, checked once every page has rendered
/// (``CheckLinks``); `fragment` is empty for a plain page link.
public struct AnchorCheck: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    /// Page number of the target.
    public var targetPage: Int
    /// The fragment, percent-decoded.
    public var fragment: String
    /// The destination as the author wrote it, for the message.
    public var written: String
}

/// An unfilled `[placeholder]` at its place in the file.
public struct PagePlaceholder: Sendable, Equatable {
    public var text: String
    public var line: Int
    public var column: Int
}

/// The render stage's result for one page.
public struct RenderedPage: Sendable {
    public var html: String
    public var headings: [RenderedHeading]
    public var firstH1: String?
    public var anchorChecks: [AnchorCheck]
    /// The page has Mermaid blocks, so it loads the Mermaid script.
    public var usesMermaid: Bool
    public var diagnostics: [Diagnostic]
    /// Unfilled placeholders, in file order.
    public var placeholders: [PagePlaceholder] = []
    /// A hand-written table of contents near the top, with its line in the file.
    public var tableOfContents: TableOfContentsList?
    /// `**Key:** value` lines, with lines in the file.
    public var fields: [FieldLine] = []
    /// Pages this page links to.
    public var linkedPages: Set<Int> = []
    /// Every content path the page's links resolved against (found or not): the page renders
    /// differently only when one of these gains, loses or changes a page, a title or an asset.
    public var lookups: Set<String> = []
    /// The page's text by section, for the search index.
    public var sections: [SectionText] = []
    /// The page was refused by a limit and is not written.
    public var skipped = false

    public static let empty = RenderedPage(
        html: "", headings: [], firstH1: nil, anchorChecks: [], usesMermaid: false, diagnostics: [])

    /// Every id the page emits (its headings'), kept so the anchor check does not rebuild the
    /// set on every rebuild.
    public var ids: Set<String> = []
}
