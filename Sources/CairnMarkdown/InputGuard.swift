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
        var bytes = markdown.utf8.makeIterator()
        var line: [UInt8] = []
        line.reserveCapacity(256)
        while true {
            let byte = bytes.next()
            if let byte, byte != 0x0A {
                line.append(byte)
                if line.count > limits.lineBytes {
                    return LimitViolation(
                        message: "line longer than \(format(limits.lineBytes)) bytes exceeds limits.lineBytes (\(format(limits.lineBytes)))",
                        limit: "lineBytes", line: scanner.lineNumber, column: 1)
                }
                continue
            }
            if let violation = scanner.consume(line) { return violation }
            line.removeAll(keepingCapacity: true)
            if byte == nil { break }
        }
        return scanner.finish()
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

    private struct Scanner {
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
        var closingBrackets = 0
        var previousLineHadPipe = false

        init(limits: MarkdownLimits) { self.limits = limits }

        mutating func consume(_ line: [UInt8]) -> LimitViolation? {
            lineNumber += 1
            let trimmed = line.drop(while: { $0 == 0x20 || $0 == 0x09 })
            if trimmed.isEmpty {
                tableColumns = 0
                blockBrackets = 0
                blockAutolinks = 0
                blockStart = lineNumber + 1
                previousLineHadPipe = false
                return nil
            }
            if let violation = nesting(line) { return violation }

            let hasPipe = line.contains(0x7C)
            if tableColumns > 0 {
                tableRows += 1
                if tableColumns * tableRows > limits.tableCells {
                    return LimitViolation(
                        message: "table with \(format(tableColumns)) columns and over \(format(tableRows)) rows exceeds limits.tableCells (\(format(limits.tableCells)))",
                        limit: "tableCells", line: tableLine, column: 1)
                }
            } else if previousLineHadPipe, let columns = delimiterColumns(trimmed) {
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
                blockBrackets = 0
                blockAutolinks = 0
                blockStart = lineNumber
            }

            let isDefinition = isReferenceDefinition(trimmed)
            if isDefinition {
                references += 1
                longestReference = max(longestReference, line.count)
                if references > limits.referenceDefinitions {
                    return LimitViolation(
                        message: "more than \(format(limits.referenceDefinitions)) link reference definitions exceeds limits.referenceDefinitions",
                        limit: "referenceDefinitions", line: lineNumber, column: 1)
                }
            }

            // Definitions are not inline-parsed, so their brackets do not count towards a storm.
            var index = isDefinition ? line.endIndex : line.startIndex
            while index < line.endIndex {
                let byte = line[index]
                if byte == 0x5B {  // [
                    blockBrackets += 1
                } else if byte == 0x5D {  // ]
                    closingBrackets += 1
                } else if byte == 0x77, matches(line, index, "www.") {
                    blockAutolinks += 1
                } else if byte == 0x3A, matches(line, index, "://") {
                    blockAutolinks += 1
                }
                index += 1
            }
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
            return nil
        }

        /// Reference definitions re-emitted at every use can multiply a small page into a huge one.
        func finish() -> LimitViolation? {
            guard references > 0 else { return nil }
            let bound = longestReference.multipliedReportingOverflow(by: closingBrackets)
            if bound.overflow || bound.partialValue > limits.outputBytes {
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

        /// The number of columns when `line` is a GFM table delimiter row (`|---|:--:|`).
        func delimiterColumns(_ line: ArraySlice<UInt8>) -> Int? {
            var columns = 0
            var inCell = false
            var sawDash = false
            var sawPipe = false
            for byte in line {
                switch byte {
                case 0x7C:
                    sawPipe = true
                    if inCell { columns += 1 }
                    inCell = false
                case 0x2D:
                    sawDash = true
                    inCell = true
                case 0x3A:
                    inCell = true
                case 0x20, 0x09:
                    continue
                default:
                    return nil
                }
            }
            if inCell { columns += 1 }
            return sawDash && sawPipe ? columns : nil
        }

        func isReferenceDefinition(_ line: ArraySlice<UInt8>) -> Bool {
            guard line.first == 0x5B, let close = line.firstIndex(of: 0x5D) else { return false }
            let after = line.index(after: close)
            return after < line.endIndex && line[after] == 0x3A
        }

        func matches(_ line: [UInt8], _ index: Int, _ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= line.count else { return false }
            return text.withUTF8Buffer { buffer in
                for offset in 0..<count where line[index + offset] != buffer[offset] { return false }
                return true
            }
        }
    }
}
