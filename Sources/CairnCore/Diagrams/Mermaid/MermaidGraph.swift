/// A flowchart or state diagram as boxes and arrows: what ``FlowchartParser`` and
/// ``StateDiagramParser`` produce and ``GraphLayout``/``GraphSVG`` draw. Plain values, so a
/// parsed diagram can be compared, cached and laid out on any thread.
struct MermaidGraph: Sendable, Equatable {
    enum Direction: String, Sendable {
        case topDown = "TB", bottomUp = "BT", leftRight = "LR", rightLeft = "RL"

        init?(keyword: Substring) {
            switch keyword.uppercased() {
            case "TB", "TD": self = .topDown
            case "BT": self = .bottomUp
            case "LR": self = .leftRight
            case "RL": self = .rightLeft
            default: return nil
            }
        }

        var isHorizontal: Bool { self == .leftRight || self == .rightLeft }
    }

    enum Shape: String, Sendable {
        case rect, rounded, stadium, subroutine, cylinder, circle, doubleCircle, asymmetric, diamond, hexagon
        case leanRight, leanLeft, trapezoid, trapezoidAlt, text
        /// `@{ shape: … }` only: the flowchart symbols of Mermaid's shape table (card, lined
        /// process, document, delay, triangles, hourglass, junction, crossed circle, storage,
        /// display, stacked and tagged shapes, braces, bolt, cloud, bang…).
        case card, linedRect, document, delay, triangle, flippedTriangle, hourglass, junction, crossedCircle
        case horizontalCylinder, linedCylinder, display, dividedRect, windowPane, linedDocument, loopLimit, slopedRect
        case stackedDocument, stackedRect, flag, bowTie, taggedDocument, taggedRect, braceLeft, braceRight, braces
        case bolt, dataStore, cloud, bang
        /// State diagrams: `[*]` as a start (filled dot) or an end (dot in a ring), `<<fork>>`/`<<join>>`
        /// bars, notes.
        case start, end, bar, note
    }

    /// Fill, stroke and text colours from `classDef`, `class`, `style` and `linkStyle`; values are
    /// already checked to be colours or lengths (``MermaidStyle/parse(_:)``).
    struct Style: Sendable, Equatable {
        var fill: String?
        var stroke: String?
        var color: String?
        var strokeWidth: String?
        var dash: String?

        var isEmpty: Bool { fill == nil && stroke == nil && color == nil && strokeWidth == nil && dash == nil }

        /// `other`'s values over these.
        func merged(with other: Style) -> Style {
            Style(fill: other.fill ?? fill, stroke: other.stroke ?? stroke, color: other.color ?? color,
                  strokeWidth: other.strokeWidth ?? strokeWidth, dash: other.dash ?? dash)
        }
    }

    struct Node: Sendable, Equatable {
        var id: String
        var label: [String]
        var shape: Shape
        var style = Style()
        var classes: [String] = []
        /// The cluster (subgraph, composite state) the node is drawn in.
        var cluster: String?
        /// A note drawn beside a node (same rank), on its left or right.
        var attachedTo: Attachment?
        /// `click id "url"`: the node is a link.
        var link: Link?
    }

    struct Link: Sendable, Equatable {
        var url: String
        var tooltip: String?
        var newTab: Bool
    }

    struct Attachment: Sendable, Equatable {
        var target: String
        var left: Bool
    }

    enum Stroke: String, Sendable { case normal, dotted, thick, invisible }
    enum End: String, Sendable { case none, arrow, circle, cross }

    struct Edge: Sendable, Equatable {
        var from: String
        var to: String
        var label: [String] = []
        var stroke = Stroke.normal
        var head = End.arrow
        var tail = End.none
        /// Ranks the edge spans at least (`--->` is 2).
        var length = 1
        var style = Style()
    }

    struct Cluster: Sendable, Equatable {
        var id: String
        var title: [String]
        var parent: String?
        var style = Style()
        var classes: [String] = []
    }

    var direction = Direction.topDown
    var nodes: [Node] = []
    var edges: [Edge] = []
    var clusters: [Cluster] = []
    /// The diagram's title (front matter `title:`), drawn above it.
    var title: String?
    /// `accTitle`/`accDescr`: the accessible name and description.
    var accessibleTitle: String?
    var accessibleDescription: String?

    /// Index of the node with `id`, if there is one.
    func nodeIndex(_ id: String) -> Int? { nodes.firstIndex { $0.id == id } }
    func cluster(_ id: String) -> Cluster? { clusters.first { $0.id == id } }

    /// The nodes inside cluster `id`, at any depth, in source order.
    func nodes(inCluster id: String) -> [Int] {
        nodes.indices.filter { ancestry(ofCluster: nodes[$0].cluster).contains(id) }
    }

    /// The node an edge to `id` is laid out against: the node itself, or a cluster's first node.
    func endpoint(_ id: String) -> Int? {
        nodeIndex(id) ?? nodes.indices.first { ancestry(ofCluster: nodes[$0].cluster).contains(id) }
    }

    /// Every cluster `id` is in, innermost first.
    func ancestry(ofCluster id: String?) -> [String] {
        var result: [String] = []
        var current = id
        while let c = current, !result.contains(c) {
            result.append(c)
            current = cluster(c)?.parent
        }
        return result
    }
}

/// A construct Cairn does not draw: the block stays for the client-side script and a warning names
/// the construct at its line (0-based, within the block) and column (1-based).
public struct MermaidUnsupported: Error, Equatable, Sendable {
    public var construct: String
    public var line: Int
    public var column: Int

    init(_ construct: String, line: Int, column: Int = 1) {
        self.construct = construct
        self.line = line
        self.column = column
    }
}
