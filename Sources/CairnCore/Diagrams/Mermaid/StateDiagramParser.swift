import Foundation

/// Reads a Mermaid `stateDiagram`/`stateDiagram-v2` into a ``MermaidGraph``: states (with
/// `state "…" as id` and `id : description`), transitions with labels, `[*]` start and end in each
/// scope, composite states as clusters, `<<choice>>`/`<<fork>>`/`<<join>>`, notes beside a state,
/// `classDef`/`class`/`:::`, `direction`. Concurrent regions (`--`) and anything else unknown
/// throw ``MermaidUnsupported``.
struct StateDiagramParser {
    private var graph = MermaidGraph()
    private var scopes: [String] = []
    private var classes = MermaidClasses()
    private var described: Set<String> = []
    private var compositeIDs: [String] = []
    private var notes = 0
    private var line = 0
    private var column = 1

    static func parse(_ source: MermaidSource) throws -> MermaidGraph {
        var parser = StateDiagramParser()
        return try parser.run(source)
    }

    private func unsupported(_ construct: String) -> MermaidUnsupported {
        MermaidUnsupported(construct, line: line, column: column)
    }

    private mutating func run(_ source: MermaidSource) throws -> MermaidGraph {
        guard let header = source.header else { throw MermaidUnsupported("empty diagram", line: 0) }
        graph.title = source.title
        graph.accessibleTitle = source.accessibleTitle
        graph.accessibleDescription = source.accessibleDescription
        var index = 0
        let lines = source.lines
        while index < lines.count {
            let current = lines[index]
            line = current.number
            column = current.column
            index += 1
            let text = current.text
            if text.hasPrefix("note ") || text.hasPrefix("Note ") {
                // `note right of S : text`, or the text on the lines up to `end note`.
                let rest = text.dropFirst(5).trimmingCharacters(in: .whitespaces)
                let left: Bool
                if rest.hasPrefix("left of ") { left = true } else if rest.hasPrefix("right of ") { left = false } else {
                    throw unsupported("note not placed left or right of a state")
                }
                let afterOf = rest.drop { $0 != " " }.dropFirst().drop { $0 != " " }.dropFirst()
                let target = String(afterOf.prefix { $0 != ":" && $0 != " " })
                guard !target.isEmpty else { throw unsupported("note without a state") }
                var body: [String] = []
                if let colon = afterOf.firstIndex(of: ":") {
                    body = MermaidText.lines(afterOf[afterOf.index(after: colon)...])
                } else {
                    var raw: [String] = []
                    while index < lines.count, lines[index].text.lowercased() != "end note" {
                        raw.append(String(lines[index].text))
                        index += 1
                    }
                    guard index < lines.count else { throw unsupported("note without 'end note'") }
                    index += 1
                    body = raw.flatMap { MermaidText.lines(Substring($0)) }
                }
                try addNote(body, target: target, left: left)
                continue
            }
            try parseStatement(text)
        }
        if !scopes.isEmpty { throw unsupported("composite state without '}'") }
        finish()
        if graph.nodes.isEmpty { throw MermaidUnsupported("diagram without states", line: header.number, column: header.column) }
        return graph
    }

    private mutating func parseStatement(_ text: Substring) throws {
        if text == "}" {
            guard scopes.popLast() != nil else { throw unsupported("'}' outside a composite state") }
            return
        }
        if text == "--" {
            try splitRegion()
            return
        }
        let keyword = text.prefix { !$0.isWhitespace }
        let rest = text.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
        switch keyword {
        case "direction":
            if scopes.isEmpty, let direction = MermaidGraph.Direction(keyword: Substring(rest)) { graph.direction = direction }
            return
        case "hide", "scale":
            return  // `hide empty description`: we draw none; `scale`: sizes are ours
        case "classDef":
            classes.define(rest)
            return
        case "class":
            _ = classes.assign(rest)  // a class statement without a name changes nothing
            return
        case "state":
            try parseState(Substring(rest))
            return
        case "click":
            throw unsupported("click (links on states)")
        default:
            break
        }
        if let arrow = text.range(of: "-->") {
            let from = text[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
            var target = text[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
            var label: [String] = []
            if let colon = Self.labelColon(target) {
                label = MermaidText.lines(target[target.index(after: colon)...])
                target = target[..<colon].trimmingCharacters(in: .whitespaces)
            }
            let source = try state(from, asSource: true)
            let destination = try state(target, asSource: false)
            guard graph.edges.count < 2 * MermaidRenderer.graphLimit else { throw unsupported("a diagram of more than \(2 * MermaidRenderer.graphLimit) transitions") }
            graph.edges.append(.init(from: source, to: destination, label: label == [""] ? [] : label))
            return
        }
        if let colon = Self.labelColon(text) {
            // `id : description`
            let id = try state(text[..<colon].trimmingCharacters(in: .whitespaces), asSource: true)
            let description = MermaidText.lines(text[text.index(after: colon)...])
            if let index = graph.nodeIndex(id) {
                graph.nodes[index].label = described.contains(id) ? graph.nodes[index].label + description : description
                described.insert(id)
            } else if let index = graph.clusters.firstIndex(where: { $0.id == id }) {
                graph.clusters[index].title = description
            }
            return
        }
        _ = try state(String(text), asSource: true)
    }

    /// The `:` that starts a label or description, skipping `:::class` markers.
    static func labelColon<S: StringProtocol>(_ text: S) -> S.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == ":" {
                if text[index...].hasPrefix(":::") {
                    index = text.index(index, offsetBy: 3)
                    continue
                }
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// `state "Description" as id`, `state id <<fork>>`, `state id {`, `state "Description" as id {`.
    private mutating func parseState(_ rest: Substring) throws {
        var body = rest.trimmingCharacters(in: .whitespaces)
        let opens = body.hasSuffix("{")
        if opens { body = String(body.dropLast()).trimmingCharacters(in: .whitespaces) }
        var id: String
        var label: [String]?
        if body.hasPrefix("\""), let close = body.dropFirst().firstIndex(of: "\"") {
            label = MermaidText.lines(body[body.index(after: body.startIndex)..<close])
            let after = body[body.index(after: close)...].trimmingCharacters(in: .whitespaces)
            guard after.hasPrefix("as ") else { throw unsupported("state description without 'as'") }
            id = after.dropFirst(3).trimmingCharacters(in: .whitespaces)
        } else {
            id = String(body.prefix { !$0.isWhitespace })
            let after = body.dropFirst(id.count).trimmingCharacters(in: .whitespaces)
            if after.hasPrefix("as ") {
                label = MermaidText.lines(after.dropFirst(3).trimmingCharacters(in: .whitespaces)[...])
            } else if !after.isEmpty {
                let kind: MermaidGraph.Shape
                switch after {
                case "<<choice>>": kind = .diamond
                case "<<fork>>", "<<join>>": kind = .bar
                default: throw unsupported("state '\(after)'")
                }
                let name = try state(id, asSource: true)
                if let index = graph.nodeIndex(name) {
                    graph.nodes[index].shape = kind
                    graph.nodes[index].label = [""]
                }
                return
            }
        }
        var classes: [String] = []
        if let marker = id.range(of: ":::") {
            classes = [String(id[marker.upperBound...])]
            id = String(id[..<marker.lowerBound])
        }
        guard !id.isEmpty else { throw unsupported("state without an id") }
        if opens {
            guard graph.cluster(id) == nil else { throw unsupported("composite state '\(id)' opened twice") }
            guard scopes.count < MermaidRenderer.nestingLimit else { throw unsupported("composite states nested more than \(MermaidRenderer.nestingLimit) deep") }
            let title = label ?? graph.nodes.first(where: { $0.id == id && described.contains(id) })?.label ?? [id]
            graph.clusters.append(.init(id: id, title: title, parent: scopes.last, classes: classes))
            compositeIDs.append(id)
            if let index = graph.nodeIndex(id) { graph.nodes.remove(at: index) }
            scopes.append(id)
            return
        }
        let name = try state(id, asSource: true)
        if let index = graph.nodeIndex(name) {
            if let label { graph.nodes[index].label = label; described.insert(name) }
            graph.nodes[index].classes += classes
        }
    }

    /// `--` in a composite state: what it holds so far becomes its first region (a dashed box
    /// without a title) and what follows goes into the next one, each with its own `[*]`.
    private mutating func splitRegion() throws {
        guard let scope = scopes.last else { throw unsupported("'--' outside a composite state") }
        let composite: String
        if let region = graph.cluster(scope), region.id.hasPrefix("[region]") {
            composite = region.parent ?? scope
        } else {
            composite = scope
            let first = "[region]\(composite)#1"
            graph.clusters.append(.init(id: first, title: [""], parent: composite, style: .init(dash: "5 4")))
            for index in graph.nodes.indices where graph.nodes[index].cluster == composite { graph.nodes[index].cluster = first }
            for index in graph.clusters.indices where graph.clusters[index].parent == composite && graph.clusters[index].id != first {
                graph.clusters[index].parent = first
            }
        }
        let count = graph.clusters.filter { $0.parent == composite && $0.id.hasPrefix("[region]") }.count
        let next = "[region]\(composite)#\(count + 1)"
        graph.clusters.append(.init(id: next, title: [""], parent: composite, style: .init(dash: "5 4")))
        scopes[scopes.count - 1] = next
    }

    /// The node id for a state reference (creating the state), `[*]` as this scope's start or end.
    private mutating func state(_ raw: String, asSource: Bool) throws -> String {
        var name = raw
        var classes: [String] = []
        if let marker = name.range(of: ":::") {
            classes = [String(name[marker.upperBound...])]
            name = String(name[..<marker.lowerBound])
        }
        guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) || name.hasPrefix("\"") else {
            throw unsupported("state name '\(raw)'")
        }
        let scope = scopes.last
        if name == "[*]" {
            let id = (asSource ? "[*]start:" : "[*]end:") + (scope ?? "")
            if graph.nodeIndex(id) == nil {
                graph.nodes.append(.init(id: id, label: [""], shape: asSource ? .start : .end, cluster: scope))
            }
            return id
        }
        if graph.cluster(name) != nil { return name }
        if let index = graph.nodeIndex(name) {
            graph.nodes[index].classes += classes
        } else {
            guard graph.nodes.count < MermaidRenderer.graphLimit else { throw unsupported("a diagram of more than \(MermaidRenderer.graphLimit) states") }
            graph.nodes.append(.init(id: name, label: [name], shape: .rounded, classes: classes, cluster: scope))
        }
        return name
    }

    private mutating func addNote(_ body: [String], target: String, left: Bool) throws {
        let state = try state(target, asSource: true)
        notes += 1
        let id = "[note]\(notes)"
        let cluster = graph.nodes.first { $0.id == state }?.cluster ?? graph.cluster(state)?.parent
        graph.nodes.append(.init(
            id: id, label: body, shape: .note, cluster: cluster, attachedTo: .init(target: state, left: left)))
        graph.edges.append(.init(from: left ? id : state, to: left ? state : id, stroke: .dotted, head: .none))
    }

    private mutating func finish() {
        // Only plain states take class colours; start and end dots, bars, choices and notes keep theirs.
        classes.apply(to: &graph) { $0.shape == .rounded }
        // A state named before it was opened as a composite state is the composite.
        let composite = Set(compositeIDs)
        graph.nodes.removeAll { composite.contains($0.id) }
        // A note goes in the box of the state it belongs to (known only now for a composite).
        for index in graph.nodes.indices where graph.nodes[index].attachedTo != nil {
            if let target = graph.nodes[index].attachedTo?.target, let owner = graph.nodes.first(where: { $0.id == target }) {
                graph.nodes[index].cluster = owner.cluster
            }
        }
    }
}
