import CairnMarkdown

/// The code-block hook: text drawings become inline SVG, Mermaid fences a `<pre class="mermaid">`
/// the page's script renders, Graphviz fences SVG from `dot`. Everything else is code,
/// highlighted with its fence options (``CodeBlockHTML``).
struct DiagramBlocks {
    /// Fence languages always drawn as text diagrams.
    static let diagramLanguages: Set<String> = ["diagram", "ascii", "goat", "svgbob", "box"]
    /// Fence languages that are drawn when they look like drawings.
    static let plainLanguages: Set<String> = ["", "text", "txt", "plain", "plaintext"]
    static let graphvizLanguages: Set<String> = ["dot", "graphviz"]

    let settings: SiteConfig.DiagramSettings
    let unsafeHTML: Bool
    let graphviz: GraphvizRenderer?
    /// Draws Mermaid blocks at build time; nil leaves them all to the page's script.
    let mermaid: MermaidRenderer?
    let file: String
    let lineOffset: Int
    let placeholders: PlaceholderMode
    /// Highlight code at build time (`highlight` in site.json).
    let highlight: Bool
    private(set) var usesMermaid = false
    /// Placeholders in drawn diagrams' labels, at file positions.
    private(set) var labelPlaceholders: [PagePlaceholder] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// Bytes of drawing source one page may turn into SVG; the blocks past it stay code (a page
    /// of 10 MB of box drawing would otherwise take half a minute and gigabytes).
    static let drawingBudget = 1_000_000
    private var drawnBytes = 0
    private var budgetWarned = false

    init(
        settings: SiteConfig.DiagramSettings, unsafeHTML: Bool, graphviz: GraphvizRenderer?, mermaid: MermaidRenderer? = nil,
        file: String, lineOffset: Int, placeholders: PlaceholderMode = .off, highlight: Bool = true
    ) {
        self.mermaid = mermaid
        self.placeholders = placeholders
        self.highlight = highlight
        self.settings = settings
        self.unsafeHTML = unsafeHTML
        self.graphviz = graphviz
        self.file = file
        self.lineOffset = lineOffset
    }

    mutating func render(_ block: CodeBlock) -> String? {
        let language = block.language
        if !block.closed {
            diagnostics.append(.warning(
                "code fence is never closed: everything after it, to the end of the page (or of its list or quote), is shown as code",
                file: file, line: block.line + lineOffset, column: block.column,
                hint: "add a closing fence line (as many ` or ~ as the opening one) where the code ends", stage: .render))
        }
        // Only a whole fenced block can be a drawing: never an indented block (code, output,
        // poetry), never a fence that runs on to the end of the page.
        guard block.fenced, block.closed else {
            return CodeBlockHTML.render(block, highlight: highlight, diagnostics: &diagnostics, file: file, lineOffset: lineOffset)
        }
        if Self.diagramLanguages.contains(language) {
            guard withinBudget(block) else { return nil }
            return textDiagram(block, grid: DiagramGrid(block.code))
        }
        if settings.detect, Self.plainLanguages.contains(language), let grid = DiagramDetector.drawingGrid(block.code) {
            guard withinBudget(block) else { return nil }
            return textDiagram(block, grid: grid)
        }
        if language == "mermaid" {
            if let drawn = mermaidDiagram(block) { return drawn }
            usesMermaid = true
            return "<pre class=\"mermaid\">\(HTMLEscaping.escape(block.code))</pre>"
        }
        if Self.graphvizLanguages.contains(language), settings.graphviz {
            return graphvizDiagram(block)
        }
        return CodeBlockHTML.render(block, highlight: highlight, diagnostics: &diagnostics, file: file, lineOffset: lineOffset)
    }

    /// Counts `block` against the page's drawing budget; past it, one warning and `false`.
    private mutating func withinBudget(_ block: CodeBlock) -> Bool {
        let size = block.code.utf8.count
        if drawnBytes + size <= Self.drawingBudget, size <= DiagramDetector.maximumCells * 3 {
            drawnBytes += size
            return true
        }
        if !budgetWarned {
            budgetWarned = true
            diagnostics.append(.warning(
                "drawings on this page pass \(InputGuard.format(Self.drawingBudget)) bytes (or one passes \(InputGuard.format(DiagramDetector.maximumCells * 3))); this one and any later ones stay code blocks",
                file: file, line: block.line + lineOffset, column: block.column,
                hint: "split the page or the drawing", stage: .render))
        }
        return false
    }

    private mutating func textDiagram(_ block: CodeBlock, grid: DiagramGrid) -> String {
        let (svg, found) = TextDiagramSVG.render(grid, placeholders: placeholders)
        // The drawing's first row is the line after the opening fence.
        labelPlaceholders += found.map {
            PagePlaceholder(text: $0.text, line: block.line + 1 + $0.row + lineOffset, column: block.column + $0.column)
        }
        return Self.figure(svg, source: block.code)
    }

    /// A drawn diagram: the picture in a scroll box, and its source under "Diagram source".
    static func figure(_ svg: String, source: String, kind: String? = nil) -> String {
        "<figure class=\"diagram\(kind.map { " " + $0 } ?? "")\">\n<div class=\"diagram-scroll\">\(svg)</div>\n"
            + "<details class=\"diagram-source\"><summary>Diagram source</summary><pre><code>"
            + HTMLEscaping.escape(source) + "</code></pre></details>\n</figure>"
    }

    /// The block drawn as SVG, or nil (with a warning naming what Cairn does not draw) to leave
    /// it for the Mermaid script.
    private mutating func mermaidDiagram(_ block: CodeBlock) -> String? {
        guard let mermaid else { return nil }
        switch mermaid.render(block.code) {
        case .success(let svg):
            return Self.figure(svg, source: block.code, kind: "mermaid-diagram")
        case .failure(let unsupported):
            // The block's first line is the one after the opening fence.
            diagnostics.append(.warning(
                "Mermaid: \(unsupported.construct) not drawn at build time; this block is left to the Mermaid script",
                file: file, line: block.line + 1 + unsupported.line + lineOffset, column: block.column + unsupported.column - 1,
                hint: "readers without JavaScript or without access to diagrams.mermaidURL see the source; set diagrams.mermaid to \"client\" to leave every block to the script without this warning",
                stage: .render))
            return nil
        }
    }

    private mutating func graphvizDiagram(_ block: CodeBlock) -> String? {
        let line = block.line + lineOffset
        // dot turns URL/href attributes into links, which could carry javascript: URLs.
        let lower = block.code.lowercased()
        if !unsafeHTML, lower.contains("url") || lower.contains("href") {
            diagnostics.append(.warning(
                "Graphviz links (URL/href attributes) need markdown.html \"unsafe\"; kept the code block", file: file,
                line: line, column: block.column, stage: .render))
            return nil
        }
        guard let graphviz else { return nil }
        switch graphviz.svg(for: block.code) {
        case .success(let svg):
            return "<figure class=\"diagram graphviz\">\n<div class=\"diagram-scroll\">\(svg)</div>\n</figure>"
        case .failure(let failure):
            let message: String
            let hint: String?
            switch failure {
            case .notInstalled:
                message = "Graphviz 'dot' is not installed; kept the code block"
                hint = "install Graphviz (Debian: apt-get install graphviz) or set diagrams.graphviz to false"
            case .failed(let detail):
                message = "Graphviz could not render this diagram: \(detail)"
                hint = nil
            case .timedOut(let seconds):
                message = "Graphviz took longer than \(Int(seconds)) s; kept the code block"
                hint = "raise diagrams.graphvizTimeout in site.json"
            }
            diagnostics.append(.warning(message, file: file, line: line, column: block.column, hint: hint, stage: .render))
            return nil
        }
    }
}

/// One page's render hooks: links go to the ``LinkResolver``, code blocks to ``DiagramBlocks``
/// (diagrams, and everything else on to ``CodeBlockHTML``).
struct PageRenderDelegate: MarkdownRenderDelegate {
    var links: LinkResolver
    var blocks: DiagramBlocks

    mutating func rewrite(link: LinkReference) -> LinkRewrite? {
        links.rewrite(link: link)
    }

    mutating func render(codeBlock: CodeBlock) -> String? {
        blocks.render(codeBlock)
    }
}
