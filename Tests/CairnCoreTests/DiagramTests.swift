import Foundation
import Testing
@testable import CairnCore

@Suite("Text diagrams")
struct DiagramTests {
    static let folder = FixtureSiteTests.fixtures.appendingPathComponent("diagrams")
    static let drawings = ["template", "ascii-arrows", "nested", "sequence", "table", "labels-escaping"]
    static let notDrawings = ["tree", "ascii-tree", "shell", "prose"]

    static func source(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("\(name).txt"), encoding: .utf8)
    }

    @Test("renders each drawing to its golden SVG", arguments: drawings)
    func golden(_ name: String) throws {
        let svg = TextDiagramSVG.render(try Self.source(name)) + "\n"
        let goldenURL = Self.folder.appendingPathComponent("\(name).svg")
        if FixtureSiteTests.updating {
            try Data(svg.utf8).write(to: goldenURL)
            return
        }
        #expect(svg == (try String(contentsOf: goldenURL, encoding: .utf8)), "rerun with UPDATE_GOLDEN=1 if intended")
    }

    @Test("detects drawings in untagged fences", arguments: drawings)
    func detects(_ name: String) throws {
        #expect(DiagramDetector.isDrawing(try Self.source(name)))
    }

    @Test("leaves directory trees, shell sessions and prose as code", arguments: notDrawings)
    func rejects(_ name: String) throws {
        #expect(!DiagramDetector.isDrawing(try Self.source(name)))
    }

    @Test("every box-drawing character is found by its offset in U+2500-U+257F, and nothing else is")
    func boxDrawingOffsets() {
        #expect(DiagramGrid.boxDrawing.count > 100)
        for scalar in (0x2400..<0x2680).compactMap(Unicode.Scalar.init) {
            let entry = DiagramGrid.boxDrawingEntry(scalar)
            let expected = DiagramGrid.boxDrawing[scalar]
            #expect(entry?.0 == expected?.0 && entry?.1 == expected?.1 && entry?.2 == expected?.2, "U+\(String(scalar.value, radix: 16))")
        }
        #expect(DiagramGrid.boxDrawing.keys.allSatisfy { (0x2500..<0x2580).contains($0.value) })
    }

    @Test("the template's diagram has its four boxes, labels, the HTTPS label and three arrows")
    func templateStructure() throws {
        let source = try Self.source("template")
        let grid = DiagramGrid(source)
        #expect(DiagramDetector.rectangleCount(grid, limit: 10) == 4)
        let labels = TextDiagramSVG.textRuns(grid).map(\.text)
        for label in ["Client", "(Browser)", "API Layer", "(FastAPI)", "Database", "(Postgres)", "Cache", "(Redis)", "HTTPS",
                      "[Insert architectural diagram here]", "Example text-based diagram:"] {
            #expect(labels.contains(label), "missing label \(label)")
        }
        let svg = TextDiagramSVG.render(source)
        #expect(svg.contains(">API Layer</text>"))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("aria-label=\"Diagram: [Insert architectural diagram here], Example text-based diagram:, Client (Browser), HTTPS, API Layer (FastAPI), Database (Postgres), Cache (Redis)\""))
        let arrowPath = try #require(svg.components(separatedBy: "\" fill=\"currentColor\"/>").first?.components(separatedBy: "<path d=\"").last)
        #expect(arrowPath.components(separatedBy: "Z").count - 1 == 3)
        // The source is in the "Diagram source" disclosure; a screen reader hears the labels only.
        #expect(!svg.contains("<desc>"))
        #expect(!svg.contains("┌"))
    }

    /// The shapes that were drawn on real repositories and are not drawings (each stands for a
    /// family in the labelled set, `FenceLabelTests`), and drawings with no closed box.
    static let genres: [(name: String, text: String, drawing: Bool)] = [
        ("rustc diagnostic", """
            error[E0499]: cannot borrow `x` as mutable more than once at a time
             --> src/main.rs:4:13
              |
            3 |     let a = &mut x;
              |             ------ first mutable borrow occurs here
            4 |     let b = &mut x;
              |             ^^^^^^ second mutable borrow occurs here
            """, false),
        ("Go channels", """
            func Merge(a, b <-chan T) <-chan T {
            \tc := make(chan T)
            \tfor v := range a {
            \t\tc <- v
            \t}
            \treturn c
            }
            """, false),
        ("grammar alternatives", """
            Pattern :
                 LiteralPattern
               | IdentifierPattern
               | RangePattern
               | fn(T1, T2) -> T0
            """, false),
        ("type rule", """
            R ⊢ T1: 'a    R ⊢ T2: 'a
            --------------------------
            R ⊢ (T1, T2): 'a
            """, false),
        ("call trace with arrows", """
            Application invokes an RPC ->
                Interceptor A start ->
                    Interceptor B start ->
                Interceptor A returns ->
            Application gets the response
            """, false),
        ("git log --graph", """
            *   6b10077 Merge branch 'feature/timeout'
            |\\
            | * 67feed7 Raise timeout to 60 seconds
            * | 017bef5 Use temperature 0 (HEAD -> main)
            |/
            * 23db174 Raise batch size to 32
            """, false),
        ("dependency graph without boxes", """
            BODY(foo) --------> TYPECK(foo) --> MIR(foo)
                                  ^               |
            SIG(foo) ----> COLLECT(foo)           v
                             |                LLVM(foo)
                             +--> ITEM_TYPE(foo)
            """, true),
        ("annotated symbol", """
            _RNvNtCs1234_7mycrate3foo3bar
              <>^^^^^<----><------><--><-->
               ||||||   |      |     |   |
               ||||||   |      |     |   +--- "bar" identifier
               ||||||   |      |     +------- "foo" identifier
            """, true),
        ("byte ranges", """
            _RNvNvXs2_C7mycrateINtC7mycrate3FoopE
                   <----------><---------------->
                    impl-path      self-type
            """, true),
        ("flow with vertical arrows only", """
                  Apply message N
                        │
                        ▼
                Update lastApplied = N
            """, true),
    ]

    @Test("compiler output, code, grammars, type rules, traces and git graphs stay code; box-less drawings are drawn",
          arguments: 0..<genres.count)
    func genre(_ index: Int) {
        let genre = Self.genres[index]
        #expect(DiagramDetector.isDrawing(genre.text) == genre.drawing, "\(genre.name)")
    }

    @Test("a screen reader hears each box's wrapped name as one phrase, boxes top to bottom, left to right")
    func readingOrder() {
        let source = """
            +--------+    +---------+
            |  Load  |--->|   Web   |
            |balancer|    | servers |
            +--------+    +---------+
                 |
                 v
              +----+
              | DB |
              +----+
            """
        let phrases = TextDiagramSVG.readingOrder(TextDiagramSVG.textRuns(DiagramGrid(source)))
        #expect(phrases == ["Load balancer", "Web servers", "DB"])
    }

    @Test("only a closed fence is drawn: never an indented block, never a fence that runs to the end of the page")
    func onlyClosedFences() throws {
        let drawing = "+---+    +---+\n| a |--->| b |\n+---+    +---+\n"
        let indented = drawing.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        let site = try TestSite([
            "content/index.md": "# T\n\nText\n\n\(indented)\n\n```\n\(drawing)```\n\n~~~\n\(drawing)",
        ])
        let report = site.render()
        let html = try #require(site.page("index.html", in: report))
        #expect(html.components(separatedBy: "<figure class=\"diagram\">").count - 1 == 1, "only the closed fence")
        #expect(report.diagnosticText == [
            "content/index.md:15:1: warning: code fence is never closed: everything after it, to the end of the page (or of its list or quote), is shown as code\n    hint: add a closing fence line (as many ` or ~ as the opening one) where the code ends",
        ])
    }

    @Test("ASCII arrows point in all four directions")
    func asciiArrows() throws {
        let grid = DiagramGrid(try Self.source("ascii-arrows"))
        var directions: [DiagramGrid.Directions] = []
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                if case .arrow(let direction, true) = grid.cell(row, column) { directions.append(direction) }
            }
        }
        #expect(Set(directions.map(\.rawValue)) == Set([DiagramGrid.Directions.up, .down, .left, .right].map(\.rawValue)))
    }

    @Test("escapes <, & and quotes in labels and the description")
    func escaping() throws {
        let svg = TextDiagramSVG.render(try Self.source("labels-escaping"))
        #expect(!svg.contains("<script"))
        #expect(svg.contains("a &lt; b &amp; &quot;c&quot;"))
        #expect(svg.contains("&#39;q&#39;"))
    }

    @Test("hyphenated words and lone pipes stay text inside a drawing")
    func wordsStayText() {
        let grid = DiagramGrid("┌──────────────┐\n│ High-Level a │\n└──────────────┘\nDraft | Review\n")
        let labels = TextDiagramSVG.textRuns(grid).map(\.text)
        #expect(labels.contains("High-Level a"))
        #expect(labels.contains("Draft | Review"))
    }

    @Test("rendering is deterministic")
    func deterministic() throws {
        for name in Self.drawings {
            let source = try Self.source(name)
            #expect(TextDiagramSVG.render(source) == TextDiagramSVG.render(source))
        }
    }
}

@Suite("Diagram fences in pages")
struct DiagramFenceTests {
    @Test("tagged, untagged and text fences: drawings become SVG, code stays code, detection can be off")
    func fences() throws {
        let drawing = "┌───┐\n│ A │\n└─┬─┘\n  ▼\n┌───┐\n│ B │\n└───┘\n"
        let page = """
            ```
            \(drawing)```

            ```text
            \(drawing)```

            ```bash
            \(drawing)```

            ```goat
            a --> b
            ```

            ```
            ├── src/
            └── README.md
            ```
            """
        let site = try TestSite(["content/index.md": page])
        let html = try #require(site.page("index.html", in: site.render()))
        #expect(html.components(separatedBy: "<figure class=\"diagram\">").count - 1 == 3)
        #expect(html.contains("<code class=\"language-bash\">"))
        #expect(html.contains("├── src/"))
        let off = try TestSite(["content/index.md": page, "site.json": "{\"diagrams\": {\"detect\": false}}"])
        let plain = try #require(off.page("index.html", in: off.render()))
        #expect(plain.components(separatedBy: "<figure class=\"diagram\">").count - 1 == 1)
    }

    @Test("Mermaid: escaped source in <pre class=mermaid>, script only on pages that need it")
    func mermaid() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n",
            "content/flow.md": "```mermaid\ngraph TD; A-->B; B--><script>\n```\n",
            "site.json": "{\"diagrams\": {\"mermaidURL\": \"_cairn/mermaid.mjs\"}}",
        ])
        let report = site.render()
        let flow = try #require(site.page("flow/index.html", in: report))
        #expect(flow.contains("<pre class=\"mermaid\">graph TD; A--&gt;B; B--&gt;&lt;script&gt;\n</pre>"))
        #expect(flow.contains("import mermaid from \"../_cairn/mermaid.mjs\""))
        #expect(site.page("index.html", in: report)?.contains("mermaid") == false)
    }

    @Test("Graphviz: SVG from dot, cached by content; refuses links without unsafeHTML")
    func graphviz() throws {
        let page = "```dot\ndigraph { a -> b }\n```\n\n```graphviz\ndigraph { x [URL=\"javascript:alert(1)\"] }\n```\n"
        let site = try TestSite(["content/index.md": page])
        let report = site.render()
        let html = try #require(site.page("index.html", in: report))
        // The fence with a link attribute stays code; no link reaches the SVG.
        #expect(html.contains("<code class=\"language-graphviz\">"))
        #expect(!html.contains("href=\"javascript:"))
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/index.md:5:1: warning: Graphviz links") })
        guard GraphvizRenderer.findDot() != nil else {
            #expect(report.diagnosticText.contains { $0.contains("Graphviz 'dot' is not installed") })
            return
        }
        #expect(html.contains("<figure class=\"diagram graphviz\">"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<?xml"))
        // The second build finds the SVG in .cairn-cache and runs dot no more.
        let renderer = GraphvizRenderer(cacheFolder: site.root.appendingPathComponent(".cairn-cache/graphviz"), timeout: 10)
        _ = renderer.svg(for: "digraph { a -> b }\n")
        #expect(renderer.runs.load(ordering: .relaxed) == 0)
    }

    @Test("Graphviz failures are warnings at the fence and keep the code block")
    func graphvizFailure() throws {
        let site = try TestSite(["content/index.md": "Intro\n\n```dot\ndigraph { a -> \n```\n"])
        let report = site.render()
        let html = try #require(site.page("index.html", in: report))
        #expect(html.contains("<code class=\"language-dot\">"))
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/index.md:3:1: warning: Graphviz") })
    }
}
