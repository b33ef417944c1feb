import Foundation

/// The index stage: gives every page its route, adds listing pages for folders without an index,
/// reports two sources for one output path, and builds the lookup tables links need.
public enum IndexPages {
    /// File names that make a page its folder's index.
    static let indexNames: Set<String> = ["index.md", "readme.md"]

    public static func run(_ site: LoadedSite) -> (SiteIndex, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var pages: [SitePage] = []
        var claimed: [String: String] = [:]  // collision key → site path of the first source
        var pageBySource: [String: Int] = [:]
        var pageByFolder: [String: Int] = [:]

        let generated = GeneratedPaths(config: site.config)
        func claim(_ outputFile: String, by sitePath: String) -> Bool {
            let key = outputFile.precomposedStringWithCanonicalMapping.lowercased()
            if let owner = generated.owner(ofLowercased: key) {
                diagnostics.append(.error(
                    "'\(sitePath)' would be written to '\(outputFile)', which Cairn generates (\(owner)); skipped",
                    file: sitePath,
                    hint: "rename or move it: Cairn itself writes \(generated.summary)", stage: .index))
                return false
            }
            if let other = claimed[key] {
                diagnostics.append(.error(
                    "'\(sitePath)' and '\(other)' both produce '\(outputFile)'", file: sitePath,
                    hint: "rename or remove one of them (names that differ only in case or Unicode normalisation collide too)",
                    stage: .index))
                return false
            }
            claimed[key] = sitePath
            return true
        }

        // Folders whose index is a README, for `x.md` beside `x/README.md`: both are pages on
        // GitHub, so both are published. (`x.md` beside `x/index.md` stays an error: index.md is
        // a site's own choice of index, and two of them for one URL is a mistake to fix.)
        var readmeFolders: [String: String] = [:]  // collision key of the folder's URL → the README's site path
        for source in site.pages where source.contentPath.split(separator: "/").last?.lowercased() == "readme.md" {
            let (route, _, _) = route(for: source.contentPath)
            readmeFolders[route.outputFile.precomposedStringWithCanonicalMapping.lowercased()] = source.sitePath
        }

        for source in site.pages {
            var (route, folder, isIndex) = route(for: source.contentPath)
            if !isIndex, source.frontMatter.slug == nil,
               let index = readmeFolders[route.outputFile.precomposedStringWithCanonicalMapping.lowercased()] {
                // The folder's index keeps the folder's URL; the page beside it gets its file name.
                let wanted = route.description
                let fileName = source.contentPath.split(separator: "/").last.map(String.init) ?? ""
                route.segments[route.segments.count - 1] = fileName.replacingOccurrences(of: ".", with: "-")
                diagnostics.append(.warning(
                    "'\(source.sitePath)' and '\(index)' both want the URL '\(wanted)': the folder's index keeps it and this page is published at '\(route.description)'",
                    file: source.sitePath,
                    hint: "rename one of them (or give this page a slug) to choose the URLs yourself; links to either file work as they are",
                    stage: .index))
            }
            if let slug = source.frontMatter.slug {
                if let problem = slugProblem(slug) {
                    diagnostics.append(.error(
                        "invalid slug '\(slug)': \(problem)", file: source.sitePath,
                        line: source.frontMatter.slugLine, column: source.frontMatter.slugColumn,
                        hint: "a slug is one URL segment such as 'getting-started'", stage: .index))
                } else if isIndex {
                    diagnostics.append(.warning(
                        "slug is ignored on a folder's index page; rename the folder instead", file: source.sitePath,
                        line: source.frontMatter.slugLine, column: source.frontMatter.slugColumn, stage: .index))
                } else {
                    route.segments[route.segments.count - 1] = slug.precomposedStringWithCanonicalMapping
                }
            }
            guard claim(route.outputFile, by: source.sitePath) else { continue }
            let title = source.frontMatter.title ?? TitleScanner.firstHeading(in: source.body) ?? fileTitle(source.contentPath)
            let page = SitePage(
                kind: .markdown(source), route: route,
                representsFolder: isIndex ? folder : nil,
                parentFolder: isIndex ? parent(of: folder) : folder,
                provisionalTitle: title, weight: source.frontMatter.weight)
            pageBySource[source.contentPath] = pages.count
            if isIndex { pageByFolder[folder] = pages.count }
            pages.append(page)
        }

        // Every folder holding pages (and the root) gets a listing page when it has no index.
        var foldersWithPages: Set<String> = [""]
        for page in pages {
            var folder = page.parentFolder
            while let current = folder {
                guard foldersWithPages.insert(current).inserted || current.isEmpty else { break }
                folder = parent(of: current)
            }
        }
        // A page `a.md` beside a folder `a/` without an index is that folder's page (its route is
        // the folder's URL anyway), as in MkDocs and Docusaurus.
        let pageByRoute = Dictionary(pages.enumerated().map { ($1.route, $0) }, uniquingKeysWith: { first, _ in first })
        for folder in foldersWithPages.sorted() where pageByFolder[folder] == nil {
            let segments = folder.isEmpty ? [] : folder.split(separator: "/").map(String.init)
            let route = RoutePath(segments: segments)
            if let sibling = pageByRoute[route], pages[sibling].representsFolder == nil {
                pages[sibling].representsFolder = folder
                pageByFolder[folder] = sibling
                continue
            }
            guard claim(route.outputFile, by: "\(site.config.contentDir)/\(folder)") else { continue }
            pageByFolder[folder] = pages.count
            pages.append(SitePage(
                kind: .section, route: route, representsFolder: folder, parentFolder: parent(of: folder),
                provisionalTitle: folder.isEmpty ? site.config.title : fileTitle(folder), weight: nil))
        }

        var assets: [String: AssetSource] = [:]
        for asset in site.assets where claim(asset.contentPath, by: "\(site.config.contentDir)/\(asset.contentPath)") {
            assets[asset.contentPath] = asset
        }
        let knownPaths = (Array(pageBySource.keys) + Array(assets.keys)).sorted()
        let index = SiteIndex(
            pages: pages, pageBySource: pageBySource, pageByFolder: pageByFolder, assets: assets, knownPaths: knownPaths)
        return (index, diagnostics)
    }

    /// `a/b.md` → (`a/b/`, folder `a`, not an index); `a/index.md` → (`a/`, folder `a`, index).
    static func route(for contentPath: String) -> (RoutePath, folder: String, isIndex: Bool) {
        var segments = contentPath.split(separator: "/").map(String.init)
        let fileName = segments.removeLast()
        let folder = segments.joined(separator: "/")
        if indexNames.contains(fileName.lowercased()) {
            return (RoutePath(segments: segments), folder, true)
        }
        let stem = String(fileName.dropLast(3))  // ".md"
        return (RoutePath(segments: segments + [stem]), folder, false)
    }

    static func parent(of folder: String) -> String? {
        guard !folder.isEmpty else { return nil }
        guard let slash = folder.lastIndex(of: "/") else { return "" }
        return String(folder[..<slash])
    }

    /// A readable title from a file or folder name: `getting-started.md` → `Getting started`.
    static func fileTitle(_ path: String) -> String {
        var name = String(path.split(separator: "/").last ?? "")
        if name.lowercased().hasSuffix(".md") { name = String(name.dropLast(3)) }
        let words = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        guard let first = words.first else { return name }
        return first.uppercased() + words.dropFirst()
    }

    private static func slugProblem(_ slug: String) -> String? {
        if slug.isEmpty { return "it is empty" }
        if slug == "." || slug == ".." { return "it would leave the page's folder" }
        if slug.contains("/") || slug.contains("\\") { return "it contains a path separator" }
        if slug.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "it contains control characters"
        }
        if slug.hasPrefix(".") { return "it would make a hidden folder" }
        return nil
    }
}

/// The output paths Cairn writes itself, which no content file may take: `404.html`,
/// `sitemap.xml`, `robots.txt`, everything under `_cairn/` (theme files), the search index's
/// files (`search/index.json`, `search/t/*.json`, `search/p/<number>/*.json`) and the health page's two
/// files. Only those names: a docs section called `search/` or `_health/` keeps its pages.
/// Compared case-insensitively, as hosts may.
struct GeneratedPaths {
    let files: [String]

    init(config: SiteConfig) {
        var files = ["404.html", "sitemap.xml", "robots.txt", SearchIndex.indexPath]
        if config.healthEnabled {
            let health = config.healthPath.lowercased()
            files += ["\(health)/index.html", "\(health)/health.json"]
        }
        self.files = files
    }

    /// What generates `path` (already lower-cased), or `nil` when it is free for content.
    func owner(ofLowercased path: String) -> String? {
        if files.contains(path) { return "a generated file" }
        if path.hasPrefix("_cairn/") { return "the generated folder '_cairn/'" }
        if path.hasSuffix(".json"), path.hasPrefix("search/t/"), !path.dropFirst(9).contains("/") {
            return "a search index file"
        }
        if path.hasSuffix(".json"), path.hasPrefix("search/p/") {
            let parts = path.dropFirst(9).split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ ("0"..."9").contains($0) }) { return "a search index file" }
        }
        return nil
    }

    var summary: String {
        (files + ["_cairn/", "search/t/*.json", "search/p/*/*.json"]).joined(separator: ", ")
    }
}

/// Finds a page's first level-1 heading without parsing the whole document, for titles needed
/// before rendering (link text for `[](page.md)`). Rendering later gives the exact title.
enum TitleScanner {
    static func firstHeading(in markdown: String) -> String? {
        // Every line is looked at on bytes; Strings are made only for the heading found (this
        // runs over the whole text of every page without a title of its own).
        var fence: UInt8?
        var previous: Substring = ""
        for line in markdown.lines {
            let bytes = line.utf8
            var start = bytes.startIndex
            var indent = 0
            while start < bytes.endIndex, bytes[start] == 0x20 {
                start = bytes.index(after: start)
                indent += 1
            }
            let trimmed = bytes[start...]
            if let open = fence {
                if trimmed.starts(with: repeatElement(open, count: 3)) { fence = nil }
                continue
            }
            if let first = trimmed.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~"),
               trimmed.starts(with: repeatElement(first, count: 3)) {
                fence = first
                continue
            }
            if indent <= 3, trimmed.starts(with: "# ".utf8) || trimmed.elementsEqual("#".utf8) {
                var text = Substring(trimmed).dropFirst(1).trimmingCharacters(in: .whitespaces)
                while text.hasSuffix("#") { text = String(text.dropLast()) }
                text = text.trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : plain(text)
            }
            if !trimmed.isEmpty, trimmed.allSatisfy({ $0 == UInt8(ascii: "=") }),
               !previous.trimmingCharacters(in: .whitespaces).isEmpty {
                return plain(previous.trimmingCharacters(in: .whitespaces))
            }
            previous = line
        }
        return nil
    }

    /// Drops the emphasis and code markers a heading may carry.
    private static func plain(_ text: String) -> String {
        String(text.filter { $0 != "*" && $0 != "`" })
    }
}
