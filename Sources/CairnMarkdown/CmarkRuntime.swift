import CCmarkGFM
import Synchronization

/// The process-wide facts of the linked libcmark-gfm: one-time extension registration, the parse
/// lock, and the library version.
///
/// libcmark-gfm 0.29.0.gfm.6 keeps the extensions' inline special-character table in a global that
/// every parse toggles, so two overlapping parses silently lose `~~strike~~` and autolinks. Every
/// `cmark_parser_feed` + `cmark_parser_finish` therefore runs under ``withParseLock(_:)``; tree edits
/// and HTML rendering run in parallel, one document per task.
public enum CmarkRuntime {
    /// The GFM extensions attached to every parser, by their registered names.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// Registers the core extensions exactly once, before any concurrent use.
    private static let registration: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

    private static let parseLock = Mutex<Void>(())

    /// Makes sure the extensions are registered; cheap after the first call.
    static func ensureRegistered() {
        _ = registration
    }

    /// Runs `body` while holding the process-wide parse lock.
    static func withParseLock<T>(_ body: () throws -> T) rethrows -> T {
        try parseLock.withLock { _ in try body() }
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
