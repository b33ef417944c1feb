import Foundation

/// Prints diagnostics the way editors and CI read them.
public enum DiagnosticFormatter {
    /// `path:line:column: severity: message`, then an indented `hint:` line when there is one.
    /// `displayPath` turns the site-relative path into what the user should see (for example
    /// relative to the working directory).
    public static func text(_ diagnostic: Diagnostic, displayPath: (String) -> String = { $0 }) -> String {
        var location = ""
        if let file = diagnostic.file {
            location = oneLine(displayPath(file))
            if diagnostic.line > 0 {
                location += ":\(diagnostic.line)"
                if diagnostic.column > 0 { location += ":\(diagnostic.column)" }
            }
            location += ": "
        } else {
            location = "cairn: "
        }
        var line = "\(location)\(diagnostic.severity.rawValue): \(oneLine(diagnostic.message))"
        if let hint = diagnostic.hint {
            line += "\n    hint: \(oneLine(hint))"
        }
        return line
    }

    /// `text` with line breaks and other control characters shown as escapes (`\n`, `\u{1b}`), so
    /// a link target or file name can neither split a diagnostic nor drive the terminal.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar): result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// A GitHub Actions workflow command: `::warning file=a.md,line=3,col=5::message`, with the
    /// characters GitHub treats specially percent-encoded.
    public static func githubAnnotation(_ diagnostic: Diagnostic, displayPath: (String) -> String = { $0 }) -> String {
        func property(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: ":", with: "%3A")
                .replacingOccurrences(of: ",", with: "%2C")
        }
        func message(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        var properties: [String] = []
        if let file = diagnostic.file {
            properties.append("file=\(property(displayPath(file)))")
            if diagnostic.line > 0 { properties.append("line=\(diagnostic.line)") }
            if diagnostic.column > 0 { properties.append("col=\(diagnostic.column)") }
        }
        var text = diagnostic.message
        if let hint = diagnostic.hint { text += "\n" + hint }
        let head = properties.isEmpty ? "::\(diagnostic.severity.rawValue)" : "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))"
        return "\(head)::\(message(text))"
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
