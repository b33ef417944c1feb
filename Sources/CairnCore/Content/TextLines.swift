import CairnMarkdown

extension String {
    /// The text's lines, split at line feeds (`"a\n"` is `["a", ""]`), found on bytes: splitting
    /// a String on the Character `"\n"` costs grapheme breaking over all of it, and a line feed
    /// is always a Character of its own once CRLF is gone (``SourceDecoding`` makes it LF).
    var lineSlices: [Substring] { Array(lines) }

    /// The same lines, found one at a time (for scans that stop early).
    var lines: Lines { Lines(text: self) }

    struct Lines: Sequence {
        let text: String

        struct Iterator: IteratorProtocol {
            let text: String
            /// UTF-8 offset where the next line starts; nil after the last line.
            var start: Int?

            mutating func next() -> Substring? {
                guard let from = start else { return nil }
                var copy = text
                let end = copy.withUTF8 { LineStarts.lineEnd(in: $0, from: from) }
                let utf8 = text.utf8
                let lower = utf8.index(utf8.startIndex, offsetBy: from)
                guard end < utf8.count else {
                    start = nil
                    return text[lower...]
                }
                start = end + 1
                return text[lower..<utf8.index(utf8.startIndex, offsetBy: end)]
            }
        }

        func makeIterator() -> Iterator { Iterator(text: text, start: 0) }
    }
}
