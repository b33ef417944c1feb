/// Lays out, before the pages render, the Mermaid blocks that will need `dot`: their sources are
/// found by a line scan of each page's Markdown, and ``GraphvizRenderer/prefetchLayouts(_:)``
/// runs `dot` over them in a few batches instead of once per block. Only a speed-up: a block the
/// scan misses (one inside a list or a quote) or reads differently from the Markdown parser is
/// laid out on its own when its page renders, and a block the scan finds that is not one costs
/// a layout nobody reads.
extension MermaidRenderer {
    /// Makes the layouts of the flowcharts and state diagrams in `pages` (Markdown texts) ready.
    func prefetch(pages: [String]) {
        guard let graphviz, graphviz.executable != nil else { return }
        let sources = Parallel.map(pages) { MermaidFences.sources(in: $0) }.flatMap { $0 }
        guard !sources.isEmpty else { return }
        let dots = Parallel.map(sources) { source -> String? in
            guard source.utf8.count <= 100_000, !self.isDrawn(source), let graph = Self.graph(MermaidSource(source)),
                  graph.nodes.count + graph.edges.count + graph.clusters.count <= Self.graphLimit else { return nil }
            return DotLayout.dot(graph)
        }.compactMap { $0 }
        graphviz.prefetchLayouts(dots)
    }
}

/// The contents of the ```` ```mermaid ```` and `~~~mermaid` fences of a page, as the Markdown
/// parser reads them when the fence is not inside a container: opened by three or more
/// backticks or tildes indented at most three spaces, the content's lines with up to the
/// fence's indentation removed, closed by a fence of the same character at least as long.
/// Unclosed fences are left out (they are never drawn).
enum MermaidFences {
    static func sources(in markdown: String) -> [String] {
        guard markdown.utf8.contains(where: { $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "M") }) else { return [] }
        var sources: [String] = []
        // The fence being read; `keep`: a Mermaid one (other fences are skipped, so a
        // ```mermaid line inside them is not taken for a fence).
        var open: (mark: UInt8, length: Int, indent: Int, keep: Bool)?
        var code = ""
        // By bytes: a "\r\n" ending is one Character, and the parser reads it as "\n".
        for bytes in markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let bytes = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
            let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
            let rest = bytes.dropFirst(indent)
            if let fence = open {
                let run = rest.prefix { $0 == fence.mark }.count
                if indent <= 3, run >= fence.length, rest.dropFirst(run).allSatisfy({ $0 == 32 || $0 == 9 }) {
                    if fence.keep { sources.append(code) }
                    open = nil
                } else if fence.keep {
                    code += Substring(bytes.dropFirst(min(indent, fence.indent)))
                    code += "\n"
                }
                continue
            }
            guard indent <= 3, let mark = rest.first, mark == UInt8(ascii: "`") || mark == UInt8(ascii: "~") else { continue }
            let run = rest.prefix { $0 == mark }.count
            guard run >= 3 else { continue }
            let info = Substring(rest.dropFirst(run))
            if mark == UInt8(ascii: "`"), info.contains("`") { continue }
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first?.lowercased()
            open = (mark, run, indent, language == "mermaid")
            code = ""
        }
        return sources
    }
}
