/// Makes heading ids exactly as GitHub does, so links written for GitHub keep working.
///
/// GitHub lowercases the heading's text, drops every character that is not a letter, mark,
/// number, connector punctuation (`_`), hyphen or space, turns spaces into hyphens, and numbers
/// repeats `-1`, `-2`, … in document order. One slugger serves one page.
public struct HeadingSlugger: Sendable {
    private var used: Set<String> = []
    private var repeats: [String: Int] = [:]

    public init() {}

    /// The GitHub slug of `text` without de-duplication.
    public static func slug(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                result.append("-")
            } else if scalar == "-" || scalar == "_" {
                result.unicodeScalars.append(scalar)
            } else if isWordCharacter(scalar) {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The id for the next heading with `text`: its slug, or the slug with `-1`, `-2`, … when an
    /// earlier heading on the page already has that id.
    public mutating func id(for text: String) -> String {
        let base = Self.slug(text)
        guard used.contains(base) else {
            used.insert(base)
            return base
        }
        var n = repeats[base, default: 0]
        var candidate: String
        repeat {
            n += 1
            candidate = "\(base)-\(n)"
        } while used.contains(candidate)
        repeats[base] = n
        used.insert(candidate)
        return candidate
    }

    /// Marks `id` as taken, e.g. an id the page emits for something that is not a heading.
    public mutating func reserve(_ id: String) {
        used.insert(id)
    }

    /// Ruby's `\p{Word}`: letters, marks, decimal numbers and connector punctuation.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}
