/// Finds `[placeholder]` ranges in plain text: brackets holding words that are not a link,
/// footnote (`[^1]`), task box (`[x]`), alert marker (`[!NOTE]`) or index (`array[0]`).
///
/// Brackets alone do not make a placeholder: meeting notes tag speakers (`[Alex]`), changelogs
/// versions (`[since 1.4.0]`), papers cite (`[Boehm, 1988]`), specs write types and intervals
/// (`[u8]`, `[X..Y]`). ``classify(_:)`` tells what the text says; ``PlaceholderScanner/accepts``
/// decides with its place and page.
public enum PlaceholderScanner {
    /// What a bracket's text says about itself.
    public enum Kind: Sendable, Equatable {
        /// Template wording: "e.g., …", "Insert … here", "What problem does this solve?", "TBD".
        case instruction
        /// Choices to pick from: `[Draft | Review | Approved]`, `[Read/Write/Admin]`.
        case alternatives
        /// A numbered stand-in: `[Library 1]`, `[Step 2: …]`, `[Milestone 3]`.
        case numbered
        /// Anything else in brackets (`[Date]`, `[Alex]`, `[3.11+]`).
        case plain
    }

    /// Whether a bracket of `kind` is a placeholder: template wording always; choices and
    /// numbered stand-ins when they fill a whole place (a table cell, list item, paragraph,
    /// heading, or the value or label of a `Field: value` line); anything on a template page.
    public static func accepts(_ kind: Kind, wholePlace: Bool, templatePage: Bool) -> Bool {
        switch kind {
        case .instruction: true
        case .alternatives, .numbered: wholePlace || templatePage
        case .plain: templatePage
        }
    }

    /// A page with this many instruction, choice or numbered placeholders in whole places is a
    /// template being filled in, whatever it is called.
    public static let templateEvidence = 3

    public static func classify(_ bracketed: Substring) -> Kind {
        let inner = bracketed.dropFirst().dropLast().trimmingCharacters(in: " ")
        let lower = inner.lowercased()
        for start in instructionStarts where lower.hasPrefix(start) { return .instruction }
        for part in instructionParts where lower.contains(part) { return .instruction }
        if lower.hasSuffix(" here") { return .instruction }
        let separators: [String] = [" | ", "|", " / ", "/"]
        for separator in separators where inner.contains(separator) {
            let parts = inner.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
            let choices = parts.enumerated().allSatisfy { index, part in
                guard let first = part.first else { return false }
                return first.isUppercase || (index == parts.count - 1 && part == "etc")
            }
            if parts.count >= 2, choices { return .alternatives }
            break
        }
        // "Library 1", "Workflow Name 2", "Step 3: …": capitalised words and a small number.
        let head = inner.split(separator: ":", maxSplits: 1).first.map(String.init) ?? inner
        let words = head.split(separator: " ")
        if words.count >= 2, let number = words.last, number.count <= 2, number.allSatisfy(\.isNumber),
            words.dropLast().allSatisfy({ $0.first?.isUppercase == true && $0.allSatisfy(\.isLetter) }) {
            return .numbered
        }
        return .plain
    }

    private static let instructionStarts = [
        "e.g.", "eg.", "e.g ", "i.e. ", "insert ", "add ", "describe ", "enter ", "your ", "link to ", "tbd", "todo", "fill ",
        "replace ", "brief ", "name of ", "list of ", "what ", "why", "how ", "who ", "when ", "which ", "optional:",
    ]
    private static let instructionParts = [" e.g.", "(e.g.", "- e.g", "yyyy", "mm-dd", "dd/mm", "x.y.z"]

    public static func ranges(in text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            let afterOpen = text.index(after: open)
            guard let close = text[afterOpen...].firstIndex(where: { $0 == "]" || $0 == "[" }) else { break }
            if text[close] == "[" {
                index = close
                continue
            }
            let content = text[afterOpen..<close]
            let end = text.index(after: close)
            defer { index = end }
            if open > text.startIndex {
                let before = text[text.index(before: open)]
                if before.isLetter || before.isNumber || before == "]" || before == ")" || before == "_" { continue }
            }
            if end < text.endIndex, text[end] == "(" || text[end] == "[" { continue }
            let trimmed = content.trimmingCharacters(in: " ")
            guard !trimmed.isEmpty else { continue }
            if trimmed.hasPrefix("^") || trimmed.hasPrefix("!") { continue }
            if trimmed.contains(where: \.isLetter) {
                if trimmed.count == 1 { continue }  // [x], [a]: task boxes and indices
            } else if !isVersion(trimmed) {
                continue  // [1], [0, 1): citations and intervals
            }
            result.append(open..<end)
        }
        return result
    }

    /// `3.11+`, `18+`: a minimum version to fill in, in a template's table.
    private static func isVersion(_ text: String) -> Bool {
        text.count >= 2 && text.last == "+" && text.first?.isNumber == true && text.dropLast().allSatisfy { $0.isNumber || $0 == "." }
    }
}
