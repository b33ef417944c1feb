import Foundation

/// Word shards as ranges of the sorted words. A shard holds every index word from its key up to
/// the next shard's key (words compared by their UTF-8 bytes, which is code-point order, as the
/// search script compares them), so `index.json` lists the keys in order and a reader takes the
/// last key at or before its word. Shards are cut by size: small neighbours share a file (a
/// shard per two-letter prefix made thousands of files of a few bytes each on a real site), and
/// a large one ends near `maximumShardBytes`.
///
/// A stem's entry (the words that have it) is in the stem's own shard, and so are those words,
/// unless they lie too far apart in sorted order (`stemSpanBytes`: "tie", "ties", "tying" hold
/// between them every word from "tim" to "tw"); the reader then fetches the shards of the words
/// it is missing. A cut is made where content says (a hash of the word that starts the next
/// shard) once a shard is `minimumShardBytes` long, so one word's postings growing moves at most
/// the cut after it, not every cut after it (an upload of what changed stays small).
extension SearchIndex {
    /// One index word: its postings, encoded (see ``appendPostings``), and its English stem.
    struct IndexWord: Sendable {
        var term: String
        var postings: [UInt8]
        var stem: String

        /// `pairs`: (page, entry) pairs in page order; `partCodes`: each page's part code.
        init(term: String, pairs: [Int], partCodes: [Int], stem: String) {
            self.term = term
            var postings: [UInt8] = []
            postings.reserveCapacity(pairs.count * 3)
            appendPostings(pairs, partCodes: partCodes, to: &postings)
            self.postings = postings
            self.stem = stem
        }
    }

    static let minimumShardBytes = 8_000
    static let maximumShardBytes = 32_000
    /// Bytes past `minimumShardBytes` a shard runs, on average, before a content-defined cut.
    static let shardCutSpacing = 8_000
    /// A stem and its words are kept in one shard when they lie within this many bytes.
    static let stemSpanBytes = 16_000

    /// One entry of a shard, in sorted order: an index word, a stem listing the words that
    /// have it, or both (a word that is also other words' stem).
    private struct ShardItem {
        var text: String
        var bytes: [UInt8]
        /// The index word this item is, if it is one.
        var word: Int?
        /// The words listed under this item as their stem.
        var family: [Int] = []
        /// About what the item costs in its shard's JSON.
        var size = 0
    }

    /// The shards of every index word, encoded, with their keys in order.
    static func shards(_ words: [IndexWord], serial: Bool = false) -> [(key: String, data: Data)] {
        let items = shardItems(words)
        let ranges = shardRanges(items)
        return Parallel.map(ranges, serial: serial) { range in
            (key: shardKey(items, range.lowerBound), data: encodeShard(items[range], words: words))
        }
    }

    /// Words and stems, sorted by their UTF-8 bytes. A stem gets an entry when two or more
    /// words have it or it differs from its one word.
    private static func shardItems(_ words: [IndexWord]) -> [ShardItem] {
        var families: [String: [Int]] = [:]
        for (number, word) in words.enumerated() { families[word.stem, default: []].append(number) }
        var items: [ShardItem] = []
        var position: [String: Int] = [:]
        items.reserveCapacity(words.count)
        for (number, word) in words.enumerated() {
            position[word.term] = items.count
            items.append(ShardItem(text: word.term, bytes: Array(word.term.utf8), word: number,
                                   size: word.term.utf8.count + 6 + word.postings.count))
        }
        for (stem, members) in families where members.count > 1 || words[members[0]].term != stem {
            let sorted = members.sorted { words[$0].term.utf8.lexicographicallyPrecedes(words[$1].term.utf8) }
            let at: Int
            if let existing = position[stem] {
                at = existing
            } else {
                at = items.count
                items.append(ShardItem(text: stem, bytes: Array(stem.utf8)))
            }
            items[at].family = sorted
            items[at].size += stem.utf8.count + 5 + sorted.reduce(0) { $0 + words[$1].term.utf8.count + 3 }
        }
        items.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        return items
    }

    /// Consecutive runs of items, one per shard: never cut inside a stem's span (from the first
    /// to the last of the stem and its words); cut where an item's hash says so once the shard
    /// has `minimumShardBytes`, or before an item that would take it past `maximumShardBytes`.
    private static func shardRanges(_ items: [ShardItem]) -> [Range<Int>] {
        guard !items.isEmpty else { return [] }
        // Where each word is, by word number.
        var position = [Int](repeating: 0, count: items.count)
        for (at, item) in items.enumerated() {
            if let word = item.word { position[word] = at }
        }
        var before = [0]  // bytes of the items before each
        for item in items { before.append(before.last! + item.size) }
        // The furthest item each item's stem span reaches; a span wider than `stemSpanBytes`
        // ("tie" ... "tying" holds every word from "tim" to "tw") is left free to be cut.
        var reach = Array(items.indices)
        for (at, item) in items.enumerated() where !item.family.isEmpty {
            var low = at, high = at
            for member in item.family {
                low = min(low, position[member])
                high = max(high, position[member])
            }
            if before[high + 1] - before[low] <= stemSpanBytes { reach[low] = max(reach[low], high) }
        }
        var ranges: [Range<Int>] = []
        var start = 0, bytes = 0, furthest = -1
        for at in items.indices {
            if at > start && furthest < at {
                let item = items[at]
                if bytes + item.size > maximumShardBytes || (bytes >= minimumShardBytes && cutsBefore(item)) {
                    ranges.append(start..<at)
                    start = at
                    bytes = 0
                }
            }
            bytes += items[at].size
            furthest = max(furthest, reach[at])
        }
        ranges.append(start..<items.count)
        return ranges
    }

    /// Whether a shard past its minimum ends before this item: with a chance in proportion to
    /// the item's size, so a shard runs `shardCutSpacing` bytes on average past the minimum
    /// whatever its words' sizes; decided by the item's own bytes (hashed), not by position.
    private static func cutsBefore(_ item: ShardItem) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in item.bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        // FNV's top bits hardly depend on the last bytes: mixed (MurmurHash3's finaliser) first.
        hash = (hash ^ hash >> 33) &* 0xff51_afd7_ed55_8ccd
        hash = (hash ^ hash >> 33) &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return Int(hash >> 48) < item.size * 65_536 / shardCutSpacing
    }

    /// The key of the shard starting at `at`: the shortest prefix of its first item (whole
    /// Unicode scalars) that sorts after the previous shard's last item; the first shard's is
    /// its first item's first scalar.
    private static func shardKey(_ items: [ShardItem], _ at: Int) -> String {
        let bytes = items[at].bytes
        var common = 0
        if at > 0 {
            let previous = items[at - 1].bytes
            while common < previous.count && common < bytes.count && previous[common] == bytes[common] { common += 1 }
        }
        // Past the first differing byte, to the end of its scalar (continuation bytes are 10xxxxxx).
        var end = min(common + 1, bytes.count)
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// The shard key a reader looks `word` up under: the last key at or before it.
    static func shardKey(for word: String, keys: [String]) -> String? {
        let bytes = Array(word.utf8)
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if bytes.lexicographicallyPrecedes(keys[middle].utf8) { high = middle } else { low = middle + 1 }
        }
        return low > 0 ? keys[low - 1] : nil
    }

    /// `{"s":{stem:[words]},"w":{word:[postings]}}`, both in sorted order.
    private static func encodeShard(_ items: ArraySlice<ShardItem>, words: [IndexWord]) -> Data {
        var bytes: [UInt8] = Array("{\"s\":{".utf8)
        var first = true
        for item in items where !item.family.isEmpty {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            JSONBytes.appendString(item.text, to: &bytes)
            bytes += Array(":[".utf8)
            for (position, member) in item.family.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONBytes.appendString(words[member].term, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        bytes += Array("},\"w\":{".utf8)
        first = true
        for item in items {
            guard let word = item.word else { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            JSONBytes.appendString(item.text, to: &bytes)
            bytes += Array(":[".utf8)
            bytes += words[word].postings
            bytes.append(UInt8(ascii: "]"))
        }
        bytes += Array("}}".utf8)
        return Data(bytes)
    }
}
