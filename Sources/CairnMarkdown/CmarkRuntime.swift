import CCmarkGFM
import CCmarkParallel
import Synchronization

/// The process-wide facts of the linked libcmark-gfm: one-time extension registration, the parse
/// lock, and the library version.
///
/// libcmark-gfm 0.29.0.gfm.6 keeps the extensions' inline special-character table in a global that
/// every parse toggles, so two overlapping parses silently lose `~~strike~~` and autolinks. On
/// Linux our own C target (CCmarkParallel) takes the place of the function that toggles it, so the
/// table is filled once and parses run in parallel; ``parallelParsing`` proves at start-up that
/// the library really calls it. Where it does not (macOS), every `cmark_parser_feed` +
/// `cmark_parser_finish` runs under the process-wide lock of ``withParseLock(_:)``. Tree edits
/// and HTML rendering always run in parallel, one document per task.
public enum CmarkRuntime {
    /// The GFM extensions attached to every parser, by their registered names.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// Registers the core extensions exactly once, before any concurrent use.
    private static let registration: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

    private static let parseLock = Mutex<Void>(())

    /// Whether parses may overlap: one probe parse (with the extensions, so the library fills its
    /// special-character table) must have gone through CCmarkParallel's definition.
    public static let parallelParsing: Bool = {
        ensureRegistered()
        let before = cairn_cmark_special_character_calls()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return false }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        // No lock needed: every parse asks for this value first, so none runs until it is set.
        let probe = "~~a~~ www.example.com\n"
        probe.withCString { cmark_parser_feed(parser, $0, probe.utf8.count) }
        let root = cmark_parser_finish(parser)
        if let root { cmark_node_free(root) }
        cmark_parser_free(parser)
        return cairn_cmark_special_character_calls() > before
    }()

    /// Makes sure the extensions are registered; cheap after the first call.
    static func ensureRegistered() {
        _ = registration
    }

    /// Runs `body` (a feed and finish) while holding the process-wide parse lock, or at once when
    /// ``parallelParsing`` holds.
    static func withParseLock<T>(_ body: () throws -> T) rethrows -> T {
        if parallelParsing { return try body() }
        return try parseLock.withLock { _ in try body() }
    }

    /// The linked library's version string, e.g. `0.29.0.gfm.6`.
    public static var versionString: String {
        String(cString: cmark_version_string())
    }

    /// The linked library's version as `major << 16 | minor << 8 | patch`.
    public static var version: Int {
        Int(cmark_version())
    }
}
