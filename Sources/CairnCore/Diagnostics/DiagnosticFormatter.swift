import Foundation

/// Prints diagnostics the way editors and CI read them.
public enum DiagnosticFormatter {
    /// `path:line:column: severity: message`, then an indented `hint:` line when there is one.
    /// `displayPath` turns the site-relative path into what the user should see (for example
    /// relative to the working directory).
    public static func text(_ diagnostic: Diagnostic, displayPath: (String) -> String = { $0 }) -> String {
        var location = ""
        if let file = diagnostic.file {
            location = displayPath(file)
            if diagnostic.line > 0 {
                location += ":\(diagnostic.line)"
                if diagnostic.column > 0 { location += ":\(diagnostic.column)" }
            }
            location += ": "
        } else {
            location = "cairn: "
        }
        var line = "\(location)\(diagnostic.severity.rawValue): \(diagnostic.message)"
        if let hint = diagnostic.hint {
            line += "\n    hint: \(hint)"
        }
        return line
    }

    /// A JSON array of diagnostics with `file` shown through `displayPath`; keys sorted so the
    /// output is stable.
    public static func json(_ diagnostics: [Diagnostic], displayPath: (String) -> String = { $0 }) -> String {
        let shown = diagnostics.map { diagnostic -> Diagnostic in
            var copy = diagnostic
            copy.file = diagnostic.file.map(displayPath)
            return copy
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(shown) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
