import CairnCore
import CairnHighlight
import Foundation
#if CAIRN_FUZZ
import CFuzzerDriver
#endif

/// Built by `scripts/fuzz.sh` (with `-sanitize=fuzzer,address -DCAIRN_FUZZ`) it hands control to
/// libFuzzer, which calls ``exercise(_:)`` with every input it makes up. Built plainly it replays
/// inputs, for example a crash file libFuzzer saved: `swift run CairnFuzz crash-…`.
@main
struct CairnFuzz {
    static func main() throws {
        #if CAIRN_FUZZ
        // One-time statics (theme, tables, formatters) are made before fuzzing starts, so
        // libFuzzer's leak check does not count them against the first input.
        exercise(Data(warmUp.utf8))
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, cairnFuzzOneInput))
        #else
        for path in CommandLine.arguments.dropFirst() {
            exercise(try Data(contentsOf: URL(fileURLWithPath: path)))
            print("\(path): ok")
        }
        #endif
    }
}

#if CAIRN_FUZZ
/// libFuzzer's per-input callback (also what its own `main`, linked from the same archive, names).
@_cdecl("LLVMFuzzerTestOneInput")
func cairnFuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    exercise(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#endif

/// Touches every lazily built table: front matter, links, alerts, tables, diagrams, placeholders.
let warmUp = """
    ---
    title: Warm up
    status: Draft
    nextReview: 2020-01-01
    ---
    # Warm up

    - [Section](#section) [x](other.md) [](../index.md) ![i](diagram.png) www.example.com [Name] ~~s~~ [^1]

    > [!NOTE]
    > Note.

    | a | b |
    |---|--:|
    | [Value] | `c` |

    ```
    ┌───┐  +--+
    │ A │─►|B |
    └───┘  +--+
    ```

    ```mermaid
    graph TD; A-->B
    ```

    ## Section

    **Next Review:** 2020-01-01

    [^1]: Note.
    """

/// The highlighter on one input: the first byte picks the language, the rest is the code. Every
/// scanner must end, keep its runs in order, and write HTML whose text is the code, byte for byte.
func exerciseHighlighter(_ data: Data) {
    let names = Highlighter.knownNames
    guard let first = data.first, !names.isEmpty else { return }
    let code = String(decoding: data.dropFirst(), as: UTF8.self)
    let language = Highlighter.language(named: names[Int(first) % names.count])
    let html = Highlighter.html(code, language: language, lines: .init(numbered: first & 1 == 1, highlighted: [1, 2]))
    var text = [UInt8]()
    var inTag = false
    var entity: [UInt8] = []
    for byte in html.utf8 {
        if inTag { inTag = byte != UInt8(ascii: ">"); continue }
        if !entity.isEmpty {
            entity.append(byte)
            if byte == UInt8(ascii: ";") {
                let decoded: [String: UInt8] = ["&amp;": 0x26, "&lt;": 0x3C, "&gt;": 0x3E, "&quot;": 0x22]
                guard let value = decoded[String(decoding: entity, as: UTF8.self)] else { preconditionFailure("unknown entity") }
                text.append(value)
                entity = []
            }
            continue
        }
        if byte == UInt8(ascii: "<") { inTag = true } else if byte == UInt8(ascii: "&") { entity = [byte] } else { text.append(byte) }
    }
    precondition(text == Array(code.utf8), "highlighted text differs from the code")
}

/// The Mermaid parsers and the built-in layout on one input: the first byte picks the header
/// (flowchart, sequence or state diagram, in a direction), the rest is the diagram. Each input
/// must come back as SVG or as a named unsupported construct (no crash, no hang: the fuzzer's
/// timeout; a coordinate that is not a number traps when written), and the SVG must carry
/// nothing from the input unescaped.
func exerciseMermaid(_ data: Data) {
    guard let first = data.first else { return }
    let headers = ["flowchart TD", "graph LR", "flowchart BT", "flowchart RL", "sequenceDiagram", "stateDiagram-v2", "stateDiagram", ""]
    let body = String(decoding: data.dropFirst(), as: UTF8.self)
    let source = headers[Int(first) % headers.count] + "\n" + body
    guard case .success(let svg) = MermaidRenderer(graphviz: nil).render(source) else { return }
    precondition(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"), "not one SVG element")
    // Every tag is one Cairn writes: text from the input is always escaped.
    let allowed: Set<Substring> = ["svg", "g", "path", "rect", "circle", "polygon", "text", "tspan", "desc", "title", "a"]
    for piece in svg.split(separator: "<").dropFirst() {
        let name = piece.drop { $0 == "/" }.prefix { $0.isLetter }
        precondition(allowed.contains(name), "unexpected tag <\(name)")
    }
    precondition(!svg.contains("javascript:"), "script URL in SVG")
}

/// `CAIRN_FUZZ_MERMAID=1` spends every input on the Mermaid parsers and layout alone (about
/// fifty times as many inputs a second as the whole page).
let mermaidOnly = ProcessInfo.processInfo.environment["CAIRN_FUZZ_MERMAID"] == "1"

/// One input through the whole per-page pipeline, with checks that must hold for any input.
func exercise(_ data: Data) {
    exerciseMermaid(data)
    if mermaidOnly { return }
    exerciseHighlighter(data)
    let (files, diagnostics) = StandalonePage.build(data)
    for diagnostic in diagnostics where diagnostic.file == "content/guide/page.md" {
        precondition(diagnostic.line >= 0 && diagnostic.column >= 0, "negative position")
    }
    for file in files {
        precondition(!file.path.hasPrefix("/") && !file.path.split(separator: "/").contains(".."), "path escapes the output: \(file.path)")
        if file.path == "guide/page/index.html", case .data(let html) = file.contents {
            let text = String(decoding: html, as: UTF8.self)
            // Default config: no raw HTML from the page ever reaches the output.
            precondition(!text.contains("<script>alert"), "raw script in output")
        }
    }
}
