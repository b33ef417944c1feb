import Foundation
import Testing
@testable import CairnCore

@Suite("Sidebar")
struct NavigationHTMLTests {
    /// Sidebars of every page, shared or built link by link, for a site of `files`.
    static func sidebars(_ files: [String: String]) -> (shared: Int, pages: [(String, String, String)]) {
        let (index, _) = RebuildPlanTests.build(files, assets: [])
        let navigation = Navigation.build(index: index, titles: index.pages.map(\.provisionalTitle), config: SiteConfig()).0
        let statuses = [1: "Draft", 3: "Approved <b>"]
        let nav = NavigationHTML(navigation: navigation, index: index, statuses: statuses)
        var shared = 0
        let pages = index.pages.indices.map { number in
            if nav.sharedPlace(of: number) != nil { shared += 1 }
            return (index.pages[number].route.outputFile, nav.sidebar(current: number), nav.unsharedSidebar(current: number))
        }
        return (shared, pages)
    }

    static func site(pages: Int) -> [String: String] {
        var files: [String: String] = ["index.md": "# Home\n", "guide/index.md": "# Guide\n", "guide/deep/index.md": "# Deep\n"]
        for number in 0..<pages {
            files["rfcs/\(String(format: "%04d", number))-idea.md"] = "# Idea \(number) & <more>\n"
            if number % 3 == 0 { files["guide/page-\(number).md"] = "---\nslug: custom-\(number)\n---\n# Page \(number)\n" }
            if number % 7 == 0 { files["guide/deep/leaf-\(number).md"] = "# Leaf \(number)\n" }
            if number % 11 == 0 { files["loose/folder-\(number)/only.md"] = "# Only \(number)\n" }
        }
        files["top.md"] = "# Top\n"
        return files
    }

    @Test("a leaf page's shared sidebar is the one built link by link", arguments: [12, 60, 200])
    func sharedEqualsUnshared(pages: Int) {
        let (shared, sidebars) = Self.sidebars(Self.site(pages: pages))
        #expect(shared > pages / 2, "most leaf pages use their folder's shared sidebar")
        for (path, fast, slow) in sidebars where fast != slow {
            let same = zip(fast.utf8, slow.utf8).prefix(while: { $0 == $1 }).count
            Issue.record("\(path): differs at byte \(same): …\(String(decoding: Array(fast.utf8)[max(0, same - 80)..<min(fast.utf8.count, same + 80)], as: UTF8.self))… vs …\(String(decoding: Array(slow.utf8)[max(0, same - 80)..<min(slow.utf8.count, same + 80)], as: UTF8.self))…")
        }
        let current = sidebars.filter { $0.1.components(separatedBy: "aria-current=\"page\"").count == 2 }
        #expect(current.count == sidebars.count, "every page marks itself, once")
    }
}
