import Foundation

// MARK: - Reading values

/// Reads typed values out of ``LocatedJSON`` and records a diagnostic at the value's position for
/// every mismatch.
struct ConfigReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    static let knownTopLevelKeys = SiteConfig.knownTopLevelKeys

    mutating func typeMismatch(_ value: LocatedJSON, expected: String, key: String) {
        diagnostics.append(.error(
            "'\(key)' must be \(expected), not \(value.typeName)", file: file,
            line: value.position.line, column: value.position.column, stage: .load))
    }

    mutating func unknownKey(_ member: LocatedJSON.Member, path: String) {
        let name = path.isEmpty ? member.key : "\(path).\(member.key)"
        let candidates = path.isEmpty ? Self.knownTopLevelKeys : []
        let hint = Suggestions.closest(to: member.key, in: candidates).map { "did you mean '\($0)'?" }
        diagnostics.append(.warning(
            "unknown key '\(name)' is ignored", file: file,
            line: member.keyPosition.line, column: member.keyPosition.column, hint: hint, stage: .load))
    }

    /// The members of an object with repeated keys reported (the last one wins, as in JavaScript).
    mutating func uniqueMembers(_ members: [LocatedJSON.Member], path: String) -> [LocatedJSON.Member] {
        var lastIndex: [String: Int] = [:]
        for (index, member) in members.enumerated() { lastIndex[member.key] = index }
        var result: [LocatedJSON.Member] = []
        for (index, member) in members.enumerated() {
            if lastIndex[member.key] == index {
                result.append(member)
            } else {
                let name = path.isEmpty ? member.key : "\(path).\(member.key)"
                diagnostics.append(.warning(
                    "duplicate key '\(name)'; the later value wins", file: file,
                    line: member.keyPosition.line, column: member.keyPosition.column, stage: .load))
            }
        }
        return result
    }

    mutating func string(_ value: LocatedJSON, key: String) -> String? {
        guard case .string(let text, _) = value else {
            typeMismatch(value, expected: "a string", key: key)
            return nil
        }
        return text
    }

    mutating func bool(_ value: LocatedJSON, key: String) -> Bool? {
        guard case .bool(let flag, _) = value else {
            typeMismatch(value, expected: "true or false", key: key)
            return nil
        }
        return flag
    }

    mutating func positiveNumber(_ value: LocatedJSON, key: String) -> Double? {
        guard case .number(let number, _) = value, number > 0 else {
            if case .number = value {
                diagnostics.append(.error("'\(key)' must be greater than 0", file: file,
                    line: value.position.line, column: value.position.column, stage: .load))
            } else {
                typeMismatch(value, expected: "a number", key: key)
            }
            return nil
        }
        return number
    }

    mutating func url(_ value: LocatedJSON, key: String) -> String? {
        if case .null = value { return nil }
        guard let text = string(value, key: key) else { return nil }
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            diagnostics.append(.error(
                "'\(key)' must be an absolute http(s) URL, not '\(text)'", file: file,
                line: value.position.line, column: value.position.column,
                hint: "for example \"https://docs.example.com/\"", stage: .load))
            return nil
        }
        return text
    }

    /// A file under the content folder (a plain relative path) or an absolute http(s) URL.
    mutating func fileReference(_ value: LocatedJSON, key: String) -> String? {
        if case .null = value { return nil }
        guard let text = string(value, key: key) else { return nil }
        if text.contains("://") { return url(value, key: key) }
        let path = text.hasPrefix("./") ? String(text.dropFirst(2)) : text
        if let why = SafePaths.relativePathProblem(path) {
            diagnostics.append(.error(
                "'\(key)' must be a file under the content folder or an http(s) URL, not '\(text)': \(why)", file: file,
                line: value.position.line, column: value.position.column,
                hint: "for example \"images/logo.svg\" for content/images/logo.svg", stage: .load))
            return nil
        }
        return path
    }

    /// A folder path relative to the site root that stays inside it: not empty, not absolute,
    /// no `..` that climbs out (symlinks are checked when the folder is used: ``SafePaths``).
    mutating func relativePath(_ value: LocatedJSON, key: String) -> String? {
        folderPath(value, key: key, inside: "the site folder", hint: "Cairn reads and writes only inside the site folder") { path in
            if path.isEmpty { return "it is empty" }
            if path.hasPrefix("/") || path.hasPrefix("~") { return "it is absolute" }
            if path.contains("\0") { return "it contains a NUL character" }
            return SafePaths.leavesLexically(path) ? "it climbs out with '..'" : nil
        }
    }

    /// A folder path under the output folder (`health.path`): plain relative parts only, none
    /// hidden, so it can never leave the output.
    mutating func outputPath(_ value: LocatedJSON, key: String) -> String? {
        folderPath(value, key: key, inside: "the output folder", hint: "for example \"_health\"") { path in
            SafePaths.relativePathProblem(path)
                ?? (path.split(separator: "/").contains { $0.hasPrefix(".") } ? "it has a hidden part" : nil)
        }
    }

    /// A folder path (a trailing `/` dropped), or an error at the value saying why `problem`
    /// refuses it.
    private mutating func folderPath(
        _ value: LocatedJSON, key: String, inside place: String, hint: String, problem: (String) -> String?
    ) -> String? {
        guard let text = string(value, key: key) else { return nil }
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        if let why = problem(trimmed) {
            diagnostics.append(.error(
                "'\(key)' must be a folder path inside \(place), not '\(text)': \(why)", file: file,
                line: value.position.line, column: value.position.column, hint: hint, stage: .load))
            return nil
        }
        return trimmed
    }

    /// A single folder name (a theme): no slashes, not `.` or `..`.
    mutating func pathComponent(_ value: LocatedJSON, key: String) -> String? {
        guard let text = string(value, key: key) else { return nil }
        guard !text.isEmpty, text != ".", text != "..", !text.contains("/"), !text.contains("\\"), !text.contains("\0") else {
            diagnostics.append(.error(
                "'\(key)' must be a folder name under themes/, not '\(text)'", file: file,
                line: value.position.line, column: value.position.column, stage: .load))
            return nil
        }
        return text
    }

    mutating func enumeration<T: RawRepresentable & CaseIterable>(_ value: LocatedJSON, key: String) -> T?
    where T.RawValue == String {
        guard let text = string(value, key: key) else { return nil }
        guard let result = T(rawValue: text) else {
            let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            diagnostics.append(.error(
                "'\(key)' must be \(allowed), not \"\(text)\"", file: file,
                line: value.position.line, column: value.position.column, stage: .load))
            return nil
        }
        return result
    }

    mutating func stringArray(_ value: LocatedJSON, key: String) -> [(text: String, position: SourcePosition)]? {
        guard case .array(let items, _) = value else {
            typeMismatch(value, expected: "an array of strings", key: key)
            return nil
        }
        var result: [(text: String, position: SourcePosition)] = []
        for item in items {
            if let text = string(item, key: "\(key)[]") { result.append((text, item.position)) }
        }
        return result
    }

    /// Walks an object's members; `handle` returns `false` for a key it does not know.
    mutating func object(
        _ value: LocatedJSON, key: String, handle: (String, LocatedJSON, inout ConfigReader) -> Bool
    ) {
        guard case .object(let members, _) = value else {
            typeMismatch(value, expected: "an object", key: key)
            return
        }
        for member in uniqueMembers(members, path: key) where !handle(member.key, member.value, &self) {
            unknownKey(member, path: key)
        }
    }
}
