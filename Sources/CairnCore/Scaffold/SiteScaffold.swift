import Foundation

/// One file `cairn init` or `cairn new` writes, relative to the folder it goes into.
public struct ScaffoldFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// The sites `cairn init` can start from.
public enum SiteTemplate: String, Sendable, CaseIterable {
    /// The project-overview template with a filled runbook it links to and a first decision record.
    case overview
    /// `site.json` and one page.
    case minimal
}

/// What `cairn init` writes: the files of a new site, from the templates compiled into the binary
/// (`Scaffold/Templates/`, see `scripts/embed-files.py`).
public enum SiteScaffold {
    /// The values filled into a template's `{{title}}`, `{{date}}` and `{{number}}`.
    public struct Values: Sendable, Equatable {
        public var title: String
        /// `YYYY-MM-DD`.
        public var date: String
        /// The ADR number, `0003`.
        public var number: String

        public init(title: String, date: String, number: String = "") {
            self.title = title
            self.date = date
            self.number = number
        }
    }

    /// Every file of a new site made from `template`, sorted by path.
    public static func files(_ template: SiteTemplate, values: Values) -> [ScaffoldFile] {
        let prefixes = ["common/", template.rawValue + "/"]
        var files: [ScaffoldFile] = []
        for (key, text) in EmbeddedTemplates.files {
            guard let prefix = prefixes.first(where: { key.hasPrefix($0) }) else { continue }
            let path = String(key.dropFirst(prefix.count))
            files.append(ScaffoldFile(path: path, contents: fill(text + "\n", path: path, values: values)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// A template file's text with its values filled in, escaped for where they land: JSON
    /// strings in `.json` files, YAML double-quoted strings in front matter, Markdown elsewhere.
    /// Files that hold no `{{` (the user's overview template) come back unchanged.
    static func fill(_ text: String, path: String, values: Values) -> String {
        guard text.contains("{{") else { return text }
        if path.hasSuffix(".json") {
            return substitute(text, title: jsonEscaped(values.title), values: values)
        }
        guard path.hasSuffix(".md"), text.hasPrefix("---\n"),
              let close = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex)
        else {
            return substitute(text, title: markdownEscaped(values.title), values: values)
        }
        let frontMatter = String(text[..<close.upperBound])
        let body = String(text[close.upperBound...])
        return substitute(frontMatter, title: yamlEscaped(values.title), values: values)
            + substitute(body, title: markdownEscaped(values.title), values: values)
    }

    private static func substitute(_ text: String, title: String, values: Values) -> String {
        text.replacingOccurrences(of: "{{title}}", with: title)
            .replacingOccurrences(of: "{{date}}", with: values.date)
            .replacingOccurrences(of: "{{number}}", with: values.number)
    }

    /// The inside of a JSON string.
    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The inside of a YAML double-quoted string: JSON's escapes are YAML's.
    static func yamlEscaped(_ text: String) -> String {
        jsonEscaped(text)
    }

    /// Text that reads as itself in Markdown: punctuation that could start markup is escaped.
    static func markdownEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#!|~&".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A site title from a folder name: `payments-docs` → `Payments docs`.
    public static func title(fromName name: String) -> String {
        let words = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            .split(separator: " ").joined(separator: " ")
        guard let first = words.first else { return "Documentation" }
        return first.uppercased() + words.dropFirst()
    }

    /// Today as `YYYY-MM-DD` in the local time zone.
    public static func today(_ now: Date = Date()) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: now)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
