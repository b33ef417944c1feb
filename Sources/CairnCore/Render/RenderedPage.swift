import CairnMarkdown

/// A link to an anchor on some page, checked once every page has rendered.
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

/// The render stage's result for one page.
public struct RenderedPage: Sendable {
    public var html: String
    public var headings: [RenderedHeading]
    public var firstH1: String?
    public var anchorChecks: [AnchorCheck]
    /// The page has Mermaid blocks, so it loads the Mermaid script.
    public var usesMermaid: Bool
    public var diagnostics: [Diagnostic]

    public static let empty = RenderedPage(
        html: "", headings: [], firstH1: nil, anchorChecks: [], usesMermaid: false, diagnostics: [])

    /// Every id the page emits.
    public var ids: Set<String> { Set(headings.map(\.id)) }
}
