import Foundation

/// Points, boxes and the placed picture ``GraphLayout`` and ``DotLayout`` hand to ``GraphSVG``.
struct Point: Sendable, Equatable {
    var x: Double
    var y: Double
}

struct Box: Sendable, Equatable {
    var x: Double  // centre
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x - width / 2 }
    var maxX: Double { x + width / 2 }
    var minY: Double { y - height / 2 }
    var maxY: Double { y + height / 2 }

    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.init(x: (minX + maxX) / 2, y: (minY + maxY) / 2, width: maxX - minX, height: maxY - minY)
    }

    func intersects(_ other: Box, margin: Double = 0) -> Bool {
        minX < other.maxX + margin && other.minX < maxX + margin && minY < other.maxY + margin && other.minY < maxY + margin
    }

    func contains(_ other: Box) -> Bool {
        other.minX >= minX - 0.01 && other.maxX <= maxX + 0.01 && other.minY >= minY - 0.01 && other.maxY <= maxY + 0.01
    }

    func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }
}

/// A laid-out graph: a box per node (in ``MermaidGraph/nodes`` order), a path per edge (a start
/// point then cubic Bézier segments of three points each), label centres, cluster boxes.
struct PlacedGraph: Sendable, Equatable {
    var width: Double
    var height: Double
    var nodes: [Box]
    var edges: [[Point]]
    var labels: [Point?]
    var clusters: [String: Box]
}

/// The size a node is drawn at, from its label and shape; layouts use it as is.
enum GraphShapes {
    static func size(of node: MermaidGraph.Node, direction: MermaidGraph.Direction) -> (width: Double, height: Double) {
        let lines = node.label
        let textWidth = MermaidText.width(lines)
        let textHeight = Double(lines.count) * MermaidText.lineHeight
        switch node.shape {
        case .rect, .rounded:
            return (max(textWidth + 32, 40), textHeight + 22)
        case .subroutine:
            return (max(textWidth + 48, 50), textHeight + 22)
        case .stadium:
            let height = textHeight + 22
            return (textWidth + 24 + height / 2, height)
        case .cylinder:
            return (max(textWidth + 32, 50), textHeight + 38)
        case .circle:
            let diameter = max(textWidth, textHeight) + 24
            return (diameter, diameter)
        case .doubleCircle:
            let diameter = max(textWidth, textHeight) + 36
            return (diameter, diameter)
        case .asymmetric:
            let height = textHeight + 22
            return (textWidth + 32 + height / 3, height)
        case .diamond:
            guard textWidth > 0 else { return (28, 28) }
            let height = 2 * textHeight + 22
            let width = textWidth / (1 - textHeight / height) + 24
            return (max(width, height), height)
        case .hexagon:
            let height = textHeight + 22
            return (textWidth + 32 + height / 2, height)
        case .leanRight, .leanLeft, .trapezoid, .trapezoidAlt:
            let height = textHeight + 22
            return (textWidth + 32 + height * 0.8, height)
        case .text:
            return (textWidth + 8, textHeight + 8)
        case .card, .linedRect, .delay:
            return (max(textWidth + 44, 50), textHeight + 22)
        case .document:
            return (max(textWidth + 32, 50), textHeight + 32)
        case .triangle, .flippedTriangle:
            let height = textHeight + 30 + textWidth / 2
            return (max(textWidth * 2 + 30, height * 1.15), height)
        case .hourglass:
            // The symbol on top, its label under it.
            return (max(textWidth + 8, 40), 44 + (textWidth > 0 ? textHeight : 0))
        case .junction:
            return (14, 14)
        case .horizontalCylinder, .display, .bowTie:
            return (max(textWidth + 52, 60), textHeight + 22)
        case .linedCylinder:
            return (max(textWidth + 32, 50), textHeight + 44)
        case .dividedRect, .windowPane:
            return (max(textWidth + 40, 50), textHeight + 30)
        case .linedDocument, .taggedDocument:
            return (max(textWidth + 44, 50), textHeight + 32)
        case .loopLimit, .slopedRect, .taggedRect, .dataStore:
            return (max(textWidth + 36, 50), textHeight + 28)
        case .stackedDocument:
            return (max(textWidth + 40, 56), textHeight + 40)
        case .stackedRect:
            return (max(textWidth + 40, 56), textHeight + 30)
        case .flag:
            return (max(textWidth + 32, 50), textHeight + 30)
        case .braceLeft, .braceRight, .braces:
            return (textWidth + 36, textHeight + 16)
        case .bolt:
            return (30, 44)
        case .cloud:
            return (textWidth + 60, textHeight + 44)
        case .bang:
            return (textWidth + 70, textHeight + 56)
        case .crossedCircle:
            return (40, 40)
        case .start:
            return (14, 14)
        case .end:
            return (18, 18)
        case .bar:
            return direction.isHorizontal ? (8, 64) : (72, 8)
        case .note:
            return (textWidth + 24, textHeight + 16)
        }
    }

    /// The corners of a node drawn as a polygon (flag, slanted shapes, hexagon, diamond), nil for
    /// rectangles and round shapes. ``GraphSVG`` draws these; edges are cut at them.
    static func outline(_ shape: MermaidGraph.Shape, _ b: Box) -> [Point]? {
        let s = b.height * 0.4
        let corners: [(Double, Double)]
        switch shape {
        case .asymmetric: corners = [(b.minX, b.minY), (b.maxX, b.minY), (b.maxX, b.maxY), (b.minX, b.maxY), (b.minX + b.height / 3, b.y)]
        case .diamond: corners = [(b.x, b.minY), (b.maxX, b.y), (b.x, b.maxY), (b.minX, b.y)]
        case .hexagon:
            let h = b.height / 4
            corners = [(b.minX + h, b.minY), (b.maxX - h, b.minY), (b.maxX, b.y), (b.maxX - h, b.maxY), (b.minX + h, b.maxY), (b.minX, b.y)]
        case .leanRight: corners = [(b.minX + s, b.minY), (b.maxX, b.minY), (b.maxX - s, b.maxY), (b.minX, b.maxY)]
        case .leanLeft: corners = [(b.minX, b.minY), (b.maxX - s, b.minY), (b.maxX, b.maxY), (b.minX + s, b.maxY)]
        case .trapezoid: corners = [(b.minX + s, b.minY), (b.maxX - s, b.minY), (b.maxX, b.maxY), (b.minX, b.maxY)]
        case .trapezoidAlt: corners = [(b.minX, b.minY), (b.maxX, b.minY), (b.maxX - s, b.maxY), (b.minX + s, b.maxY)]
        case .card: corners = [(b.minX + 12, b.minY), (b.maxX, b.minY), (b.maxX, b.maxY), (b.minX, b.maxY), (b.minX, b.minY + 12)]
        case .triangle: corners = [(b.x, b.minY), (b.maxX, b.maxY), (b.minX, b.maxY)]
        case .flippedTriangle: corners = [(b.minX, b.minY), (b.maxX, b.minY), (b.x, b.maxY)]
        case .hourglass:
            corners = [(b.x - 20, b.minY), (b.x + 20, b.minY), (b.x - 20, b.minY + 40), (b.x + 20, b.minY + 40)]
        case .loopLimit: corners = [(b.minX + 12, b.minY), (b.maxX - 12, b.minY), (b.maxX, b.minY + 12), (b.maxX, b.maxY), (b.minX, b.maxY), (b.minX, b.minY + 12)]
        case .slopedRect: corners = [(b.minX, b.minY + 12), (b.maxX, b.minY), (b.maxX, b.maxY), (b.minX, b.maxY)]
        case .bolt:
            corners = [(b.x + 4, b.minY), (b.minX + 2, b.y + 3), (b.x, b.y + 3), (b.x - 4, b.maxY), (b.maxX - 2, b.y - 3), (b.x, b.y - 3)]
        case .bang:
            corners = (0..<24).map { k in
                let angle = Double(k) * Double.pi / 12, scale = k % 2 == 0 ? 1.0 : 0.78
                return (b.x + cos(angle) * b.width / 2 * scale, b.y + sin(angle) * b.height / 2 * scale)
            }
        default: return nil
        }
        return corners.map { Point(x: $0.0, y: $0.1) }
    }

    /// Whether a node of `shape` shows its label (symbols such as a junction dot do not, as in Mermaid).
    static func showsLabel(_ shape: MermaidGraph.Shape) -> Bool {
        ![.start, .end, .bar, .junction, .crossedCircle, .bolt].contains(shape)
    }

    /// Where the line from `box`'s centre towards `outside` crosses the border of a node of `shape`.
    static func border(of box: Box, shape: MermaidGraph.Shape, towards outside: Point) -> Point {
        let dx = outside.x - box.x, dy = outside.y - box.y
        guard abs(dx) > 0.001 || abs(dy) > 0.001 else { return Point(x: box.x, y: box.y) }
        let hw = box.width / 2, hh = box.height / 2
        var scale: Double
        switch shape {
        case .circle, .doubleCircle, .start, .end, .junction, .crossedCircle:
            scale = min(hw, hh) / (dx * dx + dy * dy).squareRoot()
        default:
            scale = min(abs(dx) > 0.001 ? hw / abs(dx) : .infinity, abs(dy) > 0.001 ? hh / abs(dy) : .infinity)
            if let corners = outline(shape, box) {
                // The nearest crossing of the ray with the polygon's sides.
                var nearest = Double.infinity
                for (a, b) in zip(corners, corners.dropFirst() + [corners[0]]) {
                    let ex = b.x - a.x, ey = b.y - a.y
                    let denominator = dx * ey - dy * ex
                    guard abs(denominator) > 1e-9 else { continue }
                    let t = ((a.x - box.x) * ey - (a.y - box.y) * ex) / denominator
                    let u = ((a.x - box.x) * dy - (a.y - box.y) * dx) / denominator
                    if t > 0, u >= -1e-9, u <= 1 + 1e-9 { nearest = min(nearest, t) }
                }
                if nearest.isFinite { scale = nearest }
            }
        }
        return Point(x: box.x + dx * scale, y: box.y + dy * scale)
    }

    /// How far `point` is from the border of a node of `shape` drawn in `box`.
    static func distanceToBorder(_ point: Point, _ box: Box, _ shape: MermaidGraph.Shape) -> Double {
        let dx = abs(point.x - box.x), dy = abs(point.y - box.y)
        let hw = box.width / 2, hh = box.height / 2
        switch shape {
        case .circle, .doubleCircle, .start, .end, .junction, .crossedCircle:
            return abs((dx * dx + dy * dy).squareRoot() - min(hw, hh))
        default:
            guard let corners = outline(shape, box) else {
                let outside = max(dx - hw, dy - hh)
                return outside > 0 ? outside : min(hw - dx, hh - dy)
            }
            var nearest = Double.infinity
            for (a, b) in zip(corners, corners.dropFirst() + [corners[0]]) {
                let ex = b.x - a.x, ey = b.y - a.y
                let length = ex * ex + ey * ey
                let t = length > 0 ? max(0, min(1, ((point.x - a.x) * ex + (point.y - a.y) * ey) / length)) : 0
                let px = a.x + t * ex - point.x, py = a.y + t * ey - point.y
                nearest = min(nearest, (px * px + py * py).squareRoot())
            }
            return nearest
        }
    }
}
