import CairnMarkdown
import Foundation

/// Draws a laid-out ``MermaidGraph`` as inline SVG in the style of Cairn's text diagrams:
/// `currentColor` strokes and text (so light and dark themes both work, with or without the
/// theme's CSS), fills as a faint tint of the text colour unless the diagram sets its own, the
/// theme's sans-serif font, an accessible name made from the labels. Every string from the source
/// is escaped; every colour was checked by ``MermaidStyle``.
enum GraphSVG {
    static let font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif"

    static func render(_ graph: MermaidGraph, _ placed: PlacedGraph, kind: String) -> String {
        let titleHeight = graph.title == nil ? 0.0 : 34.0
        let width = max(placed.width, graph.title.map { MermaidText.width($0, size: 17) + 16 } ?? 0)
        let height = placed.height + titleHeight
        var svg = MermaidSVG.open(width: width, height: height, label: accessibleName(graph, kind: kind), description: graph.accessibleDescription)
        if let title = graph.title {
            svg += "<text x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"600\" fill=\"currentColor\">\(HTMLEscaping.escape(title))</text>\n"
            svg += "<g transform=\"translate(0 \(n(titleHeight)))\">\n"
        }
        // Subgraphs, outermost first so inner ones draw over them.
        let depth: (MermaidGraph.Cluster) -> Int = { graph.ancestry(ofCluster: $0.id).count }
        for cluster in graph.clusters.sorted(by: { depth($0) < depth($1) }) {
            guard let box = placed.clusters[cluster.id] else { continue }
            let style = cluster.style
            svg += "<g class=\"cluster\"><rect x=\"\(n(box.minX))\" y=\"\(n(box.minY))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" rx=\"6\""
            svg += paint(style, defaultFill: "currentColor", defaultOpacity: "0.035", defaultStroke: "currentColor", strokeOpacity: "0.45") + "/>"
            if !(cluster.title.count == 1 && cluster.title[0].isEmpty) {
                svg += text(cluster.title, x: box.x, top: box.minY + GraphLayout.clusterPadding - 2, colour: style.color, weight: "600")
            }
            svg += "</g>\n"
        }
        // Edges, their ends, their labels.
        svg += "<g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\">\n"
        var heads = ""
        for (e, edge) in graph.edges.enumerated() where edge.stroke != .invisible {
            let path = placed.edges[e]
            guard path.count >= 2 else { continue }
            var d = "M\(n(path[0].x)) \(n(path[0].y))"
            var i = 1
            while i + 2 < path.count {
                d += "C\(n(path[i].x)) \(n(path[i].y)) \(n(path[i + 1].x)) \(n(path[i + 1].y)) \(n(path[i + 2].x)) \(n(path[i + 2].y))"
                i += 3
            }
            while i < path.count {
                d += "L\(n(path[i].x)) \(n(path[i].y))"
                i += 1
            }
            svg += "<path d=\"\(d)\""
            switch edge.stroke {
            case .thick: svg += " stroke-width=\"3.5\""
            case .dotted: svg += " stroke-dasharray=\"3 4\""
            default: break
            }
            if let stroke = edge.style.stroke { svg += " stroke=\"\(HTMLEscaping.escape(stroke))\"" }
            if let width = edge.style.strokeWidth { svg += " stroke-width=\"\(width)\"" }
            if let dash = edge.style.dash { svg += " stroke-dasharray=\"\(dash)\"" }
            svg += "/>\n"
            let colour = edge.style.stroke.map(HTMLEscaping.escape) ?? "currentColor"
            heads += end(edge.head, tip: path[path.count - 1], from: path[path.count - 2], colour: colour, thick: edge.stroke == .thick)
            heads += end(edge.tail, tip: path[0], from: path[1], colour: colour, thick: edge.stroke == .thick)
        }
        svg += "</g>\n"
        if !heads.isEmpty { svg += "<g>\n" + heads + "</g>\n" }
        for (e, edge) in graph.edges.enumerated() where !edge.label.isEmpty && edge.stroke != .invisible {
            guard let centre = placed.labels[e] ?? midpoint(placed.edges[e]) else { continue }
            let width = MermaidText.width(edge.label) + 8, height = Double(edge.label.count) * MermaidText.lineHeight + 2
            svg += "<g class=\"edge-label\"><rect class=\"label-bg\" x=\"\(n(centre.x - width / 2))\" y=\"\(n(centre.y - height / 2))\" width=\"\(n(width))\" height=\"\(n(height))\" rx=\"3\" fill=\"Canvas\"/>"
            svg += text(edge.label, x: centre.x, middle: centre.y, colour: edge.style.color)
            svg += "</g>\n"
        }
        // Nodes over everything.
        for (i, node) in graph.nodes.enumerated() {
            if let link = node.link {
                svg += "<a href=\"\(HTMLEscaping.escape(link.url))\"" + (link.newTab ? " target=\"_blank\" rel=\"noopener\"" : "") + ">"
                if let tooltip = link.tooltip { svg += "<title>\(HTMLEscaping.escape(tooltip))</title>" }
            }
            svg += "<g class=\"node\">" + shape(node, placed.nodes[i])
            if GraphShapes.showsLabel(node.shape), !(node.label.count == 1 && node.label[0].isEmpty) {
                let offset: Double
                switch node.shape {
                case .cylinder: offset = 5
                case .document, .linedDocument, .taggedDocument: offset = -4
                case .stackedDocument: offset = 0
                case .hourglass: offset = 22
                case .stackedRect: offset = 3
                case .dividedRect, .windowPane: offset = 4
                case .linedCylinder: offset = 8
                case .triangle: offset = placed.nodes[i].height / 6
                case .flippedTriangle: offset = -placed.nodes[i].height / 6
                default: offset = 0
                }
                svg += text(node.label, x: placed.nodes[i].x, middle: placed.nodes[i].y + offset, colour: node.style.color)
            }
            svg += node.link == nil ? "</g>\n" : "</g></a>\n"
        }
        if graph.title != nil { svg += "</g>\n" }
        return svg + "</g>\n</svg>"
    }

    static func n(_ value: Double) -> String { TextDiagramSVG.n(value) }

    /// "Flowchart: Start, Decide, Stop" from the labels in source order, or the `accTitle`.
    static func accessibleName(_ graph: MermaidGraph, kind: String) -> String {
        if let title = graph.accessibleTitle { return title }
        let labels = graph.nodes.map { $0.label.joined(separator: " ") }.filter { !$0.isEmpty }
        var name = graph.title.map { "\(kind): \($0)" } ?? kind
        if !labels.isEmpty { name += (graph.title == nil ? ": " : " — ") + labels.prefix(40).joined(separator: ", ") }
        return name
    }

    private static func midpoint(_ path: [Point]) -> Point? {
        guard !path.isEmpty else { return nil }
        return path[path.count / 2]
    }

    /// Fill and stroke attributes: the diagram's own colours, else the defaults.
    private static func paint(
        _ style: MermaidGraph.Style, defaultFill: String, defaultOpacity: String, defaultStroke: String = "currentColor", strokeOpacity: String? = nil
    ) -> String {
        var attributes = ""
        if let fill = style.fill { attributes += " fill=\"\(HTMLEscaping.escape(fill))\"" } else {
            attributes += " fill=\"\(defaultFill)\" fill-opacity=\"\(defaultOpacity)\""
        }
        if let stroke = style.stroke { attributes += " stroke=\"\(HTMLEscaping.escape(stroke))\"" } else {
            attributes += " stroke=\"\(defaultStroke)\""
            if let strokeOpacity { attributes += " stroke-opacity=\"\(strokeOpacity)\"" }
        }
        attributes += " stroke-width=\"\(style.strokeWidth ?? "1.5")\""
        if let dash = style.dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        return attributes
    }

    /// Lines of text centred on `x`, the block's middle at `middle` (or its top at `top`).
    static func text(
        _ lines: [String], x: Double, middle: Double? = nil, top: Double? = nil, colour: String? = nil, weight: String? = nil,
        anchor: String = "middle"
    ) -> String {
        let blockHeight = Double(lines.count) * MermaidText.lineHeight
        let first = (top.map { $0 + MermaidText.lineHeight * 0.75 }) ?? ((middle ?? 0) - blockHeight / 2 + MermaidText.lineHeight * 0.75)
        var out = "<text text-anchor=\"\(anchor)\" font-size=\"14\" stroke=\"none\" fill=\"\(colour.map(HTMLEscaping.escape) ?? "currentColor")\""
        if let weight { out += " font-weight=\"\(weight)\"" }
        if lines.count == 1 {
            return out + " x=\"\(n(x))\" y=\"\(n(first))\">\(HTMLEscaping.escape(lines[0]))</text>"
        }
        out += ">"
        for (k, line) in lines.enumerated() {
            out += "<tspan x=\"\(n(x))\" y=\"\(n(first + Double(k) * MermaidText.lineHeight))\">\(HTMLEscaping.escape(line))</tspan>"
        }
        return out + "</text>"
    }

    private static func shape(_ node: MermaidGraph.Node, _ b: Box) -> String {
        let style = node.style
        let p = paint(style, defaultFill: "currentColor", defaultOpacity: "0.07")
        func polygon(_ points: [(Double, Double)]) -> String {
            "<polygon points=\"" + points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\"\(p)/>"
        }
        func rect(_ radius: Double) -> String {
            "<rect x=\"\(n(b.minX))\" y=\"\(n(b.minY))\" width=\"\(n(b.width))\" height=\"\(n(b.height))\" rx=\"\(n(radius))\"\(p)/>"
        }
        /// A stroke in the node's border colour, unfilled.
        func line(_ d: String) -> String {
            "<path d=\"\(d)\" fill=\"none\" stroke=\"\(style.stroke.map(HTMLEscaping.escape) ?? "currentColor")\" stroke-width=\"1.5\"/>"
        }
        /// A curly brace down one side of the box (the text is the comment).
        func brace(_ b: Box, left: Bool) -> String {
            let edge = left ? b.minX + 8 : b.maxX - 8, tip = left ? b.minX : b.maxX, out = left ? 6.0 : -6.0
            return line("M\(n(edge + out)) \(n(b.minY))Q\(n(edge)) \(n(b.minY)) \(n(edge)) \(n(b.minY + 6))V\(n(b.y - 6))Q\(n(edge)) \(n(b.y)) \(n(tip)) \(n(b.y))"
                + "Q\(n(edge)) \(n(b.y)) \(n(edge)) \(n(b.y + 6))V\(n(b.maxY - 6))Q\(n(edge)) \(n(b.maxY)) \(n(edge + out)) \(n(b.maxY))")
        }
        switch node.shape {
        case .rect: return rect(3)
        case .rounded: return rect(9)
        case .stadium: return rect(b.height / 2)
        case .subroutine:
            return rect(2) + "<path d=\"M\(n(b.minX + 8)) \(n(b.minY))V\(n(b.maxY))M\(n(b.maxX - 8)) \(n(b.minY))V\(n(b.maxY))\" fill=\"none\" stroke=\"\(style.stroke.map(HTMLEscaping.escape) ?? "currentColor")\" stroke-width=\"1.5\"/>"
        case .cylinder:
            let ry = 7.0, rx = b.width / 2, body = b.height - 2 * ry
            let top = "M\(n(b.minX)) \(n(b.minY + ry))a\(n(rx)) \(n(ry)) 0 0 1 \(n(b.width)) 0v\(n(body))a\(n(rx)) \(n(ry)) 0 0 1 \(n(-b.width)) 0Z"
            let rim = "M\(n(b.minX)) \(n(b.minY + ry))a\(n(rx)) \(n(ry)) 0 0 0 \(n(b.width)) 0"
            return "<path d=\"\(top)\"\(p)/><path d=\"\(rim)\" fill=\"none\" stroke=\"\(style.stroke.map(HTMLEscaping.escape) ?? "currentColor")\" stroke-width=\"1.5\"/>"
        case .circle:
            return "<circle cx=\"\(n(b.x))\" cy=\"\(n(b.y))\" r=\"\(n(min(b.width, b.height) / 2))\"\(p)/>"
        case .doubleCircle:
            let r = min(b.width, b.height) / 2
            return "<circle cx=\"\(n(b.x))\" cy=\"\(n(b.y))\" r=\"\(n(r))\"\(p)/><circle cx=\"\(n(b.x))\" cy=\"\(n(b.y))\" r=\"\(n(r - 5))\" fill=\"none\" stroke=\"\(style.stroke.map(HTMLEscaping.escape) ?? "currentColor")\" stroke-width=\"1.5\"/>"
        case .asymmetric, .diamond, .hexagon, .leanRight, .leanLeft, .trapezoid, .trapezoidAlt, .card, .triangle, .flippedTriangle,
             .loopLimit, .slopedRect, .bolt, .bang:
            return polygon((GraphShapes.outline(node.shape, b) ?? []).map { ($0.x, $0.y) })
        case .horizontalCylinder:
            let rx = 10.0, ry = b.height / 2
            let body = "M\(n(b.minX + rx)) \(n(b.minY))H\(n(b.maxX - rx))A\(n(rx)) \(n(ry)) 0 0 1 \(n(b.maxX - rx)) \(n(b.maxY))H\(n(b.minX + rx))A\(n(rx)) \(n(ry)) 0 0 1 \(n(b.minX + rx)) \(n(b.minY))Z"
            return "<path d=\"\(body)\"\(p)/>" + line("M\(n(b.maxX - rx)) \(n(b.minY))A\(n(rx)) \(n(ry)) 0 0 0 \(n(b.maxX - rx)) \(n(b.maxY))")
        case .linedCylinder:
            let ry = 7.0, rx = b.width / 2, body = b.height - 2 * ry
            let outline = "M\(n(b.minX)) \(n(b.minY + ry))a\(n(rx)) \(n(ry)) 0 0 1 \(n(b.width)) 0v\(n(body))a\(n(rx)) \(n(ry)) 0 0 1 \(n(-b.width)) 0Z"
            return "<path d=\"\(outline)\"\(p)/>" + line("M\(n(b.minX)) \(n(b.minY + ry))a\(n(rx)) \(n(ry)) 0 0 0 \(n(b.width)) 0M\(n(b.minX)) \(n(b.minY + ry + 6))a\(n(rx)) \(n(ry)) 0 0 0 \(n(b.width)) 0")
        case .display:
            let r = b.height / 2
            return "<path d=\"M\(n(b.minX)) \(n(b.y))L\(n(b.minX + 16)) \(n(b.minY))H\(n(b.maxX - r))A\(n(r)) \(n(r)) 0 0 1 \(n(b.maxX - r)) \(n(b.maxY))H\(n(b.minX + 16))Z\"\(p)/>"
        case .dividedRect:
            return rect(2) + line("M\(n(b.minX)) \(n(b.minY + 9))H\(n(b.maxX))")
        case .windowPane:
            return rect(2) + line("M\(n(b.minX)) \(n(b.minY + 9))H\(n(b.maxX))M\(n(b.minX + 9)) \(n(b.minY))V\(n(b.maxY))")
        case .linedDocument:
            return "<path d=\"\(documentPath(b))\"\(p)/>" + line("M\(n(b.minX + 8)) \(n(b.minY))V\(n(b.maxY - 6))")
        case .taggedDocument:
            return "<path d=\"\(documentPath(b))\"\(p)/>" + line("M\(n(b.maxX - 14)) \(n(b.maxY - 9))L\(n(b.maxX)) \(n(b.maxY - 22))")
        case .taggedRect:
            return rect(2) + "<path d=\"M\(n(b.maxX - 14)) \(n(b.maxY))H\(n(b.maxX))V\(n(b.maxY - 14))Z\" fill=\"\(style.stroke.map(HTMLEscaping.escape) ?? "currentColor")\"/>"
        case .stackedDocument:
            let front = Box(minX: b.minX, minY: b.minY + 8, maxX: b.maxX - 8, maxY: b.maxY)
            let back = Box(minX: b.minX + 8, minY: b.minY, maxX: b.maxX, maxY: b.maxY - 8)
            return "<path d=\"\(documentPath(back))\"\(p)/><path d=\"\(documentPath(front))\" fill=\"Canvas\" class=\"label-bg\"/><path d=\"\(documentPath(front))\"\(p)/>"
        case .stackedRect:
            let step = 6.0
            return "<rect x=\"\(n(b.minX + step))\" y=\"\(n(b.minY))\" width=\"\(n(b.width - step))\" height=\"\(n(b.height - step))\" rx=\"2\"\(p)/>"
                + "<rect x=\"\(n(b.minX))\" y=\"\(n(b.minY + step))\" width=\"\(n(b.width - step))\" height=\"\(n(b.height - step))\" rx=\"2\" fill=\"Canvas\" class=\"label-bg\"/>"
                + "<rect x=\"\(n(b.minX))\" y=\"\(n(b.minY + step))\" width=\"\(n(b.width - step))\" height=\"\(n(b.height - step))\" rx=\"2\"\(p)/>"
        case .flag:
            let quarter = b.width / 4
            let path = "M\(n(b.minX)) \(n(b.minY + 5))Q\(n(b.minX + quarter)) \(n(b.minY - 5)) \(n(b.x)) \(n(b.minY + 5))T\(n(b.maxX)) \(n(b.minY + 5))"
                + "V\(n(b.maxY - 5))Q\(n(b.maxX - quarter)) \(n(b.maxY + 5)) \(n(b.x)) \(n(b.maxY - 5))T\(n(b.minX)) \(n(b.maxY - 5))Z"
            return "<path d=\"\(path)\"\(p)/>"
        case .bowTie:
            let rx = 9.0, ry = b.height / 2
            return "<path d=\"M\(n(b.minX + rx)) \(n(b.minY))H\(n(b.maxX))A\(n(rx)) \(n(ry)) 0 0 0 \(n(b.maxX)) \(n(b.maxY))H\(n(b.minX + rx))A\(n(rx)) \(n(ry)) 0 0 1 \(n(b.minX + rx)) \(n(b.minY))Z\"\(p)/>"
        case .braceLeft:
            return brace(b, left: true)
        case .braceRight:
            return brace(b, left: false)
        case .braces:
            return brace(b, left: true) + brace(b, left: false)
        case .dataStore:
            return "<rect x=\"\(n(b.minX))\" y=\"\(n(b.minY))\" width=\"\(n(b.width))\" height=\"\(n(b.height))\"\(paint(style, defaultFill: "currentColor", defaultOpacity: "0.07", defaultStroke: "none"))/>"
                + line("M\(n(b.minX)) \(n(b.minY))H\(n(b.maxX))M\(n(b.minX)) \(n(b.maxY))H\(n(b.maxX))")
        case .cloud:
            // Bumps along an ellipse.
            let count = 10
            var path = ""
            for k in 0...count {
                let angle = Double(k) * 2 * Double.pi / Double(count)
                let x = b.x + cos(angle) * (b.width / 2 - 6), y = b.y + sin(angle) * (b.height / 2 - 6)
                if k == 0 { path = "M\(n(x)) \(n(y))" } else {
                    let radius = (b.width + b.height) / Double(count) * 0.62
                    path += "A\(n(radius)) \(n(radius)) 0 0 1 \(n(x)) \(n(y))"
                }
            }
            return "<path d=\"\(path)Z\"\(p)/>"
        case .hourglass:
            let path = "M\(n(b.x - 20)) \(n(b.minY))H\(n(b.x + 20))L\(n(b.x - 20)) \(n(b.minY + 40))H\(n(b.x + 20))Z"
            return "<path d=\"\(path)\"\(p)/>"
        case .linedRect:
            return rect(2) + "<path d=\"M\(n(b.minX + 8)) \(n(b.minY))V\(n(b.maxY))\" fill=\"none\" stroke=\"\(style.stroke.map(HTMLEscaping.escape) ?? "currentColor")\" stroke-width=\"1.5\"/>"
        case .document:
            return "<path d=\"\(documentPath(b))\"\(p)/>"
        case .delay:
            let r = b.height / 2
            let path = "M\(n(b.minX)) \(n(b.minY))H\(n(b.maxX - r))A\(n(r)) \(n(r)) 0 0 1 \(n(b.maxX - r)) \(n(b.maxY))H\(n(b.minX))Z"
            return "<path d=\"\(path)\"\(p)/>"
        case .junction:
            return "<circle cx=\"\(n(b.x))\" cy=\"\(n(b.y))\" r=\"7\" fill=\"\(style.fill.map(HTMLEscaping.escape) ?? "currentColor")\"/>"
        case .crossedCircle:
            let r = min(b.width, b.height) / 2, d = r * 0.7071
            return "<circle cx=\"\(n(b.x))\" cy=\"\(n(b.y))\" r=\"\(n(r))\"\(p)/><path d=\"M\(n(b.x - d)) \(n(b.y - d))L\(n(b.x + d)) \(n(b.y + d))M\(n(b.x + d)) \(n(b.y - d))L\(n(b.x - d)) \(n(b.y + d))\" stroke=\"\(style.stroke.map(HTMLEscaping.escape) ?? "currentColor")\" stroke-width=\"1.5\"/>"
        case .text:
            return ""
        case .start:
            return "<circle cx=\"\(n(b.x))\" cy=\"\(n(b.y))\" r=\"7\" fill=\"currentColor\"/>"
        case .end:
            return "<circle cx=\"\(n(b.x))\" cy=\"\(n(b.y))\" r=\"8.25\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/><circle cx=\"\(n(b.x))\" cy=\"\(n(b.y))\" r=\"5\" fill=\"currentColor\"/>"
        case .bar:
            return "<rect x=\"\(n(b.minX))\" y=\"\(n(b.minY))\" width=\"\(n(b.width))\" height=\"\(n(b.height))\" rx=\"2\" fill=\"currentColor\"/>"
        case .note:
            let notePaint = paint(style, defaultFill: "currentColor", defaultOpacity: "0.13")
            let fold = 8.0
            return "<path d=\"M\(n(b.minX)) \(n(b.minY))H\(n(b.maxX - fold))L\(n(b.maxX)) \(n(b.minY + fold))V\(n(b.maxY))H\(n(b.minX))Z\"\(notePaint)/>"
        }
    }

    /// A page with a wavy foot, filling `b`.
    private static func documentPath(_ b: Box) -> String {
        let wave = 8.0, quarter = b.width / 4
        return "M\(n(b.minX)) \(n(b.minY))H\(n(b.maxX))V\(n(b.maxY - wave))"
            + "Q\(n(b.maxX - quarter)) \(n(b.maxY - 2 * wave)) \(n(b.x)) \(n(b.maxY - wave))T\(n(b.minX)) \(n(b.maxY - wave))Z"
    }

    /// An edge's end at `tip`, pointing away from `from`: a filled arrow head, a circle or a cross.
    static func end(_ kind: MermaidGraph.End, tip: Point, from: Point, colour: String, thick: Bool = false) -> String {
        let dx = tip.x - from.x, dy = tip.y - from.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard kind != .none, length > 0.001 else { return "" }
        let ux = dx / length, uy = dy / length
        let size = thick ? 11.0 : 9.0, half = thick ? 5.5 : 4.5
        switch kind {
        case .arrow:
            let bx = tip.x - ux * size, by = tip.y - uy * size
            return "<path d=\"M\(n(tip.x)) \(n(tip.y))L\(n(bx - uy * half)) \(n(by + ux * half))L\(n(bx + uy * half)) \(n(by - ux * half))Z\" fill=\"\(colour)\"/>\n"
        case .circle:
            return "<circle cx=\"\(n(tip.x - ux * 4.5))\" cy=\"\(n(tip.y - uy * 4.5))\" r=\"4.5\" fill=\"Canvas\" class=\"label-bg\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>\n"
        case .cross:
            let cx = tip.x - ux * 5, cy = tip.y - uy * 5, r = 4.0
            return "<path d=\"M\(n(cx - r)) \(n(cy - r))L\(n(cx + r)) \(n(cy + r))M\(n(cx + r)) \(n(cy - r))L\(n(cx - r)) \(n(cy + r))\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
        case .none:
            return ""
        }
    }
}

/// The `<svg>` element every Mermaid picture opens with.
enum MermaidSVG {
    static func open(width: Double, height: Double, label: String, description: String?) -> String {
        let n = TextDiagramSVG.n
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram-svg mermaid-svg\" width=\"\(n(width))\" height=\"\(n(height))\""
        svg += " viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(label))\">\n"
        if let description { svg += "<desc>\(HTMLEscaping.escape(description))</desc>\n" }
        svg += "<g font-family=\"\(GraphSVG.font)\">\n"
        return svg
    }
}
