/// One problem found in the user's files, with where it is and, where it helps, what to do.
///
/// Stages collect diagnostics instead of throwing them one at a time, so a single run reports
/// every bad file. Printed as `path:line:column: severity: message` (see ``DiagnosticFormatter``).
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    public var message: String
    /// Site-relative path of the file (`content/overview.md`, `site.json`), or `nil` for a
    /// problem that belongs to no file.
    public var file: String?
    /// 1-based line; 0 when the whole file is meant.
    public var line: Int
    /// 1-based column in Unicode scalars; 0 when the whole line is meant.
    public var column: Int
    /// A suggestion the user can act on (`did you mean 'ops/operations.md'?`).
    public var hint: String?
    /// The pipeline stage that found it; `--format json` writes its name.
    public var stage: Stage

    /// The pipeline's stages, in order.
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
        /// site.json, the content walk, front matter.
        case load
        /// Routes, collisions, navigation order.
        case index
        /// Markdown to HTML: code blocks, diagrams, raw HTML, limits.
        case render
        /// Links and anchors, checked once every page has rendered.
        case links
        /// Placeholders, tables of contents, status and review dates.
        case check
        /// Theme templates and assets.
        case layout
        /// The output folder.
        case write
    }

    public init(
        _ severity: Severity, _ message: String, file: String? = nil, line: Int = 0, column: Int = 0,
        hint: String? = nil, stage: Stage
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
        self.stage = stage
    }

    public static func error(
        _ message: String, file: String? = nil, line: Int = 0, column: Int = 0, hint: String? = nil, stage: Stage
    ) -> Diagnostic {
        Diagnostic(.error, message, file: file, line: line, column: column, hint: hint, stage: stage)
    }

    public static func warning(
        _ message: String, file: String? = nil, line: Int = 0, column: Int = 0, hint: String? = nil, stage: Stage
    ) -> Diagnostic {
        Diagnostic(.warning, message, file: file, line: line, column: column, hint: hint, stage: stage)
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, line, column and message, with exact repeats removed.
    public func sortedForDisplay() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return filter { seen.insert($0).inserted }.sorted { a, b in
            let fileA = a.file ?? "", fileB = b.file ?? ""
            if fileA != fileB { return fileA < fileB }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return a.message < b.message
        }
    }

    public var errorCount: Int { count(where: { $0.severity == .error }) }
    public var warningCount: Int { count(where: { $0.severity == .warning }) }

    /// With `strict`, every warning becomes an error.
    public func promoted(strict: Bool) -> [Diagnostic] {
        guard strict else { return self }
        return map { diagnostic in
            var copy = diagnostic
            copy.severity = .error
            return copy
        }
    }
}
