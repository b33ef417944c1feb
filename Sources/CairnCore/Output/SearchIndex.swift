import Crypto
import Foundation

/// The search index, built at build time and served as static files: one entry per page section
/// (page title, heading, text), split into chunks of about `chunkBytes` so a 10,000-page site
/// never makes a reader download one large file, plus a small manifest naming the chunks.
/// Chunk names carry their content hash, so hosts may cache them forever.
enum SearchIndex {
    static let chunkBytes = 200_000
    static let manifestPath = "search/manifest.json"

    struct Entry {
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
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            bytes.reserveCapacity(size + 64)
            for (position, entry) in chunk.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes += Array("{\"h\":".utf8)
                appendJSONString(entry.h, to: &bytes)
                bytes += Array(",\"t\":".utf8)
                appendJSONString(entry.t, to: &bytes)
                bytes += Array(",\"u\":".utf8)
                appendJSONString(entry.u, to: &bytes)
                bytes += Array(",\"x\":".utf8)
                appendJSONString(entry.x, to: &bytes)
                bytes.append(UInt8(ascii: "}"))
            }
            bytes.append(UInt8(ascii: "]"))
            let data = Data(bytes)
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

    /// Appends `text` as a JSON string that is also safe inside a `<script>` element: `/` is
    /// escaped (so `</script>` cannot appear), and so are U+2028 and U+2029, which end lines in
    /// older JavaScript. Byte by byte: the index of a large site is tens of megabytes.
    static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "/"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            case 0xE2 where utf8.count >= 2 && utf8[utf8.startIndex] == 0x80
                && (utf8[utf8.startIndex + 1] == 0xA8 || utf8[utf8.startIndex + 1] == 0xA9):
                bytes += Array((utf8[utf8.startIndex + 1] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                utf8 = utf8.dropFirst(2)
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The same escaping for a whole encodable value (the small manifest).
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
