/// Cairn's own layered layout (Sugiyama's method, as `dot` does it, in a few hundred lines), used
/// when Graphviz is not installed: cycles broken by reversing back edges, ranks by longest path,
/// long and labelled edges split by dummy nodes (a label is a dummy with the label's size),
/// crossings reduced by barycentre sweeps that keep each subgraph's nodes together, positions by
/// weighted isotonic regression (each node as near its neighbours as the order and spacing allow).
/// Subgraph boxes are the padded hull of their nodes; a layout whose boxes would overlap other
/// nodes or boxes fails rather than draw a wrong picture.
enum GraphLayout {
    struct Failure: Error, Equatable {
        var reason: String
    }

    static let clusterPadding = 12.0
    static let clusterTitle = 22.0

    static func layout(_ graph: MermaidGraph) throws -> PlacedGraph {
        var engine = Engine(graph)
        return try engine.run()
    }

    private struct Item {
        var node: Int?  // nil for a dummy
        var across: Double
        var along: Double
        var path: [String]  // clusters, outermost first
        var weight: Double
    }

    private struct Chain {
        var edge: Int
        var items: [Int]
        var reversed: Bool
        var label: Int?  // the item carrying the label
    }

    private struct Engine {
        let graph: MermaidGraph
        let horizontal: Bool
        var items: [Item] = []
        var layers: [[Int]] = []
        var layerOf: [Int] = []
        var chains: [Chain] = []
        var up: [[Int]] = []
        var down: [[Int]] = []
        var loops: [Int: Int] = [:]  // node -> number of self-loops
        let sizes: [(width: Double, height: Double)]

        init(_ graph: MermaidGraph) {
            self.graph = graph
            horizontal = graph.direction.isHorizontal
            sizes = graph.nodes.map { GraphShapes.size(of: $0, direction: graph.direction) }
        }

        func path(ofNode index: Int) -> [String] {
            Array(graph.ancestry(ofCluster: graph.nodes[index].cluster).reversed())
        }

        func endpoint(_ id: String) -> Int? { graph.endpoint(id) }

        mutating func run() throws -> PlacedGraph {
            let n = graph.nodes.count
            let factor = graph.edges.contains { !$0.label.isEmpty && $0.stroke != .invisible } ? 2 : 1
            // Edges that take part in ranking. An edge to a subgraph ranks after everything that
            // leads into it and before its first nodes (its nodes without a predecessor inside it);
            // one from a subgraph after its last nodes. It is drawn along the shortest of those pairs.
            var ranked: [(from: Int, to: Int, length: Int, edge: Int)] = []
            var attached = Set<Int>()
            for (i, node) in graph.nodes.enumerated() where node.attachedTo != nil { attached.insert(i) }
            for (e, edge) in graph.edges.enumerated() {
                let froms = boundary(edge.from, sinks: true), tos = boundary(edge.to, sinks: false)
                guard let from = froms.first, let to = tos.first else {
                    throw Failure(reason: "an edge names a subgraph with no nodes")
                }
                if attached.contains(from) || attached.contains(to) { continue }
                if from == to {
                    loops[from, default: 0] += 1
                    continue
                }
                for a in froms {
                    for b in tos where a != b {
                        ranked.append((a, b, max(1, edge.length) * factor, e))
                    }
                }
            }
            // Break cycles: depth-first, in source order; an edge back to a node on the stack is reversed.
            var outgoing = [[Int]](repeating: [], count: n)
            for (k, edge) in ranked.enumerated() { outgoing[edge.from].append(k) }
            var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on stack, 2 done
            var reversed = Set<Int>()
            for root in 0..<n where state[root] == 0 && !attached.contains(root) {
                var stack: [(node: Int, next: Int)] = [(root, 0)]
                state[root] = 1
                while let top = stack.last {
                    if top.next < outgoing[top.node].count {
                        stack[stack.count - 1].next += 1
                        let k = outgoing[top.node][top.next]
                        let target = ranked[k].to
                        if state[target] == 1 { reversed.insert(k) } else if state[target] == 0 {
                            state[target] = 1
                            stack.append((target, 0))
                        }
                    } else {
                        state[top.node] = 2
                        stack.removeLast()
                    }
                }
            }
            // Ranks: longest path from the sources, then sources moved down next to what they feed.
            var predecessors = [[(Int, Int)]](repeating: [], count: n)
            var successors = [[(Int, Int)]](repeating: [], count: n)
            for (k, edge) in ranked.enumerated() {
                let (a, b) = reversed.contains(k) ? (edge.to, edge.from) : (edge.from, edge.to)
                predecessors[b].append((a, edge.length))
                successors[a].append((b, edge.length))
            }
            var indegree = predecessors.map(\.count)
            var order: [Int] = []
            var queue = (0..<n).filter { indegree[$0] == 0 && !attached.contains($0) }
            var head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                order.append(v)
                for (w, _) in successors[v] {
                    indegree[w] -= 1
                    if indegree[w] == 0 { queue.append(w) }
                }
            }
            var rank = [Int](repeating: 0, count: n)
            for v in order { for (u, length) in predecessors[v] { rank[v] = max(rank[v], rank[u] + length) } }
            for v in order.reversed() where predecessors[v].isEmpty && !successors[v].isEmpty {
                rank[v] = successors[v].map { rank[$0.0] - $0.1 }.min()!
            }
            for i in attached {
                if let target = graph.nodes[i].attachedTo.flatMap({ endpoint($0.target) }) { rank[i] = rank[target] }
            }
            let minimum = rank.min() ?? 0
            rank = rank.map { $0 - minimum }
            let layerCount = (rank.max() ?? 0) + 1
            layers = Array(repeating: [], count: layerCount)

            // Items: real nodes, then dummies along every edge longer than one rank.
            for i in 0..<n {
                items.append(Item(
                    node: i, across: horizontal ? sizes[i].height : sizes[i].width,
                    along: horizontal ? sizes[i].width : sizes[i].height, path: path(ofNode: i), weight: 1))
                layerOf.append(rank[i])
            }
            // Each edge is drawn along the pair of nodes its ranking put closest together.
            var drawn: [Int: Int] = [:]
            for (k, entry) in ranked.enumerated() {
                let span = abs(rank[entry.to] - rank[entry.from])
                if let best = drawn[entry.edge], abs(rank[ranked[best].to] - rank[ranked[best].from]) <= span { continue }
                drawn[entry.edge] = k
            }
            for (k, edge) in ranked.enumerated() where drawn[edge.edge] == k {
                let flip = reversed.contains(k)
                let (a, b) = flip ? (edge.to, edge.from) : (edge.from, edge.to)
                let common = commonPrefix(items[a].path, items[b].path)
                var chain = [a]
                let label = graph.edges[edge.edge].label
                let span = rank[b] - rank[a]
                var labelItem: Int?
                for step in 1..<max(1, span) {
                    var item = Item(node: nil, across: 0, along: 0, path: common, weight: 2)
                    if !label.isEmpty, graph.edges[edge.edge].stroke != .invisible, step == span / 2 {
                        let width = MermaidText.width(label) + 8
                        let height = Double(label.count) * MermaidText.lineHeight + 4
                        item.across = horizontal ? height : width
                        item.along = horizontal ? width : height
                        labelItem = items.count
                    }
                    items.append(item)
                    layerOf.append(rank[a] + step)
                    chain.append(items.count - 1)
                }
                chain.append(b)
                chains.append(Chain(edge: edge.edge, items: chain, reversed: flip, label: labelItem))
            }
            up = Array(repeating: [], count: items.count)
            down = Array(repeating: [], count: items.count)
            for chain in chains {
                for (a, b) in zip(chain.items, chain.items.dropFirst()) {
                    down[a].append(b)
                    up[b].append(a)
                }
            }
            initialOrder(attached: attached)
            reduceCrossings()
            placeNotes(attached)
            let across = assignAcross()
            let along = assignAlong()
            return try place(across: across, along: along, attached: attached)
        }

        /// The node itself, or a subgraph's first nodes (`sinks`: its last nodes) in source order;
        /// all its nodes, ``endpoint(_:)``'s first, when each has one before (after) it inside.
        func boundary(_ id: String, sinks: Bool) -> [Int] {
            if let index = graph.nodeIndex(id) { return [index] }
            guard let representative = endpoint(id) else { return [] }
            let members = Set(graph.nodes(inCluster: id))
            var linked = Set<Int>()
            for edge in graph.edges {
                guard let a = graph.nodeIndex(edge.from), let b = graph.nodeIndex(edge.to), members.contains(a), members.contains(b), a != b else { continue }
                linked.insert(sinks ? a : b)
            }
            let ends = members.filter { !linked.contains($0) && graph.nodes[$0].attachedTo == nil }.sorted()
            if !ends.isEmpty { return ends }
            // Every node has one before (after) it inside, as in a loop: rank against all of them.
            return [representative] + members.filter { $0 != representative && graph.nodes[$0].attachedTo == nil }.sorted()
        }

        func commonPrefix(_ a: [String], _ b: [String]) -> [String] {
            var result: [String] = []
            for (x, y) in zip(a, b) where x == y { result.append(x) }
            return result
        }

        // MARK: Ordering

        mutating func initialOrder(attached: Set<Int>) {
            // Depth-first from the first nodes written, so the source order shows through.
            var seen = [Bool](repeating: false, count: items.count)
            for start in items.indices where items[start].node.map({ !attached.contains($0) }) ?? false {
                var stack = [start]
                while let item = stack.popLast() {
                    guard !seen[item] else { continue }
                    seen[item] = true
                    layers[layerOf[item]].append(item)
                    for next in down[item].reversed() where !seen[next] { stack.append(next) }
                }
            }
            for item in items.indices where !seen[item] && items[item].node.map({ !attached.contains($0) }) ?? true {
                layers[layerOf[item]].append(item)
            }
            for l in layers.indices { layers[l] = grouped(layers[l], keys: positions(layers[l]), depth: 0) }
        }

        func positions(_ layer: [Int]) -> [Int: Double] {
            var keys: [Int: Double] = [:]
            for (p, item) in layer.enumerated() { keys[item] = Double(p) }
            return keys
        }

        /// `layer` sorted by `keys`, each cluster's members kept together (a cluster sorts by
        /// the mean of its members' keys), recursively.
        func grouped(_ layer: [Int], keys: [Int: Double], depth: Int) -> [Int] {
            var groups: [(key: Double, first: Int, members: [Int], cluster: String?)] = []
            var slot: [String: Int] = [:]
            for (p, item) in layer.enumerated() {
                let path = items[item].path
                if path.count > depth {
                    let cluster = path[depth]
                    if let g = slot[cluster] { groups[g].members.append(item) } else {
                        slot[cluster] = groups.count
                        groups.append((0, p, [item], cluster))
                    }
                } else {
                    groups.append((0, p, [item], nil))
                }
            }
            for g in groups.indices {
                let sum = groups[g].members.reduce(0.0) { $0 + (keys[$1] ?? 0) }
                groups[g].key = sum / Double(groups[g].members.count)
            }
            groups.sort { ($0.key, $0.first) < ($1.key, $1.first) }
            return groups.flatMap { $0.cluster == nil ? $0.members : grouped($0.members, keys: keys, depth: depth + 1) }
        }

        mutating func reduceCrossings() {
            guard layers.count > 1 else { return }
            var best = layers
            var bestCrossings = crossings()
            for iteration in 0..<16 {
                let downward = iteration % 2 == 0
                let sequence = downward ? Array(1..<layers.count) : Array((0..<(layers.count - 1)).reversed())
                for l in sequence {
                    let neighbourLayer = downward ? layers[l - 1] : layers[l + 1]
                    let neighbourPositions = positions(neighbourLayer)
                    var keys: [Int: Double] = [:]
                    for (p, item) in layers[l].enumerated() {
                        let neighbours = (downward ? up[item] : down[item]).compactMap { neighbourPositions[$0] }
                        // Scaled so a node without neighbours keeps its place among the others.
                        keys[item] = neighbours.isEmpty
                            ? Double(p) * Double(max(1, neighbourLayer.count)) / Double(max(1, layers[l].count))
                            : neighbours.reduce(0, +) / Double(neighbours.count)
                    }
                    layers[l] = grouped(layers[l], keys: keys, depth: 0)
                }
                let count = crossings()
                if count < bestCrossings {
                    best = layers
                    bestCrossings = count
                }
                if bestCrossings == 0 { break }
            }
            layers = best
        }

        func crossings() -> Int {
            var total = 0
            for l in 0..<(layers.count - 1) {
                let upper = positions(layers[l]), lower = positions(layers[l + 1])
                var segments: [(Double, Double)] = []
                for item in layers[l] { for next in down[item] { if let p = lower[next] { segments.append((upper[item]!, p)) } } }
                if segments.count > 400 { continue }
                for i in segments.indices {
                    for j in (i + 1)..<segments.count {
                        let (a, b) = (segments[i], segments[j])
                        if (a.0 - b.0) * (a.1 - b.1) < 0 { total += 1 }
                    }
                }
            }
            return total
        }

        /// Notes go right beside the node they belong to.
        mutating func placeNotes(_ attached: Set<Int>) {
            for i in attached.sorted() {
                guard let attachment = graph.nodes[i].attachedTo, let target = endpoint(attachment.target) else { continue }
                let l = layerOf[target]
                guard let p = layers[l].firstIndex(of: target) else { continue }
                layers[l].insert(i, at: attachment.left ? p : p + 1)
            }
        }

        // MARK: Positions

        func separation(_ a: Int, _ b: Int) -> Double {
            let base: Double
            switch (items[a].node == nil, items[b].node == nil) {
            case (false, false): base = 30
            case (true, true): base = 10
            default: base = 16
            }
            let pa = items[a].path, pb = items[b].path
            let shared = commonPrefix(pa, pb).count
            let boundaries = Double(pa.count - shared + pb.count - shared)
            let loop = items[a].node.flatMap { loops[$0] } != nil ? 44.0 : 0
            return (items[a].across + items[b].across) / 2 + base + boundaries * (clusterPadding + clusterTitle) + loop
        }

        func assignAcross() -> [Double] {
            var x = [Double](repeating: 0, count: items.count)
            for layer in layers {
                var position = 0.0
                for (p, item) in layer.enumerated() {
                    if p > 0 { position += separation(layer[p - 1], item) }
                    x[item] = position
                }
            }
            guard layers.count > 1 else { return x }
            for iteration in 0..<12 {
                let downward = iteration % 2 == 0
                let both = iteration >= 8
                let sequence = downward ? Array(1..<layers.count) : Array((0..<(layers.count - 1)).reversed())
                for l in sequence {
                    let layer = layers[l]
                    var desired: [Double] = []
                    var weights: [Double] = []
                    for item in layer {
                        let neighbours = both ? up[item] + down[item] : (downward ? up[item] : down[item])
                        if neighbours.isEmpty {
                            desired.append(x[item])
                            weights.append(0.1)
                        } else {
                            desired.append(neighbours.reduce(0.0) { $0 + x[$1] } / Double(neighbours.count))
                            weights.append(items[item].weight * Double(neighbours.count))
                        }
                    }
                    let placed = Self.fit(desired, weights: weights, gaps: layer.indices.dropFirst().map { separation(layer[$0 - 1], layer[$0]) })
                    for (item, value) in zip(layer, placed) { x[item] = value }
                }
            }
            separateClusters(&x)
            return x
        }

        /// Moves whatever is not in a subgraph out of the band its box covers, on every rank the
        /// subgraph spans: an item right of the subgraph's members (or right of its middle, on a
        /// rank it has none) is pushed right with everything after it, one on the left pushed left.
        /// The order within each rank is kept; edges into the subgraph then enter from outside.
        func separateClusters(_ x: inout [Double]) {
            guard !graph.clusters.isEmpty else { return }
            let pad = clusterPadding + clusterTitle
            let byDepth = graph.clusters.sorted { graph.ancestry(ofCluster: $0.id).count > graph.ancestry(ofCluster: $1.id).count }
            for _ in 0..<12 {
                var moved = false
                for cluster in byDepth {
                    let members = items.indices.filter { items[$0].path.contains(cluster.id) }
                    guard let low = members.map({ x[$0] - items[$0].across / 2 }).min(),
                          let high = members.map({ x[$0] + items[$0].across / 2 }).max(),
                          let first = members.map({ layerOf[$0] }).min(), let last = members.map({ layerOf[$0] }).max() else { continue }
                    let (left, right) = (low - pad, high + pad)
                    for l in first...last {
                        let layer = layers[l]
                        let memberPositions = layer.indices.filter { items[layer[$0]].path.contains(cluster.id) }
                        for p in layer.indices where !items[layer[p]].path.contains(cluster.id) {
                            let item = layer[p]
                            let a = x[item] - items[item].across / 2, b = x[item] + items[item].across / 2
                            guard a < right, b > left else { continue }
                            let onRight = memberPositions.first.map { p > $0 } ?? (x[item] >= (low + high) / 2)
                            if onRight {
                                let shift = right - a
                                for q in p..<layer.count { x[layer[q]] += shift }
                            } else {
                                let shift = b - left
                                for q in 0...p { x[layer[q]] -= shift }
                            }
                            moved = true
                        }
                    }
                }
                if !moved { return }
            }
        }

        /// Positions as near `desired` as possible (weighted least squares) with each at least
        /// `gaps[i-1]` right of the one before: pool-adjacent-violators on the shifted values.
        static func fit(_ desired: [Double], weights: [Double], gaps: [Double]) -> [Double] {
            var offsets = [0.0]
            for gap in gaps { offsets.append(offsets.last! + gap) }
            var blocks: [(value: Double, weight: Double, count: Int)] = []
            for i in desired.indices {
                blocks.append((desired[i] - offsets[i], weights[i], 1))
                while blocks.count > 1, blocks[blocks.count - 2].value > blocks[blocks.count - 1].value {
                    let b = blocks.removeLast(), a = blocks.removeLast()
                    let weight = a.weight + b.weight
                    blocks.append(((a.value * a.weight + b.value * b.weight) / weight, weight, a.count + b.count))
                }
            }
            var result: [Double] = []
            for block in blocks { for _ in 0..<block.count { result.append(block.value + offsets[result.count]) } }
            return result
        }

        func assignAlong() -> [Double] {
            var thickness = layers.map { layer in layer.map { items[$0].along }.max() ?? 0 }
            thickness = thickness.map { max($0, 0) }
            let labelled = graph.edges.contains { !$0.label.isEmpty && $0.stroke != .invisible }
            let gap = labelled ? 22.0 : 44.0
            // Room for subgraph borders and titles where subgraphs start or end between ranks.
            var firstRank: [String: Int] = [:], lastRank: [String: Int] = [:]
            for (i, item) in items.enumerated() where item.node != nil {
                for cluster in item.path {
                    firstRank[cluster] = min(firstRank[cluster] ?? Int.max, layerOf[i])
                    lastRank[cluster] = max(lastRank[cluster] ?? Int.min, layerOf[i])
                }
            }
            var along = [Double](repeating: 0, count: items.count)
            var position = 0.0
            var centres: [Double] = []
            for l in layers.indices {
                if l > 0 {
                    let opening = layers[l].map { item in items[item].path.filter { firstRank[$0] == l }.count }.max() ?? 0
                    let closing = layers[l - 1].map { item in items[item].path.filter { lastRank[$0] == l - 1 }.count }.max() ?? 0
                    let loopsHere = layers[l - 1].contains { items[$0].node.flatMap { loops[$0] } != nil } ? 12.0 : 0
                    position += gap + Double(opening + closing) * (clusterPadding + clusterTitle) + loopsHere
                }
                centres.append(position + thickness[l] / 2)
                position += thickness[l]
            }
            for (i, _) in items.enumerated() { along[i] = centres[layerOf[i]] }
            return along
        }

        // MARK: Picture

        func place(across: [Double], along: [Double], attached: Set<Int>) throws -> PlacedGraph {
            let minAcross = items.indices.map { across[$0] - items[$0].across / 2 }.min() ?? 0
            let maxAlong = items.indices.map { along[$0] + items[$0].along / 2 }.max() ?? 0
            let direction = graph.direction
            func point(_ u: Double, _ v: Double) -> Point {
                let u = u - minAcross
                switch direction {
                case .topDown: return Point(x: u, y: v)
                case .bottomUp: return Point(x: u, y: maxAlong - v)
                case .leftRight: return Point(x: v, y: u)
                case .rightLeft: return Point(x: maxAlong - v, y: u)
                }
            }
            var boxes: [Box] = []
            for i in graph.nodes.indices {
                let centre = point(across[i], along[i])
                boxes.append(Box(x: centre.x, y: centre.y, width: sizes[i].width, height: sizes[i].height))
            }
            // Subgraph boxes, innermost first.
            var clusterBoxes: [String: Box] = [:]
            let graph = self.graph
            let depth: (MermaidGraph.Cluster) -> Int = { graph.ancestry(ofCluster: $0.id).count }
            for cluster in graph.clusters.sorted(by: { depth($0) > depth($1) }) {
                var hull: Box?
                for (i, node) in graph.nodes.enumerated() where node.cluster == cluster.id { hull = union(hull, boxes[i]) }
                // Bends and labels of edges inside it too.
                for k in graph.nodes.count..<items.count where items[k].path.contains(cluster.id) {
                    let centre = point(across[k], along[k])
                    let (a, b) = (items[k].across, items[k].along)
                    hull = union(hull, Box(x: centre.x, y: centre.y, width: horizontal ? b : a, height: horizontal ? a : b))
                }
                for child in graph.clusters where child.parent == cluster.id { if let box = clusterBoxes[child.id] { hull = union(hull, box) } }
                guard var box = hull else { throw Failure(reason: "subgraph '\(cluster.id)' has no nodes") }
                let titled = !(cluster.title.count == 1 && cluster.title[0].isEmpty)
                let top = clusterPadding + (titled ? Double(cluster.title.count) * MermaidText.lineHeight + 4 : 0)
                box = Box(minX: box.minX - clusterPadding, minY: box.minY - top, maxX: box.maxX + clusterPadding, maxY: box.maxY + clusterPadding)
                let titleWidth = MermaidText.width(cluster.title) + 2 * clusterPadding
                if box.width < titleWidth { box = Box(x: box.x, y: box.y, width: titleWidth, height: box.height) }
                clusterBoxes[cluster.id] = box
            }
            try check(boxes: boxes, clusters: clusterBoxes)
            // Edge paths through their dummies, cut at the borders of what they join.
            var paths = [[Point]](repeating: [], count: graph.edges.count)
            var labels = [Point?](repeating: nil, count: graph.edges.count)
            for chain in chains {
                var points = chain.items.map { point(across[$0], along[$0]) }
                if chain.reversed { points.reverse() }
                let edge = graph.edges[chain.edge]
                if let label = chain.label { labels[chain.edge] = point(across[label], along[label]) }
                paths[chain.edge] = route(points, edge: edge, boxes: boxes, clusters: clusterBoxes)
            }
            for (e, edge) in graph.edges.enumerated() where paths[e].isEmpty {
                guard let from = endpoint(edge.from), let to = endpoint(edge.to) else { continue }
                if from == to {
                    let (path, label) = selfLoop(boxes[from], index: graph.edges[..<e].filter { endpoint($0.from) == from && endpoint($0.to) == from }.count)
                    paths[e] = path
                    if !edge.label.isEmpty { labels[e] = label }
                } else {
                    // A note's dotted line, straight across.
                    let a = GraphShapes.border(of: boxes[from], shape: graph.nodes[from].shape, towards: Point(x: boxes[to].x, y: boxes[to].y))
                    let b = GraphShapes.border(of: boxes[to], shape: graph.nodes[to].shape, towards: Point(x: boxes[from].x, y: boxes[from].y))
                    paths[e] = [a, a, b, b]
                }
            }
            // Everything shifted so the picture starts at (margin, margin).
            var extent: Box? = nil
            for box in boxes { extent = union(extent, box) }
            for box in clusterBoxes.values { extent = union(extent, box) }
            for (e, label) in labels.enumerated() {
                if let label {
                    let width = MermaidText.width(graph.edges[e].label) + 8, height = Double(graph.edges[e].label.count) * MermaidText.lineHeight
                    extent = union(extent, Box(x: label.x, y: label.y, width: width, height: height))
                }
            }
            for path in paths { for p in path { extent = union(extent, Box(x: p.x, y: p.y, width: 0, height: 0)) } }
            let margin = 8.0
            let dx = margin - (extent?.minX ?? 0), dy = margin - (extent?.minY ?? 0)
            func shift(_ p: Point) -> Point { Point(x: p.x + dx, y: p.y + dy) }
            func shift(_ b: Box) -> Box { Box(x: b.x + dx, y: b.y + dy, width: b.width, height: b.height) }
            return PlacedGraph(
                width: (extent?.width ?? 0) + 2 * margin, height: (extent?.height ?? 0) + 2 * margin,
                nodes: boxes.map(shift), edges: paths.map { $0.map(shift) }, labels: labels.map { $0.map(shift) },
                clusters: clusterBoxes.mapValues(shift))
        }

        func union(_ a: Box?, _ b: Box) -> Box {
            guard let a else { return b }
            return Box(minX: min(a.minX, b.minX), minY: min(a.minY, b.minY), maxX: max(a.maxX, b.maxX), maxY: max(a.maxY, b.maxY))
        }

        /// No subgraph box may cut into a node outside it or another box it does not hold.
        func check(boxes: [Box], clusters: [String: Box]) throws {
            for cluster in graph.clusters {
                guard let box = clusters[cluster.id] else { continue }
                for (i, node) in graph.nodes.enumerated() where !graph.ancestry(ofCluster: node.cluster).contains(cluster.id) {
                    if box.intersects(boxes[i]) {
                        throw Failure(reason: "subgraph '\(cluster.id)' would overlap node '\(node.id)'")
                    }
                }
                for other in graph.clusters where other.id != cluster.id {
                    guard let otherBox = clusters[other.id] else { continue }
                    let nested = graph.ancestry(ofCluster: other.id).contains(cluster.id) || graph.ancestry(ofCluster: cluster.id).contains(other.id)
                    if nested ? !(box.contains(otherBox) || otherBox.contains(box)) : box.intersects(otherBox) {
                        throw Failure(reason: "subgraphs '\(cluster.id)' and '\(other.id)' would overlap")
                    }
                }
            }
        }

        /// A polyline through `points` (centres), its ends moved to the borders of the nodes (or
        /// subgraph boxes) it joins, as Bézier segments that leave and enter along the rank axis.
        func route(_ raw: [Point], edge: MermaidGraph.Edge, boxes: [Box], clusters: [String: Box]) -> [Point] {
            var points = raw
            guard points.count >= 2 else { return [] }
            if let cluster = clusters[edge.to], graph.nodeIndex(edge.to) == nil {
                points = cut(points, at: cluster)
            } else if let to = graph.nodeIndex(edge.to) {
                points[points.count - 1] = GraphShapes.border(of: boxes[to], shape: graph.nodes[to].shape, towards: points[points.count - 2])
            }
            if let cluster = clusters[edge.from], graph.nodeIndex(edge.from) == nil {
                points = Array(cut(points.reversed(), at: cluster).reversed())
            } else if let from = graph.nodeIndex(edge.from) {
                points[0] = GraphShapes.border(of: boxes[from], shape: graph.nodes[from].shape, towards: points[1])
            }
            // Catmull-Rom tangents through the dummies; the ends leave and arrive along the rank axis.
            func tangent(_ i: Int) -> Point {
                if i > 0, i < points.count - 1 {
                    return Point(x: (points[i + 1].x - points[i - 1].x) / 2, y: (points[i + 1].y - points[i - 1].y) / 2)
                }
                let (a, b) = i == 0 ? (points[0], points[1]) : (points[i - 1], points[i])
                return horizontal ? Point(x: b.x - a.x, y: 0) : Point(x: 0, y: b.y - a.y)
            }
            var curve = [points[0]]
            for i in 0..<(points.count - 1) {
                let (a, b) = (points[i], points[i + 1])
                let (ta, tb) = (tangent(i), tangent(i + 1))
                curve += [Point(x: a.x + ta.x / 3, y: a.y + ta.y / 3), Point(x: b.x - tb.x / 3, y: b.y - tb.y / 3), b]
            }
            return curve
        }

        /// `points` up to where they first enter `box`.
        func cut(_ points: [Point], at box: Box) -> [Point] {
            var result = [points[0]]
            for (a, b) in zip(points, points.dropFirst()) {
                if !box.contains(a), box.contains(b) {
                    // Bisect the segment for the border crossing.
                    var (lo, hi) = (0.0, 1.0)
                    for _ in 0..<30 {
                        let mid = (lo + hi) / 2
                        if box.contains(Point(x: a.x + (b.x - a.x) * mid, y: a.y + (b.y - a.y) * mid)) { hi = mid } else { lo = mid }
                    }
                    result.append(Point(x: a.x + (b.x - a.x) * hi, y: a.y + (b.y - a.y) * hi))
                    return result
                }
                result.append(b)
            }
            return result
        }

        /// A loop out of a node's side (right, or bottom when ranks run left to right) and back.
        func selfLoop(_ box: Box, index: Int) -> ([Point], Point) {
            let reach = 34.0 + Double(index) * 12
            if horizontal {
                let a = Point(x: box.x - box.width / 4, y: box.maxY), b = Point(x: box.x + box.width / 4, y: box.maxY)
                return ([a, Point(x: a.x - 8, y: a.y + reach), Point(x: b.x + 8, y: b.y + reach), b], Point(x: box.x, y: box.maxY + reach))
            }
            let a = Point(x: box.maxX, y: box.y - box.height / 4), b = Point(x: box.maxX, y: box.y + box.height / 4)
            return ([a, Point(x: a.x + reach, y: a.y - 8), Point(x: b.x + reach, y: b.y + 8), b], Point(x: box.maxX + reach, y: box.y))
        }
    }
}
