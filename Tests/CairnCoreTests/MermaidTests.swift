import Foundation
import Testing
import CairnMarkdown
@testable import CairnCore

@Suite("Mermaid at build time")
struct MermaidTests {
    static let folder = FixtureSiteTests.fixtures.appendingPathComponent("mermaid")
    static let goldens = [
        "flowchart-shapes", "flowchart-named-shapes", "flowchart-edges", "flowchart-subgraphs", "flowchart-styles",
        "sequence-basic", "sequence-blocks", "sequence-participants", "state-basic", "state-composite", "state-choice-fork-note",
        "state-regions",
    ]
    static let graphs = goldens.filter { !$0.hasPrefix("sequence") }

    static func source(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("\(name).mmd"), encoding: .utf8)
    }

    static func graph(_ name: String) throws -> MermaidGraph {
        let source = MermaidSource(try Self.source(name))
        return source.kind.hasPrefix("state") ? try StateDiagramParser.parse(source) : try FlowchartParser.parse(source)
    }

    // MARK: Golden pictures (built-in layout, so they do not depend on the Graphviz version)

    @Test("draws each fixture to its golden SVG", arguments: goldens)
    func golden(_ name: String) throws {
        let svg = try MermaidRenderer.draw(try Self.source(name), graphviz: nil) + "\n"
        let goldenURL = Self.folder.appendingPathComponent("\(name).svg")
        if FixtureSiteTests.updating {
            try Data(svg.utf8).write(to: goldenURL)
            return
        }
        #expect(svg == (try String(contentsOf: goldenURL, encoding: .utf8)), "rerun with UPDATE_GOLDEN=1 if intended")
    }

    // MARK: Parsing

    @Test("flowchart: shapes, labels, chains with &, edge kinds and lengths")
    func flowchartParse() throws {
        let shapes = try Self.graph("flowchart-shapes")
        #expect(shapes.direction == .leftRight)
        #expect(shapes.nodes.map(\.shape) == [
            .rect, .rounded, .stadium, .subroutine, .cylinder, .circle, .asymmetric, .diamond, .hexagon, .leanRight, .leanLeft,
            .trapezoid, .trapezoidAlt, .doubleCircle, .cylinder,
        ])
        #expect(shapes.nodes.last?.label == ["Store"])
        let edges = try Self.graph("flowchart-edges")
        #expect(edges.direction == .topDown)
        func edge(_ from: String, _ to: String) -> MermaidGraph.Edge? { edges.edges.first { $0.from == from && $0.to == to } }
        #expect(edge("A", "B")?.head == .arrow && edge("A", "C") != nil)
        #expect(edge("A", "D")?.label == ["labelled"])
        #expect(edge("B", "E")?.stroke == .dotted)
        #expect(edge("C", "E")?.stroke == .thick)
        #expect(edge("D", "E")?.head == MermaidGraph.End.none && edge("D", "E")?.label == ["open with text"])
        #expect(edge("E", "F")?.label == ["dotted text"] && edge("E", "F")?.stroke == .dotted)
        #expect(edge("F", "G")?.label == ["thick text"] && edge("F", "G")?.stroke == .thick)
        #expect(edge("G", "H")?.head == .circle && edge("G", "I")?.head == .cross)
        #expect(edge("H", "I")?.tail == .arrow && edge("H", "I")?.head == .arrow)
        #expect(edge("A", "I")?.length == 2)
        #expect(edge("I", "J")?.stroke == .invisible)
        #expect(edges.nodes.count == 10)
    }

    @Test("flowchart: subgraphs with titles, edges to subgraphs, front matter title")
    func flowchartSubgraphs() throws {
        let graph = try Self.graph("flowchart-subgraphs")
        #expect(graph.title == "Subgraphs")
        #expect(graph.clusters.map(\.id) == ["one", "two", "three"])
        #expect(graph.clusters[0].title == ["First group"])
        #expect(graph.nodes.first { $0.id == "a2" }?.cluster == "one")
        #expect(graph.nodes.first { $0.id == "c1" }?.cluster == "three")
        #expect(graph.nodeIndex("one") == nil, "a subgraph's id is not a node")
        #expect(graph.edges.contains { $0.from == "one" && $0.to == "two" })
    }

    @Test("flowchart: classDef, class, :::, style and linkStyle set colours; unsafe values are dropped")
    func flowchartStyles() throws {
        let graph = try Self.graph("flowchart-styles")
        #expect(graph.accessibleTitle == "Styled nodes")
        #expect(graph.nodes[0].style.fill == "#f96" && graph.nodes[0].style.strokeWidth == "3")
        #expect(graph.nodes[1].style.fill == "rgb(200, 220, 255)" && graph.nodes[1].style.stroke == "navy")
        #expect(graph.nodes[2].style.dash == "5 5" && graph.nodes[2].style.color == "#fff")
        #expect(graph.edges[0].style.stroke == "#ff3")
        let hostile = MermaidStyle.parse("fill:url(javascript:alert(1)),stroke:expression(x),color:#12345g,stroke-width:1e9")
        #expect(hostile.isEmpty)
    }

    @Test("state diagram: start and end per scope, descriptions, composites, choice, fork, notes")
    func stateParse() throws {
        let basic = try Self.graph("state-basic")
        #expect(basic.nodes.filter { $0.shape == .start }.count == 1 && basic.nodes.filter { $0.shape == .end }.count == 1)
        #expect(basic.nodes.first { $0.id == "Crash" }?.label == ["Crashed badly"])
        #expect(basic.nodes.first { $0.id == "Still" }?.label == ["Standing still"])
        #expect(basic.edges.first { $0.from == "Still" && $0.to == "Moving" }?.label == ["push"])
        let composite = try Self.graph("state-composite")
        #expect(composite.direction == .leftRight)
        #expect(composite.clusters.map(\.id) == ["First", "Third"])
        #expect(composite.nodes.filter { $0.shape == .start }.count == 3, "one start at the top and one in each composite")
        #expect(composite.edges.contains { $0.from == "First" && $0.to == "Third" })
        let choice = try Self.graph("state-choice-fork-note")
        #expect(choice.nodes.first { $0.id == "if_state" }?.shape == .diamond)
        #expect(choice.nodes.filter { $0.shape == .bar }.count == 2)
        let notes = choice.nodes.filter { $0.shape == .note }
        #expect(notes.map(\.label) == [["Checks the sign"], ["Negative numbers", "stop here"]])
        #expect(notes.map { $0.attachedTo?.left } == [false, true])
    }

    @Test("state diagram: '--' splits a composite state into regions, each with its own start")
    func stateRegions() throws {
        let graph = try StateDiagramParser.parse(MermaidSource("""
            stateDiagram-v2
                [*] --> Active
                state Active {
                    [*] --> NumLockOff
                    NumLockOff --> NumLockOn : EvNumLockPressed
                    --
                    [*] --> CapsLockOff
                    CapsLockOff --> CapsLockOn : EvCapsLockPressed
                }
            """))
        let regions = graph.clusters.filter { $0.parent == "Active" }
        #expect(regions.count == 2)
        #expect(graph.nodes.first { $0.id == "NumLockOff" }?.cluster == regions[0].id)
        #expect(graph.nodes.first { $0.id == "CapsLockOn" }?.cluster == regions[1].id)
        #expect(graph.nodes.filter { $0.shape == .start }.count == 3)
        _ = try GraphLayout.layout(graph)
    }

    @Test("flowchart: click with a URL makes the node a link; tooltips and new tabs kept")
    func clickLinks() throws {
        let svg = try MermaidRenderer.draw("""
            flowchart LR
                A --> B --> C
                click A "https://example.com/a" "Open A"
                click B href "../b.html" _blank
            """, graphviz: nil)
        #expect(svg.contains("<a href=\"https://example.com/a\"><title>Open A</title><g class=\"node\">"))
        #expect(svg.contains("<a href=\"../b.html\" target=\"_blank\" rel=\"noopener\"><g class=\"node\">"))
        #expect(FlowchartParser.isSafeLink("mailto:x@example.com") && !FlowchartParser.isSafeLink("JavaScript:alert(1)")
                && !FlowchartParser.isSafeLink("data:text/html,x") && FlowchartParser.isSafeLink("page.html#part"))
    }

    @Test("sequence diagram: aliases, actors, every arrow, activations, blocks, notes, boxes")
    func sequenceParse() throws {
        let basic = try SequenceDiagram.parse(MermaidSource(try Self.source("sequence-basic")))
        #expect(basic.participants.map(\.label) == [["Alice"], ["John"]])
        #expect(basic.participants.map(\.kind) == [.participant, .actor])
        let heads = basic.events.compactMap { event -> String? in
            if case .message(let m) = event { return "\(m.line.rawValue) \(m.head.rawValue)\(m.both ? " both" : "")" }
            return nil
        }
        #expect(heads == [
            "solid filled", "dotted filled", "solid none", "dotted none", "solid cross", "dotted cross", "solid open", "dotted open",
            "solid filled both", "solid filled",
        ])
        let typed = try SequenceDiagram.parse(MermaidSource("""
            sequenceDiagram
                participant API@{ "type": "boundary" } as Public API
                participant DB@{ "type": "database", "alias": "Orders" }
                participant Q@{ "type" : "queue" }
                API->>DB: read
            """))
        #expect(typed.participants.map(\.kind) == [.boundary, .database, .queue])
        #expect(typed.participants.map(\.label) == [["Public API"], ["Orders"], ["Q"]])
        #expect(throws: MermaidUnsupported("participant type 'robot'", line: 1, column: 5)) {
            try MermaidRenderer.draw("sequenceDiagram\n    participant R@{ \"type\": \"robot\" }\n", graphviz: nil)
        }
        let central = try SequenceDiagram.parse(MermaidSource("sequenceDiagram\n    Alice()->>()John: Great!\n"))
        #expect(central.events == [.message(.init(from: 0, to: 1, text: ["Great!"], line: .solid, head: .filled, centralFrom: true, centralTo: true))])
        let blocks = try SequenceDiagram.parse(MermaidSource(try Self.source("sequence-blocks")))
        #expect(blocks.groups == [.init(label: ["Front"], fill: "Aqua")])
        #expect(blocks.participants.map(\.group) == [0, nil, nil])
        let kinds = blocks.events.compactMap { event -> String? in
            if case let .blockStart(kind, _) = event { return kind }
            return nil
        }
        #expect(kinds == ["loop", "alt", "opt", "par", "critical", "break"])
        #expect(blocks.events.contains(.note(first: 0, last: 2, placement: .over, text: ["A note over all three"])))
        #expect(blocks.events.contains(.note(first: 2, last: 2, placement: .right, text: ["Right note", "on two lines"])))
    }

    @Test("labels: quotes, entity codes, <br>, Markdown strings, tags dropped")
    func labels() {
        #expect(MermaidText.lines("\"A double quote:#quot;\"") == ["A double quote:\""])
        #expect(MermaidText.lines("A dec char:#9829;") == ["A dec char:♥"])
        #expect(MermaidText.lines("one<br/>two<BR>three") == ["one", "two", "three"])
        #expect(MermaidText.lines("\"`This **is** _Markdown_`\"") == ["This is Markdown"])
        #expect(MermaidText.lines("<b>bold</b> &amp; <i>more</i>") == ["bold & more"])
        #expect(MermaidText.lines("snake_case_name") == ["snake_case_name"])
    }

    // MARK: What is left to the script

    @Test("unsupported kinds and constructs name themselves and their line", arguments: [
        ("gantt\n    title A plan\n", "gantt diagrams", 0),
        ("flowchart TD\n    A --> B\n    click A callback\n", "click callbacks (script run on a node)", 2),
        ("flowchart TD\n    A@{ shape: unicorn }\n", "shape 'unicorn'", 1),
        ("flowchart TD\n    A[fa:fa-car Car]\n", "Font Awesome icons in labels", 1),
        ("sequenceDiagram\n    A->>B: hi\n    create participant B\n", "create of 'B', already there", 2),
        ("stateDiagram-v2\n    note \"Floating\" as N\n", "note not placed left or right of a state", 1),
        ("flowchart TD\n    A --> B\n    click A href \"javascript:alert(1)\"\n", "click link to 'javascript:alert(1)'", 2),
        ("flowchart TD\n    subgraph one\n    A\n", "subgraph without end", 2),
        ("pie\n    \"a\" : 1\n", "pie diagrams", 0),
        ("A -> B\n", "a block that does not start with a diagram type ('A')", 0),
        ("flowchart TD\n" + (0..<25).map { "subgraph s\($0)\n" }.joined() + "A\n", "subgraphs nested more than 24 deep", 25),
        ("gitGraph:\n    commit\n", "gitGraph diagrams", 0),
    ])
    func unsupported(_ source: String, _ construct: String, _ line: Int) {
        #expect(throws: MermaidUnsupported(construct, line: line, column: source.split(separator: "\n")[line].prefix { $0 == " " }.count + 1)) {
            try MermaidRenderer.draw(source, graphviz: nil)
        }
    }

    @Test("hostile labels are escaped and colours other than colours never reach the SVG")
    func escaping() throws {
        let svg = try MermaidRenderer.draw(
            "flowchart TD\n    A[\"<script>alert(1)</script> & #quot;x#quot;\"] --> B\n    style B fill:red,background:url(x)\n", graphviz: nil)
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("url("))
        #expect(svg.contains("fill=\"red\""))
    }

    // MARK: Structure of the pictures

    static let structuralCases = graphs + ["big"]

    static func structuralSource(_ name: String) throws -> String {
        if name != "big" { return try source(name) }
        // A wide, deep graph with long edges, cycles and a subgraph: enough to stress ordering.
        var lines = ["flowchart TD"]
        for i in 0..<40 { lines.append("    n\(i)[Node \(i)] --> n\((i * 7 + 3) % 40)") }
        lines.append("    subgraph group")
        for i in 40..<46 { lines.append("    n\(i) --> n\(i + 1)") }
        lines.append("    end")
        lines.append("    n5 --> n40")
        return lines.joined(separator: "\n")
    }

    @Test("nodes never overlap, edges end on their nodes' borders, every label is drawn", arguments: structuralCases, [false, true])
    func structure(_ name: String, dot: Bool) throws {
        let graphviz = dot ? GraphvizRenderer(cacheFolder: nil, timeout: 10) : nil
        if dot, graphviz?.executable == nil { return }  // Graphviz not installed: the built-in layout is tested above
        let text = try Self.structuralSource(name)
        let source = MermaidSource(text)
        let graph = source.kind.hasPrefix("state") ? try StateDiagramParser.parse(source) : try FlowchartParser.parse(source)
        let placed: PlacedGraph
        if let graphviz {
            guard case .success(let json) = graphviz.layoutJSON(for: DotLayout.dot(graph)), let fromDot = DotLayout.placed(graph, json: json) else {
                Issue.record("dot gave no layout")
                return
            }
            placed = fromDot
        } else {
            placed = try GraphLayout.layout(graph)
        }
        #expect(placed.nodes.count == graph.nodes.count)
        for i in placed.nodes.indices {
            for j in placed.nodes.indices where j > i {
                #expect(!placed.nodes[i].intersects(placed.nodes[j]), "\(graph.nodes[i].id) overlaps \(graph.nodes[j].id)")
            }
        }
        for (e, edge) in graph.edges.enumerated() where edge.stroke != .invisible {
            let path = placed.edges[e]
            #expect(path.count >= 4 && (path.count - 1) % 3 == 0, "edge \(edge.from)->\(edge.to) is a Bézier path")
            guard let first = path.first, let last = path.last else { continue }
            for (id, point) in [(edge.from, first), (edge.to, last)] {
                if let n = graph.nodeIndex(id) {
                    let distance = GraphShapes.distanceToBorder(point, placed.nodes[n], graph.nodes[n].shape)
                    #expect(distance < 3, "\(edge.from)->\(edge.to) ends \(distance) px from \(id)'s border")
                } else if let box = placed.clusters[id] {
                    let distance = GraphShapes.distanceToBorder(point, box, .rect)
                    #expect(distance < 3, "\(edge.from)->\(edge.to) ends \(distance) px from subgraph \(id)'s border")
                }
            }
        }
        // Every cluster holds its nodes.
        for (n, node) in graph.nodes.enumerated() {
            for cluster in graph.ancestry(ofCluster: node.cluster) {
                #expect(placed.clusters[cluster]?.contains(placed.nodes[n]) == true, "\(node.id) outside \(cluster)")
            }
        }
        let svg = GraphSVG.render(graph, placed, kind: "Flowchart")
        for node in graph.nodes where GraphShapes.showsLabel(node.shape) {
            for line in node.label where !line.isEmpty {
                #expect(svg.contains(">\(line.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))<"))
            }
        }
        let nodeGroups = svg.components(separatedBy: "<g class=\"node\">").count - 1
        #expect(nodeGroups == graph.nodes.count)
    }

    @Test("sequence diagram: a created participant's box stands on its first message; a destroyed one's lifeline ends in a cross")
    func createAndDestroy() throws {
        let diagram = try SequenceDiagram.parse(MermaidSource("""
            sequenceDiagram
                Alice->>Bob: Hello Bob
                create participant Carl
                Alice->>Carl: Hi Carl!
                destroy Carl
                Alice-xCarl: We are too many
            """))
        #expect(diagram.events.contains(.create(2)) && diagram.events.contains(.destroy(2)))
        let svg = SequenceSVG.render(diagram)
        // Alice and Bob at the top and foot; Carl once, where he is created.
        #expect(svg.components(separatedBy: "<g class=\"participant\">").count - 1 == 5)
        #expect(svg.contains("stroke-width=\"2\"/>"), "the cross where Carl's lifeline ends")
    }

    @Test("sequence diagram: one lifeline per participant, every message drawn, heads drawn twice at top and foot")
    func sequenceStructure() throws {
        let text = try Self.source("sequence-blocks")
        let diagram = try SequenceDiagram.parse(MermaidSource(text))
        let svg = SequenceSVG.render(diagram)
        #expect(svg.components(separatedBy: "<g class=\"participant\">").count - 1 == 2 * diagram.participants.count)
        for event in diagram.events {
            if case .message(let message) = event, let line = message.text.first {
                #expect(svg.contains(">\(line)<"), "message '\(line)' drawn")
            }
        }
        for kind in ["loop", "alt", "opt", "par", "critical", "break"] { #expect(svg.contains(">\(kind)</text>")) }
        #expect(svg.contains("fill=\"rgb(200,255,200)\""))
    }

    // MARK: In a site

    @Test("a page's drawable blocks become figures without the script; others keep it and warn at their line")
    func inASite() throws {
        let site = try TestSite([
            "site.json": #"{"title": "T", "diagrams": {"graphviz": false}}"#,
            "content/index.md": "# Home\n\n```mermaid\nflowchart LR\n  A --> B\n```\n",
            "content/plan.md": "# Plan\n\nText.\n\n```mermaid\ngantt\n  title Plan\n```\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n",
        ])
        let report = site.render()
        let home = try #require(site.page("index.html", in: report))
        #expect(home.contains("<figure class=\"diagram mermaid-diagram\">"))
        #expect(home.contains("aria-label=\"Flowchart: A, B\""))
        #expect(!home.contains("mermaid.esm"), "no script where every block is drawn")
        let plan = try #require(site.page("plan/index.html", in: report))
        #expect(plan.contains("<pre class=\"mermaid\">gantt"))
        #expect(plan.contains("mermaid.esm"))
        #expect(plan.contains("aria-label=\"Sequence diagram: A, B\""))
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/plan.md:6:1: warning: Mermaid: gantt diagrams not drawn at build time") })
    }

    @Test("diagrams.mermaid \"client\" leaves every block to the script; other values are refused")
    func clientMode() throws {
        let site = try TestSite([
            "site.json": #"{"title": "T", "diagrams": {"mermaid": "client"}}"#,
            "content/index.md": "# Home\n\n```mermaid\nflowchart LR\n  A --> B\n```\n",
        ])
        let report = site.render()
        let home = try #require(site.page("index.html", in: report))
        #expect(home.contains("<pre class=\"mermaid\">flowchart LR"))
        #expect(report.diagnostics.isEmpty)
        let wrong = try TestSite(["site.json": #"{"title": "T", "diagrams": {"mermaid": "server"}}"#, "content/index.md": "# Home\n"])
        #expect(wrong.render().diagnosticText.contains { $0.contains("'diagrams.mermaid' must be \"build\" or \"client\"") })
    }

    @Test("dot layouts are cached on disk: a second renderer with the same cache folder runs dot for nothing it has seen")
    func dotLayoutCache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-mermaid-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = GraphvizRenderer(cacheFolder: folder, timeout: 10)
        guard first.executable != nil else { return }  // Graphviz not installed: the built-in layout is used
        let source = try Self.source("flowchart-subgraphs")
        let drawn = try MermaidRenderer.draw(source, graphviz: first)
        #expect(first.runs.load(ordering: .relaxed) == 1)
        let second = GraphvizRenderer(cacheFolder: folder, timeout: 10)
        #expect(try MermaidRenderer.draw(source, graphviz: second) == drawn)
        #expect(second.runs.load(ordering: .relaxed) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).contains { $0.hasSuffix(".layout") })
    }

    @Test("the prefetch scan finds each top-level Mermaid fence's code exactly as the Markdown parser reads it")
    func fenceScan() throws {
        let page = """
            # Page

            ```mermaid
            flowchart LR
              A --> B
            ```

              ~~~~ Mermaid extra words
              stateDiagram-v2
                [*] --> S
               ~~~~~

            ````text
            ```mermaid
            not a fence: inside another block
            ```
            ````

            ```mermaid\r
            graph TD\r
              C --> D\r
            ```\r

            ```mermaid
            flowchart LR
              never --> closed
            """
        var recorder = FenceLabelTests.Recorder()
        _ = MarkdownRenderer.render(page, options: MarkdownOptions(), delegate: &recorder)
        let parsed = recorder.blocks.filter { $0.language == "mermaid" && $0.closed }.map(\.code)
        #expect(parsed.count == 3)
        #expect(MermaidFences.sources(in: page) == parsed)
    }

    @Test("a build draws its flowcharts and state diagrams ahead, one dot run per graph, exactly as the pages would")
    func drawnAhead() throws {
        guard GraphvizRenderer.findDot() != nil else { return }  // Graphviz not installed: the built-in layout draws on the page
        // Graphs of different shapes (dot sees sizes, not labels, so same-shaped graphs share a layout).
        let pages = (0..<7).map { n in
            "# Page \(n)\n\n```mermaid\nflowchart LR\n  A\(n)[Start] --> B\(n){Choice}\n"
                + (0...n).map { "  B\(n) -->|yes| C\($0)\n" }.joined() + "```\n\n"
                + "```mermaid\nstateDiagram-v2\n  [*] --> S0\n" + (0...n).map { "  S\($0) --> S\($0 + 1)\n" }.joined() + "```\n"
        }
        var files = ["site.json": #"{"title": "T"}"#]
        for (n, page) in pages.enumerated() { files["content/p\(n).md"] = page }
        let site = try TestSite(files)
        let graphviz = GraphvizRenderer(cacheFolder: nil, timeout: 10)
        let renderer = MermaidRenderer(graphviz: graphviz)
        renderer.prefetch(pages: pages + pages)
        // 14 distinct graphs, each laid out once (a repeated block is not laid out again) and drawn.
        #expect(graphviz.runs.load(ordering: .relaxed) == 14)
        #expect(renderer.draws.load(ordering: .relaxed) == 14)
        let single = GraphvizRenderer(cacheFolder: nil, timeout: 10)
        for page in pages {
            for source in MermaidFences.sources(in: page) {
                #expect(try renderer.render(source).get() == MermaidRenderer.draw(source, graphviz: single))
            }
        }
        #expect(renderer.draws.load(ordering: .relaxed) == 14, "the pages found every block drawn")
        #expect(graphviz.runs.load(ordering: .relaxed) == 14)
        let report = site.render()
        #expect(report.diagnostics.isEmpty)
        #expect(try #require(site.page("p3/index.html", in: report)).contains("aria-label=\"Flowchart: Start, Choice, C0"))
    }

    @Test("the renderer draws a source once; a watch rebuild redraws only the block that changed")
    func cache() throws {
        let renderer = MermaidRenderer(graphviz: nil)
        _ = renderer.render("flowchart LR\n A --> B\n")
        _ = renderer.render("flowchart LR\n A --> B\n")
        #expect(renderer.draws.load(ordering: .relaxed) == 1)

        let blocks = (0..<5).map { "```mermaid\nflowchart LR\n  A\($0) --> B\($0)\n```\n" }
        let site = try TestSite([
            "site.json": #"{"title": "T", "diagrams": {"graphviz": false}}"#,
            "content/index.md": "# Home\n\n" + blocks.joined(separator: "\n"),
        ])
        var session = SiteSession(root: site.root, options: .init(mode: .preview, environment: IncrementalBuildTests.environment))
        #expect(session.mermaidDraws == 5)
        var edited = blocks
        edited[2] = "```mermaid\nflowchart LR\n  A2 --> C2\n```\n"
        try site.write("content/index.md", Data(("# Home\n\n" + edited.joined(separator: "\n")).utf8))
        _ = session.update(SiteChanges(paths: ["content/index.md"]))
        #expect(session.mermaidDraws == 6)
        #expect(session.report.files.contains { $0.path == "index.html" })
    }
}
