import Foundation

/// Reads a Mermaid `flowchart`/`graph` into a ``MermaidGraph``: nodes in every bracket shape and
/// the `@{ shape: … }` form, edge chains (`A --> B & C -- text --> D`) of every stroke and end,
/// subgraphs, `classDef`/`class`/`:::`/`style`/`linkStyle`. Anything else throws
/// ``MermaidUnsupported`` naming it, so the block is left to the client-side script whole.
struct FlowchartParser {
    private var graph = MermaidGraph()
    private var classes = MermaidClasses()
    private var styleStatements: [(id: String, style: MermaidGraph.Style)] = []
    private var linkStyles: [(indices: [Int]?, style: MermaidGraph.Style)] = []
    private var clusterStack: [String] = []
    private var edgeIDs: Set<String> = []
    private var explicitNodes: Set<String> = []
    private var clicks: [(id: String, link: MermaidGraph.Link)] = []
    private var line = 0
    private var column = 1

    static func parse(_ source: MermaidSource) throws -> MermaidGraph {
        var parser = FlowchartParser()
        return try parser.run(source)
    }

    private mutating func run(_ source: MermaidSource) throws -> MermaidGraph {
        guard let header = source.header else { throw MermaidUnsupported("empty diagram", line: 0) }
        graph.title = source.title
        graph.accessibleTitle = source.accessibleTitle
        graph.accessibleDescription = source.accessibleDescription
        var rest = header.text.drop { !$0.isWhitespace && $0 != ";" }.drop { $0 == " " || $0 == "\t" }
        let word = rest.prefix { !$0.isWhitespace && $0 != ";" }
        if let direction = MermaidGraph.Direction(keyword: word) {
            graph.direction = direction
            rest = rest.dropFirst(word.count)
        }
        var statements: [MermaidSource.Line] = []
        let trailing = rest.drop { $0 == " " || $0 == ";" }
        if !trailing.isEmpty {
            statements.append(.init(text: trailing, number: header.number, column: header.column))
        }
        // A quoted label may run over several lines (Markdown strings); join them first.
        var pending: MermaidSource.Line?
        var pendingText: [Substring] = []
        var quotes = 0
        for next in source.lines {
            if pending == nil { pending = next }
            pendingText.append(next.text)
            quotes += next.text.count(where: { $0 == "\"" })
            if quotes % 2 == 0, var open = pending {
                open.text = pendingText.count == 1 ? pendingText[0] : Substring(pendingText.joined(separator: "\n"))
                statements.append(open)
                pending = nil
                pendingText = []
                quotes = 0
            }
        }
        if let open = pending { throw MermaidUnsupported("unclosed quote", line: open.number, column: open.column) }
        for statement in statements {
            line = statement.number
            column = statement.column
            for part in MermaidText.split(statement.text, at: [";"]) {
                let text = part.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { try parseStatement(Substring(text)) }
            }
        }
        if !clusterStack.isEmpty { throw MermaidUnsupported("subgraph without end", line: line, column: column) }
        finish()
        if graph.nodes.isEmpty { throw MermaidUnsupported("diagram without nodes", line: header.number, column: header.column) }
        return graph
    }

    private func unsupported(_ construct: String) -> MermaidUnsupported {
        MermaidUnsupported(construct, line: line, column: column)
    }

    private mutating func parseStatement(_ text: Substring) throws {
        let keyword = text.prefix { !$0.isWhitespace }
        let rest = text.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
        switch keyword {
        case "subgraph":
            try openSubgraph(Substring(rest))
        case "end":
            guard clusterStack.popLast() != nil else { throw unsupported("'end' outside a subgraph") }
        case "direction":
            // A subgraph's own direction: Mermaid itself drops it once a node inside links out,
            // and a layered layout has one direction; the whole diagram keeps its own.
            return
        case "classDef":
            classes.define(rest)
        case "class":
            guard classes.assign(rest) else { throw unsupported("class without a class name") }
        case "style":
            let id = rest.prefix { !$0.isWhitespace }
            styleStatements.append((String(id), MermaidStyle.parse(Substring(rest.dropFirst(id.count)))))
        case "linkStyle":
            let which = rest.prefix { !$0.isWhitespace }
            var style = Substring(rest.dropFirst(which.count)).trimmingCharacters(in: .whitespaces)
            if style.hasPrefix("interpolate") {
                style = String(style.drop { !$0.isWhitespace }.drop(while: \.isWhitespace).drop { !$0.isWhitespace })
            }
            let indices = which == "default" ? nil : which.split(separator: ",").compactMap { Int($0) }
            linkStyles.append((indices, MermaidStyle.parse(Substring(style))))
        case "click":
            try parseClick(Substring(rest))
        case "callback", "call", "href":
            throw unsupported("'\(keyword)' (callbacks on nodes)")
        default:
            // `e1@{ animate: true }` sets an edge's animation, which a still picture has not.
            if let at = text.firstIndex(of: "@"), edgeIDs.contains(String(text[..<at])) { return }
            try parseChain(Array(text))
        }
    }

    /// `click id "url" ["tooltip"] [_blank]`, `click id href "url" …`: the node becomes a link.
    /// Callbacks (`click id fn`, `click id call fn()`) run script, which a picture has not.
    private mutating func parseClick(_ rest: Substring) throws {
        let id = String(rest.prefix { !$0.isWhitespace })
        var words = Self.clickWords(rest.dropFirst(id.count))
        if words.first?.quoted == false, words.first?.text == "href" { words.removeFirst() }
        guard let url = words.first, url.quoted else { throw unsupported("click callbacks (script run on a node)") }
        guard Self.isSafeLink(url.text) else { throw unsupported("click link to '\(url.text.prefix(40))'") }
        words.removeFirst()
        var link = MermaidGraph.Link(url: url.text, tooltip: nil, newTab: false)
        for word in words {
            if word.quoted { link.tooltip = word.text } else if word.text == "_blank" { link.newTab = true }
        }
        clicks.append((id, link))
    }

    /// Quoted strings and bare words, in order.
    private static func clickWords(_ text: Substring) -> [(text: String, quoted: Bool)] {
        var words: [(String, Bool)] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index].isWhitespace { index = text.index(after: index); continue }
            if text[index] == "\"" {
                let start = text.index(after: index)
                let end = text[start...].firstIndex(of: "\"") ?? text.endIndex
                words.append((String(text[start..<end]), true))
                index = end < text.endIndex ? text.index(after: end) : end
            } else {
                let end = text[index...].firstIndex(where: \.isWhitespace) ?? text.endIndex
                words.append((String(text[index..<end]), false))
                index = end
            }
        }
        return words
    }

    /// A web, mail or relative URL; never `javascript:` or another scheme a browser would run.
    static func isSafeLink(_ url: String) -> Bool {
        let lower = url.lowercased().trimmingCharacters(in: .whitespaces)
        guard !lower.isEmpty, !lower.contains(where: { $0.isWhitespace || $0 == "\\" }) else { return false }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return true }
        let beforePath = lower.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !beforePath.contains(":")
    }

    private mutating func openSubgraph(_ rest: Substring) throws {
        guard !rest.isEmpty else { throw unsupported("subgraph without a name") }
        let id: String
        let title: [String]
        if let open = rest.firstIndex(of: "["), rest.hasSuffix("]") {
            id = rest[..<open].trimmingCharacters(in: .whitespaces)
            title = MermaidText.lines(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])
        } else if rest.hasPrefix("\"") {
            id = "subgraph-\(graph.clusters.count + 1)"
            title = MermaidText.lines(rest)
        } else {
            id = String(rest)
            title = MermaidText.lines(rest)
        }
        guard !id.isEmpty else { throw unsupported("subgraph without an id") }
        guard graph.cluster(id) == nil else { throw unsupported("subgraph '\(id)' defined twice") }
        guard clusterStack.count < MermaidRenderer.nestingLimit else { throw unsupported("subgraphs nested more than \(MermaidRenderer.nestingLimit) deep") }
        graph.clusters.append(.init(id: id, title: title, parent: clusterStack.last))
        clusterStack.append(id)
    }

    // MARK: - Chains of nodes and edges

    private struct EdgeSpec {
        var stroke = MermaidGraph.Stroke.normal
        var head = MermaidGraph.End.none
        var tail = MermaidGraph.End.none
        var length = 1
        var label: [String] = []
    }

    private mutating func parseChain(_ chars: [Character]) throws {
        var pos = 0
        var previous: [String]?
        var edge: EdgeSpec?
        while true {
            skipSpaces(chars, &pos)
            let group = try parseGroup(chars, &pos)
            if let previous, let edge {
                guard graph.edges.count + previous.count * group.count <= 2 * MermaidRenderer.graphLimit else {
                    throw unsupported("a diagram of more than \(2 * MermaidRenderer.graphLimit) edges")
                }
                for from in previous {
                    for to in group {
                        graph.edges.append(.init(
                            from: from, to: to, label: edge.label, stroke: edge.stroke, head: edge.head, tail: edge.tail,
                            length: edge.length))
                    }
                }
            }
            skipSpaces(chars, &pos)
            if pos >= chars.count { return }
            edge = try parseEdge(chars, &pos)
            previous = group
        }
    }

    private func skipSpaces(_ chars: [Character], _ pos: inout Int) {
        while pos < chars.count, chars[pos] == " " || chars[pos] == "\t" || chars[pos] == "\n" { pos += 1 }
    }

    private static func isIDCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "'" || c == "!" || c == "?" || c == "$"
    }

    private mutating func parseGroup(_ chars: [Character], _ pos: inout Int) throws -> [String] {
        var ids = [try parseNode(chars, &pos)]
        while true {
            var look = pos
            skipSpaces(chars, &look)
            guard look < chars.count, chars[look] == "&" else { return ids }
            pos = look + 1
            skipSpaces(chars, &pos)
            ids.append(try parseNode(chars, &pos))
        }
    }

    private mutating func parseNode(_ chars: [Character], _ pos: inout Int) throws -> String {
        let start = pos
        while pos < chars.count {
            let c = chars[pos]
            if Self.isIDCharacter(c) { pos += 1; continue }
            // `-` and `.` inside an id (`my-node`, `v1.2`), never where an edge starts.
            if c == "-" || c == ".", pos > start, pos + 1 < chars.count, Self.isIDCharacter(chars[pos + 1]),
               !(c == "-" && (chars[pos + 1] == "x" || chars[pos + 1] == "o") && (pos + 2 >= chars.count || !Self.isIDCharacter(chars[pos + 2]))) {
                pos += 1
                continue
            }
            break
        }
        guard pos > start else {
            let found = pos < chars.count ? String(chars[pos..<min(chars.count, pos + 12)]) : "end of line"
            throw unsupported("syntax near '\(found)'")
        }
        let id = String(chars[start..<pos])
        if id == "end" || id == "subgraph" { throw unsupported("'\(id)' used as a node id") }
        var label: [String]?
        var shape: MermaidGraph.Shape?
        if pos + 1 < chars.count, chars[pos] == "@", chars[pos + 1] == "{" {
            (label, shape) = try parseAttributes(chars, &pos)
        } else if pos < chars.count, "[({>".contains(chars[pos]) {
            (label, shape) = try parseShape(chars, &pos)
        }
        var classes: [String] = []
        while pos + 2 < chars.count, chars[pos] == ":", chars[pos + 1] == ":", chars[pos + 2] == ":" {
            pos += 3
            let nameStart = pos
            while pos < chars.count, Self.isIDCharacter(chars[pos]) || chars[pos] == "-" { pos += 1 }
            classes.append(String(chars[nameStart..<pos]))
        }
        try define(id, label: label, shape: shape, classes: classes)
        return id
    }

    private mutating func define(_ id: String, label: [String]?, shape: MermaidGraph.Shape?, classes: [String]) throws {
        let cluster = clusterStack.last
        if let index = graph.nodeIndex(id) {
            if let label { graph.nodes[index].label = label }
            if let shape { graph.nodes[index].shape = shape }
            graph.nodes[index].classes += classes
            if let cluster, graph.nodes[index].cluster == nil || graph.ancestry(ofCluster: cluster).contains(graph.nodes[index].cluster!) {
                graph.nodes[index].cluster = cluster
            }
        } else {
            guard graph.nodes.count < MermaidRenderer.graphLimit else { throw unsupported("a diagram of more than \(MermaidRenderer.graphLimit) nodes") }
            graph.nodes.append(.init(id: id, label: label ?? [id], shape: shape ?? .rect, classes: classes, cluster: cluster))
        }
        if label != nil || shape != nil { explicitNodes.insert(id) }
    }

    private static let brackets: [(open: String, close: String, shape: MermaidGraph.Shape)] = [
        ("(((", ")))", .doubleCircle), ("([", "])", .stadium), ("((", "))", .circle), ("[[", "]]", .subroutine),
        ("[(", ")]", .cylinder), ("{{", "}}", .hexagon), ("(", ")", .rounded), ("[", "]", .rect), ("{", "}", .diamond),
        (">", "]", .asymmetric),
    ]

    private func parseShape(_ chars: [Character], _ pos: inout Int) throws -> ([String], MermaidGraph.Shape) {
        func matches(_ text: String, at index: Int) -> Bool {
            let needle = Array(text)
            guard index + needle.count <= chars.count else { return false }
            return Array(chars[index..<(index + needle.count)]) == needle
        }
        // Slanted shapes: `[/…/]`, `[\…\]`, `[/…\]`, `[\…/]`.
        if pos + 1 < chars.count, chars[pos] == "[", chars[pos + 1] == "/" || chars[pos + 1] == "\\" {
            let first = chars[pos + 1]
            var index = pos + 2
            var quoted = false
            while index + 1 < chars.count {
                if chars[index] == "\"" { quoted.toggle() }
                if !quoted, chars[index] == "/" || chars[index] == "\\", chars[index + 1] == "]" { break }
                index += 1
            }
            guard index + 1 < chars.count else { throw unsupported("unclosed node shape") }
            let last = chars[index]
            let label = MermaidText.lines(Substring(String(chars[(pos + 2)..<index])))
            pos = index + 2
            switch (first, last) {
            case ("/", "/"): return (label, .leanRight)
            case ("\\", "\\"): return (label, .leanLeft)
            case ("/", _): return (label, .trapezoid)
            default: return (label, .trapezoidAlt)
            }
        }
        for bracket in Self.brackets where matches(bracket.open, at: pos) {
            let textStart = pos + bracket.open.count
            var index = textStart
            if index < chars.count, chars[index] == "\"" {
                // A quoted label: the closing quote, then the bracket.
                index += 1
                while index < chars.count, chars[index] != "\"" { index += 1 }
                index += 1
                while index < chars.count, chars[index] == " " { index += 1 }
                guard matches(bracket.close, at: index) else { throw unsupported("text after a quoted label") }
            } else {
                while index < chars.count, !matches(bracket.close, at: index) { index += 1 }
                guard index < chars.count else { throw unsupported("unclosed node shape '\(bracket.open)'") }
            }
            let raw = String(chars[textStart..<index])
            if raw.contains("fa:") || raw.contains("fab:") || raw.contains("fas:") { throw unsupported("Font Awesome icons in labels") }
            pos = index + bracket.close.count
            return (MermaidText.lines(Substring(raw)), bracket.shape)
        }
        throw unsupported("node shape")
    }

    /// `@{ shape: diamond, label: "Decide" }`.
    private func parseAttributes(_ chars: [Character], _ pos: inout Int) throws -> ([String]?, MermaidGraph.Shape?) {
        var index = pos + 2
        var quoted = false
        while index < chars.count, quoted || chars[index] != "}" {
            if chars[index] == "\"" { quoted.toggle() }
            index += 1
        }
        guard index < chars.count else { throw unsupported("unclosed @{ … }") }
        let body = String(chars[(pos + 2)..<index])
        pos = index + 1
        var label: [String]?
        var shape: MermaidGraph.Shape?
        for pair in MermaidText.split(Substring(body), at: [","]) {
            guard let colon = pair.firstIndex(of: ":") else { continue }
            let key = pair[..<colon].trimmingCharacters(in: .whitespaces)
            let value = pair[pair.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "shape":
                guard let known = Self.namedShapes[value] else { throw unsupported("shape '\(value)'") }
                shape = known
            case "label": label = MermaidText.lines(Substring(value))
            case "icon", "img": throw unsupported("\(key) node")
            default: continue  // w, h, pos, constraint, form: sizes we choose ourselves
            }
        }
        return (label, shape)
    }

    /// The `@{ shape: … }` names (and aliases) Cairn draws.
    static let namedShapes: [String: MermaidGraph.Shape] = [
        "rect": .rect, "proc": .rect, "process": .rect, "rectangle": .rect,
        "rounded": .rounded, "event": .rounded,
        "stadium": .stadium, "pill": .stadium, "terminal": .stadium,
        "subproc": .subroutine, "subprocess": .subroutine, "subroutine": .subroutine, "fr-rect": .subroutine, "framed-rectangle": .subroutine,
        "cyl": .cylinder, "db": .cylinder, "database": .cylinder, "cylinder": .cylinder,
        "circle": .circle, "circ": .circle,
        "dbl-circ": .doubleCircle, "double-circle": .doubleCircle,
        "odd": .asymmetric,
        "diamond": .diamond, "decision": .diamond, "question": .diamond, "diam": .diamond,
        "hex": .hexagon, "hexagon": .hexagon, "prepare": .hexagon,
        "lean-r": .leanRight, "lean-right": .leanRight, "in-out": .leanRight,
        "lean-l": .leanLeft, "lean-left": .leanLeft, "out-in": .leanLeft,
        "trap-b": .trapezoid, "trapezoid": .trapezoid, "trapezoid-bottom": .trapezoid, "priority": .trapezoid,
        "trap-t": .trapezoidAlt, "inv-trapezoid": .trapezoidAlt, "trapezoid-top": .trapezoidAlt, "manual": .trapezoidAlt,
        "text": .text,
        "sm-circ": .start, "small-circle": .start, "start": .start,
        "fr-circ": .end, "framed-circle": .end, "stop": .end,
        "fork": .bar, "join": .bar,
        "notch-rect": .card, "card": .card, "notched-rectangle": .card,
        "lin-rect": .linedRect, "lined-rectangle": .linedRect, "lin-proc": .linedRect, "lined-process": .linedRect, "shaded-process": .linedRect,
        "doc": .document, "document": .document,
        "delay": .delay, "half-rounded-rectangle": .delay,
        "tri": .triangle, "triangle": .triangle, "extract": .triangle,
        "flip-tri": .flippedTriangle, "flipped-triangle": .flippedTriangle, "manual-file": .flippedTriangle,
        "hourglass": .hourglass, "collate": .hourglass,
        "f-circ": .junction, "filled-circle": .junction, "junction": .junction,
        "cross-circ": .crossedCircle, "crossed-circle": .crossedCircle, "summary": .crossedCircle,
        "h-cyl": .horizontalCylinder, "das": .horizontalCylinder, "horizontal-cylinder": .horizontalCylinder,
        "lin-cyl": .linedCylinder, "disk": .linedCylinder, "lined-cylinder": .linedCylinder,
        "curv-trap": .display, "curved-trapezoid": .display, "display": .display,
        "div-rect": .dividedRect, "div-proc": .dividedRect, "divided-process": .dividedRect, "divided-rectangle": .dividedRect,
        "win-pane": .windowPane, "internal-storage": .windowPane, "window-pane": .windowPane,
        "lin-doc": .linedDocument, "lined-document": .linedDocument,
        "notch-pent": .loopLimit, "loop-limit": .loopLimit, "notched-pentagon": .loopLimit,
        "sl-rect": .slopedRect, "manual-input": .slopedRect, "sloped-rectangle": .slopedRect,
        "docs": .stackedDocument, "documents": .stackedDocument, "st-doc": .stackedDocument, "stacked-document": .stackedDocument,
        "st-rect": .stackedRect, "processes": .stackedRect, "procs": .stackedRect, "stacked-rectangle": .stackedRect,
        "flag": .flag, "paper-tape": .flag,
        "bow-rect": .bowTie, "bow-tie-rectangle": .bowTie, "stored-data": .bowTie,
        "tag-doc": .taggedDocument, "tagged-document": .taggedDocument,
        "tag-rect": .taggedRect, "tag-proc": .taggedRect, "tagged-process": .taggedRect, "tagged-rectangle": .taggedRect,
        "brace": .braceLeft, "brace-l": .braceLeft, "comment": .braceLeft, "brace-r": .braceRight, "braces": .braces,
        "bolt": .bolt, "com-link": .bolt, "lightning-bolt": .bolt,
        "datastore": .dataStore, "data-store": .dataStore,
        "cloud": .cloud, "bang": .bang,
    ]

    private mutating func parseEdge(_ chars: [Character], _ pos: inout Int) throws -> EdgeSpec {
        // An edge id (`e1@-->`).
        var look = pos
        while look < chars.count, Self.isIDCharacter(chars[look]) { look += 1 }
        if look > pos, look + 1 < chars.count, chars[look] == "@", "-=.~<ox".contains(chars[look + 1]) {
            edgeIDs.insert(String(chars[pos..<look]))
            pos = look + 1
        }
        func at(_ offset: Int) -> Character? { pos + offset < chars.count ? chars[pos + offset] : nil }
        var spec = EdgeSpec()
        let start = pos
        if at(0) == "<" { spec.tail = .arrow; pos += 1 }
        else if let c = at(0), c == "o" || c == "x", let n = at(1), n == "-" || n == "=" || n == "." {
            spec.tail = c == "o" ? .circle : .cross
            pos += 1
        }
        guard let first = at(0) else { throw unsupported("edge") }
        func count(_ c: Character) -> Int {
            var n = 0
            while let x = at(0), x == c { n += 1; pos += 1 }
            return n
        }
        func head() {
            if at(0) == ">" { spec.head = .arrow; pos += 1 }
            else if let c = at(0), c == "o" || c == "x", at(1).map({ !Self.isIDCharacter($0) }) ?? true {
                spec.head = c == "o" ? .circle : .cross
                pos += 1
            }
        }
        /// Text up to `closing` (`--`, `==`, `-.`… as written), for `A -- text --> B`.
        func labelUntil(_ closing: [Character]) throws -> [String] {
            var index = pos
            while index + closing.count <= chars.count, Array(chars[index..<(index + closing.count)]) != closing { index += 1 }
            guard index + closing.count <= chars.count else { throw unsupported("unfinished edge label") }
            let text = String(chars[pos..<index])
            pos = index
            return MermaidText.lines(Substring(text))
        }
        switch first {
        case "-":
            if at(1) == "." {
                pos += 1
                let dots = count(".")
                if at(0) == "-" {
                    pos += 1
                    spec.length = dots
                } else {
                    // `-. text .->`
                    spec.label = try labelUntil([".", "-"])
                    let closingDots = count(".")
                    guard at(0) == "-" else { throw unsupported("dotted edge") }
                    pos += 1
                    spec.length = closingDots
                }
                spec.stroke = .dotted
                head()
            } else {
                let dashes = count("-")
                guard dashes >= 2 else { throw unsupported("edge '-'") }
                let before = pos
                head()
                if spec.head == .none, dashes == 2, spec.tail == .none || spec.tail == .arrow, at(0) != nil, at(0) != "-" {
                    // `-- text -->`: the label runs to the next `--`.
                    pos = before
                    spec.label = try labelUntil(["-", "-"])
                    let closing = count("-")
                    spec.length = max(1, closing - 1)
                    head()
                    if spec.head == .none { spec.length = max(1, closing - 2) }
                } else {
                    spec.length = spec.head == .none ? max(1, dashes - 2) : max(1, dashes - 1)
                }
            }
        case "=":
            let bars = count("=")
            guard bars >= 2 else { throw unsupported("edge '='") }
            let before = pos
            head()
            if spec.head == .none, bars == 2, at(0) != nil, at(0) != "=" {
                pos = before
                spec.label = try labelUntil(["=", "="])
                let closing = count("=")
                spec.length = max(1, closing - 1)
                head()
            } else {
                spec.length = spec.head == .none ? max(1, bars - 2) : max(1, bars - 1)
            }
            spec.stroke = .thick
        case "~":
            let tildes = count("~")
            guard tildes >= 3 else { throw unsupported("edge '~'") }
            spec.stroke = .invisible
            spec.length = max(1, tildes - 2)
        default:
            let found = String(chars[start..<min(chars.count, start + 12)])
            throw unsupported("syntax near '\(found)'")
        }
        if spec.tail == .arrow, spec.head == .none { throw unsupported("edge '<' without an arrow head") }
        skipSpaces(chars, &pos)
        if at(0) == "|" {
            pos += 1
            let labelStart = pos
            var quoted = false
            while let c = at(0), quoted || c != "|" {
                if c == "\"" { quoted.toggle() }
                pos += 1
            }
            guard at(0) == "|" else { throw unsupported("unclosed edge label '|'") }
            spec.label = MermaidText.lines(Substring(String(chars[labelStart..<pos])))
            pos += 1
        }
        if spec.label == [""] { spec.label = [] }
        return spec
    }

    // MARK: - Styles

    private mutating func finish() {
        // An edge to a subgraph's id points at the subgraph, not at a node of that name.
        let clusterIDs = Set(graph.clusters.map(\.id))
        graph.nodes.removeAll { clusterIDs.contains($0.id) && !explicitNodes.contains($0.id) }
        classes.apply(to: &graph) { _ in true }
        for (id, style) in styleStatements {
            if let index = graph.nodeIndex(id) { graph.nodes[index].style = graph.nodes[index].style.merged(with: style) }
            if let index = graph.clusters.firstIndex(where: { $0.id == id }) { graph.clusters[index].style = graph.clusters[index].style.merged(with: style) }
        }
        for (id, link) in clicks {
            if let index = graph.nodeIndex(id) { graph.nodes[index].link = link }
        }
        for (indices, style) in linkStyles {
            for index in indices ?? Array(graph.edges.indices) where graph.edges.indices.contains(index) {
                graph.edges[index].style = graph.edges[index].style.merged(with: style)
            }
        }
    }
}
