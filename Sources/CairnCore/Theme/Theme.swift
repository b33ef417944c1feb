import CairnMarkdown
import Foundation
import Mustache

/// A loaded theme: its parsed templates and the static files it ships.
///
/// The default theme is compiled into the binary; a site overrides any of its files by putting a
/// file of the same name in `themes/<name>/`. A theme other than `default` must exist there, and
/// falls back to the default theme for files it does not have.
public struct Theme: Sendable {
    public var name: String
    var library: MustacheLibrary
    /// Static files (CSS, scripts, images) by path under `assets/`.
    public var assets: [String: Data]

    /// Templates every theme must render with.
    static let requiredTemplates = ["page", "404"]

    /// Loads theme `name` from `root/themes/`, over the embedded default.
    public static func load(root: URL, name: String) -> (Theme?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var texts: [String: (text: String, file: String)] = [:]
        var assets: [String: Data] = [:]
        for (path, text) in EmbeddedTheme.files {
            if path.hasPrefix("assets/") {
                assets[String(path.dropFirst("assets/".count))] = Data((text + "\n").utf8)
            } else {
                texts[path] = (text + "\n", "(built-in default theme)/\(path)")
            }
        }
        let folder = root.appendingPathComponent("themes/\(name)", isDirectory: true)
        if LoadContent.isDirectory(folder) {
            for path in listFiles(folder) {
                let url = folder.appendingPathComponent(path)
                guard let data = try? Data(contentsOf: url) else {
                    diagnostics.append(.error("cannot read theme file", file: "themes/\(name)/\(path)", stage: .layout))
                    continue
                }
                if path.hasPrefix("assets/") {
                    assets[String(path.dropFirst("assets/".count))] = data
                } else if path.hasSuffix(".mustache") {
                    texts[path] = (SourceDecoding.decode(data).text, "themes/\(name)/\(path)")
                }
            }
        } else if name != "default" {
            diagnostics.append(.error(
                "theme '\(name)' not found: there is no folder themes/\(name)/", file: SiteConfig.fileName,
                hint: "create themes/\(name)/ or set \"theme\" to \"default\"", stage: .layout))
            return (nil, diagnostics)
        }

        var library = MustacheLibrary()
        _ = ByteHTMLContentType.registered
        for (path, source) in texts.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".mustache") {
            let templateName = String(path.dropLast(".mustache".count))
            do {
                library.register(try MustacheTemplate(string: ByteHTMLContentType.pragma + source.text), named: templateName)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(.error(
                    "template syntax error: \(describe(error.error))", file: source.file,
                    line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber, stage: .layout))
            } catch {
                diagnostics.append(.error("template syntax error: \(error)", file: source.file, stage: .layout))
            }
        }
        // Mustache renders a missing partial as nothing; name it instead.
        for (path, source) in texts.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".mustache") {
            for reference in partialReferences(in: source.text) where library.getTemplate(named: reference.name) == nil {
                diagnostics.append(.error(
                    "template uses partial '\(reference.name)', but there is no \(reference.name).mustache", file: source.file,
                    line: reference.line, column: reference.column, stage: .layout))
            }
        }
        for required in requiredTemplates where library.getTemplate(named: required) == nil {
            if !diagnostics.contains(where: { $0.file?.hasSuffix("/\(required).mustache") == true }) {
                diagnostics.append(.error(
                    "theme '\(name)' has no usable \(required).mustache template", file: "themes/\(name)/\(required).mustache",
                    stage: .layout))
            }
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        // Stylesheets ship without comments and layout white space (a fifth of their bytes).
        for (path, data) in assets where path.hasSuffix(".css") {
            assets[path] = Data(CSSMinifier.minify(SourceDecoding.decode(data).text).utf8)
        }
        return (Theme(name: name, library: library, assets: assets), diagnostics)
    }

    /// Where each static file is written under the output: `_cairn/style.css`, or with
    /// `fingerprint` a name carrying its content hash (`_cairn/style.3f9a1c2b.css`) so hosts can
    /// cache it forever. Keyed by path under `assets/`.
    func assetPaths(fingerprint: Bool) -> [String: String] {
        var paths: [String: String] = [:]
        for (path, data) in assets {
            guard fingerprint else {
                paths[path] = "_cairn/\(path)"
                continue
            }
            let hash = ContentHash.fingerprint(data)
            let name = path as NSString
            let ext = name.pathExtension
            let stem = name.deletingPathExtension
            paths[path] = ext.isEmpty ? "_cairn/\(stem).\(hash)" : "_cairn/\(stem).\(hash).\(ext)"
        }
        return paths
    }

    /// The template keys for asset URLs: `style.css` → `assets.style_css`.
    static func assetKey(_ path: String) -> String {
        path.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// `{{> name}}` and `{{< name}}` tags with their 1-based line and column.
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var result: [(name: String, line: Int, column: Int)] = []
        for (lineIndex, line) in text.lineSlices.enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...]
                guard let kind = afterOpen.first, kind == ">" || kind == "<",
                      let close = afterOpen.range(of: "}}") else {
                    rest = afterOpen
                    continue
                }
                let name = afterOpen[afterOpen.index(after: afterOpen.startIndex)..<close.lowerBound]
                    .trimmingCharacters(in: .whitespaces)
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                if !name.isEmpty { result.append((name, lineIndex + 1, column)) }
                rest = afterOpen[close.upperBound...]
            }
        }
        return result
    }

    private static func listFiles(_ folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var paths: [String] = []
        let base = folder.resolvingSymlinksInPath().path
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.resolvingSymlinksInPath().path
            guard full.hasPrefix(base + "/") else { continue }
            let name = url.lastPathComponent
            guard !IgnoredFiles.isIgnored(name) else { continue }
            paths.append(String(full.dropFirst(base.count + 1)))
        }
        return paths.sorted()
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "section closed with a different name than it was opened with"
        case .unfinishedName: return "unfinished tag name (missing '}}'?)"
        case .expectedSectionEnd: return "section is never closed"
        case .invalidSetDelimiter: return "invalid set-delimiter tag"
        default: return "\(error)"
        }
    }
}

/// Mustache's HTML escaping, on bytes: the library's own walks the text Character by Character
/// through a dictionary (3.5% of a 10,000-page build's samples). The same five characters become
/// the same entities. Every theme template starts with the `CONTENT_TYPE` pragma naming it, on a
/// line of its own (a standalone tag, so it renders as nothing); a template may still switch to
/// `TEXT` itself.
struct ByteHTMLContentType: MustacheContentType {
    static let name = "CAIRN_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"
    static let registered: Void = MustacheContentTypes.register(ByteHTMLContentType(), named: name)

    func escapeText(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }
}
