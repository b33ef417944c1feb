import CairnMarkdown

/// The render stage: every Markdown page to HTML, in parallel, with links rewritten to routes.
public enum RenderPages {
    /// `collectSections` extracts each page's text by section for the search index; `cairn check`,
    /// which writes no index, skips it. `markPlaceholders` highlights unfilled placeholders on
    /// the pages (the preview; `"placeholders": "mark"` in site.json does it everywhere); they
    /// are found and reported either way.
    public static func run(
        _ index: SiteIndex, config: SiteConfig, graphviz: GraphvizRenderer? = nil, mermaid: MermaidRenderer? = nil,
        collectSections: Bool = true, markPlaceholders: Bool = false
    ) -> [RenderedPage] {
        run(index, pages: Array(index.pages.indices), config: config, graphviz: graphviz, mermaid: mermaid,
            collectSections: collectSections, markPlaceholders: markPlaceholders)
    }

    /// Renders only the page numbers in `pages`, in that order (the watch loop's incremental
    /// rebuilds); generated folder pages come back `.empty`.
    public static func run(
        _ index: SiteIndex, pages: [Int], config: SiteConfig, graphviz: GraphvizRenderer?, mermaid: MermaidRenderer? = nil,
        collectSections: Bool, markPlaceholders: Bool = false
    ) -> [RenderedPage] {
        let severity = config.brokenLinks.severity
        let marking = markPlaceholders || config.placeholderMarks
        if config.diagrams.mermaid == .build, let mermaid {
            mermaid.prefetch(pages: pages.compactMap { index.pages[$0].source?.body })
        }
        return Parallel.map(pages) { number in
            let page = index.pages[number]
            guard let source = page.source else { return .empty }
            let lineOffset = source.bodyLineOffset
            if let violation = InputGuard.check(source.body, limits: config.limits) {
                return refused(violation, lineOffset: lineOffset, file: source.sitePath)
            }
            let placeholderMode: PlaceholderMode = !config.placeholders || source.frontMatter.placeholders == false
                ? .off : marking ? .mark : .find
            let options = MarkdownOptions(
                html: config.html, placeholders: placeholderMode, templatePage: source.isTemplate,
                collectSections: collectSections, outputLimit: config.limits.outputBytes)
            var delegate = PageRenderDelegate(
                links: LinkResolver(index: index, pageNumber: number, source: source, severity: severity),
                blocks: DiagramBlocks(
                    settings: config.diagrams, unsafeHTML: config.unsafeHTML, graphviz: graphviz,
                    mermaid: config.diagrams.mermaid == .build ? mermaid : nil, file: source.sitePath, lineOffset: lineOffset, placeholders: placeholderMode,
                    highlight: config.highlight))
            let rendered = MarkdownRenderer.render(source.body, options: options, delegate: &delegate)
            if let violation = rendered.refused {
                return refused(violation, lineOffset: lineOffset, file: source.sitePath)
            }
            if rendered.html.utf8.count > config.limits.outputBytes {
                return refused(LimitViolation(
                    message: "page renders to \(InputGuard.format(rendered.html.utf8.count)) bytes of HTML, over limits.outputBytes (\(InputGuard.format(config.limits.outputBytes)))",
                    limit: "outputBytes", line: 1, column: 1), lineOffset: 0, file: source.sitePath)
            }
            let positions = delegate.links.positions
            var placeholders = rendered.facts.placeholders.map { placeholder in
                let (line, column) = positions.filePosition(line: placeholder.line, byteColumn: placeholder.column)
                return PagePlaceholder(text: placeholder.text, line: line, column: column)
            }
            placeholders += delegate.blocks.labelPlaceholders
            placeholders.sort { ($0.line, $0.column) < ($1.line, $1.column) }
            var tableOfContents = rendered.facts.tableOfContents
            tableOfContents?.line += lineOffset
            var result = RenderedPage(
                html: rendered.html,
                headings: rendered.headings.map { heading in
                    var copy = heading
                    copy.line += lineOffset
                    return copy
                },
                firstH1: rendered.firstH1,
                anchorChecks: delegate.links.anchorChecks,
                usesMermaid: delegate.blocks.usesMermaid,
                diagnostics: delegate.links.diagnostics + delegate.blocks.diagnostics)
            result.placeholders = placeholders
            result.tableOfContents = tableOfContents
            result.fields = rendered.facts.fields.map { field in
                var copy = field
                if copy.line > 0 { copy.line += lineOffset }
                return copy
            }
            result.ids = Set(result.headings.map(\.id)).union(rendered.facts.htmlAnchors)
            result.diagnostics += rendered.facts.htmlNotes.map { note in
                let (line, column) = positions.filePosition(line: note.line, byteColumn: note.column)
                return .warning(note.message, file: source.sitePath, line: line, column: column, stage: .render)
            }
            result.linkedPages = delegate.links.linkedPages
            result.lookups = delegate.links.lookups
            result.sections = rendered.facts.sections
            return result
        }
    }

    /// A page refused by a limit: an error naming the limit, and no output for it.
    private static func refused(_ violation: LimitViolation, lineOffset: Int, file: String) -> RenderedPage {
        var page = RenderedPage.empty
        page.skipped = true
        let hint = violation.hint.map { "the page was skipped; \($0)" }
            ?? "the page was skipped; raise limits.\(violation.limit) in site.json if this page is genuine"
        page.diagnostics = [.error(
            violation.message, file: file, line: violation.line + lineOffset, column: violation.column,
            hint: hint, stage: .render)]
        return page
    }
}
