import CairnMarkdown
import Foundation

/// The search index, built at build time and served as static files, so search needs no
/// service. A fixed, versioned layout; a reader downloads only what a query needs:
/// - `search/index.json`: the format version, a build id (added to every other file's URL, so
///   hosts may cache them), the page count and the names of the word shards;
/// - word shards `search/t/<hex>.json`: every word (lower-cased, two or more letters or digits)
///   starting with the same two characters, or three where two would make a large file: `w`
///   maps each word to its postings, `s` maps an English stem to the words of the site that
///   have it (in the shard of the stem's own first characters);
/// - page files `search/p/<n>.json`: a page's title, URL and its sections' headings and anchors,
///   with the sections' text when it is short (`inlineBytes`); a longer page's text is in
///   `search/p/<n>-<k>.json`, sections 4k to 4k+3, so a result costs its page file and at most
///   one text file, fetched together.
///
/// Pages are numbered by importance (most linked-to first, then shallower, then reading
/// order), so a smaller number breaks a tie. A word's postings, per page in increasing order:
/// `difference from the previous page's number << 1 | 1 if the page's text is in parts`, then
/// one entry per section the word is in: `section << 6 | field << 4 | min(count, 7) << 1 | more`,
/// where field is 0 for body text and 1 for the section's heading (count: the word's
/// occurrences), or 2 for the page title (on section 0, before that section's own entry; count:
/// the title's length in words), and `more` says another entry for the same page follows.
enum SearchIndex {
    static let indexPath = "search/index.json"
    static let formatVersion = 3
    /// Characters (Unicode scalars) of a section's text kept for snippets and phrase checks.
    static let sectionTextLength = 5_000
    /// Text bytes a page file holds itself; a page with more has it in parts of
    /// `sectionsPerPart` sections.
    static let inlineBytes = 8_000
    static let sectionsPerPart = 4
    static let maximumTermLength = 40

    /// One searchable page, ready to encode.
    struct Page: Sendable {
        var url: String
        var title: String
        var sections: [SectionText]
        /// The text is in part files rather than the page file (more than `inlineBytes`).
        let split: Bool

        init(url: String, title: String, sections: [SectionText]) {
            self.url = url
            self.title = title
            self.sections = sections
            split = sections.reduce(0) { $0 + $1.text.utf8.count } > inlineBytes
        }
    }

    enum Field: Int, Comparable {
        case body = 0, heading = 1, title = 2

        static func < (left: Field, right: Field) -> Bool { left.rawValue < right.rawValue }
    }

    static func files(index: SiteIndex, rendered: [RenderedPage], navigation: Navigation, serial: Bool = false) -> [OutputFile] {
        let pages = searchablePages(index: index, rendered: rendered, navigation: navigation)
        let splits = pages.map(\.split)

        // Postings, built in parallel twice over: runs of pages make partial postings (page,
        // entry pairs), split into buckets by the word's first two characters (so a shard never
        // spans buckets); then each bucket merges its partials in page order, shards and
        // encodes its words.
        let runs = stride(from: 0, to: pages.count, by: pagesPerRun).map { $0..<min($0 + pagesPerRun, pages.count) }
        let partials = Parallel.map(runs, serial: serial) { run -> [[String: [Int]]] in
            // Words numbered as first seen in the run, so a word costs one hash lookup per
            // occurrence.
            var numbers: [String: Int] = [:]
            var words: [String] = []
            var postings: [[Int]] = []
            func number(_ term: String) -> Int {
                if let known = numbers[term] { return known }
                numbers[term] = words.count
                words.append(term)
                postings.append([])
                return words.count - 1
            }
            for id in run {
                let page = pages[id]
                // Per section, each word's count and best field; the title belongs to section 0.
                var counts: [Int: (count: Int, field: Field)] = [:]
                func add(_ text: String, _ field: Field) {
                    for term in terms(in: text) {
                        let word = number(term)
                        let previous = counts[word]
                        counts[word] = ((previous?.count ?? 0) + 1, max(previous?.field ?? field, field))
                    }
                }
                // The title's words: one entry each on section 0, counting the title's words
                // (its length) rather than the word's occurrences, so a short title that is all
                // query can outrank a long one.
                let titleTerms = terms(in: page.title)
                for term in Set(titleTerms) {
                    let word = number(term)
                    postings[word].append(id)
                    postings[word].append(Field.title.rawValue << 4 | min(titleTerms.count, 7) << 1)
                }
                for (position, section) in page.sections.enumerated() {
                    counts.removeAll(keepingCapacity: true)
                    add(section.heading, .heading)
                    add(section.text, .body)
                    for (word, count) in counts {
                        postings[word].append(id)
                        postings[word].append(position << 6 | count.field.rawValue << 4 | min(count.count, 7) << 1)
                    }
                }
            }
            var buckets = Array(repeating: [String: [Int]](), count: bucketCount)
            for (word, term) in words.enumerated() { buckets[bucket(of: term)][term] = postings[word] }
            return buckets
        }
        let shardsByBucket = Parallel.map(Array(0..<bucketCount), serial: serial) { bucket -> [(key: String, data: Data)] in
            var postingsByTerm: [String: [Int]] = [:]
            for partial in partials {
                for (term, postings) in partial[bucket] { postingsByTerm[term, default: []] += postings }
            }
            return shards(postingsByTerm, splits: splits)
        }
        // Stems: made per word once every word is known, and placed in the shard of the stem's
        // own first characters (a bucket's words may stem into another bucket's shard).
        let shardList = shardsByBucket.joined().sorted { $0.key < $1.key }
        var files: [OutputFile] = []
        var keys: [String] = []
        for shard in shardList {
            keys.append(shard.key)
            files.append(OutputFile(path: shardPath(shard.key), contents: .data(shard.data)))
        }
        files += Parallel.map(Array(pages.enumerated()), serial: serial) { number, page in
            pageFiles(number: number, page: page)
        }.joined()

        var manifest: [UInt8] = Array("{\"build\":\"\(ContentHash.fingerprint(of: files, serial: serial))\",\"pages\":\(pages.count),\"shards\":[".utf8)
        for (position, key) in keys.enumerated() {
            if position > 0 { manifest.append(UInt8(ascii: ",")) }
            appendJSONString(key, to: &manifest)
        }
        manifest += Array("],\"version\":\(formatVersion)}".utf8)
        files.append(OutputFile(path: indexPath, contents: .data(Data(manifest))))
        return files
    }

    /// The pages the index holds, numbered by importance: pages other pages link to most come
    /// first, then shallower ones, then reading order.
    static func searchablePages(index: SiteIndex, rendered: [RenderedPage], navigation: Navigation) -> [Page] {
        let numbers = navigation.order.filter { !rendered[$0].skipped && index.pages[$0].source != nil }
        var inbound = [Int](repeating: 0, count: rendered.count)
        for number in numbers {
            for target in rendered[number].linkedPages where target != number && target < inbound.count { inbound[target] += 1 }
        }
        let reading = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ($1, $0) })
        let ordered = numbers.sorted {
            let left = (inbound[$0], index.pages[$0].route.segments.count), right = (inbound[$1], index.pages[$1].route.segments.count)
            if left.0 != right.0 { return left.0 > right.0 }
            if left.1 != right.1 { return left.1 < right.1 }
            return reading[$0]! < reading[$1]!
        }
        return ordered.map { number in
            let route = index.pages[number].route.segments.map(URLEncoding.pathSegment).joined(separator: "/")
            let sections = rendered[number].sections.map { section in
                var kept = section
                kept.heading = TextLimits.shortened(section.heading)
                // UTF-8 bytes bound the scalar count from above: most sections need no count.
                if section.text.utf8.count > sectionTextLength && section.text.unicodeScalars.count > sectionTextLength {
                    var text = String.UnicodeScalarView()
                    text.append(contentsOf: section.text.unicodeScalars.prefix(sectionTextLength))
                    kept.text = String(text)
                }
                return kept
            }
            return Page(url: route.isEmpty ? "" : route + "/", title: navigation.titles[number], sections: sections)
        }
    }

    /// A page's files: `p/<n>.json` with its title, URL, sections (heading, anchor) and, unless
    /// the page is split, their texts; for a split page, `p/<n>-<k>.json` with the texts of
    /// sections 4k to 4k+3.
    static func pageFiles(number: Int, page: Page) -> [OutputFile] {
        let split = page.split
        var head: [UInt8] = Array("{\"s\":[".utf8)
        for (position, section) in page.sections.enumerated() {
            if position > 0 { head.append(UInt8(ascii: ",")) }
            head.append(UInt8(ascii: "["))
            appendJSONString(section.heading, to: &head)
            head.append(UInt8(ascii: ","))
            appendJSONString(section.id.map(URLEncoding.fragment) ?? "", to: &head)
            head.append(UInt8(ascii: "]"))
        }
        head += Array("],\"t\":".utf8)
        appendJSONString(page.title, to: &head)
        head += Array(",\"u\":".utf8)
        appendJSONString(page.url, to: &head)
        if !split {
            head += Array(",\"x\":".utf8)
            appendTexts(page.sections[...], to: &head)
        }
        head.append(UInt8(ascii: "}"))
        var files = [OutputFile(path: "search/p/\(number).json", contents: .data(Data(head)))]
        if split {
            for start in stride(from: 0, to: page.sections.count, by: sectionsPerPart) {
                var bytes: [UInt8] = []
                appendTexts(page.sections[start..<min(start + sectionsPerPart, page.sections.count)], to: &bytes)
                files.append(OutputFile(path: "search/p/\(number)-\(start / sectionsPerPart).json", contents: .data(Data(bytes))))
            }
        }
        return files
    }

    private static func appendTexts(_ sections: ArraySlice<SectionText>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (position, section) in sections.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            appendJSONString(section.text, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    static func shardPath(_ key: String) -> String {
        "search/t/\(hex(key)).json"
    }

    /// Pages per task when postings are collected, and buckets they are merged in.
    static let pagesPerRun = 400
    static let bucketCount = 64

    /// The merge bucket of a word: from its first two characters, like its shard.
    static func bucket(of term: String) -> Int {
        var hash: UInt32 = 0
        for scalar in term.unicodeScalars.prefix(2) { hash = hash &* 31 &+ scalar.value }
        return Int(hash % UInt32(bucketCount))
    }

    /// The word shards of one bucket's words, encoded: by two-character prefix, and a shard over
    /// `shardBytes` split by three characters, then four (its shorter words stay behind), so no
    /// common prefix makes one large download. `postingsByTerm` holds (page, entry) pairs in page order.
    static func shards(_ postingsByTerm: [String: [Int]], splits: [Bool]) -> [(key: String, data: Data)] {
        var termsByShard: [String: [String]] = [:]
        var shardSize: [String: Int] = [:]
        for (term, postings) in postingsByTerm {
            let key = shardKey(term, length: 2)
            termsByShard[key, default: []].append(term)
            shardSize[key, default: 0] += size(term, postings)
        }
        // A large shard of `length`-character keys gives its longer words to shards keyed by one
        // more character; its words of exactly `length` characters stay behind.
        for length in 2..<maximumShardKeyLength {
            for (key, bytes) in shardSize where bytes > shardBytes && key.unicodeScalars.count == length {
                let terms = termsByShard.removeValue(forKey: key) ?? []
                shardSize[key] = nil
                for term in terms {
                    let longer = term.unicodeScalars.count > length ? shardKey(term, length: length + 1) : key
                    termsByShard[longer, default: []].append(term)
                    shardSize[longer, default: 0] += size(term, postingsByTerm[term]!)
                }
            }
        }
        return termsByShard.map { key, terms in
            let sorted = terms.sorted()
            var bytes: [UInt8] = Array("{\"s\":{".utf8)
            // Stems shared by two or more of the shard's words, or differing from their word.
            var stems: [String: [String]] = [:]
            for term in sorted { stems[EnglishStemmer.stem(term), default: []].append(term) }
            var first = true
            for (stem, words) in stems.sorted(by: { $0.key < $1.key }) where words.count > 1 || words[0] != stem {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                appendJSONString(stem, to: &bytes)
                bytes += Array(":[".utf8)
                for (position, word) in words.enumerated() {
                    if position > 0 { bytes.append(UInt8(ascii: ",")) }
                    appendJSONString(word, to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            }
            bytes += Array("},\"w\":{".utf8)
            for (position, term) in sorted.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                appendJSONString(term, to: &bytes)
                bytes += Array(":[".utf8)
                appendPostings(postingsByTerm[term]!, splits: splits, to: &bytes)
                bytes.append(UInt8(ascii: "]"))
            }
            bytes += Array("}}".utf8)
            return (key, Data(bytes))
        }
    }

    /// (page, entry) pairs, encoded as page differences (with the page's split bit) each
    /// followed by that page's entries, the `more` bit set on all but a page's last.
    static func appendPostings(_ pairs: [Int], splits: [Bool], to bytes: inout [UInt8]) {
        var previousPage = 0
        var index = 0
        while index < pairs.count {
            let page = pairs[index]
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendDecimal((page - previousPage) << 1 | (splits[page] ? 1 : 0), to: &bytes)
            previousPage = page
            while index < pairs.count && pairs[index] == page {
                let more = index + 2 < pairs.count && pairs[index + 2] == page
                bytes.append(UInt8(ascii: ","))
                appendDecimal(pairs[index + 1] | (more ? 1 : 0), to: &bytes)
                index += 2
            }
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

    /// Encoded size above which a shard is split by one more character, up to four.
    static let shardBytes = 32_000
    static let maximumShardKeyLength = 4

    /// About what a word costs in its shard (postings are 2-3 digits and a comma each).
    private static func size(_ term: String, _ postings: [Int]) -> Int {
        term.utf8.count + 6 + postings.count * 3
    }

    /// `ro` → `726f`: shard names from the key's UTF-8 bytes, safe on every file system.
    static func hex(_ key: String) -> String {
        ContentHash.hex(key.utf8)
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
}
