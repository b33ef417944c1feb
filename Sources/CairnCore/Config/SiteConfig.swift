import CairnMarkdown

/// `site.json`, decoded with defaults. Every key is optional; a missing file means all defaults.
public struct SiteConfig: Sendable, Equatable {
    /// What to do about links to pages, anchors or assets that do not exist.
    public enum BrokenLinkPolicy: String, Sendable, Equatable, CaseIterable {
        case warning
        case error

        /// The severity of a broken link or anchor under this policy.
        public var severity: Diagnostic.Severity { self == .error ? .error : .warning }
    }

    public var title = "Documentation"
    public var description = ""
    /// The absolute URL the site is served from (`https://docs.example.com/`), if known.
    public var baseURL: String?
    public var language = "en"
    public var theme = "default"
    public var contentDir = "content"
    public var outputDir = "_site"
    public var publishDir = "public"
    /// Prefix for "edit this page" links; the page's path under the site root is appended.
    public var editURL: String?
    /// What happens to the author's raw HTML: `sanitize` (GitHub's rules), `omit`, or `unsafe`.
    public var html = RawHTMLMode.sanitize
    /// Raw HTML and every URL scheme pass through (`markdown.html: "unsafe"`).
    public var unsafeHTML: Bool { html == .unsafe }
    public var brokenLinks = BrokenLinkPolicy.warning
    /// Whether `links.broken` was set in site.json (publish makes broken links errors otherwise).
    public var brokenLinksConfigured = false
    /// Explicit navigation order: content-relative paths (`overview.md`, `guides/`) listed first,
    /// in this order, at whatever level they sit.
    public var nav: [String]?
    /// Where each `nav` entry stands in `site.json`, for diagnostics about it.
    public var navPositions: [SourcePosition] = []
    public var diagrams = DiagramSettings()
    /// Report unfilled `[placeholders]` (highlighted in the preview).
    public var placeholders = true
    /// Highlight them in built and published pages too (`"placeholders": "mark"`).
    public var placeholderMarks = false
    /// Colour code blocks at build time (`highlight` in site.json).
    public var highlight = true
    /// The docs-health page: every page's status, owner, review date, placeholders and links.
    public var healthEnabled = true
    /// Where the health page goes under the output (`_health` → `/_health/`, plus `health.json`).
    public var healthPath = "_health"
    /// Per-page input and output limits (see ``MarkdownLimits``).
    public var limits = MarkdownLimits()
    /// The site's icon: a file under the content folder (`images/logo.svg`) or an absolute URL;
    /// nil means the theme's `favicon.svg`.
    public var favicon: String?
    /// Where `favicon` stands in `site.json`.
    public var faviconPosition: SourcePosition?

    public init() {}

    /// `diagrams.mermaid` in `site.json`.
    public enum MermaidMode: String, Sendable, Equatable, CaseIterable {
        /// Flowcharts, sequence and state diagrams drawn as SVG by Cairn; other kinds left to the script.
        case build
        /// Every block left to the Mermaid script in the reader's browser.
        case client
    }

    /// `diagrams` in `site.json`.
    public struct DiagramSettings: Sendable, Equatable {
        /// Render untagged and `text` fences that are drawings as SVG.
        public var detect = true
        /// Where pages with Mermaid blocks load Mermaid from: an absolute URL, or a path under the
        /// output folder (for a copy shipped in `themes/<name>/assets/`, `_cairn/mermaid.esm.min.mjs`).
        public var mermaidURL = "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs"
        /// Draw Mermaid blocks at build time (`build`) or leave them all to the script (`client`).
        public var mermaid = MermaidMode.build
        /// Render `dot`/`graphviz` fences with Graphviz's `dot` when it is installed.
        public var graphviz = true
        /// Seconds one `dot` run may take.
        public var graphvizTimeout = 10.0

        public init() {}
    }

    /// Every top-level key `site.json` accepts (`site.schema.json` documents the same set).
    public static let knownTopLevelKeys = [
        "$schema", "title", "description", "baseURL", "language", "theme", "contentDir", "outputDir",
        "publishDir", "editURL", "markdown", "links", "nav", "diagrams", "placeholders", "highlight", "health", "limits", "favicon",
    ]

    /// The file name Cairn reads in the site root.
    public static let fileName = "site.json"
}

extension SiteConfig {
    /// Decodes `text` (the contents of `site.json`), returning the config and every problem
    /// found, each at its `site.json:line:column`. Invalid values keep their defaults.
    public static func decode(_ text: String, file: String = SiteConfig.fileName) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        var reader = ConfigReader(file: file)
        let root: LocatedJSON
        do {
            root = try LocatedJSON.parse(text)
        } catch {
            reader.diagnostics.append(.error(
                "invalid JSON: \(error.message)", file: file,
                line: error.position.line, column: error.position.column, stage: .load))
            return (config, reader.diagnostics)
        }
        guard case .object(let members, _) = root else {
            reader.typeMismatch(root, expected: "an object", key: "site.json")
            return (config, reader.diagnostics)
        }
        for member in reader.uniqueMembers(members, path: "") {
            let value = member.value
            switch member.key {
            case "$schema": _ = reader.string(value, key: member.key)
            case "title":
                config.title = reader.string(value, key: member.key) ?? config.title
                if config.title.count > TextLimits.titleCharacters {
                    reader.diagnostics.append(.warning(
                        "'title' of \(InputGuard.format(config.title.count)) characters is shortened to \(TextLimits.titleCharacters) (it is shown on every page)",
                        file: file, line: value.position.line, column: value.position.column, stage: .load))
                    config.title = TextLimits.shortened(config.title)
                }
            case "description": config.description = reader.string(value, key: member.key) ?? config.description
            case "baseURL": config.baseURL = reader.url(value, key: member.key)
            case "language": config.language = reader.string(value, key: member.key) ?? config.language
            case "theme": config.theme = reader.pathComponent(value, key: member.key) ?? config.theme
            case "contentDir": config.contentDir = reader.relativePath(value, key: member.key) ?? config.contentDir
            case "outputDir": config.outputDir = reader.relativePath(value, key: member.key) ?? config.outputDir
            case "publishDir": config.publishDir = reader.relativePath(value, key: member.key) ?? config.publishDir
            case "editURL": config.editURL = reader.url(value, key: member.key)
            case "favicon":
                config.favicon = reader.fileReference(value, key: member.key)
                config.faviconPosition = value.position
            case "markdown":
                reader.object(value, key: member.key) { key, value, reader in
                    switch key {
                    case "html":
                        if let mode: RawHTMLMode = reader.enumeration(value, key: "markdown.html") { config.html = mode }
                    case "unsafeHTML":
                        // The boolean of earlier versions: true is "unsafe"; false is the default.
                        if reader.bool(value, key: "markdown.unsafeHTML") == true {
                            config.html = .unsafe
                            reader.diagnostics.append(.warning(
                                "'markdown.unsafeHTML' is replaced by 'markdown.html'; true means \"unsafe\"", file: file,
                                line: value.position.line, column: value.position.column,
                                hint: "write \"html\": \"unsafe\" (or \"sanitize\", GitHub's rules, the default)", stage: .load))
                        }
                    default: return false
                    }
                    return true
                }
            case "links":
                reader.object(value, key: member.key) { key, value, reader in
                    switch key {
                    case "broken":
                        if let policy: BrokenLinkPolicy = reader.enumeration(value, key: "links.broken") {
                            config.brokenLinks = policy
                            config.brokenLinksConfigured = true
                        }
                    default: return false
                    }
                    return true
                }
            case "diagrams":
                reader.object(value, key: member.key) { key, value, reader in
                    switch key {
                    case "detect": config.diagrams.detect = reader.bool(value, key: "diagrams.detect") ?? config.diagrams.detect
                    case "mermaidURL": config.diagrams.mermaidURL = reader.string(value, key: "diagrams.mermaidURL") ?? config.diagrams.mermaidURL
                    case "mermaid":
                        if let mode: MermaidMode = reader.enumeration(value, key: "diagrams.mermaid") { config.diagrams.mermaid = mode }
                    case "graphviz": config.diagrams.graphviz = reader.bool(value, key: "diagrams.graphviz") ?? config.diagrams.graphviz
                    case "graphvizTimeout":
                        config.diagrams.graphvizTimeout = reader.positiveNumber(value, key: "diagrams.graphvizTimeout") ?? config.diagrams.graphvizTimeout
                    default: return false
                    }
                    return true
                }
            case "placeholders":
                if case .string("mark", _) = value {
                    config.placeholders = true
                    config.placeholderMarks = true
                } else if case .string = value {
                    reader.typeMismatch(value, expected: "true, false or \"mark\"", key: member.key)
                } else {
                    config.placeholders = reader.bool(value, key: member.key) ?? config.placeholders
                }
            case "highlight": config.highlight = reader.bool(value, key: member.key) ?? config.highlight
            case "health":
                reader.object(value, key: member.key) { key, value, reader in
                    switch key {
                    case "enabled": config.healthEnabled = reader.bool(value, key: "health.enabled") ?? config.healthEnabled
                    case "path": config.healthPath = reader.outputPath(value, key: "health.path") ?? config.healthPath
                    default: return false
                    }
                    return true
                }
            case "limits":
                reader.object(value, key: member.key) { key, value, reader in
                    let path: WritableKeyPath<MarkdownLimits, Int>
                    switch key {
                    case "fileBytes": path = \.fileBytes
                    case "lineBytes": path = \.lineBytes
                    case "tableColumns": path = \.tableColumns
                    case "tableCells": path = \.tableCells
                    case "nesting": path = \.nesting
                    case "brackets": path = \.brackets
                    case "autolinks": path = \.autolinks
                    case "referenceDefinitions": path = \.referenceDefinitions
                    case "outputBytes": path = \.outputBytes
                    case "htmlRescan": path = \.htmlRescan
                    default: return false
                    }
                    if let number = reader.positiveNumber(value, key: "limits.\(key)") {
                        config.limits[keyPath: path] = number >= Double(Int.max) ? Int.max : Int(number)
                    }
                    return true
                }
            case "nav":
                if let entries = reader.stringArray(value, key: member.key) {
                    config.nav = entries.map(\.text)
                    config.navPositions = entries.map(\.position)
                }
            default:
                reader.unknownKey(member, path: "")
            }
        }
        return (config, reader.diagnostics)
    }
}
