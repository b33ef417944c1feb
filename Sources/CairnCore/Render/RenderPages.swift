import CairnMarkdown

/// The render stage: every Markdown page to HTML, in parallel, with links rewritten to routes.
public enum RenderPages {
    public static func run(_ index: SiteIndex, config: SiteConfig, graphviz: GraphvizRenderer? = nil) -> [RenderedPage] {
        let options = MarkdownOptions(unsafeHTML: config.unsafeHTML)
        let severity: Diagnostic.Severity = config.brokenLinks == .error ? .error : .warning
        return Parallel.map(Array(index.pages.indices)) { number in
            let page = index.pages[number]
            guard let source = page.source else { return .empty }
            let lineOffset = source.bodyLineOffset
            var delegate = PageRenderDelegate(
                links: LinkResolver(index: index, pageNumber: number, source: source, severity: severity),
                blocks: DiagramBlocks(
                    settings: config.diagrams, unsafeHTML: config.unsafeHTML, graphviz: graphviz,
                    file: source.sitePath, lineOffset: lineOffset))
            let rendered = MarkdownRenderer.render(source.body, options: options, delegate: &delegate)
            return RenderedPage(
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
        }
    }
}
