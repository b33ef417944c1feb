/// The link check after every page has rendered: a linked page must have been built (a page
/// refused by a limit is not), and each `#fragment` must name an id its target really emits.
public enum CheckLinks {
    public static func run(_ rendered: [RenderedPage], index: SiteIndex, config: SiteConfig) -> [Diagnostic] {
        rendered.indices.flatMap { page($0, rendered: rendered, index: index, config: config) }
    }

    /// The checks of one page's links (a rebuild reruns only the pages whose results can differ).
    static func page(_ number: Int, rendered: [RenderedPage], index: SiteIndex, config: SiteConfig) -> [Diagnostic] {
        let severity = config.brokenLinks.severity
        var diagnostics: [Diagnostic] = []
        for check in rendered[number].anchorChecks {
            if rendered[check.targetPage].skipped {
                diagnostics.append(Diagnostic(
                    severity, "link target '\(check.written)' was not built: that page was refused (its error says why)",
                    file: check.file, line: check.line, column: check.column,
                    hint: "fix the page it points to, or raise the limit its error names", stage: .links))
                continue
            }
            guard !check.fragment.isEmpty else { continue }
            let ids = rendered[check.targetPage].ids
            guard !ids.contains(check.fragment) else { continue }
            let target = index.pages[check.targetPage]
            let place = check.written.hasPrefix("#") || check.written.hasPrefix("?") ? "this page" : "'\(target.contentPath)'"
            let hint = Suggestions.closest(to: check.fragment, in: ids.sorted()).map { "did you mean '#\($0)'?" }
            diagnostics.append(Diagnostic(
                severity, "anchor '#\(check.fragment)' does not exist on \(place)",
                file: check.file, line: check.line, column: check.column, hint: hint, stage: .links))
        }
        return diagnostics
    }
}
