/// The Snowball English stemmer ("Porter2"), as Snowball 3.1 defines it
/// (https://snowballstem.org/algorithms/english/stemmer.html), so "closures", "closure" and
/// "closed" meet at "closur"/"close" the way the reference implementation has them. The search
/// index stems at build time and the theme's `search.js` stems a query with a line-by-line port of
/// this file; `Tests/CairnCoreTests/Fixtures/stemmer-vocabulary.tsv` (reference output) keeps
/// both exact.
///
/// Only words of ASCII letters and digits are stemmed (the tokenizer has already lower-cased
/// them and dropped apostrophes); anything else is returned as it is.
enum EnglishStemmer {
    static func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes -> String? in
            guard bytes.count >= 3, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A || $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let stemmed = stem(Array(bytes))
            return stemmed.count == bytes.count && stemmed.elementsEqual(bytes) ? nil : String(decoding: stemmed, as: UTF8.self)
        } ?? word
    }

    /// Whole words the algorithm maps directly (its `exception1`).
    private static let exceptions: [[UInt8]: [UInt8]] = {
        var table: [[UInt8]: [UInt8]] = [:]
        let pairs = [
            ("skis", "ski"), ("skies", "sky"), ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"),
            ("early", "earli"), ("only", "onli"), ("singly", "singl"),
            ("sky", "sky"), ("news", "news"), ("howe", "howe"), ("atlas", "atlas"), ("cosmos", "cosmos"),
            ("bias", "bias"), ("andes", "andes"),
        ]
        for (word, stem) in pairs { table[Array(word.utf8)] = Array(stem.utf8) }
        return table
    }()

    /// Beginnings after which R1 starts, whatever their letters.
    private static let regionPrefixes = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"].map { Array($0.utf8) }

    private static let lowerY = UInt8(ascii: "y"), upperY = UInt8(ascii: "Y")

    private static func isVowel(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"): return true
        default: return false
        }
    }

    /// A vowel, or w, x or Y: what may not end a short syllable.
    private static func isVowelWXY(_ byte: UInt8) -> Bool {
        isVowel(byte) || byte == UInt8(ascii: "w") || byte == UInt8(ascii: "x") || byte == upperY
    }

    static func stem(_ input: [UInt8]) -> [UInt8] {
        if let exception = exceptions[input] { return exception }
        if input.count < 3 { return input }
        var word = Word(input)
        word.step1a()
        word.step1b()
        word.step1c()
        word.replace(step2, inR1: true)
        word.replace(step3, inR1: true)
        word.step4()
        word.step5()
        return word.bytes.map { $0 == upperY ? lowerY : $0 }
    }

    /// Suffix rules, longest first: the algorithm takes the longest suffix that matches and then
    /// applies its condition, never a shorter one.
    private enum Rule {
        case to(String)
        /// Replaced only after an `l` (`ogi`).
        case afterL(String)
        /// Deleted only after one of c d e g h k m n r t (`li`).
        case afterValidLI
        /// Deleted only in R2 (`ative`).
        case inR2
    }

    private static func table(_ rules: [(String, Rule)]) -> [(suffix: [UInt8], rule: Rule)] {
        rules.map { (Array($0.0.utf8), $0.1) }.sorted { $0.0.count > $1.0.count }
    }

    private static let step2 = table([
        ("tional", .to("tion")), ("enci", .to("ence")), ("anci", .to("ance")), ("abli", .to("able")), ("entli", .to("ent")),
        ("izer", .to("ize")), ("ization", .to("ize")), ("ational", .to("ate")), ("ation", .to("ate")), ("ator", .to("ate")),
        ("alism", .to("al")), ("aliti", .to("al")), ("alli", .to("al")), ("fulness", .to("ful")), ("ousli", .to("ous")),
        ("ousness", .to("ous")), ("iveness", .to("ive")), ("iviti", .to("ive")), ("biliti", .to("ble")), ("bli", .to("ble")),
        ("ogi", .afterL("og")), ("fulli", .to("ful")), ("lessli", .to("less")), ("ogist", .to("og")), ("li", .afterValidLI),
    ])

    private static let step3 = table([
        ("tional", .to("tion")), ("ational", .to("ate")), ("alize", .to("al")), ("icate", .to("ic")), ("iciti", .to("ic")),
        ("ical", .to("ic")), ("ful", .to("")), ("ness", .to("")), ("ative", .inR2),
    ])

    private static let step4Suffixes = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"]
        .map { Array($0.utf8) }.sorted { $0.count > $1.count }

    private static let doubles: Set<[UInt8]> = Set(["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].map { Array($0.utf8) })

    /// The word being stemmed, with its regions R1 and R2 (offsets from the start; suffix
    /// changes never move them).
    private struct Word {
        var bytes: [UInt8]
        var r1: Int
        var r2: Int

        init(_ input: [UInt8]) {
            bytes = input
            // Prelude: an initial y, and a y after a vowel, are consonants (Y).
            if bytes[0] == lowerY { bytes[0] = upperY }
            for index in 1..<bytes.count where bytes[index] == lowerY && isVowel(bytes[index - 1]) { bytes[index] = upperY }
            r1 = bytes.count
            r2 = bytes.count
            let start: Int?
            if let prefix = regionPrefixes.first(where: { bytes.starts(with: $0) }) {
                start = prefix.count
            } else {
                start = Self.afterVowelConsonant(bytes, from: 0)
            }
            if let start {
                r1 = start
                r2 = Self.afterVowelConsonant(bytes, from: start) ?? bytes.count
            }
        }

        /// The position after the first non-vowel that follows a vowel, from `from` on.
        static func afterVowelConsonant(_ bytes: [UInt8], from: Int) -> Int? {
            var index = from
            while index < bytes.count && !isVowel(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            index += 1
            while index < bytes.count && isVowel(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            return index + 1
        }

        func ends(with suffix: [UInt8]) -> Bool {
            bytes.count >= suffix.count && bytes[(bytes.count - suffix.count)...].elementsEqual(suffix)
        }

        func ends(_ suffix: String) -> Bool { ends(with: Array(suffix.utf8)) }

        mutating func setSuffix(from start: Int, to replacement: String) {
            bytes.replaceSubrange(start..., with: replacement.utf8)
        }

        func hasVowel(before end: Int) -> Bool {
            bytes[..<end].contains(where: isVowel)
        }

        /// A short syllable ends at `end`: non-vowel (not w, x, Y), vowel, non-vowel; or vowel,
        /// non-vowel at the word's start; or the word so far ends in "past".
        func shortSyllable(endingAt end: Int) -> Bool {
            if end >= 3, !isVowelWXY(bytes[end - 1]), isVowel(bytes[end - 2]), !isVowel(bytes[end - 3]) { return true }
            if end == 2, !isVowel(bytes[1]), isVowel(bytes[0]) { return true }
            return end >= 4 && bytes[(end - 4)..<end].elementsEqual("past".utf8)
        }

        mutating func step1a() {
            let count = bytes.count
            if ends("sses") {
                setSuffix(from: count - 4, to: "ss")
            } else if ends("ied") || ends("ies") {
                setSuffix(from: count - 3, to: count - 3 >= 2 ? "i" : "ie")
            } else if ends("ss") || ends("us") {
                return
            } else if ends("s"), count >= 2, hasVowel(before: count - 2) {
                bytes.removeLast()
            }
        }

        mutating func step1b() {
            let count = bytes.count
            for suffix in ["eedly", "eed"] where ends(suffix) {
                let start = count - suffix.count
                let before = bytes[..<start]
                if start >= r1 && !["succ", "proc", "exc"].contains(where: { before.elementsEqual($0.utf8) }) {
                    setSuffix(from: start, to: "ee")
                }
                return
            }
            if ends("ing") {
                let start = count - 3
                if start == 2, bytes[1] == lowerY, !isVowel(bytes[0]) {
                    // dying, lying, tying
                    setSuffix(from: 1, to: "ie")
                    return
                }
                let before = bytes[..<start]
                if ["even", "cann", "inn", "earr", "herr", "out"].contains(where: { before.elementsEqual($0.utf8) }) { return }
                deleteVerbSuffix(from: start)
                return
            }
            for suffix in ["ingly", "edly", "ed"] where ends(suffix) {
                deleteVerbSuffix(from: count - suffix.count)
                return
            }
        }

        /// Step 1b's -ed/-ing rule: delete it if a vowel comes before, then tidy the end
        /// (at/bl/iz gain an e, a double letter loses one, a short word gains an e).
        mutating func deleteVerbSuffix(from start: Int) {
            guard hasVowel(before: start) else { return }
            bytes.removeSubrange(start...)
            if ends("at") || ends("bl") || ends("iz") {
                bytes.append(UInt8(ascii: "e"))
            } else if bytes.count >= 2, doubles.contains(Array(bytes[(bytes.count - 2)...])) {
                if bytes.count == 3, "aeo".utf8.contains(bytes[0]) { return }
                bytes.removeLast()
            } else if bytes.count == r1, shortSyllable(endingAt: bytes.count) {
                bytes.append(UInt8(ascii: "e"))
            }
        }

        mutating func step1c() {
            let count = bytes.count
            guard count >= 3, bytes[count - 1] == lowerY || bytes[count - 1] == upperY, !isVowel(bytes[count - 2]) else { return }
            bytes[count - 1] = UInt8(ascii: "i")
        }

        mutating func replace(_ rules: [(suffix: [UInt8], rule: Rule)], inR1: Bool) {
            guard let (suffix, rule) = rules.first(where: { ends(with: $0.suffix) }) else { return }
            let start = bytes.count - suffix.count
            guard start >= r1 else { return }
            switch rule {
            case .to(let replacement):
                setSuffix(from: start, to: replacement)
            case .afterL(let replacement):
                if start >= 1 && bytes[start - 1] == UInt8(ascii: "l") { setSuffix(from: start, to: replacement) }
            case .afterValidLI:
                if start >= 1 && "cdeghkmnrt".utf8.contains(bytes[start - 1]) { bytes.removeSubrange(start...) }
            case .inR2:
                if start >= r2 { bytes.removeSubrange(start...) }
            }
        }

        mutating func step4() {
            guard let suffix = step4Suffixes.first(where: { ends(with: $0) }) else { return }
            let start = bytes.count - suffix.count
            guard start >= r2 else { return }
            if suffix.elementsEqual("ion".utf8) {
                guard start >= 1, bytes[start - 1] == UInt8(ascii: "s") || bytes[start - 1] == UInt8(ascii: "t") else { return }
            }
            bytes.removeSubrange(start...)
        }

        mutating func step5() {
            let start = bytes.count - 1
            if bytes[start] == UInt8(ascii: "e") {
                if start >= r2 || start >= r1 && !shortSyllable(endingAt: start) { bytes.removeLast() }
            } else if bytes[start] == UInt8(ascii: "l") {
                if start >= r2 && start >= 1 && bytes[start - 1] == UInt8(ascii: "l") { bytes.removeLast() }
            }
        }
    }
}
