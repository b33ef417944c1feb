import Foundation

/// Draws, before the pages render, the Mermaid flowcharts and state diagrams of a build, all
/// cores at once: their sources are found by a line scan of each page's Markdown,
/// ``GraphvizRenderer/prefetchLayouts(_:)`` lays the graphs out (from the disk cache, or one
/// `dot` process each), and each graph is drawn into the renderer's memory while it is parsed,
/// where its page then finds it. Only a speed-up: a block the scan misses (one inside a list
/// or a quote) or reads differently from the Markdown parser is drawn on its own when its page
/// renders, and a block the scan finds that is not one costs a drawing nobody reads.
extension MermaidRenderer {
    /// Draws the flowcharts and state diagrams in `pages` (Markdown texts) not drawn yet.
    func prefetch(pages: [String]) {
        guard let graphviz, graphviz.executable != nil else { return }
        var seen = Set<String>()
        let sources = Parallel.map(pages) { MermaidFences.sources(in: $0) }.flatMap { $0 }.filter { seen.insert($0).inserted }
        guard !sources.isEmpty else { return }
        let graphs = Parallel.map(sources) { text -> (key: String, source: MermaidSource, graph: MermaidGraph, kind: String)? in
            let key = ContentHash.sha256(Data(text.utf8))
            guard text.utf8.count <= 100_000, !self.isDrawn(key: key) else { return nil }
            let source = MermaidSource(text)
            guard let (graph, kind) = Self.graph(source),
                  graph.nodes.count + graph.edges.count + graph.clusters.count <= Self.graphLimit else { return nil }
            return (key, source, graph, kind)
        }.compactMap { $0 }
        graphviz.prefetchLayouts(graphs.map { DotLayout.dot($0.graph) })
        // More than memory holds would push out the first drawings before their pages read them.
        guard graphs.count <= Self.memoryLimit / 2 else { return }
        _ = Parallel.map(graphs) { key, source, graph, kind in
            self.remember(key) { try Self.drawGraph(graph, kind: kind, graphviz: graphviz, source: source) }
        }
    }
}

/// The contents of the ```` ```mermaid ```` and `~~~mermaid` fences of a page, as the Markdown
/// parser reads them when the fence is not inside a container: opened by three or more
/// backticks or tildes indented at most three spaces, the content's lines with up to the
/// fence's indentation removed, closed by a fence of the same character at least as long.
/// Unclosed fences are left out (they are never drawn).
enum MermaidFences {
    static func sources(in markdown: String) -> [String] {
        var markdown = markdown
        return markdown.withUTF8 { sources(in: $0) }
    }

    /// Over the bytes (every page is scanned, so no `String` work until a fence is found).
    private static func sources(in text: UnsafeBufferPointer<UInt8>) -> [String] {
        guard contains(text, "ermaid") else { return [] }
        let (space, tab, cr, backtick, tilde) = (UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "`"), UInt8(ascii: "~"))
        var sources: [String] = []
        // The fence being read; `keep`: a Mermaid one (other fences are skipped, so a
        // ```mermaid line inside them is not taken for a fence).
        var open: (mark: UInt8, length: Int, indent: Int, keep: Bool)?
        var code: [UInt8] = []
        var lineStart = 0
        while lineStart <= text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = lineEnd + 1
            // A "\r\n" ending reads as "\n".
            if lineEnd > lineStart, text[lineEnd - 1] == cr { lineEnd -= 1 }
            var indent = 0
            while lineStart + indent < lineEnd, text[lineStart + indent] == space { indent += 1 }
            let first = lineStart + indent
            func run(of mark: UInt8) -> Int {
                var end = first
                while end < lineEnd, text[end] == mark { end += 1 }
                return end - first
            }
            defer { lineStart = next }
            if let fence = open {
                let length = indent <= 3 ? run(of: fence.mark) : 0
                if length >= fence.length, (first + length..<lineEnd).allSatisfy({ text[$0] == space || text[$0] == tab }) {
                    if fence.keep { sources.append(String(decoding: code, as: UTF8.self)) }
                    open = nil
                } else if fence.keep {
                    code.append(contentsOf: text[(lineStart + min(indent, fence.indent))..<lineEnd])
                    code.append(UInt8(ascii: "\n"))
                }
                continue
            }
            guard indent <= 3, first < lineEnd, text[first] == backtick || text[first] == tilde else { continue }
            let mark = text[first]
            let length = run(of: mark)
            guard length >= 3 else { continue }
            let info = (first + length)..<lineEnd
            if mark == backtick, info.contains(where: { text[$0] == backtick }) { continue }
            var word = info.lowerBound
            while word < lineEnd, text[word] == space || text[word] == tab { word += 1 }
            var wordEnd = word
            while wordEnd < lineEnd, text[wordEnd] != space, text[wordEnd] != tab { wordEnd += 1 }
            let language = String(decoding: text[word..<wordEnd], as: UTF8.self).lowercased()
            open = (mark, length, indent, language == "mermaid")
            code = []
        }
        return sources
    }

    /// `text` holds `needle` somewhere.
    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0, text.count >= count else { return false }
        let pattern = needle.utf8Start
        var index = 0
        outer: while index + count <= text.count {
            defer { index += 1 }
            guard text[index] == pattern[0] else { continue }
            for offset in 1..<count where text[index + offset] != pattern[offset] { continue outer }
            return true
        }
        return false
    }
}
