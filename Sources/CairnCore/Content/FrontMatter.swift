import Yams

/// The YAML block at the top of a page, between `---` lines.
public struct FrontMatter: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var weight: Int?
    public var draft = false
    public var slug: String?
    /// Line of the `slug:` value in the file, for diagnostics about it.
    public var slugLine = 0
    public var slugColumn = 0
    /// Document metadata that overrides the page's `**Status:**`-style block.
    public var status: String?
    public var version: String?
    public var owner: String?
    public var lastUpdated: String?
    public var nextReview: String?
    public var nextReviewLine = 0
    /// `placeholders: false` turns placeholder checks off for this page.
    public var placeholders: Bool?
    /// `template: true`: the page is a template, so every bracketed stand-in is a placeholder.
    public var template: Bool?

    public init() {}
}

/// A page's text split into front matter and Markdown body.
struct SplitSource {
    /// The YAML between the fences, or `nil` when the file has no front matter.
    var yaml: String?
    /// The Markdown after the closing fence.
    var body: String
    /// How many lines of the file come before `body` (so body line N is file line N + offset).
    var bodyLineOffset: Int
    /// The file opens a front matter block that never closes.
    var unclosed: Bool

    init(_ text: String) {
        yaml = nil
        body = text
        bodyLineOffset = 0
        unclosed = false
        guard text.utf8.starts(with: "---".utf8) else { return }
        // Bytes, not Characters: a line feed is always a Character of its own (CRLF is gone by now).
        let bytes = text.utf8
        func fence(_ line: Substring.UTF8View) -> Substring.UTF8View {
            var trimmed = line
            while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
            return trimmed
        }
        func lineEnd(from start: String.Index) -> String.Index {
            bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
        }
        let firstEnd = lineEnd(from: bytes.startIndex)
        guard fence(bytes[bytes.startIndex..<firstEnd]).elementsEqual("---".utf8) else { return }
        guard firstEnd < bytes.endIndex else {
            unclosed = true
            return
        }
        let yamlStart = bytes.index(after: firstEnd)
        var start = yamlStart
        var lineNumber = 2
        while true {
            let end = lineEnd(from: start)
            let line = fence(bytes[start..<end])
            if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) {
                // The YAML ends before this line's own line feed: the one ending the line before.
                yaml = start == yamlStart ? "" : String(text[yamlStart..<bytes.index(before: start)])
                body = end == bytes.endIndex ? "" : String(text[bytes.index(after: end)...])
                bodyLineOffset = lineNumber
                return
            }
            guard end < bytes.endIndex else {
                unclosed = true
                return
            }
            start = bytes.index(after: end)
            lineNumber += 1
        }
    }
}

extension FrontMatter {
    /// Parses the YAML of a front matter block that starts on file line 2, reporting problems at
    /// their line and column in the file.
    static func parse(_ yaml: String, file: String) -> (FrontMatter, [Diagnostic]) {
        var matter = FrontMatter()
        var diagnostics: [Diagnostic] = []
        let lineOffset = 1  // the opening `---`
        func report(_ message: String, _ mark: Mark?) {
            report(message, mark.map { SourcePosition(line: $0.line, column: $0.column) })
        }
        func report(_ message: String, _ position: SourcePosition?) {
            diagnostics.append(.error(
                message, file: file, line: (position?.line ?? 0) + lineOffset, column: position?.column ?? 0,
                stage: .load))
        }
        if let tab = tabIndentation(in: yaml) {
            diagnostics.append(.error(
                "front matter is indented with a tab", file: file, line: tab + lineOffset, column: 1,
                hint: "YAML allows only spaces for indentation", stage: .load))
            return (matter, diagnostics)
        }
        if let problem = AliasGuard.problem(in: yaml) {
            diagnostics.append(.error(
                "invalid front matter: \(problem.message)", file: file, line: problem.line + lineOffset, column: problem.column,
                hint: "write the value out instead of using a YAML alias", stage: .load))
            return (matter, diagnostics)
        }
        let node: Node?
        do {
            // UTF-8 named: Yams's default encoding reads the whole process environment on every call.
            node = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            let (message, mark) = describe(error, yaml: yaml)
            report("invalid front matter: \(message)", mark)
            return (matter, diagnostics)
        } catch {
            report("invalid front matter: \(error)", nil as SourcePosition?)
            return (matter, diagnostics)
        }
        guard let node else { return (matter, diagnostics) }
        guard let mapping = node.mapping else {
            report("front matter must be a mapping of keys to values", node.mark)
            return (matter, diagnostics)
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            switch key {
            case "title":
                if let text = scalarString(value) { matter.title = text } else { report("'title' must be text", value.mark) }
            case "description":
                if let text = scalarString(value) { matter.description = text } else { report("'description' must be text", value.mark) }
            case "weight":
                if let number = value.int { matter.weight = number } else { report("'weight' must be a whole number", value.mark) }
            case "draft":
                if let flag = value.bool { matter.draft = flag } else { report("'draft' must be true or false", value.mark) }
            case "slug":
                if let text = scalarString(value) {
                    matter.slug = text
                    matter.slugLine = (value.mark?.line ?? 0) + lineOffset
                    matter.slugColumn = value.mark?.column ?? 0
                } else {
                    report("'slug' must be text", value.mark)
                }
            case "status", "version", "owner", "lastUpdated", "last_updated", "nextReview", "next_review":
                guard let text = scalarString(value) else {
                    report("'\(key)' must be text", value.mark)
                    continue
                }
                switch key {
                case "status": matter.status = text
                case "version": matter.version = text
                case "owner": matter.owner = text
                case "lastUpdated", "last_updated": matter.lastUpdated = text
                default:
                    matter.nextReview = text
                    matter.nextReviewLine = (value.mark?.line ?? 0) + lineOffset
                }
            case "template":
                if let flag = value.bool { matter.template = flag } else { report("'template' must be true or false", value.mark) }
            case "placeholders":
                if let flag = value.bool { matter.placeholders = flag } else { report("'placeholders' must be true or false", value.mark) }
            default:
                break  // other keys belong to the author or to themes
            }
        }
        return (matter, diagnostics)
    }

    private static func scalarString(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    /// Where `key:` appears for the second time at the start of a line (the repeat to remove).
    private static func secondOccurrence(of key: String, in yaml: String) -> SourcePosition? {
        var seen = false
        for (index, line) in yaml.lineSlices.enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("\(key):") || trimmed.hasPrefix("\"\(key)\":") else { continue }
            if seen { return SourcePosition(line: index + 1, column: line.count - trimmed.count + 1) }
            seen = true
        }
        return nil
    }

    /// The 1-based line of the first line indented with a tab, which YAML forbids.
    private static func tabIndentation(in yaml: String) -> Int? {
        for (index, line) in yaml.lineSlices.enumerated() {
            let indent = line.prefix(while: { $0 == " " || $0 == "\t" })
            if indent.contains("\t"), indent.count < line.count { return index + 1 }
        }
        return nil
    }

    private static func describe(_ error: YamlError, yaml: String) -> (String, SourcePosition?) {
        func position(_ mark: Mark) -> SourcePosition { SourcePosition(line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text), " } ?? ""
            return (prefix + problem, position(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ("duplicate key \(names)", secondOccurrence(of: duplicates.first ?? "", in: yaml) ?? position(context.mark))
        case .reader(let problem, _, _, _):
            return (problem, nil)
        default:
            return ("\(error)", nil)
        }
    }
}

/// Refuses the YAML alias shapes that cost far more than their size before the YAML is parsed:
/// an alias used as a mapping key (keys are compared by value, so nested aliases expand: 373
/// bytes took 45 s) and more aliases than front matter ever needs.
enum AliasGuard {
    static let maximumAliases = 100

    struct Problem {
        var message: String
        var line: Int
        var column: Int
    }

    static func problem(in yaml: String) -> Problem? {
        guard yaml.utf8.contains(UInt8(ascii: "*")) else { return nil }
        var aliases = 0
        var blockScalarIndent: Int?
        for (number, line) in yaml.lineSlices.enumerated() {
            let bytes = Array(line.utf8)
            let indent = bytes.prefix(while: { $0 == 0x20 }).count
            if let block = blockScalarIndent {
                if indent > block || bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
                blockScalarIndent = nil
            }
            var index = indent
            var flowDepth = 0
            var nodeStart = true  // a node may start here: an alias is possible
            var quote: UInt8?
            var lastSignificant: UInt8 = 0
            while index < bytes.count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open {
                        if open == 0x27, index + 1 < bytes.count, bytes[index + 1] == 0x27 { index += 2; continue }
                        quote = nil
                    } else if byte == 0x5C, open == 0x22 {
                        index += 1
                    }
                    index += 1
                    continue
                }
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0x20
                let spaceAfter = next == 0x20 || next == 0x09 || next == 0x0D
                switch byte {
                case 0x22 where nodeStart, 0x27 where nodeStart:
                    quote = byte
                    nodeStart = false
                case 0x23 where index == 0 || bytes[index - 1] == 0x20:  // a comment
                    index = bytes.count
                    continue
                case 0x2A where nodeStart:  // *alias
                    aliases += 1
                    var end = index + 1
                    while end < bytes.count, isAnchorByte(bytes[end]) { end += 1 }
                    var after = end
                    while after < bytes.count, bytes[after] == 0x20 { after += 1 }
                    let isKey = (after < bytes.count && bytes[after] == 0x3A
                        && (after + 1 == bytes.count || [0x20, 0x09, 0x0D, 0x2C, 0x7D, 0x5D].contains(bytes[after + 1])))
                        || lastSignificant == 0x3F
                    if isKey {
                        return Problem(message: "a YAML alias is used as a mapping key", line: number + 1, column: index + 1)
                    }
                    if aliases > maximumAliases {
                        return Problem(message: "more than \(maximumAliases) YAML aliases", line: number + 1, column: index + 1)
                    }
                    index = end
                    nodeStart = false
                    continue
                case 0x5B, 0x7B:  // [ {
                    flowDepth += 1
                    nodeStart = true
                case 0x5D, 0x7D:
                    flowDepth -= 1
                    nodeStart = false
                case 0x2C where flowDepth > 0:
                    nodeStart = true
                case 0x2D where nodeStart && spaceAfter, 0x3F where nodeStart && spaceAfter:  // "- ", "? "
                    lastSignificant = byte
                    index += 2
                    continue
                case 0x3A where spaceAfter || (flowDepth > 0 && [0x2C, 0x7D, 0x5D].contains(next)):  // ": "
                    nodeStart = true
                    lastSignificant = byte
                    index += 1
                    continue
                case 0x7C where nodeStart, 0x3E where nodeStart:  // | > block scalar
                    if bytes[(index + 1)...].allSatisfy({ [0x2B, 0x2D, 0x20, 0x0D].contains($0) || ($0 >= 0x30 && $0 <= 0x39) }) {
                        blockScalarIndent = indent
                        index = bytes.count
                        continue
                    }
                    nodeStart = false
                case 0x20, 0x09, 0x0D:
                    break
                case 0x26 where nodeStart:  // &anchor: the node still starts after it
                    while index + 1 < bytes.count, isAnchorByte(bytes[index + 1]) { index += 1 }
                default:
                    nodeStart = false
                }
                if byte != 0x20 && byte != 0x09 { lastSignificant = byte }
                index += 1
            }
        }
        return nil
    }

    private static func isAnchorByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2D || byte == 0x5F
    }
}

