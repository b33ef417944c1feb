import CairnMarkdown

/// Lays out and draws a ``SequenceDiagram``: one column per participant, spaced so every
/// message label, self-message and note fits; one row per event; boxes for blocks, activations
/// and participant groups; participants drawn again at the foot, as Mermaid does. Same style as
/// ``GraphSVG`` (currentColor, tints, the theme's font).
enum SequenceSVG {
    private static let gap = 36.0
    private static let rowGap = 16.0

    static func render(_ diagram: SequenceDiagram) -> String {
        var layout = Layout(diagram)
        return layout.draw()
    }

    private struct Layout {
        let d: SequenceDiagram
        var x: [Double] = []
        var widths: [Double] = []
        var boxHeight = 0.0
        // Drawing, in layers.
        var backgrounds = ""
        var frames = ""
        var activations = ""
        var messages = ""
        var notes = ""
        var minX = 0.0
        var maxX = 0.0

        init(_ d: SequenceDiagram) {
            self.d = d
        }

        func n(_ v: Double) -> String { TextDiagramSVG.n(v) }

        mutating func columns() {
            let count = d.participants.count
            widths = d.participants.map { max(MermaidText.width($0.label) + ($0.kind == .queue ? 50 : 30), 90) }
            boxHeight = d.participants.map { $0.kind.isFigure ? Double($0.label.count) * MermaidText.lineHeight + 52 : ownHeight($0) }.max() ?? 40
            var needs: [(a: Int, b: Int, need: Double)] = []
            var numbered = false
            for event in d.events {
                switch event {
                case .autonumber: numbered = true
                case .message(let message):
                    let (from, to, text) = (message.from, message.to, message.text)
                    let width = MermaidText.width(text) + (numbered ? 22 : 0)
                    if from == to {
                        if from + 1 < count { needs.append((from, from + 1, width + 56 + widths[from + 1] / 2)) }
                    } else {
                        needs.append((min(from, to), max(from, to), width + 30))
                    }
                case let .note(first, last, placement, text):
                    let width = MermaidText.width(text) + 20
                    switch placement {
                    case .right: if first + 1 < count { needs.append((first, first + 1, width + 24 + widths[first + 1] / 2)) }
                    case .left: if first > 0 { needs.append((first - 1, first, width + 24 + widths[first - 1] / 2)) }
                    case .over:
                        if first == last {
                            if first > 0 { needs.append((first - 1, first, width / 2 + 20 + widths[first - 1] / 2)) }
                            if first + 1 < count { needs.append((first, first + 1, width / 2 + 20 + widths[first + 1] / 2)) }
                        } else {
                            needs.append((first, last, width - 40))
                        }
                    }
                default: break
                }
            }
            x = [widths[0] / 2]
            for i in 1..<max(1, count) {
                var position = x[i - 1] + (widths[i - 1] + widths[i]) / 2 + gap
                for need in needs where need.b == i { position = max(position, x[need.a] + need.need) }
                x.append(position)
            }
            minX = 0
            maxX = x[count - 1] + widths[count - 1] / 2
        }

        mutating func draw() -> String {
            columns()
            var y = boxHeight + 24
            var lastLine: Double?
            var active: [Int: [Double]] = [:]
            var number = 0
            var numbered = false
            struct Block {
                var kind: String
                var label: [String]
                var top: Double
                var sections: [(y: Double, label: [String])] = []
                var minX = Double.infinity
                var maxX = -Double.infinity
                var fill: String?
            }
            var blocks: [Block] = []
            func extend(_ low: Double, _ high: Double) {
                guard !blocks.isEmpty else { return }
                blocks[blocks.count - 1].minX = min(blocks[blocks.count - 1].minX, low)
                blocks[blocks.count - 1].maxX = max(blocks[blocks.count - 1].maxX, high)
            }
            func edge(_ p: Int, towards other: Double) -> Double {
                let depth = Double(active[p]?.count ?? 0)
                guard depth > 0 else { return x[p] }
                return other > x[p] ? x[p] + 5 + (depth - 1) * 5 : x[p] - 5 + (depth - 1) * 5
            }
            var creating = Set<Int>(), destroying = Set<Int>()
            var lifeStart: [Int: Double] = [:], lifeEnd: [Int: Double] = [:]
            var createdHeads = ""
            for event in d.events {
                switch event {
                case .create(let p):
                    creating.insert(p)
                case .destroy(let p):
                    destroying.insert(p)
                case .autonumber:
                    numbered = true
                case .message(let message):
                    let (from, to, text, line, head) = (message.from, message.to, message.text, message.line, message.head)
                    let (both, activate, deactivate) = (message.both, message.activate, message.deactivate)
                    let textHeight = Double(text.count) * MermaidText.lineHeight
                    number += 1
                    let dash = line == .dotted ? " stroke-dasharray=\"4 3\"" : ""
                    if from == to {
                        let top = y + 4
                        if activate { active[to, default: []].append(top + 24) }
                        let start = edge(from, towards: x[from] + 1)
                        let bottom = top + max(24, textHeight)
                        messages += "<path d=\"M\(n(start)) \(n(top))H\(n(start + 30))V\(n(bottom))H\(n(start + 2))\" fill=\"none\"\(dash)/>\n"
                        messages += SequenceSVG.head(head, tip: Point(x: start, y: bottom), from: Point(x: start + 30, y: bottom))
                        if !text.isEmpty {
                            messages += GraphSVG.text(text, x: start + 38, middle: (top + bottom) / 2, anchor: "start") + "\n"
                        }
                        if numbered { messages += badge(number, at: Point(x: start, y: top)) }
                        let right = start + 38 + MermaidText.width(text)
                        extend(x[from] - 24, right + 8)
                        maxX = max(maxX, right + 8)
                        lastLine = bottom
                        if deactivate, var stack = active[from], let began = stack.popLast() {
                            active[from] = stack
                            activations += activation(from, depth: stack.count + 1, from: began, to: bottom)
                        }
                        y = bottom + rowGap + 6
                    } else {
                        // A participant created here gets its box on this line.
                        let created = [to, from].first { creating.contains($0) }
                        let createdHeight = created.map { d.participants[$0].kind.isFigure ? boxHeight : ownHeight(d.participants[$0]) } ?? 0
                        let lineY = y + max(textHeight + 6, createdHeight / 2 + 4)
                        if activate { active[to, default: []].append(lineY) }
                        var x1 = edge(from, towards: x[to]), x2 = edge(to, towards: x[from])
                        if let created {
                            creating.remove(created)
                            let half = widths[created] / 2 * (d.participants[created].kind.isFigure ? 0.3 : 1)
                            let side = created == to ? (x[from] < x[to] ? -half : half) : (x[to] < x[from] ? -half : half)
                            if created == to { x2 = x[to] + side } else { x1 = x[from] + side }
                            let top = lineY - createdHeight / 2
                            createdHeads += participantBox(d.participants[created], centre: x[created], width: widths[created], top: top - (boxHeight - createdHeight) / 2)
                            lifeStart[created] = top + createdHeight
                        }
                        // A central connection's circle sits on the lifeline; the arrow stops at its edge.
                        let direction = x2 >= x1 ? 1.0 : -1.0
                        let (lineStart, lineEnd) = (message.centralFrom ? x1 + 4.5 * direction : x1, message.centralTo ? x2 - 4.5 * direction : x2)
                        for p in [from, to] where destroying.contains(p) {
                            destroying.remove(p)
                            lifeEnd[p] = lineY
                            messages += "<path d=\"M\(n(x[p] - 7)) \(n(lineY - 7))L\(n(x[p] + 7)) \(n(lineY + 7))M\(n(x[p] + 7)) \(n(lineY - 7))L\(n(x[p] - 7)) \(n(lineY + 7))\" stroke-width=\"2\"/>\n"
                        }
                        messages += "<path d=\"M\(n(lineStart)) \(n(lineY))H\(n(lineEnd))\" fill=\"none\"\(dash)/>\n"
                        messages += SequenceSVG.head(head, tip: Point(x: lineEnd, y: lineY), from: Point(x: lineStart, y: lineY))
                        if both { messages += SequenceSVG.head(head, tip: Point(x: lineStart, y: lineY), from: Point(x: lineEnd, y: lineY)) }
                        for (central, at) in [(message.centralFrom, x1), (message.centralTo, x2)] where central {
                            messages += "<circle cx=\"\(n(at))\" cy=\"\(n(lineY))\" r=\"4.5\" fill=\"Canvas\" class=\"label-bg\" stroke-width=\"1.5\"/>\n"
                        }
                        if !text.isEmpty {
                            messages += GraphSVG.text(text, x: (x1 + x2) / 2, middle: lineY - 4 - textHeight / 2) + "\n"
                        }
                        if numbered { messages += badge(number, at: Point(x: x1, y: lineY)) }
                        let half = MermaidText.width(text) / 2
                        let (low, high) = (x[min(from, to)], x[max(from, to)])
                        extend(min(low - 24, (x1 + x2) / 2 - half - 12), max(high + 24, (x1 + x2) / 2 + half + 12))
                        lastLine = lineY
                        if deactivate, var stack = active[from], let began = stack.popLast() {
                            active[from] = stack
                            activations += activation(from, depth: stack.count + 1, from: began, to: lineY)
                        }
                        y = lineY + max(rowGap, createdHeight / 2 + 8)
                    }
                case let .note(first, last, placement, text):
                    let width = MermaidText.width(text) + 20
                    let height = Double(text.count) * MermaidText.lineHeight + 12
                    let left: Double
                    let noteWidth: Double
                    switch placement {
                    case .right: left = x[first] + 14; noteWidth = width
                    case .left: left = x[first] - 14 - width; noteWidth = width
                    case .over:
                        if first == last {
                            noteWidth = max(width, 80)
                            left = x[first] - noteWidth / 2
                        } else {
                            noteWidth = max(width, x[last] - x[first] + 50)
                            left = (x[first] + x[last]) / 2 - noteWidth / 2
                        }
                    }
                    notes += "<g class=\"note\"><rect x=\"\(n(left))\" y=\"\(n(y))\" width=\"\(n(noteWidth))\" height=\"\(n(height))\" rx=\"2\" fill=\"Canvas\" class=\"label-bg\"/>"
                    notes += "<rect x=\"\(n(left))\" y=\"\(n(y))\" width=\"\(n(noteWidth))\" height=\"\(n(height))\" rx=\"2\" fill=\"currentColor\" fill-opacity=\"0.13\" stroke=\"currentColor\" stroke-width=\"1\"/>"
                    notes += GraphSVG.text(text, x: left + noteWidth / 2, middle: y + height / 2) + "</g>\n"
                    minX = min(minX, left)
                    maxX = max(maxX, left + noteWidth)
                    extend(left - 10, left + noteWidth + 10)
                    y += height + rowGap
                case .activate(let p):
                    active[p, default: []].append(lastLine ?? y)
                case .deactivate(let p):
                    if var stack = active[p], let began = stack.popLast() {
                        active[p] = stack
                        activations += activation(p, depth: stack.count + 1, from: began, to: lastLine ?? y)
                    }
                case let .blockStart(kind, label):
                    y += 6
                    blocks.append(Block(kind: kind, label: label, top: y))
                    y += 30 + Double(max(0, label.count - 1)) * MermaidText.lineHeight
                case let .blockSection(_, label):
                    y += 4
                    if !blocks.isEmpty { blocks[blocks.count - 1].sections.append((y, label)) }
                    y += 8 + Double(label.count) * MermaidText.lineHeight + 8
                case .rectStart(let fill):
                    y += 4
                    blocks.append(Block(kind: "rect", label: [], top: y, fill: fill))
                    y += 10
                case .end:
                    guard var block = blocks.popLast() else { continue }
                    y += 6
                    if block.minX > block.maxX {
                        block.minX = x[0] - 40
                        block.maxX = x[0] + 40
                    }
                    let labelText = block.label.joined(separator: " ")
                    let tabWidth = MermaidText.width(block.kind, size: 12) + 20
                    let needed = tabWidth + (labelText.isEmpty ? 0 : MermaidText.width(block.label) + 24)
                    if block.maxX - block.minX < needed { block.maxX = block.minX + needed }
                    for section in block.sections {
                        let width = MermaidText.width(section.label) + 24
                        if block.maxX - block.minX < width {
                            let centre = (block.minX + block.maxX) / 2
                            block.minX = centre - width / 2
                            block.maxX = centre + width / 2
                        }
                    }
                    let box = Box(minX: block.minX, minY: block.top, maxX: block.maxX, maxY: y)
                    if let fill = block.fill {
                        backgrounds += "<rect x=\"\(n(box.minX))\" y=\"\(n(box.minY))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" fill=\"\(HTMLEscaping.escape(fill))\" fill-opacity=\"0.5\"/>\n"
                    } else {
                        frames += frame(block.kind, label: block.label, box: box, sections: block.sections)
                    }
                    minX = min(minX, box.minX)
                    maxX = max(maxX, box.maxX)
                    extend(box.minX - 10, box.maxX + 10)
                    y += 10
                }
            }
            for (p, stack) in active.sorted(by: { $0.key < $1.key }) {
                for (depth, began) in stack.enumerated() { activations += activation(p, depth: depth + 1, from: began, to: y) }
            }
            let footTop = y + 8
            var groups = ""
            let groupLabelled = d.groups.contains { !($0.label.count == 1 && $0.label[0].isEmpty) }
            let groupTop = groupLabelled ? -28.0 : -8
            for (g, group) in d.groups.enumerated() {
                let members = d.participants.indices.filter { d.participants[$0].group == g }
                guard let first = members.first, let last = members.last else { continue }
                let left = x[first] - widths[first] / 2 - 10, right = x[last] + widths[last] / 2 + 10
                let fill = group.fill.map { " fill=\"\(HTMLEscaping.escape($0))\" fill-opacity=\"0.35\"" } ?? " fill=\"currentColor\" fill-opacity=\"0.04\""
                groups += "<rect x=\"\(n(left))\" y=\"\(n(groupTop))\" width=\"\(n(right - left))\" height=\"\(n(footTop + boxHeight + 8 - groupTop))\"\(fill) stroke=\"currentColor\" stroke-opacity=\"0.3\"/>\n"
                if groupLabelled { groups += GraphSVG.text(group.label, x: (left + right) / 2, top: groupTop + 2, weight: "600") + "\n" }
                minX = min(minX, left)
                maxX = max(maxX, right)
            }
            var heads = ""
            var lifelines = ""
            for (i, participant) in d.participants.enumerated() {
                let created = lifeStart[i] != nil, destroyed = lifeEnd[i] != nil
                let (start, end) = participant.kind.isFigure ? (boxHeight, footTop) : (ownTop(participant, band: 0) + ownHeight(participant), ownTop(participant, band: footTop))
                lifelines += "M\(n(x[i])) \(n(lifeStart[i] ?? start))V\(n(lifeEnd[i] ?? end))"
                if !created { heads += participantBox(participant, centre: x[i], width: widths[i], top: 0) }
                if !destroyed { heads += participantBox(participant, centre: x[i], width: widths[i], top: footTop) }
            }
            heads += createdHeads
            let top = d.groups.isEmpty ? 0 : groupTop
            let titleHeight = d.title == nil ? 0.0 : 34
            let margin = 8.0
            let width = maxX - minX + 2 * margin
            let height = footTop + boxHeight - top + 2 * margin + titleHeight + (d.groups.isEmpty ? 0 : 8)
            var svg = MermaidSVG.open(width: width, height: height, label: accessibleName(), description: d.accessibleDescription)
            if let title = d.title {
                svg += "<text x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"600\" fill=\"currentColor\">\(HTMLEscaping.escape(title))</text>\n"
            }
            svg += "<g transform=\"translate(\(n(margin - minX)) \(n(margin - top + titleHeight)))\">\n"
            svg += groups + backgrounds
            svg += "<path d=\"\(lifelines)\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.55\" stroke-width=\"1\" stroke-dasharray=\"4 4\"/>\n"
            svg += activations
            svg += "<g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.2\">\n" + frames + "</g>\n"
            svg += "<g stroke=\"currentColor\" stroke-width=\"1.5\">\n" + messages + "</g>\n"
            svg += notes + heads
            return svg + "</g>\n</g>\n</svg>"
        }

        func accessibleName() -> String {
            if let title = d.accessibleTitle { return title }
            var name = "Sequence diagram"
            if let title = d.title { name += ": " + title }
            let names = d.participants.map { $0.label.joined(separator: " ") }
            return name + (d.title == nil ? ": " : " — ") + names.prefix(20).joined(separator: ", ")
        }

        func activation(_ p: Int, depth: Int, from: Double, to: Double) -> String {
            let left = x[p] - 5 + Double(depth - 1) * 5
            let height = max(to - from, 8)
            let rect = "x=\"\(n(left))\" y=\"\(n(from))\" width=\"10\" height=\"\(n(height))\""
            return "<rect \(rect) fill=\"Canvas\" class=\"label-bg\"/><rect \(rect) fill=\"currentColor\" fill-opacity=\"0.12\" stroke=\"currentColor\" stroke-width=\"1\"/>\n"
        }

        func badge(_ number: Int, at point: Point) -> String {
            "<circle cx=\"\(n(point.x))\" cy=\"\(n(point.y))\" r=\"9\" fill=\"currentColor\" stroke=\"none\"/><text x=\"\(n(point.x))\" y=\"\(n(point.y + 4))\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"600\" fill=\"Canvas\" stroke=\"none\" class=\"badge\">\(number)</text>\n"
        }

        func frame(_ kind: String, label: [String], box: Box, sections: [(y: Double, label: [String])]) -> String {
            var out = "<rect x=\"\(n(box.minX))\" y=\"\(n(box.minY))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" stroke-opacity=\"0.7\"/>"
            let tabWidth = MermaidText.width(kind, size: 12) + 16
            out += "<path d=\"M\(n(box.minX)) \(n(box.minY + 20))H\(n(box.minX + tabWidth - 6))L\(n(box.minX + tabWidth)) \(n(box.minY + 14))V\(n(box.minY))\" stroke-opacity=\"0.7\"/>"
            out += "<text x=\"\(n(box.minX + 7))\" y=\"\(n(box.minY + 14))\" font-size=\"12\" font-weight=\"700\" fill=\"currentColor\" stroke=\"none\">\(HTMLEscaping.escape(kind))</text>"
            let condition = label.joined(separator: " ")
            if !condition.isEmpty {
                out += "<g stroke=\"none\">" + GraphSVG.text(label.map { "[\($0)]" }, x: (box.minX + tabWidth + box.maxX) / 2, top: box.minY + 1, weight: "600") + "</g>"
            }
            for section in sections {
                out += "<path d=\"M\(n(box.minX)) \(n(section.y))H\(n(box.maxX))\" stroke-dasharray=\"4 3\" stroke-opacity=\"0.7\"/>"
                if !(section.label.count == 1 && section.label[0].isEmpty) {
                    out += "<g stroke=\"none\">" + GraphSVG.text(section.label.map { "[\($0)]" }, x: box.x, top: section.y + 2, weight: "600") + "</g>"
                }
            }
            return out + "\n"
        }

        func participantBox(_ p: SequenceDiagram.Participant, centre: Double, width: Double, top: Double) -> String {
            let c = centre
            if p.kind.isFigure {
                var out = "<g class=\"actor\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\">"
                switch p.kind {
                case .boundary:
                    out += "<circle cx=\"\(n(c + 5))\" cy=\"\(n(top + 20))\" r=\"11\"/><path d=\"M\(n(c - 16)) \(n(top + 9))V\(n(top + 31))M\(n(c - 16)) \(n(top + 20))H\(n(c - 6))\"/>"
                case .control:
                    out += "<circle cx=\"\(n(c))\" cy=\"\(n(top + 21))\" r=\"12\"/><path d=\"M\(n(c + 5)) \(n(top + 4))L\(n(c)) \(n(top + 9))L\(n(c + 5)) \(n(top + 14))\"/>"
                case .entity:
                    out += "<circle cx=\"\(n(c))\" cy=\"\(n(top + 19))\" r=\"12\"/><path d=\"M\(n(c - 13)) \(n(top + 35))H\(n(c + 13))\"/>"
                default:
                    let head = top + 10
                    out += "<circle cx=\"\(n(c))\" cy=\"\(n(head))\" r=\"8\"/>"
                    out += "<path d=\"M\(n(c)) \(n(head + 8))V\(n(head + 26))M\(n(c - 13)) \(n(head + 14))H\(n(c + 13))M\(n(c - 11)) \(n(head + 38))L\(n(c)) \(n(head + 26))L\(n(c + 11)) \(n(head + 38))\"/>"
                }
                return out + "</g>" + GraphSVG.text(p.label, x: c, top: top + 50) + "\n"
            }
            let height = ownHeight(p), top = ownTop(p, band: top)
            let (left, right, bottom) = (c - width / 2, c + width / 2, top + height)
            let outline: String
            var extra = ""
            switch p.kind {
            case .database:
                let ry = 6.0
                outline = "M\(n(left)) \(n(top + ry))A\(n(width / 2)) \(n(ry)) 0 0 1 \(n(right)) \(n(top + ry))V\(n(bottom - ry))A\(n(width / 2)) \(n(ry)) 0 0 1 \(n(left)) \(n(bottom - ry))Z"
                extra = "<path d=\"M\(n(left)) \(n(top + ry))A\(n(width / 2)) \(n(ry)) 0 0 0 \(n(right)) \(n(top + ry))\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/>"
            case .queue:
                let rx = 10.0, ry = height / 2
                outline = "M\(n(left + rx)) \(n(top))H\(n(right - rx))A\(n(rx)) \(n(ry)) 0 0 1 \(n(right - rx)) \(n(bottom))H\(n(left + rx))A\(n(rx)) \(n(ry)) 0 0 1 \(n(left + rx)) \(n(top))Z"
                extra = "<path d=\"M\(n(right - rx)) \(n(top))A\(n(rx)) \(n(ry)) 0 0 0 \(n(right - rx)) \(n(bottom))\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/>"
            case .collections:
                // A second box behind, up and to the right.
                let back = "M\(n(left + 6)) \(n(top))V\(n(top - 6))H\(n(right + 6))V\(n(bottom - 6))H\(n(right))"
                outline = "M\(n(left)) \(n(top))H\(n(right))V\(n(bottom))H\(n(left))Z"
                return "<g class=\"participant\"><path d=\"\(back)\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/><path d=\"\(outline)\" fill=\"Canvas\" class=\"label-bg\"/>"
                    + "<path d=\"\(outline)\" fill=\"currentColor\" fill-opacity=\"0.07\" stroke=\"currentColor\" stroke-width=\"1.5\"/>"
                    + GraphSVG.text(p.label, x: c, middle: top + height / 2) + "</g>\n"
            default:
                outline = "M\(n(left + 4)) \(n(top))H\(n(right - 4))Q\(n(right)) \(n(top)) \(n(right)) \(n(top + 4))V\(n(bottom - 4))Q\(n(right)) \(n(bottom)) \(n(right - 4)) \(n(bottom))H\(n(left + 4))Q\(n(left)) \(n(bottom)) \(n(left)) \(n(bottom - 4))V\(n(top + 4))Q\(n(left)) \(n(top)) \(n(left + 4)) \(n(top))Z"
            }
            let middle = p.kind == .database ? top + height / 2 + 3 : top + height / 2
            return "<g class=\"participant\"><path d=\"\(outline)\" fill=\"Canvas\" class=\"label-bg\"/>"
                + "<path d=\"\(outline)\" fill=\"currentColor\" fill-opacity=\"0.07\" stroke=\"currentColor\" stroke-width=\"1.5\"/>\(extra)"
                + GraphSVG.text(p.label, x: c, middle: middle) + "</g>\n"
        }

        /// A participant box's own height (its label's), and its top within a band as tall as
        /// the tallest participant (an actor's figure), centred.
        func ownHeight(_ p: SequenceDiagram.Participant) -> Double {
            Double(p.label.count) * MermaidText.lineHeight + (p.kind == .database ? 34 : 22)
        }

        func ownTop(_ p: SequenceDiagram.Participant, band: Double) -> Double {
            band + (boxHeight - ownHeight(p)) / 2
        }
    }

    static func head(_ kind: SequenceDiagram.Head, tip: Point, from: Point) -> String {
        switch kind {
        case .none: return ""
        case .filled: return GraphSVG.end(.arrow, tip: tip, from: from, colour: "currentColor").replacingOccurrences(of: "/>", with: " stroke=\"none\"/>")
        case .cross: return GraphSVG.end(.cross, tip: tip, from: from, colour: "currentColor")
        case .open:
            let direction = tip.x >= from.x ? -1.0 : 1.0
            let n = TextDiagramSVG.n
            return "<path d=\"M\(n(tip.x + direction * 9)) \(n(tip.y - 5))L\(n(tip.x)) \(n(tip.y))L\(n(tip.x + direction * 9)) \(n(tip.y + 5))\" fill=\"none\"/>\n"
        }
    }
}
