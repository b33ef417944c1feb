/// What a highlighted run of code is. Each kind is one CSS class in the page (`hl-k`, …): a
/// short, closed vocabulary the theme colours, documented in the README.
public enum TokenKind: UInt8, Sendable, CaseIterable {
    /// `hl-k`: keywords; Dockerfile instructions, HTML/XML tag names, Markdown headings.
    case keyword
    /// `hl-t`: type names (built-in types, capitalised names where a language capitalises types),
    /// TOML/INI section headers, CSS selectors.
    case type
    /// `hl-s`: strings, characters, heredocs, YAML block scalars, regular expressions.
    case string
    /// `hl-e`: escapes and interpolation markers inside strings (`\n`, `${`, `}`), HTML entities.
    case escape
    /// `hl-n`: numbers, with prefixes, separators, exponents and suffixes; CSS colours and units.
    case number
    /// `hl-c`: comments, including doc comments and nested block comments.
    case comment
    /// `hl-l`: literal constants: `true`, `false`, `null`, `nil`, `None`, `undefined`.
    case literal
    /// `hl-a`: attributes, annotations, decorators, preprocessor lines, YAML anchors and tags,
    /// diff file and hunk headers, CSS at-rules.
    case attribute
    /// `hl-v`: variables marked as such (`$HOME`, `${x}`, `$(CC)`, `@ivar`), Ruby symbols.
    case variable
    /// `hl-p`: keys and properties: JSON/YAML/TOML keys, HTML attribute names, CSS properties,
    /// Makefile targets and assignments.
    case property
    /// `hl-i`: diff lines added.
    case inserted
    /// `hl-d`: diff lines removed.
    case deleted
    /// `hl-x`: a shell prompt (`$ `, `user@host:~$ `); not selected, not copied.
    case prompt
    /// `hl-o`: what a command printed, in a console session; not copied.
    case output

    /// The CSS class written into the page.
    public var cssClass: String {
        switch self {
        case .keyword: "hl-k"
        case .type: "hl-t"
        case .string: "hl-s"
        case .escape: "hl-e"
        case .number: "hl-n"
        case .comment: "hl-c"
        case .literal: "hl-l"
        case .attribute: "hl-a"
        case .variable: "hl-v"
        case .property: "hl-p"
        case .inserted: "hl-i"
        case .deleted: "hl-d"
        case .prompt: "hl-x"
        case .output: "hl-o"
        }
    }
}

/// One highlighted run: bytes `start..<end` of the code. Runs never overlap and come in order;
/// bytes between runs are plain.
public struct Token: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var kind: TokenKind

    public init(start: Int, end: Int, kind: TokenKind) {
        self.start = start
        self.end = end
        self.kind = kind
    }
}

/// Collects runs in order, merging touching runs of one kind and dropping empty ones.
struct TokenSink {
    private(set) var tokens: [Token] = []

    mutating func add(_ start: Int, _ end: Int, _ kind: TokenKind) {
        guard end > start else { return }
        if let last = tokens.last {
            assert(start >= last.end, "tokens out of order")
            guard start >= last.end else { return }  // never in a release build: dropped, not crashed
            if last.kind == kind && last.end == start {
                tokens[tokens.count - 1].end = end
                return
            }
        }
        tokens.append(Token(start: start, end: end, kind: kind))
    }
}
