import Foundation
import Synchronization

/// Draws Mermaid blocks at build time: flowcharts and state diagrams through ``DotLayout``
/// (Graphviz installed) or ``GraphLayout`` (not), sequence diagrams through ``SequenceSVG``.
/// A block of another kind, or with a construct Cairn does not draw, comes back as
/// ``MermaidUnsupported`` and stays for the client-side script. Results are kept by the SHA-256
/// of the source for the renderer's life (a `cairn watch` session keeps one renderer, so an edit
/// redraws only the block that changed); `dot` layouts are also cached on disk by
/// ``GraphvizRenderer``.
public final class MermaidRenderer: Sendable {
    /// The diagram kinds drawn at build time.
    static let drawnKinds: Set<String> = ["flowchart", "graph", "flowchart-v2", "stateDiagram", "stateDiagram-v2", "sequenceDiagram"]

    let graphviz: GraphvizRenderer?
    private let memory = Mutex<[String: Result<String, MermaidUnsupported>]>([:])
    /// How many blocks were drawn rather than found in memory (tests read it).
    public let draws = Atomic<Int>(0)

    /// The diagram settings the renderer was made for (a change makes a new one).
    public let settings: SiteConfig.DiagramSettings

    /// `graphviz` lays out flowcharts and state diagrams when it can run `dot`.
    public init(graphviz: GraphvizRenderer?, settings: SiteConfig.DiagramSettings = .init()) {
        self.graphviz = graphviz
        self.settings = settings
    }

    /// The SVG for one block's source, or what in it Cairn does not draw.
    public func render(_ source: String) -> Result<String, MermaidUnsupported> {
        let key = ContentHash.sha256(Data(source.utf8))
        if let cached = memory.withLock({ $0[key] }) { return cached }
        return remember(key, drawing: { try Self.draw(source, graphviz: graphviz) })
    }

    /// Draws a block not in memory and keeps the result under `key` (its source's hash).
    func remember(_ key: String, drawing draw: () throws -> String) -> Result<String, MermaidUnsupported> {
        draws.add(1, ordering: .relaxed)
        let result: Result<String, MermaidUnsupported>
        do {
            result = .success(try draw())
        } catch let unsupported as MermaidUnsupported {
            result = .failure(unsupported)
        } catch {
            result = .failure(MermaidUnsupported("\(error)", line: 0))
        }
        memory.withLock {
            // A long watch session keeps drawing edited blocks; past this many it starts over
            // rather than hold every version of every block.
            if $0.count >= Self.memoryLimit { $0.removeAll(keepingCapacity: true) }
            $0[key] = result
        }
        return result
    }

    /// The block whose source has the hash `key` is in the renderer's memory.
    func isDrawn(key: String) -> Bool {
        memory.withLock { $0[key] != nil }
    }

    /// The graph of a flowchart or state diagram and the name its picture is labelled with; nil
    /// for another kind or one Cairn does not draw.
    static func graph(_ source: MermaidSource) -> (graph: MermaidGraph, kind: String)? {
        (try? parsedGraph(source)) ?? nil
    }

    /// The graph of a flowchart or state diagram and its picture's name; nil for another kind;
    /// throws what in the block Cairn does not draw.
    private static func parsedGraph(_ source: MermaidSource) throws -> (graph: MermaidGraph, kind: String)? {
        switch source.kind {
        case "flowchart", "graph", "flowchart-v2": (try FlowchartParser.parse(source), "Flowchart")
        case "stateDiagram", "stateDiagram-v2": (try StateDiagramParser.parse(source), "State diagram")
        default: nil
        }
    }

    static func draw(_ text: String, graphviz: GraphvizRenderer?) throws -> String {
        guard text.utf8.count <= 100_000 else { throw MermaidUnsupported("a diagram over 100 KB", line: 0) }
        let source = MermaidSource(text)
        let kind = source.kind
        if let (graph, name) = try parsedGraph(source) {
            return try drawGraph(graph, kind: name, graphviz: graphviz, source: source)
        }
        switch kind {
        case "sequenceDiagram":
            return SequenceSVG.render(try SequenceDiagram.parse(source))
        default:
            let name = kind.hasSuffix(":") ? kind.dropLast() : kind
            let construct = kind.isEmpty ? "an empty diagram"
                : Self.otherKinds.contains(String(name)) || name.hasPrefix("C4") ? "\(name) diagrams"
                : "a block that does not start with a diagram type ('\(name.prefix(40))')"
            throw MermaidUnsupported(construct, line: source.header?.number ?? 0, column: source.header?.column ?? 1)
        }
    }

    /// Mermaid's other diagram types, named in the warning when a block is one of them.
    static let otherKinds: Set<String> = [
        "classDiagram", "classDiagram-v2", "erDiagram", "gantt", "pie", "journey", "gitGraph", "mindmap", "timeline", "quadrantChart",
        "requirementDiagram", "sankey", "sankey-beta", "xychart", "xychart-beta", "block", "block-beta", "packet", "packet-beta",
        "kanban", "architecture", "architecture-beta", "radar-beta", "treemap-beta", "venn-beta", "zenuml", "wardley-beta",
        "eventmodeling", "ishikawa-beta", "treeView-beta", "info",
    ]

    /// Subgraphs or composite states inside one another, at most (layout work grows with the depth).
    static let nestingLimit = 24

    /// Drawn blocks kept in memory at most (a small flowchart's SVG is about 5 KB). Half of it
    /// is what ``prefetch(pages:)`` draws ahead: past that, every block is parsed and looked up
    /// twice (the 2,997 blocks of a generated 10,000-page site were, at 4,096).
    static let memoryLimit = 16_384

    /// Nodes, edges and subgraphs past which a picture stops being readable (and layout slow).
    static let graphLimit = 600

    static func drawGraph(_ graph: MermaidGraph, kind: String, graphviz: GraphvizRenderer?, source: MermaidSource) throws -> String {
        guard graph.nodes.count + graph.edges.count + graph.clusters.count <= graphLimit else {
            throw MermaidUnsupported("a diagram of more than \(graphLimit) nodes and edges", line: source.header?.number ?? 0)
        }
        if let graphviz, case .success(let json) = graphviz.layoutJSON(for: DotLayout.dot(graph)),
           let placed = DotLayout.placed(graph, json: json) {
            return GraphSVG.render(graph, placed, kind: kind)
        }
        do {
            return GraphSVG.render(graph, try GraphLayout.layout(graph), kind: kind)
        } catch let failure as GraphLayout.Failure {
            throw MermaidUnsupported(
                "this subgraph arrangement without Graphviz (\(failure.reason))", line: source.header?.number ?? 0, column: source.header?.column ?? 1)
        }
    }
}
