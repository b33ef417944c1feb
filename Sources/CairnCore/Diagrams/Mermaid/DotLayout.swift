import Foundation

/// Lays out a ``MermaidGraph`` with Graphviz: the graph translated to DOT (nodes at the sizes
/// Cairn draws them, subgraphs as clusters, labels, minimum lengths, notes on their state's
/// rank), `dot -Tjson` run through ``GraphvizRenderer`` (so it is cached by content hash), and
/// the positions, splines and cluster boxes read back. Cairn draws the SVG itself.
enum DotLayout {
    /// The DOT text for `graph`; node `n<i>` is `graph.nodes[i]`, edge id `e<k>` is `graph.edges[k]`.
    static func dot(_ graph: MermaidGraph) -> String {
        let sizes = graph.nodes.map { GraphShapes.size(of: $0, direction: graph.direction) }
        var out = "digraph G {\n"
        out += "graph [rankdir=\(graph.direction.rawValue), nodesep=0.42, ranksep=0.55, compound=true, newrank=true, fontname=\"Helvetica\", fontsize=14];\n"
        out += "node [fixedsize=true, label=\"\", shape=box];\n"
        out += "edge [dir=none, fontname=\"Helvetica\", fontsize=14];\n"
        var clusterNumbers: [String: Int] = [:]
        for (k, cluster) in graph.clusters.enumerated() { clusterNumbers[cluster.id] = k }
        func emit(_ parent: String?, indent: String) {
            for (i, node) in graph.nodes.enumerated() where node.cluster == parent {
                out += "\(indent)n\(i) [width=\(inches(sizes[i].width)), height=\(inches(sizes[i].height)), shape=\(dotShape(node.shape))];\n"
            }
            for cluster in graph.clusters where cluster.parent == parent {
                let title = cluster.title.count == 1 && cluster.title[0].isEmpty ? "" : cluster.title.map(quoted).joined(separator: "\\n")
                out += "\(indent)subgraph cluster_\(clusterNumbers[cluster.id]!) {\n\(indent)  label=\"\(title)\"; margin=12;\n"
                emit(cluster.id, indent: indent + "  ")
                out += "\(indent)}\n"
            }
        }
        emit(nil, indent: "")
        func endpoint(_ id: String) -> (node: Int, cluster: Int?)? {
            if let index = graph.nodeIndex(id) { return (index, nil) }
            guard let number = clusterNumbers[id], let member = graph.endpoint(id) else { return nil }
            return (member, number)
        }
        for (k, edge) in graph.edges.enumerated() {
            guard let from = endpoint(edge.from), let to = endpoint(edge.to) else { continue }
            var attributes = ["id=\"e\(k)\""]
            // An edge into or out of a subgraph box needs a rank more, for the box's border and title.
            let length = edge.length + (to.cluster != nil || from.cluster != nil ? 1 : 0)
            if length > 1 { attributes.append("minlen=\(length)") }
            if !edge.label.isEmpty { attributes.append("label=\"\(edge.label.map(quoted).joined(separator: "\\n"))\"") }
            if let cluster = to.cluster { attributes.append("lhead=cluster_\(cluster)") }
            if let cluster = from.cluster { attributes.append("ltail=cluster_\(cluster)") }
            if edge.stroke == .invisible { attributes.append("style=invis") }
            if graph.nodes[from.node].attachedTo != nil || graph.nodes[to.node].attachedTo != nil { attributes.append("constraint=false") }
            out += "n\(from.node) -> n\(to.node) [\(attributes.joined(separator: ", "))];\n"
        }
        for (i, node) in graph.nodes.enumerated() {
            if let attachment = node.attachedTo, let target = endpoint(attachment.target) {
                out += "{rank=same; n\(i); n\(target.node);}\n"
            }
        }
        return out + "}\n"
    }

    /// The placed graph read back from `dot -Tjson` output, or nil when it does not fit `graph`.
    static func placed(_ graph: MermaidGraph, json: String) -> PlacedGraph? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let bb = numbers(root["bb"] as? String), bb.count == 4 else { return nil }
        let height = bb[3]
        func flip(_ x: Double, _ y: Double) -> Point { Point(x: x - bb[0], y: height - y) }
        let sizes = graph.nodes.map { GraphShapes.size(of: $0, direction: graph.direction) }
        var nodes = [Box?](repeating: nil, count: graph.nodes.count)
        var clusters: [String: Box] = [:]
        for object in root["objects"] as? [[String: Any]] ?? [] {
            guard let name = object["name"] as? String else { continue }
            if name.hasPrefix("cluster_"), let number = Int(name.dropFirst(8)), graph.clusters.indices.contains(number),
               let box = numbers(object["bb"] as? String), box.count == 4 {
                let a = flip(box[0], box[1]), b = flip(box[2], box[3])
                clusters[graph.clusters[number].id] = Box(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
            } else if name.hasPrefix("n"), let number = Int(name.dropFirst()), nodes.indices.contains(number),
                      let position = numbers(object["pos"] as? String), position.count == 2 {
                let centre = flip(position[0], position[1])
                nodes[number] = Box(x: centre.x, y: centre.y, width: sizes[number].width, height: sizes[number].height)
            }
        }
        guard nodes.allSatisfy({ $0 != nil }) else { return nil }
        var paths = [[Point]](repeating: [], count: graph.edges.count)
        var labels = [Point?](repeating: nil, count: graph.edges.count)
        for edge in root["edges"] as? [[String: Any]] ?? [] {
            guard let id = edge["id"] as? String, id.hasPrefix("e"), let k = Int(id.dropFirst()), paths.indices.contains(k),
                  let pos = edge["pos"] as? String else { continue }
            var points: [Point] = []
            for token in pos.split(separator: " ") where !token.hasPrefix("e,") && !token.hasPrefix("s,") {
                guard let xy = numbers(String(token)), xy.count == 2 else { return nil }
                points.append(flip(xy[0], xy[1]))
            }
            guard points.count >= 4, (points.count - 1) % 3 == 0 else { continue }
            // dot cuts at its own shapes (a box for a stadium, its own slant for a parallelogram);
            // the ends move onto the outlines Cairn draws.
            if let from = graph.nodeIndex(graph.edges[k].from), let box = nodes[from] {
                points[0] = GraphShapes.border(of: box, shape: graph.nodes[from].shape, towards: points[1])
            }
            if let to = graph.nodeIndex(graph.edges[k].to), let box = nodes[to] {
                points[points.count - 1] = GraphShapes.border(of: box, shape: graph.nodes[to].shape, towards: points[points.count - 2])
            }
            paths[k] = points
            if let lp = numbers(edge["lp"] as? String), lp.count == 2 { labels[k] = flip(lp[0], lp[1]) }
        }
        // A margin round the picture, as the built-in layout leaves.
        let margin = 8.0
        func shift(_ p: Point) -> Point { Point(x: p.x + margin, y: p.y + margin) }
        func shift(_ b: Box) -> Box { Box(x: b.x + margin, y: b.y + margin, width: b.width, height: b.height) }
        return PlacedGraph(
            width: bb[2] - bb[0] + 2 * margin, height: height - bb[1] + 2 * margin, nodes: nodes.map { shift($0!) },
            edges: paths.map { $0.map(shift) }, labels: labels.map { $0.map(shift) }, clusters: clusters.mapValues(shift))
    }

    private static func numbers(_ text: String?) -> [Double]? {
        guard let text else { return nil }
        var values: [Double] = []
        for part in text.split(separator: ",") {
            guard let value = Double(part), value.isFinite, abs(value) < 1_000_000 else { return nil }
            values.append(value)
        }
        return values
    }

    private static func inches(_ points: Double) -> String {
        TextDiagramSVG.n(points / 72 + 0.00001)
    }

    private static func quoted(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    private static func dotShape(_ shape: MermaidGraph.Shape) -> String {
        switch shape {
        case .circle, .doubleCircle, .start, .end, .junction, .crossedCircle: return "circle"
        case .triangle: return "triangle"
        case .flippedTriangle: return "invtriangle"
        case .diamond: return "diamond"
        case .hexagon: return "hexagon"
        case .leanRight, .leanLeft: return "parallelogram"
        case .trapezoid: return "trapezium"
        case .trapezoidAlt: return "invtrapezium"
        case .cylinder: return "cylinder"
        default: return "box"
        }
    }
}
