import Crypto
import Foundation

/// The search index, built at build time and served as static files: one entry per page section
/// (page title, heading, text), split into chunks of about `chunkBytes` so a 10,000-page site
/// never makes a reader download one large file, plus a small manifest naming the chunks.
/// Chunk names carry their content hash, so hosts may cache them forever.
enum SearchIndex {
    static let chunkBytes = 200_000
    static let manifestPath = "search/manifest.json"

    struct Entry: Encodable {
        /// URL under the site root, with the heading's fragment.
        var u: String
        /// Page title.
        var t: String
        /// Section heading (empty for the page's opening text).
        var h: String
        /// Section text.
        var x: String
    }

    struct Manifest: Encodable {
        var version = 1
        var pages: Int
        var sections: Int
        var chunks: [String]
    }

    static func files(index: SiteIndex, rendered: [RenderedPage], navigation: Navigation) -> [OutputFile] {
        var entries: [Entry] = []
        var pages = 0
        for number in navigation.order where !rendered[number].skipped && index.pages[number].source != nil {
            pages += 1
            let route = index.pages[number].route.segments.map(URLEncoding.pathSegment).joined(separator: "/")
            let url = route.isEmpty ? "" : route + "/"
            let title = navigation.titles[number]
            for section in rendered[number].sections {
                let fragment = section.id.map { "#" + URLEncoding.fragment($0) } ?? ""
                entries.append(Entry(u: url + fragment, t: title, h: section.heading, x: section.text))
            }
        }
        var files: [OutputFile] = []
        var chunkNames: [String] = []
        var chunk: [Entry] = []
        var size = 0
        func flush() {
            guard !chunk.isEmpty else { return }
            let data = encode(chunk)
            let hash = SHA256.hash(data: data).prefix(4).map { String(format: "%02x", $0) }.joined()
            let path = "search/\(chunkNames.count).\(hash).json"
            chunkNames.append(path)
            files.append(OutputFile(path: path, contents: .data(data)))
            chunk.removeAll()
            size = 0
        }
        for entry in entries {
            let entrySize = entry.u.utf8.count + entry.t.utf8.count + entry.h.utf8.count + entry.x.utf8.count + 32
            if size + entrySize > chunkBytes { flush() }
            chunk.append(entry)
            size += entrySize
        }
        flush()
        let manifest = Manifest(pages: pages, sections: entries.count, chunks: chunkNames)
        files.append(OutputFile(path: manifestPath, contents: .data(encode(manifest))))
        return files
    }

    /// JSON that is also safe inside a `<script>` element: `/` is escaped (so `</script>` cannot
    /// appear), and so are U+2028 and U+2029, which end lines in older JavaScript.
    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return Data("[]".utf8) }
        var text = String(decoding: data, as: UTF8.self)
        if !text.contains("\\/") { text = text.replacingOccurrences(of: "/", with: "\\/") }
        text = text.replacingOccurrences(of: "\u{2028}", with: "\\u2028").replacingOccurrences(of: "\u{2029}", with: "\\u2029")
        return Data(text.utf8)
    }
}
