import Foundation
import Testing
@testable import CairnCore

/// The stemmer against the reference Snowball English stemmer's output on 63,889 words
/// (`Fixtures/search/stemmer-vocabulary.tsv`, made by `scripts/stemmer-vocabulary.py`).
/// `Tests/Browser/search_stemmer_test.py` runs the same file through `search.js`'s port.
@Suite("English stemmer")
struct SearchStemmerTests {
    @Test("every word of the reference vocabulary stems as the reference implementation has it")
    func vocabulary() throws {
        let url = FixtureSiteTests.fixtures.appendingPathComponent("search/stemmer-vocabulary.tsv")
        var mismatches: [String] = []
        var count = 0
        for row in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !row.hasPrefix("#") {
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 else { continue }
            count += 1
            let stem = EnglishStemmer.stem(String(fields[0]))
            if stem != fields[1] { mismatches.append("\(fields[0]): \(stem), expected \(fields[1])") }
        }
        #expect(count > 60_000)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(count) differ, first: \(mismatches.prefix(20))")
    }

    @Test("words that are not plain ASCII letters and digits are left alone")
    func untouched() {
        #expect(EnglishStemmer.stem("über") == "über")
        #expect(EnglishStemmer.stem("closures") == "closur")
        #expect(EnglishStemmer.stem("u8") == "u8")
        #expect(EnglishStemmer.stem("utf8s") == "utf8")
    }
}
