import Foundation

/// The search index, built at build time and served as static files, so search needs no
/// service. A reader downloads only what a query needs:
/// - `search/manifest.json`: a small table of the files below;
/// - term shards `search/t-<hex>.<hash>.json`: every word (lower-cased, two or more letters or
///   digits) starting with the same two characters — or three, where two would make a large
///   file — each with the sections it occurs in;
/// - section chunks `search/d-<n>.<hash>.json`: for `sectionsPerChunk` sections each, the URL,
///   page title, heading and the opening text shown as the result's snippet.
/// A query loads the shards of its words, then the chunks of its best results. File names carry
/// a content hash, so hosts can cache them forever.
enum SearchIndex {
    static let manifestPath = "search/manifest.json"
    static let sectionsPerChunk = 500
    /// Characters of a section's text kept for the snippet.
    static let snippetLength = 280
    static let maximumTermLength = 40

    struct Section: Sendable {
        var url: String
        var title: String
        var heading: String
        var text: String
    }

    static func files(index: SiteIndex, rendered: [RenderedPage], navigation: Navigation, serial: Bool = false) -> [OutputFile] {
        var collected: [Section] = []
        for number in navigation.order where !rendered[number].skipped && index.pages[number].source != nil {
            let route = index.pages[number].route.segments.map(URLEncoding.pathSegment).joined(separator: "/")
            let url = route.isEmpty ? "" : route + "/"
            let title = navigation.titles[number]
            for section in rendered[number].sections {
                let fragment = section.id.map { "#" + URLEncoding.fragment($0) } ?? ""
                collected.append(Section(url: url + fragment, title: title, heading: TextLimits.shortened(section.heading), text: section.text))
            }
        }
        let sections = collected

        // Postings: section number × 2, plus 1 when the word is in the section's heading or page
        // title. Built in parallel twice over: runs of sections make partial postings, split into
        // buckets by the word's first two characters (so a shard never spans buckets); then each
        // bucket merges its partials in section order, shards and encodes its words.
        let runs = stride(from: 0, to: sections.count, by: sectionsPerRun).map { $0..<min($0 + sectionsPerRun, sections.count) }
        let partials = Parallel.map(runs, serial: serial) { run -> [[String: [Int]]] in
            // Words numbered as first seen in the run, so a word costs one hash lookup per
            // occurrence; `last` says which section last posted a word (once per section).
            var numbers: [String: Int] = [:]
            var words: [String] = []
            var postings: [[Int]] = []
            var last: [Int] = []
            func number(_ term: String) -> Int {
                if let known = numbers[term] { return known }
                numbers[term] = words.count
                words.append(term)
                postings.append([])
                last.append(-1)
                return words.count - 1
            }
            for id in run {
                let section = sections[id]
                for term in terms(in: section.text) {
                    let word = number(term)
                    if last[word] != id {
                        last[word] = id
                        postings[word].append(id * 2)
                    }
                }
                for term in terms(in: section.heading + " " + section.title) {
                    let word = number(term)
                    if last[word] != id {
                        last[word] = id
                        postings[word].append(id * 2 + 1)
                    } else {
                        postings[word][postings[word].count - 1] = id * 2 + 1
                    }
                }
            }
            var buckets = Array(repeating: [String: [Int]](), count: bucketCount)
            for (word, term) in words.enumerated() { buckets[bucket(of: term)][term] = postings[word] }
            return buckets
        }
        let shardsByBucket = Parallel.map(Array(0..<bucketCount), serial: serial) { bucket -> [(key: String, path: String, data: Data)] in
            var postingsByTerm: [String: [Int]] = [:]
            for partial in partials {
                for (term, postings) in partial[bucket] { postingsByTerm[term, default: []] += postings }
            }
            return shards(postingsByTerm)
        }
        var files: [OutputFile] = []
        var termFiles: [String: String] = [:]
        for shard in shardsByBucket.joined().sorted(by: { $0.key < $1.key }) {
            termFiles[shard.key] = shard.path
            files.append(OutputFile(path: shard.path, contents: .data(shard.data)))
        }

        let chunkRanges = stride(from: 0, to: sections.count, by: sectionsPerChunk).map { $0..<min($0 + sectionsPerChunk, sections.count) }
        let chunks = Parallel.map(Array(chunkRanges.enumerated()), serial: serial) { number, range -> OutputFile in
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for (position, section) in sections[range].enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes += Array("{\"h\":".utf8)
                appendJSONString(section.heading, to: &bytes)
                bytes += Array(",\"t\":".utf8)
                appendJSONString(section.title, to: &bytes)
                bytes += Array(",\"u\":".utf8)
                appendJSONString(section.url, to: &bytes)
                bytes += Array(",\"x\":".utf8)
                appendJSONString(String(section.text.prefix(snippetLength)), to: &bytes)
                bytes.append(UInt8(ascii: "}"))
            }
            bytes.append(UInt8(ascii: "]"))
            let data = Data(bytes)
            return OutputFile(path: hashedPath("search/d-\(number)", data), contents: .data(data))
        }
        files += chunks
        let chunkFiles = chunks.map(\.path)

        struct Manifest: Encodable {
            var version = 2
            var sections: Int
            var sectionsPerChunk: Int
            var chunks: [String]
            var terms: [String: String]
        }
        let manifest = Manifest(
            sections: sections.count, sectionsPerChunk: sectionsPerChunk, chunks: chunkFiles, terms: termFiles)
        files.append(OutputFile(path: manifestPath, contents: .data(encode(manifest))))
        return files
    }

    /// Sections per task when postings are collected, and buckets they are merged in.
    static let sectionsPerRun = 2_000
    static let bucketCount = 64

    /// The merge bucket of a word: from its first two characters, like its shard.
    static func bucket(of term: String) -> Int {
        var hash: UInt32 = 0
        for scalar in term.unicodeScalars.prefix(2) { hash = hash &* 31 &+ scalar.value }
        return Int(hash % UInt32(bucketCount))
    }

    /// The term shards of one bucket's words, encoded: by two-character prefix, and a shard over
    /// `shardBytes` split by three characters (its two-character words stay behind), so no common
    /// prefix makes one huge file.
    static func shards(_ postingsByTerm: [String: [Int]]) -> [(key: String, path: String, data: Data)] {
        var termsByShard: [String: [String]] = [:]
        var shardSize: [String: Int] = [:]
        for (term, postings) in postingsByTerm {
            let key = shardKey(term, length: 2)
            termsByShard[key, default: []].append(term)
            shardSize[key, default: 0] += term.utf8.count + 4 + postings.count * 7
        }
        for (key, size) in shardSize where size > shardBytes {
            let terms = termsByShard.removeValue(forKey: key) ?? []
            for term in terms {
                termsByShard[term.unicodeScalars.count > 2 ? shardKey(term, length: 3) : key, default: []].append(term)
            }
        }
        return termsByShard.map { key, terms in
            var bytes: [UInt8] = [UInt8(ascii: "{")]
            for (position, term) in terms.sorted().enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                appendJSONString(term, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(UInt8(ascii: "["))
                for (number, posting) in postingsByTerm[term]!.enumerated() {
                    if number > 0 { bytes.append(UInt8(ascii: ",")) }
                    appendDecimal(posting, to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            }
            bytes.append(UInt8(ascii: "}"))
            let data = Data(bytes)
            return (key, hashedPath("search/t-\(hex(key))", data), data)
        }
    }

    /// Appends a non-negative number's decimal digits.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// The words of `text` as the search script splits a query: runs of letters and digits
    /// (Unicode \p{L} and \p{N}), lower-cased, two characters or more. ASCII takes a fast path:
    /// this runs over every word of the site.
    static func terms(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes -> [String] in
            var result: [String] = []
            // The word being read, in a fixed buffer (no per-byte array bookkeeping); a word over
            // the length limit is read to its end and dropped.
            let capacity = maximumTermLength * 4
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { token -> [String] in
                var length = 0
                var characters = 0
                var ascii = true
                func flush() {
                    if characters >= 2 && characters <= maximumTermLength {
                        let word = String(decoding: UnsafeBufferPointer(rebasing: token[..<length]), as: UTF8.self)
                        result.append(ascii ? word : word.lowercased())
                    }
                    length = 0
                    characters = 0
                    ascii = true
                }
                func append(_ byte: UInt8) {
                    if length < capacity { token[length] = byte }
                    length += 1
                }
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        if byte >= 0x61 && byte <= 0x7A || byte >= 0x30 && byte <= 0x39 {
                            append(byte)
                            characters += 1
                        } else if byte >= 0x41 && byte <= 0x5A {
                            append(byte + 0x20)
                            characters += 1
                        } else {
                            flush()
                        }
                        index += 1
                        continue
                    }
                    // A multi-byte scalar (the text is valid UTF-8): decoded here to ask whether
                    // it is a letter or digit.
                    let count = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    let end = min(index + count, bytes.count)
                    var value = UInt32(byte) & (count == 4 ? 0x07 : count == 3 ? 0x0F : 0x1F)
                    for next in (index + 1)..<end { value = value << 6 | UInt32(bytes[next] & 0x3F) }
                    if let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                        for next in index..<end { append(bytes[next]) }
                        characters += 1
                        ascii = false
                    } else {
                        flush()
                    }
                    index = end
                }
                flush()
                return result
            }
        }
    }

    /// A term's first `length` characters (Unicode scalars): the name of its shard.
    static func shardKey(_ term: String, length: Int = 2) -> String {
        var key = String.UnicodeScalarView()
        key.append(contentsOf: term.unicodeScalars.prefix(length))
        return String(key)
    }

    /// Encoded size above which a two-character shard is split by three characters.
    static let shardBytes = 256_000

    /// `ro` → `726f`: shard names from the key's UTF-8 bytes, safe on every file system.
    static func hex(_ key: String) -> String {
        ContentHash.hex(key.utf8)
    }

    private static func hashedPath(_ stem: String, _ data: Data) -> String {
        "\(stem).\(ContentHash.fingerprint(data)).json"
    }

    /// Appends `text` as a JSON string that is also safe inside a `<script>` element: `/` is
    /// escaped (so `</script>` cannot appear), and so are U+2028 and U+2029, which end lines in
    /// older JavaScript. Byte by byte: the index of a large site is tens of megabytes.
    static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        let hexDigits: StaticString = "0123456789abcdef"
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied whole.
            var plain = 0
            var index = 0
            func flushPlain() {
                if plain < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index])) }
            }
            while index < utf8.count {
                let byte = utf8[index]
                var second: UInt8 = 0
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): second = byte
                case 0x0A: second = UInt8(ascii: "n")
                case 0x0D: second = UInt8(ascii: "r")
                case 0x09: second = UInt8(ascii: "t")
                case 0..<0x20:
                    flushPlain()
                    bytes += Array("\\u00".utf8)
                    hexDigits.withUTF8Buffer { digits in
                        bytes.append(digits[Int(byte >> 4)])
                        bytes.append(digits[Int(byte & 0x0F)])
                    }
                    index += 1
                    plain = index
                    continue
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    flushPlain()
                    bytes += Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    index += 3
                    plain = index
                    continue
                default:
                    index += 1
                    continue
                }
                flushPlain()
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(second)
                index += 1
                plain = index
            }
            flushPlain()
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The manifest: generated paths and word prefixes only (no page text), and JSONEncoder
    /// escapes "/" by default, so it needs nothing beyond the encoder.
    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
