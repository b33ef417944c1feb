import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import CairnCore

@Suite("cairn publish")
struct PublishTests {
    static let files = [
        "site.json": "{\"baseURL\": \"https://docs.example.com/\"}",
        "content/index.md": "# Home\n\n[A](a.md) & [B](b/)\n",
        "content/a.md": "# A & <friends>\n\nText.\n",
        "content/b/index.md": "# B\n\n[back](../index.md)\n",
        "content/wip.md": "---\ndraft: true\n---\n# WIP\n",
    ]

    /// Every file under `folder` with its bytes.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in OutputFolder.allFiles(in: folder) {
            result[path] = try Data(contentsOf: folder.appendingPathComponent(path))
        }
        return result
    }

    @Test("writes what a host needs: sitemap, robots.txt, .nojekyll, 404, fingerprinted CSS; no drafts, no localhost")
    func hostFiles() throws {
        let site = try TestSite(Self.files)
        let report = SitePublisher.publish(PublishOptions(root: site.root))
        #expect(report.succeeded, "\(report.diagnosticText)")
        let out = site.root.appendingPathComponent("public")
        let files = try Self.snapshot(out)
        for path in ["sitemap.xml", "robots.txt", ".nojekyll", "404.html", "index.html", "a/index.html", ".cairn-manifest.json"] {
            #expect(files[path] != nil, "missing \(path)")
        }
        #expect(files["wip/index.html"] == nil)
        let css = try #require(files.keys.first { $0.hasPrefix("_cairn/style.") && $0.hasSuffix(".css") })
        #expect(css.count == "_cairn/style.12345678.css".count)
        let index = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(index.contains("href=\"./\(css)\""))
        for (path, data) in files where path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".txt") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("localhost") && !text.contains("127.0.0.1") && !text.contains("_cairn/events"), "\(path)")
            #expect(!text.contains("WIP"), "\(path) mentions the draft")
        }
        #expect(String(decoding: files["robots.txt"]!, as: UTF8.self).contains("Sitemap: https://docs.example.com/sitemap.xml"))
        // The manifest lists every file with its SHA-256.
        let manifest = try JSONDecoder().decode(OutputFolder.Manifest.self, from: files[".cairn-manifest.json"]!)
        #expect(Set(manifest.files.keys) == Set(files.keys).subtracting([".cairn-manifest.json"]))
        #expect(manifest.files["index.html"]?.sha256 == ContentHash.sha256(files["index.html"]!))
    }

    @Test("the sitemap is valid XML listing every page under the base URL")
    func sitemap() throws {
        let site = try TestSite(Self.files)
        let report = SitePublisher.publish(PublishOptions(root: site.root, baseURL: "https://example.com/docs/"))
        #expect(report.succeeded)
        let data = try Data(contentsOf: site.root.appendingPathComponent("public/sitemap.xml"))
        final class Locations: NSObject, XMLParserDelegate {
            var urls: [String] = []
            var current = ""
            var inLoc = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                inLoc = name == "loc"
                current = ""
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inLoc { current += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "loc" { urls.append(current) }
                inLoc = false
            }
        }
        let parser = XMLParser(data: data)
        let delegate = Locations()
        parser.delegate = delegate
        #expect(parser.parse())
        #expect(delegate.urls.sorted() == ["https://example.com/docs/", "https://example.com/docs/a/", "https://example.com/docs/b/"])
    }

    @Test("broken links fail a publish (unless site.json says otherwise) and leave the old site untouched")
    func strictLinks() throws {
        let site = try TestSite(Self.files)
        #expect(SitePublisher.publish(PublishOptions(root: site.root)).succeeded)
        let before = try Self.snapshot(site.root.appendingPathComponent("public"))
        try site.write("content/a.md", Data("# A\n\n[gone](nowhere.md)\n".utf8))
        let report = SitePublisher.publish(PublishOptions(root: site.root))
        #expect(!report.succeeded)
        #expect(report.diagnosticText.contains { $0.hasPrefix("content/a.md:3:1: error: link target 'nowhere.md' does not exist") })
        #expect(try Self.snapshot(site.root.appendingPathComponent("public")) == before)
        try site.write("site.json", Data("{\"baseURL\": \"https://docs.example.com/\", \"links\": {\"broken\": \"warning\"}}".utf8))
        #expect(SitePublisher.publish(PublishOptions(root: site.root)).succeeded)
    }

    @Test("refuses foreign folders; --force keeps their files and never deletes them (RELIABILITY 29–31)")
    func ownership() throws {
        let site = try TestSite(Self.files)
        try site.write("public/CNAME", Data("docs.example.com\n".utf8))
        try site.write("public/keep/notes.txt", Data("mine".utf8))
        let refused = SitePublisher.publish(PublishOptions(root: site.root))
        #expect(!refused.succeeded)
        #expect(refused.diagnosticText.first?.contains("that Cairn did not write") == true)
        var options = PublishOptions(root: site.root)
        options.force = true
        let forced = SitePublisher.publish(options)
        #expect(forced.succeeded, "\(forced.diagnosticText)")
        let files = try Self.snapshot(site.root.appendingPathComponent("public"))
        #expect(files["CNAME"] == Data("docs.example.com\n".utf8))
        #expect(files["keep/notes.txt"] == Data("mine".utf8))
        #expect(files["index.html"] != nil)
        // Publishing again (a manifest now exists) still keeps them.
        #expect(SitePublisher.publish(options).succeeded)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/CNAME").path))
        for output in [".", "..", "content", "content/out"] {
            let report = SitePublisher.publish(PublishOptions(root: site.root, output: site.root.appendingPathComponent(output)))
            #expect(!report.succeeded, "\(output) was accepted")
        }
    }

    @Test("builds twice to byte-identical output (RELIABILITY 32)")
    func deterministic() throws {
        let site = try TestSite(Self.files)
        var options = PublishOptions(root: site.root)
        options.environment = BuildEnvironment(today: Date(timeIntervalSince1970: 1_790_000_000), readGitHistory: false)
        #expect(SitePublisher.publish(options).succeeded)
        let first = try Self.snapshot(site.root.appendingPathComponent("public"))
        #expect(SitePublisher.publish(options).succeeded)
        #expect(try Self.snapshot(site.root.appendingPathComponent("public")) == first)
    }
}

@Suite("Search index")
struct SearchIndexTests {
    static func json(_ site: TestSite, _ report: BuildReport, _ path: String) throws -> Any {
        let text = try #require(site.page(path, in: report), "missing \(path)")
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    static func shardKeys(_ site: TestSite, _ report: BuildReport) throws -> [String] {
        let index = try #require(try json(site, report, SearchIndex.indexPath) as? [String: Any])
        return try #require(index["shards"] as? [String])
    }

    static func shard(_ site: TestSite, _ report: BuildReport, key: String) throws -> (words: [String: [Int]], stems: [String: [String]]) {
        let object = try #require(try json(site, report, SearchIndex.shardPath(key)) as? [String: Any])
        return (try #require(object["w"] as? [String: [Int]]), try #require(object["s"] as? [String: [String]]))
    }

    /// The shard a reader fetches for `word`, as search.js finds it: the last key at or before it.
    static func shard(_ site: TestSite, _ report: BuildReport, for word: String) throws -> (words: [String: [Int]], stems: [String: [String]]) {
        let key = try #require(SearchIndex.shardKey(for: word, keys: try shardKeys(site, report)))
        return try shard(site, report, key: key)
    }

    @Test("a fixed layout: index.json names the shards; a page file holds title, URL, sections and text; postings say page, section, field and count")
    func entries() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n\nIntro text.\n\n## Install the tool\n\nRun `make install`.\n\n> [!NOTE]\n> Needs root.\n",
        ])
        let report = site.render()
        let index = try #require(try Self.json(site, report, "search/index.json") as? [String: Any])
        #expect(index["version"] as? Int == 4)
        #expect(index["pages"] as? Int == 1)
        #expect(index["folder"] as? Int == SearchIndex.pagesPerFolder)
        #expect((index["build"] as? String)?.count == 16)
        let keys = try #require(index["shards"] as? [String])
        #expect(!keys.isEmpty && keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let page = try #require(try Self.json(site, report, "search/p/0/0.json") as? [String: Any])
        #expect(page["t"] as? String == "Home")
        #expect(page["u"] as? String == "")
        #expect(page["s"] as? [[String]] == [["Home", "home"], ["Install the tool", "install-the-tool"]])
        #expect(page["x"] as? [String] == ["Intro text.", "Run make install. Needs root."])
        // Page 0 (difference 0, not split), then section 1, heading field, counted twice.
        #expect(try Self.shard(site, report, for: "install").words["install"] == [0, 1 << 6 | 1 << 4 | 2 << 1])
        #expect(try Self.shard(site, report, for: "root").words["root"] == [0, 1 << 6 | 0 << 4 | 1 << 1])
        // The title (one word long) on section 0, then that section's own entry (its h1 heading).
        #expect(try Self.shard(site, report, for: "home").words["home"] == [0, 0 << 6 | 2 << 4 | 1 << 1 | 1, 0 << 6 | 1 << 4 | 1 << 1])
        #expect(SearchIndex.terms(in: "Re-run Ünïcode_x 2.5 a") == ["re", "run", "ünïcode", "x"].filter { $0.count >= 2 })
    }

    @Test("the word table numbers each distinct word once, in order, past its growth")
    func wordTable() {
        var table = SearchIndex.WordTable()
        let words = (0..<5_000).map { "w\($0)" } + ["é", "", "ab", "ba"]
        func number(_ word: String) -> Int {
            var word = word
            return word.withUTF8 { table.number(of: $0) }
        }
        for (expected, word) in words.enumerated() { #expect(number(word) == expected) }
        for (expected, word) in words.enumerated().reversed() { #expect(number(word) == expected) }
        #expect(table.count == words.count)
        #expect(table.strings() == words)
    }

    @Test("words with one English stem are listed under it in their shard")
    func stems() throws {
        let site = try TestSite(["content/index.md": "# Home\n\nClosures close over a closure; closed.\n"])
        let report = site.render()
        let shard = try Self.shard(site, report, for: "closur")
        #expect(shard.stems["closur"] == ["closure", "closures"])
        #expect(shard.stems["close"] == ["close", "closed"])
        #expect(Set(["close", "closed", "closure", "closures"]).isSubset(of: shard.words.keys))
    }

    @Test("pages are numbered by importance: most linked-to first, then shallower, then reading order")
    func importance() throws {
        let site = try TestSite([
            "content/index.md": "# Home\n",
            "content/guide/a.md": "# A\n",
            "content/guide/b.md": "# B\n\n[a](a.md) and [c](../c.md)\n",
            "content/c.md": "# C\n\n[a](guide/a.md)\n",
        ])
        let report = site.render()
        let titles = try (0..<4).map { number -> String? in
            (try Self.json(site, report, "search/p/0/\(number).json") as? [String: Any])?["t"] as? String
        }
        #expect(titles == ["A", "C", "Home", "B"])
    }

    @Test("a long page of long sections keeps its text in parts of four sections; its postings say so")
    func parts() throws {
        let long = String(repeating: "filler words here ", count: 120)
        let sections = (1...6).map { "## Part \($0)\n\n\(long) marker\($0)\n" }.joined(separator: "\n")
        let site = try TestSite(["content/index.md": "# Home\n\n" + sections])
        let report = site.render()
        let page = try #require(try Self.json(site, report, "search/p/0/0.json") as? [String: Any])
        #expect(page["x"] == nil)
        #expect((page["s"] as? [[String]])?.count == 7)
        let first = try #require(try Self.json(site, report, "search/p/0/0-0.json") as? [String])
        let second = try #require(try Self.json(site, report, "search/p/0/0-1.json") as? [String])
        #expect(first.count == 4 && second.count == 3)
        #expect(second[1].hasSuffix("marker5"))
        #expect(try Self.shard(site, report, for: "marker5").words["marker5"] == [1, 5 << 6 | 0 << 4 | 1 << 1])
    }

    @Test("a long page of short sections has parts of 16 sections, within the part size; its postings say so")
    func largerParts() throws {
        let text = String(repeating: "short words ", count: 30)
        let sections = (1...39).map { "## Part \($0)\n\n\(text)marker\($0)\n" }.joined(separator: "\n")
        let site = try TestSite(["content/index.md": "# Home\n\n" + sections])
        let report = site.render()
        let parts = try (0..<3).map { try #require(try Self.json(site, report, "search/p/0/0-\($0).json") as? [String]) }
        #expect(parts.map(\.count) == [16, 16, 8])
        #expect(site.page("search/p/0/0-3.json", in: report) == nil)
        #expect(parts[1][4].hasSuffix("marker20"))
        // Page 0, part code 3 (16 sections a part), then section 20, body, once.
        #expect(try Self.shard(site, report, for: "marker20").words["marker20"] == [3, 20 << 6 | 0 << 4 | 1 << 1])
        #expect(SearchIndex.Page(url: "", title: "", sections: []).partCode == 0)
    }

    @Test("JSON is safe to embed: </script> and U+2028 are escaped (RELIABILITY 14)")
    func escaping() throws {
        let site = try TestSite(["content/index.md": "# Home\n\nText `</script><script>alert(1)</script>` and \u{2028}line.\n"])
        let report = site.render()
        let page = try #require(site.page("search/p/0/0.json", in: report))
        #expect(!page.contains("</script"))
        #expect(!page.contains("\u{2028}"))
        #expect(page.contains("\\u2028"))
        #expect(page.contains("<\\/script>"))
        let decoded = try JSONSerialization.jsonObject(with: Data(page.utf8)) as? [String: Any]
        #expect((decoded?["x"] as? [String])?.first?.contains("</script>") == true)
    }

    @Test("a large site's index is many small files: a query reads a small part of it")
    func sharding() throws {
        var files: [String: String] = ["content/index.md": "# Home\n"]
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]
        for n in 0..<600 {
            let text = (0..<80).map { words[($0 * 7 + n) % words.count] + "\(($0 + n) % 50)" }.joined(separator: " ")
            files["content/p\(n).md"] = "# Page \(n)\n\n\(text)\n"
        }
        let site = try TestSite(files)
        let report = site.render()
        func sizes(_ prefix: String) -> [Int] {
            report.files.filter { $0.path.hasPrefix(prefix) }.map { file -> Int in
                if case .data(let data) = file.contents { return data.count }
                return 0
            }
        }
        let shards = sizes("search/t/"), pages = sizes("search/p/")
        let total = shards.reduce(0, +)
        #expect(shards.count >= 12)
        #expect(shards.max()! * 5 < total, "one shard holds too much of the index: \(shards.max()!) of \(total)")
        #expect(pages.count == 601)  // one small file per page
        // In folders of 128 pages, so files are created in several folders at once.
        let folders = Set(report.files.filter { $0.path.hasPrefix("search/p/") }.map { $0.path.split(separator: "/")[2] })
        #expect(folders == ["0", "1", "2", "3", "4"])
        #expect(site.page("search/p/4/600.json", in: report) != nil)
    }
}

extension SearchIndexTests {
    /// A site of many words sharing prefixes and stems.
    static func rangeSite() throws -> TestSite {
        var files: [String: String] = ["content/index.md": "# Home\n\nA zephyr, two zephyrs. Past U+FFFF: \u{2000B}\u{2000B} and \u{F900}\u{F900}.\n"]
        let stems = ["connect", "configur", "construct", "contain", "resolv", "render", "request", "return"]
        let endings = ["", "s", "ed", "ing", "ion", "ions", "er", "ers"]
        for n in 0..<300 {
            let words = (0..<240).map { i -> String in
                let stem = stems[(i + n) % stems.count], ending = endings[(i / 8 + n * 3) % endings.count]
                return (stem.hasSuffix("r") && ending.isEmpty ? stem + "e" : stem + ending) + " re\(i % 97)x\(n % 11) w\(i)"
            }.joined(separator: " ")
            files["content/p\(n).md"] = "# Page \(n)\n\n\(words)\n"
        }
        return try TestSite(files)
    }

    @Test("shards are ranges of the sorted words: each word in the shard its key lookup names, once; a stem with its words unless they lie far apart; none much over the size limit")
    func rangeShards() throws {
        let site = try Self.rangeSite()
        let report = site.render()
        let keys = try Self.shardKeys(site, report)
        #expect(keys.count >= 8, "\(keys.count) shards")
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        var shards: [String: (words: [String: [Int]], stems: [String: [String]])] = [:]
        for key in keys { shards[key] = try Self.shard(site, report, key: key) }
        var seen = Set<String>()
        for (key, shard) in shards {
            for word in shard.words.keys {
                #expect(SearchIndex.shardKey(for: word, keys: keys) == key, "\(word) is in \(key)")
                #expect(seen.insert(word).inserted, "\(word) twice")
            }
            for (stem, words) in shard.stems {
                #expect(SearchIndex.shardKey(for: stem, keys: keys) == key, "stem \(stem) is in \(key)")
                for word in words {
                    let named = try #require(SearchIndex.shardKey(for: word, keys: keys))
                    #expect(shards[named]?.words[word] != nil, "\(word) of stem \(stem) is not where its key says")
                }
            }
            let bytes = try #require(site.page(SearchIndex.shardPath(key), in: report)).utf8.count
            #expect(bytes < SearchIndex.maximumShardBytes * 3 / 2 || shard.words.count == 1, "\(key): \(bytes) bytes")
        }
        #expect(seen.contains("connections") && seen.contains("re96x10"))
        // Code-point order (UTF-8 bytes), not UTF-16's, which puts U+2000B before U+F900.
        #expect(seen.contains("\u{2000B}\u{2000B}") && seen.contains("\u{F900}\u{F900}"))
        // Rare words of one stem lie close together: all in the stem's shard.
        let rare = try Self.shard(site, report, for: "zephyr")
        #expect(rare.stems["zephyr"] == ["zephyr", "zephyrs"] && rare.words["zephyr"] != nil && rare.words["zephyrs"] != nil)
    }

    @Test("a word's postings growing changes its shard and at most two more: cuts are made by content, not by position")
    func rangeShardsStayPut() {
        // 4,000 words of 1-9 pages each, in families of up to three sharing a stem.
        func words(growing grown: Int?) -> [SearchIndex.IndexWord] {
            (0..<4_000).map { n in
                let base = "w" + String(String(n * 7_919 % 10_007 + 46_656, radix: 36).dropFirst())
                let term = base + (n % 3 == 0 ? "" : n % 3 == 1 ? "s" : "ed")
                let pages = 1 + n % 9 + (n == grown ? 40 : 0)
                return SearchIndex.IndexWord(term: term, pairs: (0..<pages).flatMap { [$0, 1 << 6 | 1 << 1] },
                                             partCodes: Array(repeating: 0, count: 64), stem: base)
            }
        }
        func shards(_ words: [SearchIndex.IndexWord]) -> [String: Data] {
            Dictionary(uniqueKeysWithValues: SearchIndex.shards(words, serial: true).map { ($0.key, $0.data) })
        }
        let before = shards(words(growing: nil))
        #expect(before.count >= 10)
        for grown in stride(from: 100, to: 4_000, by: 400) {
            let after = shards(words(growing: grown))
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
            #expect(!changed.isEmpty && changed.count <= 3, "word \(grown): \(changed.count) of \(before.count) shards changed")
        }
    }
}

@Suite("Content hashes")
struct ContentHashTests {
    @Test("SHA-256 hex and fingerprints match the standard test vector")
    func vectors() {
        let abc = Data("abc".utf8)
        #expect(ContentHash.sha256(abc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.fingerprint(abc) == "ba7816bf")
        #expect(ContentHash.hex("ro".utf8) == "726f")
    }
}
