import Foundation
import Testing
@testable import CairnCore

/// The fuzzer's way in: one page in a small in-memory site, through the real pipeline.
@Suite("Standalone page")
struct StandalonePageTests {
    @Test("one page goes through every stage: laid out with its neighbours, placeholders marked, links checked")
    func onePage() throws {
        let (files, diagnostics) = StandalonePage.build(Data("# Page\n\n[Insert owner here] and [gone](missing.md)\n".utf8))
        let page = try #require(files.first { $0.path == "guide/page/index.html" })
        guard case .data(let bytes) = page.contents else {
            Issue.record("the page is not laid out in memory")
            return
        }
        let html = String(decoding: bytes, as: UTF8.self)
        #expect(html.contains("<mark"))
        #expect(html.contains("Guide"))  // the sidebar shows the neighbours
        #expect(files.contains { $0.path.hasPrefix("search/") })
        #expect(diagnostics.contains { $0.file == "content/guide/page.md" && $0.message.contains("missing.md") })
        #expect(diagnostics.contains { $0.message.contains("placeholder") })
    }

    @Test("a page over limits.fileBytes is refused and the rest of the site still builds")
    func oversized() {
        var config = SiteConfig()
        config.limits.fileBytes = 10
        let (files, diagnostics) = StandalonePage.build(Data("# A page longer than ten bytes\n".utf8), config: config)
        #expect(diagnostics.contains { $0.severity == .error && $0.message.contains("limits.fileBytes") })
        #expect(!files.contains { $0.path == "guide/page/index.html" })
        #expect(files.contains { $0.path == "index.html" })
    }
}
