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
            var start: String.Index?

            mutating func next() -> Substring? {
                guard let from = start else { return nil }
                let bytes = text.utf8
                if let end = bytes[from...].firstIndex(of: 0x0A) {
                    start = bytes.index(after: end)
                    return text[from..<end]
                }
                start = nil
                return text[from...]
            }
        }

        func makeIterator() -> Iterator { Iterator(text: text, start: text.startIndex) }
    }
}
