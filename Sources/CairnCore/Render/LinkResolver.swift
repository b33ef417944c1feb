import CairnMarkdown
import Foundation

/// Rewrites one page's links and images while it renders: `.md` files and folders become the
/// target page's URL relative to this page, assets their output path; missing targets become
/// diagnostics at the link's own position; fragments are queued for the anchor check.
struct LinkResolver {
    let index: SiteIndex
    let pageNumber: Int
    let source: PageSource
    let severity: Diagnostic.Severity
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var anchorChecks: [AnchorCheck] = []
    /// Pages this page links to (for backlinks), by page number.
    private(set) var linkedPages: Set<Int> = []
    /// Every content path looked up, found or not, for incremental rebuilds.
    private(set) var lookups: Set<String> = []
    let positions: BodyPositions
    /// The page's own folder under content, as segments (made once, not per link).
    private let folderSegments: [String]

    init(index: SiteIndex, pageNumber: Int, source: PageSource, severity: Diagnostic.Severity) {
        self.index = index
        self.pageNumber = pageNumber
        self.source = source
        self.severity = severity
        self.positions = BodyPositions(source: source)
        folderSegments = source.contentPath.split(separator: "/").dropLast().map(String.init)
    }

    private var route: RoutePath { index.pages[pageNumber].route }

    mutating func rewrite(link: LinkReference) -> LinkRewrite? {
        let destination = link.destination
        guard !destination.isEmpty, !Self.isExternal(destination) else { return nil }
        let (line, column) = fileLocation(link)

        let (pathPart, query, fragment) = Self.split(destination)
        let decodedPath = pathPart.percentDecoded
        guard !decodedPath.isEmpty else {
            // `#section` or `?tab=1#section`: this page; its fragment still has to exist here.
            queueAnchorCheck(fragment, on: pageNumber, line: line, column: column, written: destination)
            return nil
        }

        var segments = decodedPath.hasPrefix("/") ? [] : folderSegments
        var escaped = false
        for part in decodedPath.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if segments.isEmpty { escaped = true } else { segments.removeLast() }
            default: segments.append(Self.nfc(part))
            }
        }
        let resolved = segments.joined(separator: "/")
        let kind = link.isImage ? "image" : "link"
        if escaped {
            report("\(kind) target '\(destination)' is outside the content folder and will not be published",
                   line: line, column: column, hint: nil)
            return nil
        }

        lookups.insert(resolved)
        var url: String
        var fillText: String?
        var targetPage: Int?
        if let number = index.pageBySource[resolved] ?? index.pageByFolder[resolved] {
            targetPage = number
            if number != pageNumber { linkedPages.insert(number) }
            url = route.relativeURL(to: index.pages[number].route)
            fillText = index.pages[number].provisionalTitle
        } else if index.assets[resolved] != nil {
            url = route.relativeURL(to: segments, isFolder: false)
        } else {
            report("\(kind) target '\(destination)' does not exist", line: line, column: column,
                   hint: suggestion(for: resolved))
            return nil
        }
        url += query
        if let fragment { url += "#" + fragment }
        if let targetPage {
            queueAnchorCheck(fragment, on: targetPage, line: line, column: column, written: destination)
        }
        return LinkRewrite(destination: url, fillText: fillText)
    }

    // MARK: - Helpers

    /// Queues the link for the check after rendering (``CheckLinks``): another page must have
    /// been built (a refused page is not), and `#fragment`, when there is one, must name one of
    /// the target's ids.
    private mutating func queueAnchorCheck(_ fragment: String?, on target: Int, line: Int, column: Int, written: String) {
        let fragment = fragment?.percentDecoded ?? ""
        guard target != pageNumber || !fragment.isEmpty else { return }
        anchorChecks.append(AnchorCheck(
            file: source.sitePath, line: line, column: column, targetPage: target, fragment: fragment, written: written))
    }

    /// Links with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`) are left alone.
    static func isExternal(_ destination: String) -> Bool {
        if destination.hasPrefix("//") { return true }
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// Content paths are NFC; ASCII (most names) needs no normalising.
    static func nfc(_ text: Substring) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? String(text) : String(text).precomposedStringWithCanonicalMapping
    }

    /// Splits `path?query#fragment`; the query keeps its `?`, the fragment drops its `#`.
    static func split(_ destination: String) -> (path: String, query: String, fragment: String?) {
        var rest = Substring(destination)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[mark...])
            rest = rest[..<mark]
        }
        return (String(rest), query, fragment)
    }

    private mutating func report(_ message: String, line: Int, column: Int, hint: String?) {
        diagnostics.append(Diagnostic(
            severity, message, file: source.sitePath, line: line, column: column, hint: hint, stage: .links))
    }

    /// A close existing path, written relative to this page's folder: the same file name (in
    /// any case) nearest the folder the link points into, so `CHARTER.md` finds `charter.md`
    /// beside it before one two folders away; then the nearest name in that folder by edit distance.
    private func suggestion(for resolved: String) -> String? {
        let parts = resolved.split(separator: "/")
        let wanted = parts.last.map { $0.lowercased() } ?? ""
        let folder = Array(parts.dropLast())
        func steps(_ path: String) -> Int {  // folders to climb and descend from `folder` to `path`'s
            let other = path.split(separator: "/").dropLast()
            let common = zip(folder, other).prefix { $0 == $1 }.count
            return folder.count + other.count - 2 * common
        }
        let sameName = index.pathsByFileName[wanted] ?? []
        let candidate = sameName.min { (steps($0), $0) < (steps($1), $1) }
            ?? Suggestions.closest(to: resolved, in: index.pathsByFolder[folder.joined(separator: "/")] ?? [])
        guard let candidate else { return nil }
        return "did you mean '\(relativePath(to: candidate))'?"
    }

    private func relativePath(to contentPath: String) -> String {
        let from = folderSegments
        let to = contentPath.split(separator: "/").map(String.init)
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return String(repeating: "../", count: from.count - common) + to[common...].joined(separator: "/")
    }

    /// The link's line in the file, and its column in Unicode scalars.
    private func fileLocation(_ link: LinkReference) -> (Int, Int) {
        positions.filePosition(line: link.line, byteColumn: link.column)
    }
}
