import CairnCore
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

/// One input through the whole per-page pipeline, with checks that must hold for any input.
func exercise(_ data: Data) {
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
