import CairnCore
import Foundation

/// Prints diagnostics and the summary line: text to standard error (summary to standard
/// output), or a JSON array of diagnostics on standard output.
struct ReportPrinter {
    let root: URL
    let cwd: URL
    let format: OutputFormat
    let quiet: Bool

    /// A site-relative path as the user should see it: relative to the working folder when the
    /// site is inside it, absolute otherwise.
    func displayPath(_ sitePath: String) -> String {
        display(root.appendingPathComponent(sitePath))
    }

    func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = cwd.standardizedFileURL.path
        if path == base { return "." }
        if path.hasPrefix(base.hasSuffix("/") ? base : base + "/") {
            return String(path.dropFirst(base.count + (base.hasSuffix("/") ? 0 : 1)))
        }
        return path
    }

    func print(_ diagnostics: [Diagnostic]) {
        // JSON is for machines and always complete; the other formats honour --quiet.
        let shown = quiet && format != .json ? diagnostics.filter { $0.severity == .error } : diagnostics
        switch format {
        case .json:
            write(DiagnosticFormatter.json(shown, displayPath: displayPath), to: .standardOutput)
        case .github:
            write(shown.map { DiagnosticFormatter.githubAnnotation($0, displayPath: displayPath) }, to: .standardOutput)
        case .text:
            write(shown.map { DiagnosticFormatter.text($0, displayPath: displayPath) }, to: .standardError)
        }
    }

    private func write(_ lines: [String], to handle: FileHandle) {
        guard !lines.isEmpty else { return }
        write(lines.joined(separator: "\n"), to: handle)
    }

    private func write(_ text: String, to handle: FileHandle) {
        handle.write(Data((text + "\n").utf8))
    }

    /// One line per stage on standard error: `  render   412 ms`.
    func timings(_ timings: [(stage: String, seconds: Double)]) {
        let lines = timings.map { timing in
            let name = timing.stage.padding(toLength: 8, withPad: " ", startingAt: 0)
            return "  \(name) \(String(format: "%6.1f", timing.seconds * 1000)) ms"
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// ` (1 error, 2 warnings)`, or nothing when there are none.
    func countsSuffix(_ diagnostics: [Diagnostic]) -> String {
        let warnings = diagnostics.warningCount, errors = diagnostics.errorCount
        var counts: [String] = []
        if errors > 0 { counts.append(counted(errors, "error")) }
        if warnings > 0 { counts.append(counted(warnings, "warning")) }
        return counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))"
    }

    func summary(_ line: String) {
        guard !quiet else { return }
        let handle = format == .text ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data((line + "\n").utf8))
    }
}

/// `1 page`, `2 pages`: a count with its noun.
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
