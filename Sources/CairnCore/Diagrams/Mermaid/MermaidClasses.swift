import Foundation

/// `classDef` and `class` as flowcharts and state diagrams both read them: class styles by name,
/// which ids each class was given, and, once the diagram is read, the styles applied.
struct MermaidClasses {
    private var definitions: [String: MermaidGraph.Style] = [:]
    private var assignments: [(ids: [String], name: String)] = []

    /// `classDef a,b fill:#f96,stroke:#333` (after the keyword); a name defined twice merges.
    mutating func define(_ rest: String) {
        let names = rest.prefix { !$0.isWhitespace }
        let style = MermaidStyle.parse(Substring(rest.dropFirst(names.count)))
        for name in names.split(separator: ",") {
            definitions[String(name)] = (definitions[String(name)] ?? .init()).merged(with: style)
        }
    }

    /// `class a,b name` (after the keyword); false when no class name follows the ids.
    mutating func assign(_ rest: String) -> Bool {
        let ids = rest.prefix { !$0.isWhitespace }
        let name = rest.dropFirst(ids.count).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return false }
        assignments.append((ids.split(separator: ",").map(String.init), name))
        return true
    }

    /// Each node `styled` picks gets the `default` class, then its own classes in order (`:::`
    /// ones first, then `class` statements); each cluster its classes over its own style.
    func apply(to graph: inout MermaidGraph, styled: (MermaidGraph.Node) -> Bool) {
        for (ids, name) in assignments {
            for id in ids {
                if let index = graph.nodeIndex(id) { graph.nodes[index].classes.append(name) }
                if let index = graph.clusters.firstIndex(where: { $0.id == id }) { graph.clusters[index].classes.append(name) }
            }
        }
        let defaults = definitions["default"] ?? .init()
        for index in graph.nodes.indices where styled(graph.nodes[index]) {
            graph.nodes[index].style = graph.nodes[index].classes.reduce(defaults) { $0.merged(with: definitions[$1] ?? .init()) }
        }
        for index in graph.clusters.indices {
            graph.clusters[index].style = graph.clusters[index].classes.reduce(graph.clusters[index].style) {
                $0.merged(with: definitions[$1] ?? .init())
            }
        }
    }
}
