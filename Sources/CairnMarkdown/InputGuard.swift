/// Limits on one Markdown page, chosen so no real doc set reaches them while every input shape
/// that is super-linear in libcmark-gfm 0.29.0.gfm.6 is refused before it is parsed.
public struct MarkdownLimits: Sendable, Equatable {
    /// Bytes in one file (checked by the loader before reading it).
    public var fileBytes = 10_000_000
    /// Bytes in one line.
    public var lineBytes = 2_000_000
    /// Columns of one table (wide tables are quadratic: CVE-2023-22483/22484/22486).
    public var tableColumns = 200
    /// Cells of one table, columns × rows (a short row still produces every cell: output amplification).
    public var tableCells = 200_000
    /// Nested block quotes and lists at the start of a line (nested `>` with emphasis: CVE-2023-24824).
    public var nesting = 100
    /// `[` in one paragraph or table row (`![[]()` storms: CVE-2023-26485).
    public var brackets = 5_000
    /// `www.` and `://` in one paragraph or table row (autolink runs: CVE-2023-37463, -22485).
    public var autolinks = 1_000
    /// Link reference definitions in one page.
    public var referenceDefinitions = 10_000
    /// Bytes of HTML one page may produce (reference and table expansion).
    public var outputBytes = 20_000_000
    /// Bytes the parser would rescan for `<?`, `<!X` and `<![CDATA[` that close late or
    /// never in one paragraph (each one is scanned to its closer or the paragraph's end:
    /// quadratic in 0.29.0.gfm.6; `a <?` repeated to 320 KB took 14 s).
    public var htmlRescan = 50_000_000

    public init() {}
}

/// Why a page is refused: the limit's name, the value found and where.
public struct LimitViolation: Sendable, Equatable, Error {
    public var message: String
    /// `limits.<name>` in `site.json`.
    public var limit: String
    /// 1-based line and byte column of the offending construct.
    public var line: Int
    public var column: Int
    /// What to do about it, when more than "raise the limit" helps.
    public var hint: String? = nil

    public init(message: String, limit: String, line: Int, column: Int, hint: String? = nil) {
        self.message = message
        self.limit = limit
        self.line = line
        self.column = column
        self.hint = hint
    }
}

/// A single linear pass over a page's bytes that finds the input shapes libcmark-gfm
/// 0.29.0.gfm.6 handles super-linearly, and the size limits, before anything is parsed.
public enum InputGuard {
    /// libcmark-gfm releases before this one lack the fixes the guard stands in for.
    public static let fixedVersionPatch = 13

    /// Whether the linked library predates those fixes, so the guard stands in for them.
    public static var libraryNeedsGuard: Bool {
        // "0.29.0.gfm.6": major.minor.patch, then the gfm release.
        let parts = CmarkRuntime.versionString.split(separator: ".").map { Int($0) }
        guard parts.count == 5, let major = parts[0], let minor = parts[1], let patch = parts[2], let gfm = parts[4] else {
            return true
        }
        return (major, minor, patch, gfm) < (0, 29, 0, fixedVersionPatch)
    }

    public static func check(_ markdown: String, limits: MarkdownLimits) -> LimitViolation? {
        var scanner = Scanner(limits: limits)
        var text = markdown
        // Lines found with memchr and copied whole (not byte by byte): this runs over every page.
        return text.withUTF8 { bytes -> LimitViolation? in
            var line: [UInt8] = []
            line.reserveCapacity(256)
            var start = 0
            while true {
                let end = LineStarts.lineEnd(in: bytes, from: start)
                if end - start > limits.lineBytes {
                    return LimitViolation(
                        message: "line longer than \(format(limits.lineBytes)) bytes exceeds limits.lineBytes (\(format(limits.lineBytes)))",
                        limit: "lineBytes", line: scanner.lineNumber, column: 1)
                }
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                if let violation = scanner.consume(line) { return violation }
                if end >= bytes.count { break }
                start = end + 1
            }
            return scanner.finish()
        }
    }

    /// `12345` → `12,345`.
    public static func format(_ number: Int) -> String {
        let digits = String(number)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    struct Scanner {
        let limits: MarkdownLimits
        var lineNumber = 0
        var tableColumns = 0
        var tableRows = 0
        var tableLine = 0
        var blockBrackets = 0
        var blockAutolinks = 0
        var blockStart = 1
        var references = 0
        var longestReference = 0
        /// Reference definitions' sizes by normalized label (the largest when one repeats).
        var definitionSizes: [[UInt8]: Int] = [:]
        /// How often each bracketed text (normalized like a label) appears outside definitions.
        var bracketUses: [[UInt8]: Int] = [:]
        /// `[` without a `]` on its line: it may close a label on a later line, so it counts as a
        /// use of the longest definition.
        var unclosedBrackets = 0
        var previousLineHadPipe = false
        /// The open code fence's character and length: its lines are not inline-parsed.
        var fence: (byte: UInt8, count: Int)?
        /// The link reference definition being read: its bytes so far, and the quote that
        /// closes its title when the title runs on over more lines.
        var definition: (size: Int, closer: UInt8?, mayTakeTitle: Bool, label: [UInt8])?
        /// Unclosed `<?`, `<!X`, `<![CDATA[` in the paragraph (comments are scanned linearly), and the bytes the parser
        /// would rescan for them so far.
        var openProcessing = 0, openDeclarations = 0, openCData = 0
        var htmlRescan = 0
        var htmlRescanStart = 1
        var previousStartedItem = false

        init(limits: MarkdownLimits) { self.limits = limits }

        /// A paragraph (the unit cmark-gfm inline-parses) ends: its counts start again.
        mutating func endBlock(nextStart: Int) {
            blockBrackets = 0
            blockAutolinks = 0
            blockStart = nextStart
            openProcessing = 0
            openDeclarations = 0
            openCData = 0
            htmlRescan = 0
            htmlRescanStart = nextStart
        }

        mutating func endDefinition() {
            if let definition {
                longestReference = max(longestReference, definition.size)
                definitionSizes[definition.label] = max(definitionSizes[definition.label] ?? 0, definition.size)
            }
            definition = nil
        }

        mutating func consume(_ line: [UInt8]) -> LimitViolation? {
            lineNumber += 1
            if let violation = nesting(line) { return violation }
            let (contentStart, startsItem) = containerPrefix(line)
            defer { previousStartedItem = startsItem }
            let content = line[contentStart...]
            if let open = fence {
                if let close = fenceMarker(content), close.byte == open.byte, close.count >= open.count,
                   content.dropFirst(close.count).allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    fence = nil
                }
                return nil
            }
            if content.isEmpty {
                tableColumns = 0
                endBlock(nextStart: lineNumber + 1)
                endDefinition()
                previousLineHadPipe = false
                return nil
            }
            if let open = fenceMarker(content), open.byte == 0x7E || !content.dropFirst(open.count).contains(0x60) {
                fence = open
                tableColumns = 0
                endBlock(nextStart: lineNumber + 1)
                endDefinition()
                previousLineHadPipe = false
                return nil
            }
            // A list item, heading or thematic break starts a block of its own.
            let heading = isHeading(content)
            if startsItem || heading || isThematicBreak(content) {
                endBlock(nextStart: lineNumber)
                endDefinition()
            }

            // A definition's title may run on over the following lines.
            if var open = definition {
                if let closer = open.closer {
                    open.size += line.count + 1
                    if content.contains(closer) { open.closer = nil; open.mayTakeTitle = false }
                    definition = open
                    if open.closer == nil { endDefinition() }
                    return nil
                }
                if open.mayTakeTitle, let first = content.first, let closer = titleCloser(first) {
                    open.size += line.count + 1
                    open.closer = content.dropFirst().contains(closer) ? nil : closer
                    open.mayTakeTitle = false
                    definition = open
                    if open.closer == nil { endDefinition() }
                    return nil
                }
                endDefinition()
            }

            let hasPipe = line.contains(0x7C)
            if tableColumns > 0 {
                tableRows += 1
                if tableColumns * tableRows > limits.tableCells {
                    return LimitViolation(
                        message: "table with \(format(tableColumns)) columns and over \(format(tableRows)) rows exceeds limits.tableCells (\(format(limits.tableCells)))",
                        limit: "tableCells", line: tableLine, column: 1)
                }
            } else if previousLineHadPipe, let columns = delimiterColumns(content) {
                if columns > limits.tableColumns {
                    return LimitViolation(
                        message: "table with \(format(columns)) columns exceeds limits.tableColumns (\(format(limits.tableColumns)))",
                        limit: "tableColumns", line: lineNumber, column: 1)
                }
                tableColumns = columns
                tableRows = 0
                tableLine = lineNumber
            }
            previousLineHadPipe = hasPipe
            // Table rows are parsed one by one; paragraphs as a whole.
            if hasPipe || tableColumns > 0 {
                endBlock(nextStart: lineNumber)
            }

            if isReferenceDefinition(content) {
                references += 1
                if references > limits.referenceDefinitions {
                    return LimitViolation(
                        message: "more than \(format(limits.referenceDefinitions)) link reference definitions exceeds limits.referenceDefinitions",
                        limit: "referenceDefinitions", line: lineNumber, column: 1)
                }
                let (closer, mayTakeTitle) = titleState(content)
                let labelEnd = content.firstIndex(of: 0x5D) ?? content.endIndex
                definition = (line.count + 1, closer, mayTakeTitle, Self.normalizedLabel(content[(content.startIndex + 1)..<labelEnd]))
                if closer == nil && !mayTakeTitle { endDefinition() }
                // Definitions are not inline-parsed, so their brackets do not count towards a storm.
                return nil
            }

            var index = content.startIndex
            var openBrackets: [Int] = []
            while index < content.endIndex {
                let byte = content[index]
                switch byte {
                case 0x5B:  // [
                    blockBrackets += 1
                    openBrackets.append(index)
                case 0x5D:  // ]: closes the innermost open one, a possible use of a reference label
                    if let open = openBrackets.popLast() {
                        let inner = content[(open + 1)..<index]
                        if inner.count <= 999 { bracketUses[Self.normalizedLabel(inner), default: 0] += 1 }
                    }
                case 0x77 where matches(line, index, "www."): blockAutolinks += 1
                case 0x3A where matches(line, index, "://"): blockAutolinks += 1
                case 0x3C:  // <
                    if matches(line, index, "<?") {
                        openProcessing += 1
                    } else if matches(line, index, "<![CDATA[") {
                        openCData += 1
                    } else if index + 2 < line.count, line[index + 1] == 0x21, isLetter(line[index + 2]) {
                        openDeclarations += 1
                    }
                case 0x3E:  // >
                    openDeclarations = 0
                    if index >= 1, line[index - 1] == 0x3F { openProcessing = 0 }
                    if index >= 2, line[index - 1] == 0x5D, line[index - 2] == 0x5D { openCData = 0 }
                default: break
                }
                htmlRescan &+= openProcessing + openDeclarations + openCData
                index += 1
            }
            unclosedBrackets += openBrackets.count
            // The line break is part of the paragraph the parser rescans too.
            htmlRescan &+= openProcessing + openDeclarations + openCData
            if blockBrackets > limits.brackets {
                return LimitViolation(
                    message: "more than \(format(limits.brackets)) '[' in one paragraph exceeds limits.brackets",
                    limit: "brackets", line: blockStart, column: 1)
            }
            if blockAutolinks > limits.autolinks {
                return LimitViolation(
                    message: "more than \(format(limits.autolinks)) autolink candidates (www., ://) in one paragraph exceeds limits.autolinks",
                    limit: "autolinks", line: blockStart, column: 1)
            }
            if htmlRescan > limits.htmlRescan {
                return LimitViolation(
                    message: "unclosed '<?' or '<!' in one paragraph make the parser rescan over \(format(limits.htmlRescan)) bytes, over limits.htmlRescan",
                    limit: "htmlRescan", line: htmlRescanStart, column: 1,
                    hint: "close each '<?' with '?>' and each '<!' with '>', or put the text in a code span")
            }
            if heading { endBlock(nextStart: lineNumber + 1) }  // a heading is one line
            return nil
        }

        /// Reference definitions re-emitted at every use can multiply a small page into a huge one
        /// (cmark-gfm copies the destination and title into every link as it parses). The
        /// estimate: each bracketed text that names a definition costs that definition's size,
        /// and each bracket that does not close on its line the longest one. Labels are compared
        /// as cmark-gfm compares them (case and runs of white space ignored). When a label has
        /// non-ASCII letters, Unicode case folding can join texts that bytes keep apart (`ſ` and
        /// `s`), so then every bracket that names no definition exactly counts at the longest
        /// non-ASCII one.
        mutating func finish() -> LimitViolation? {
            endDefinition()
            guard references > 0 else { return nil }
            var estimate = 0
            var overflow = false
            let longestNonASCII = definitionSizes.filter { $0.key.contains { $0 >= 0x80 } }.values.max() ?? 0
            func add(_ uses: Int, _ size: Int) {
                let (product, over) = uses.multipliedReportingOverflow(by: size)
                let (sum, over2) = estimate.addingReportingOverflow(product)
                overflow = overflow || over || over2
                estimate = sum
            }
            for (label, uses) in bracketUses {
                if let size = definitionSizes[label] {
                    add(uses, size)
                } else if longestNonASCII > 0 {
                    add(uses, longestNonASCII)
                }
            }
            add(unclosedBrackets, longestReference)
            if overflow || estimate > limits.outputBytes {
                return LimitViolation(
                    message: "link references could expand to more than limits.outputBytes (\(format(limits.outputBytes)) bytes)",
                    limit: "outputBytes", line: 1, column: 1)
            }
            return nil
        }

        /// Container depth at the start of a line: `>` markers, list markers, and indentation.
        mutating func nesting(_ line: [UInt8]) -> LimitViolation? {
            var depth = 0
            var index = line.startIndex
            var spaces = 0
            while index < line.endIndex {
                let byte = line[index]
                if byte == 0x20 {
                    spaces += 1
                    index += 1
                } else if byte == 0x09 {
                    spaces += 4
                    index += 1
                } else if byte == 0x3E {  // >
                    depth += 1
                    index += 1
                } else if (byte == 0x2D || byte == 0x2A || byte == 0x2B), index + 1 < line.endIndex, line[index + 1] == 0x20 {
                    depth += 1
                    index += 2
                } else if byte >= 0x30 && byte <= 0x39 {
                    var end = index
                    while end < line.endIndex, end - index < 9, line[end] >= 0x30 && line[end] <= 0x39 { end += 1 }
                    guard end + 1 < line.endIndex, line[end] == 0x2E || line[end] == 0x29, line[end + 1] == 0x20 else { break }
                    depth += 1
                    index = end + 2
                } else {
                    break
                }
            }
            let total = depth + spaces / 2
            guard total > limits.nesting else { return nil }
            return LimitViolation(
                message: "nesting \(format(total)) levels deep exceeds limits.nesting (\(format(limits.nesting)))",
                limit: "nesting", line: lineNumber, column: 1)
        }

    }
}
