import CairnMarkdown
import Foundation

/// The search index, built at build time and served as static files, so search needs no
/// service. A fixed, versioned layout; a reader downloads only what a query needs:
/// - `search/index.json`: the format version, a build id (added to every other file's URL, so
///   hosts may cache them), the pages per page-file folder, the page count and the keys of the
///   word shards, in order;
/// - word shards `search/t/<hex of key>.json`: the index words (lower-cased, two or more
///   letters or digits) from the shard's key up to the next shard's key, in code-point order,
///   a shard of up to about 32 KB (see SearchShards.swift): `w` maps each word to its postings,
///   `s` maps an English stem to the words of the site that have it (all in the stem's shard);
/// - page files `search/p/<n / 128>/<n>.json`: a page's title, URL and its sections' headings
///   and anchors, with the sections' text when it is short (`inlineBytes`); a longer page's text
///   is in `search/p/<n / 128>/<n>-<k>.json`, sections Kk to Kk+K-1 for K of 4, 8 or 16 (the
///   most that keeps a part within `partBytes`, as the postings say), so a result costs its page
///   file and at most one text file, fetched together.
///
/// Pages are numbered by importance (most linked-to first, then shallower, then reading
/// order), so a smaller number breaks a tie. A word's postings, per page in increasing order:
/// `difference from the previous page's number << 2 | part code` (0: the text is in the page
/// file; 1, 2, 3: in parts of 4, 8, 16 sections), then
/// one entry per section the word is in: `section << 6 | field << 4 | min(count, 7) << 1 | more`,
/// where field is 0 for body text and 1 for the section's heading (count: the word's
/// occurrences), or 2 for the page title (on section 0, before that section's own entry; count:
/// the title's length in words), and `more` says another entry for the same page follows.
enum SearchIndex {
    static let indexPath = "search/index.json"
    static let formatVersion = 4
    /// Characters (Unicode scalars) of a section's text kept for snippets and phrase checks.
    static let sectionTextLength = 5_000
    /// Text bytes a page file holds itself (as much as one part: a page that would have one
    /// part costs a reader the same bytes in one file); a page with more has it in parts of 4, 8
    /// or 16 sections: the most whose largest part stays within `partBytes` (or within the
    /// largest part of 4 sections, when that is already more).
    static let partBytes = 12_000
    static let inlineBytes = partBytes
    /// Page files per folder (`folder` in index.json): files are created one at a time in a
    /// folder (the kernel locks it), so thousands in one folder made a build's last second
    /// single-threaded.
    static let pagesPerFolder = 128
    static let maximumTermLength = 40

    /// One searchable page, ready to encode.
    struct Page: Sendable {
        var url: String
        var title: String
        var sections: [SectionText]
        /// Sections per part file: 0 when the page file holds the text (at most `inlineBytes`).
        let sectionsPerPart: Int

        init(url: String, title: String, sections: [SectionText]) {
            self.url = url
            self.title = title
            self.sections = sections
            let bytes = sections.map(\.text.utf8.count)
            if bytes.reduce(0, +) <= inlineBytes {
                sectionsPerPart = 0
            } else {
                func largest(_ size: Int) -> Int {
                    stride(from: 0, to: bytes.count, by: size).map { bytes[$0..<min($0 + size, bytes.count)].reduce(0, +) }.max() ?? 0
                }
                let limit = max(partBytes, largest(4))
                sectionsPerPart = [16, 8].first { largest($0) <= limit } ?? 4
            }
        }

        /// The page's code in the postings: 0 (text in the page file), 1, 2, 3 (parts of 4, 8, 16).
        var partCode: Int { sectionsPerPart == 0 ? 0 : sectionsPerPart.trailingZeroBitCount - 1 }
    }

    enum Field: Int, Comparable {
        case body = 0, heading = 1, title = 2

        static func < (left: Field, right: Field) -> Bool { left.rawValue < right.rawValue }
    }

    static func files(index: SiteIndex, rendered: [RenderedPage], navigation: Navigation, serial: Bool = false) -> [OutputFile] {
        let pages = searchablePages(index: index, rendered: rendered, navigation: navigation)
        let partCodes = pages.map(\.partCode)

        // Postings, built in parallel twice over: runs of pages make partial postings (page,
        // entry pairs), split into buckets by word; then each bucket merges its partials in page
        // order and stems its words. The shards are ranges of all the words, sorted.
        let runs = stride(from: 0, to: pages.count, by: pagesPerRun).map { $0..<min($0 + pagesPerRun, pages.count) }
        let partials = Parallel.map(runs, serial: serial) { run -> [[String: [Int]]] in
            var postings = RunPostings()
            for id in run { postings.add(pages[id], id) }
            return postings.buckets()
        }
        let words = Parallel.map(Array(0..<bucketCount), serial: serial) { bucket -> [IndexWord] in
            var postingsByTerm: [String: [Int]] = [:]
            for partial in partials {
                for (term, postings) in partial[bucket] { postingsByTerm[term, default: []] += postings }
            }
            return postingsByTerm.map { IndexWord(term: $0.key, pairs: $0.value, partCodes: partCodes, stem: EnglishStemmer.stem($0.key)) }
        }.joined()
        let shardList = shards(Array(words), serial: serial)
        var files: [OutputFile] = []
        var keys: [String] = []
        for shard in shardList {
            keys.append(shard.key)
            files.append(OutputFile(path: shardPath(shard.key), contents: .data(shard.data)))
        }
        files += Parallel.map(Array(pages.enumerated()), serial: serial) { number, page in
            pageFiles(number: number, page: page)
        }.joined()

        var manifest: [UInt8] = Array("{\"build\":\"\(ContentHash.fingerprint(of: files, serial: serial))\",\"folder\":\(pagesPerFolder),\"pages\":\(pages.count),\"shards\":[".utf8)
        for (position, key) in keys.enumerated() {
            if position > 0 { manifest.append(UInt8(ascii: ",")) }
            JSONBytes.appendString(key, to: &manifest)
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

    /// A page's files, in the folder of its number's 128: `<n>.json` with its title, URL,
    /// sections (heading, anchor) and, unless the page is split, their texts; for a split page,
    /// `<n>-<k>.json` with the texts of sections Kk to Kk+K-1 (K: `sectionsPerPart`).
    static func pageFiles(number: Int, page: Page) -> [OutputFile] {
        var head: [UInt8] = Array("{\"s\":[".utf8)
        for (position, section) in page.sections.enumerated() {
            if position > 0 { head.append(UInt8(ascii: ",")) }
            head.append(UInt8(ascii: "["))
            JSONBytes.appendString(section.heading, to: &head)
            head.append(UInt8(ascii: ","))
            JSONBytes.appendString(section.id.map(URLEncoding.fragment) ?? "", to: &head)
            head.append(UInt8(ascii: "]"))
        }
        head += Array("],\"t\":".utf8)
        JSONBytes.appendString(page.title, to: &head)
        head += Array(",\"u\":".utf8)
        JSONBytes.appendString(page.url, to: &head)
        if page.sectionsPerPart == 0 {
            head += Array(",\"x\":".utf8)
            appendTexts(page.sections[...], to: &head)
        }
        head.append(UInt8(ascii: "}"))
        let folder = "search/p/\(number / pagesPerFolder)/"
        var files = [OutputFile(path: folder + "\(number).json", contents: .data(Data(head)))]
        let size = page.sectionsPerPart
        if size > 0 {
            for start in stride(from: 0, to: page.sections.count, by: size) {
                var bytes: [UInt8] = []
                appendTexts(page.sections[start..<min(start + size, page.sections.count)], to: &bytes)
                files.append(OutputFile(path: folder + "\(number)-\(start / size).json", contents: .data(Data(bytes))))
            }
        }
        return files
    }

    private static func appendTexts(_ sections: ArraySlice<SectionText>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (position, section) in sections.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONBytes.appendString(section.text, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    static func shardPath(_ key: String) -> String {
        "search/t/\(hex(key)).json"
    }

    /// Pages per task when postings are collected, and buckets they are merged in.
    static let pagesPerRun = 400
    static let bucketCount = 64

    /// The merge bucket of a word: from its first two characters.
    static func bucket(of term: String) -> Int {
        var hash: UInt32 = 0
        for scalar in term.unicodeScalars.prefix(2) { hash = hash &* 31 &+ scalar.value }
        return Int(hash % UInt32(bucketCount))
    }

    /// (page, entry) pairs, encoded as page differences (with the page's part code) each
    /// followed by that page's entries, the `more` bit set on all but a page's last.
    static func appendPostings(_ pairs: [Int], partCodes: [Int], to bytes: inout [UInt8]) {
        var previousPage = 0
        var index = 0
        while index < pairs.count {
            let page = pairs[index]
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendDecimal((page - previousPage) << 2 | partCodes[page], to: &bytes)
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

    /// The words of `text` as the search script partCodes a query: runs of letters and digits
    /// (Unicode \p{L} and \p{N}), lower-cased, two characters or more.
    static func terms(in text: String) -> [String] {
        var result: [String] = []
        forEachTerm(in: text) { result.append(String(decoding: $0, as: UTF8.self)) }
        return result
    }

    /// Calls `body` with each word of `text` (as ``terms(in:)`` lists them) as UTF-8 bytes, made
    /// no String: this runs over every word of the site. ASCII takes a fast path.
    static func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            // The word being read, in a fixed buffer (no per-byte array bookkeeping); a word over
            // the length limit is read to its end and dropped.
            let capacity = maximumTermLength * 4
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { token in
                var length = 0
                var characters = 0
                var ascii = true
                func flush() {
                    if characters >= 2 && characters <= maximumTermLength {
                        let word = UnsafeBufferPointer(rebasing: token[..<length])
                        if ascii {
                            body(word)
                        } else {
                            var lowered = String(decoding: word, as: UTF8.self).lowercased()
                            lowered.withUTF8 { body($0) }
                        }
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
            }
        }
    }

    /// The postings of a run of pages, by word. Words are numbered as first seen (one hash
    /// lookup of the word's bytes per occurrence, no String made for it) and counted per section
    /// in arrays by number; a struct's own fields, so no access needs a run-time exclusivity check.
    struct RunPostings {
        /// One word's postings so far, and its tally in the section being read.
        private struct Word {
            var postings: [Int] = []
            var count = 0
            var field = Field.body
            /// The section it was last counted in.
            var seenIn = -1
        }

        private var table = WordTable()
        private var words: [Word] = []
        /// The words of the current section.
        private var touched: [Int] = []
        private var section = 0

        private mutating func number(_ term: UnsafeBufferPointer<UInt8>) -> Int {
            let word = table.number(of: term)
            if word == words.count { words.append(Word()) }
            return word
        }

        /// Per section, each word's count and best field.
        private mutating func tally(_ text: String, _ kind: Field) {
            SearchIndex.forEachTerm(in: text) { term in
                let word = number(term)
                if words[word].seenIn != section {
                    words[word].seenIn = section
                    words[word].count = 0
                    words[word].field = kind
                    touched.append(word)
                }
                words[word].count += 1
                words[word].field = max(words[word].field, kind)
            }
        }

        mutating func add(_ page: Page, _ id: Int) {
            // The title's words: one entry each on section 0, counting the title's words (its
            // length) rather than the word's occurrences, so a short title that is all query can
            // outrank a long one.
            var titleWords: [Int] = []
            SearchIndex.forEachTerm(in: page.title) { titleWords.append(number($0)) }
            var listed = Set<Int>()
            for word in titleWords where listed.insert(word).inserted {
                words[word].postings.append(id)
                words[word].postings.append(Field.title.rawValue << 4 | min(titleWords.count, 7) << 1)
            }
            for (position, text) in page.sections.enumerated() {
                section += 1
                touched.removeAll(keepingCapacity: true)
                tally(text.heading, .heading)
                tally(text.text, .body)
                for word in touched {
                    words[word].postings.append(id)
                    words[word].postings.append(position << 6 | words[word].field.rawValue << 4 | min(words[word].count, 7) << 1)
                }
            }
        }

        /// The postings by word, in the merge buckets of the words' first characters.
        func buckets() -> [[String: [Int]]] {
            var buckets = Array(repeating: [String: [Int]](), count: bucketCount)
            for (word, term) in table.strings().enumerated() { buckets[bucket(of: term)][term] = words[word].postings }
            return buckets
        }
    }

    /// Words numbered as first added, looked up by their UTF-8 bytes: an open-addressing table
    /// over one buffer of every word's bytes, so counting a word makes no String and hashes no
    /// String (the site's every word goes through here).
    struct WordTable {
        private var bytes: [UInt8] = []
        /// Where each word starts in `bytes`, and one past the last word's end.
        private var starts: [Int] = [0]
        private var hashes: [UInt64] = []
        /// Word numbers by hash, `-1` for a free slot; a power of two long.
        private var slots = [Int32](repeating: -1, count: 1024)

        var count: Int { hashes.count }

        /// The word's number, added as the next one when it is new.
        mutating func number(of word: UnsafeBufferPointer<UInt8>) -> Int {
            // FNV-1a: words are a few bytes long.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
            while true {
                let number = Int(slots[slot])
                if number < 0 { break }
                if hashes[number] == hash && matches(number, word) { return number }
                slot = (slot + 1) & mask
            }
            let number = hashes.count
            slots[slot] = Int32(number)
            hashes.append(hash)
            bytes.append(contentsOf: word)
            starts.append(bytes.count)
            if hashes.count * 2 > slots.count { grow() }
            return number
        }

        private func matches(_ number: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            let (start, end) = (starts[number], starts[number + 1])
            guard end - start == word.count else { return false }
            return bytes.withUnsafeBufferPointer { all in
                word.isEmpty || memcmp(all.baseAddress! + start, word.baseAddress!, word.count) == 0
            }
        }

        private mutating func grow() {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            let mask = slots.count - 1
            for (number, hash) in hashes.enumerated() {
                var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(number)
            }
        }

        /// Every word as a String, by number.
        func strings() -> [String] {
            bytes.withUnsafeBufferPointer { all in
                (0..<count).map { String(decoding: UnsafeBufferPointer(rebasing: all[starts[$0]..<starts[$0 + 1]]), as: UTF8.self) }
            }
        }
    }

    /// `ro` → `726f`: shard names from the key's UTF-8 bytes, safe on every file system.
    static func hex(_ key: String) -> String {
        ContentHash.hex(key.utf8)
    }
}
