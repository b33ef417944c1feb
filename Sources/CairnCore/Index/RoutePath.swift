import Foundation

/// A page's URL path under the site, as segments: `[]` is the home page, `["a", "b"]` is
/// `/a/b/`, written to `a/b/index.html`.
public struct RoutePath: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var segments: [String]

    public init(segments: [String]) {
        self.segments = segments
    }

    public static let root = RoutePath(segments: [])

    /// `a/b/`, or the empty string for the home page.
    public var description: String { segments.isEmpty ? "" : segments.joined(separator: "/") + "/" }

    /// The file the page is written to, relative to the output folder.
    public var outputFile: String { segments.isEmpty ? "index.html" : segments.joined(separator: "/") + "/index.html" }

    public static func < (lhs: RoutePath, rhs: RoutePath) -> Bool {
        lhs.segments.lexicographicallyPrecedes(rhs.segments)
    }

    /// The URL of `target` relative to this page, percent-encoded, so the site works under any
    /// base path. `target` is a path under the output root given as segments; `isFolder`
    /// appends the trailing slash pages use.
    public func relativeURL(to target: [String], isFolder: Bool) -> String {
        var common = 0
        while common < segments.count, common < target.count, segments[common] == target[common] {
            common += 1
        }
        // A file target whose whole path is a prefix of ours still needs its last segment.
        if !isFolder, common == target.count, common > 0 { common -= 1 }
        let ups = String(repeating: "../", count: segments.count - common)
        let rest = target[common...].map(URLEncoding.pathSegment).joined(separator: "/")
        var url = ups + rest
        if isFolder, !rest.isEmpty { url += "/" }
        return url.isEmpty ? "./" : url
    }

    /// The relative URL of another page.
    public func relativeURL(to route: RoutePath) -> String {
        relativeURL(to: route.segments, isFolder: true)
    }

    /// The relative prefix from this page to the output root (`../../`), or `./` at the root.
    public var rootPrefix: String {
        segments.isEmpty ? "./" : String(repeating: "../", count: segments.count)
    }
}

/// Percent-encoding for the URLs Cairn writes.
public enum URLEncoding {
    private static let segmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/?#%;[]")
        return set
    }()

    private static let fragmentAllowed: CharacterSet = {
        var set = CharacterSet.urlFragmentAllowed
        set.remove(charactersIn: "%#")
        return set
    }()

    /// One path segment, with everything but unreserved characters and safe sub-delimiters encoded.
    public static func pathSegment(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? segment
    }

    /// A fragment (heading id).
    public static func fragment(_ fragment: String) -> String {
        fragment.addingPercentEncoding(withAllowedCharacters: fragmentAllowed) ?? fragment
    }
}
