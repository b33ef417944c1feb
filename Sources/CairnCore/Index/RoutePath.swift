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

/// Percent-encoding for the URLs Cairn writes: UTF-8 bytes outside a small ASCII set become
/// `%XX`. Byte-level, because it runs for every link of every page.
public enum URLEncoding {
    /// RFC 3986 unreserved characters plus the sub-delimiters and `:` `@` that are safe in a segment.
    private static let segmentAllowed = allowedTable(extra: "-._~!$&'()*+,=:@")
    /// A fragment may also hold `/`, `?` and `;`.
    private static let fragmentAllowed = allowedTable(extra: "-._~!$&'()*+,=:@/?;")

    /// One path segment, with `/`, `?`, `#`, `%`, spaces and non-ASCII encoded.
    public static func pathSegment(_ segment: String) -> String {
        encode(segment, allowed: segmentAllowed)
    }

    /// A fragment (heading id).
    public static func fragment(_ fragment: String) -> String {
        encode(fragment, allowed: fragmentAllowed)
    }

    private static func encode(_ text: String, allowed: [Bool]) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { !allowed[Int($0)] }) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if allowed[Int(byte)] {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func allowedTable(extra: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in extra.utf8 { table[Int(byte)] = true }
        return table
    }
}

extension StringProtocol {
    /// Percent-decoded, or unchanged when there is nothing to decode or the encoding is invalid.
    /// Skips Foundation's decoder (slow, and run for every link and table-of-contents entry)
    /// when the text has no `%`.
    var percentDecoded: String {
        guard utf8.contains(UInt8(ascii: "%")) else { return String(self) }
        return removingPercentEncoding ?? String(self)
    }
}
