import Testing
@testable import CairnMarkdown

@Suite("GitHub heading ids")
struct HeadingSluggerTests {
    @Test("matches GitHub for punctuation, numbers and case", arguments: [
        ("1. Executive Summary", "1-executive-summary"),
        ("Who It's For", "who-its-for"),
        ("3.1 High-Level Architecture", "31-high-level-architecture"),
        ("Key Libraries & Frameworks", "key-libraries--frameworks"),
        ("Availability & Reliability", "availability--reliability"),
        ("snake_case_name", "snake_case_name"),
        ("  Leading and trailing  ", "--leading-and-trailing--"),
        ("C++ / C#", "c--c"),
        ("Ünïcödé Straße", "ünïcödé-straße"),
        ("日本語の見出し", "日本語の見出し"),
        ("Emoji 🎉 party", "emoji--party"),
        ("\"><img onerror=alert(1)>", "img-onerroralert1"),
    ])
    func slug(_ input: String, _ expected: String) {
        #expect(HeadingSlugger.slug(input) == expected)
    }

    @Test("numbers repeats -1, -2 and skips ids already taken")
    func repeats() {
        var slugger = HeadingSlugger()
        #expect(slugger.id(for: "Notes") == "notes")
        #expect(slugger.id(for: "Notes") == "notes-1")
        #expect(slugger.id(for: "Notes-2") == "notes-2")
        #expect(slugger.id(for: "Notes") == "notes-3")
        #expect(slugger.id(for: "notes") == "notes-4")
    }
}
