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

    /// Where the line from `box`'s centre towards `outside` crosses the border of a node of `shape`.
    static func border(of box: Box, shape: MermaidGraph.Shape, towards outside: Point) -> Point {
        let dx = outside.x - box.x, dy = outside.y - box.y
        guard abs(dx) > 0.001 || abs(dy) > 0.001 else { return Point(x: box.x, y: box.y) }
        let hw = box.width / 2, hh = box.height / 2
        let scale: Double
        switch shape {
        case .circle, .doubleCircle, .start, .end:
            scale = min(hw, hh) / (dx * dx + dy * dy).squareRoot()
        case .diamond:
            scale = 1 / (abs(dx) / hw + abs(dy) / hh)
        default:
            scale = min(abs(dx) > 0.001 ? hw / abs(dx) : .infinity, abs(dy) > 0.001 ? hh / abs(dy) : .infinity)
        }
        return Point(x: box.x + dx * scale, y: box.y + dy * scale)
    }
}
