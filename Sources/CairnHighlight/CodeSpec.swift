/// How a language writes strings: one rule per opening delimiter.
struct QuoteRule: Sendable {
    enum Interpolation: Sendable {
        /// `${expr}` (JavaScript templates, Kotlin, Groovy, HCL, shell)
        case dollarBrace
        /// `\(expr)` (Swift)
        case backslashParen
        /// `#{expr}` (Ruby, CoffeeScript)
        case hashBrace
        /// `{expr}` with `{{` as a literal brace (Python f-strings, C# `$"…"`)
        case brace
        /// `$name` and `${expr}` (Kotlin, shell, PHP, Dart)
        case dollar
    }

    var open: [UInt8]
    var close: [UInt8]
    /// Backslash escapes apply.
    var escapes = true
    /// May span lines; otherwise an unclosed string ends at its line's end.
    var multiline = false
    var interpolation: Interpolation?
    /// `""` inside stands for one quote (C# verbatim, SQL, Pascal).
    var doubledCloseEscapes = false

    init(_ open: String, _ close: String? = nil, escapes: Bool = true, multiline: Bool = false,
         interpolation: Interpolation? = nil, doubledCloseEscapes: Bool = false) {
        self.open = open.bytes
        self.close = (close ?? open).bytes
        self.escapes = escapes
        self.multiline = multiline
        self.interpolation = interpolation
        self.doubledCloseEscapes = doubledCloseEscapes
    }
}

/// A C-family-shaped language: comments, strings, numbers, identifiers sorted into keywords,
/// types and literals, plus the few extras some languages need. Most languages are one of these.
struct CodeSpec: Sendable {
    var keywords: Set<String> = []
    var types: Set<String> = []
    var literals: Set<String> = []
    var lineComments: [[UInt8]] = []
    var blockComments: [(open: [UInt8], close: [UInt8])] = []
    /// `/* /* */ */` nests (Swift, Rust, Kotlin, Scala).
    var nestedComments = false
    /// Longest openers first where one is a prefix of another (`"""` before `"`).
    var quotes: [QuoteRule] = []
    /// Identifiers that, directly before a quote, belong to the string (`r"…"`, `f'…'`, `b"…"`).
    /// A prefix holding `r` makes the string raw; one holding `f` adds `{…}` interpolation.
    var stringPrefixes: Set<String> = []
    /// A capitalised name (with a lower-case letter somewhere) is a type.
    var capitalizedTypes = false
    /// Keywords match in any case (SQL).
    var caseInsensitive = false
    /// `@name` is an attribute (annotations, decorators).
    var decorators = false
    /// `#[…]` and `#![…]` are attributes (Rust).
    var rustAttributes = false
    /// A line starting with `#` is a preprocessor directive (C family).
    var preprocessor = false
    /// `$name` is a variable (PHP).
    var dollarVariables = false
    /// `@x`, `@@x`, `$x` are variables and `:name` a symbol (Ruby).
    var rubySigils = false
    /// `$` may appear in identifiers (JavaScript, Java).
    var dollarInIdentifiers = false
    /// `-` may appear inside identifiers (shell words, HCL).
    var hyphenInIdentifiers = false
    /// A string directly followed by `:` is a key (JSON).
    var jsonKeys = false
    /// `'a'` is a character but `'a` a lifetime (Rust).
    var rustCharacters = false
    /// `#"…"#` raw strings (Swift).
    var swiftRawStrings = false
    /// `r"…"`, `r#"…"#`, `b"…"`, `br"…"` (Rust).
    var rustRawStrings = false
    /// `R"delim(…)delim"` (C++).
    var cppRawStrings = false
    /// `@"…"` verbatim and `$"…"` interpolated strings (C#).
    var csharpStrings = false
    /// Shell rules: `#` comments only at a word's start, `$…` expansions, heredocs.
    var shell = false
    /// Words that are keywords only as a line's first word (Dockerfile instructions).
    var lineStartKeywords: Set<String> = []
}
