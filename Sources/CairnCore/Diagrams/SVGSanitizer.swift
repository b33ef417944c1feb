import CairnMarkdown

/// Rebuilds an SVG document from an allowlist of elements and attributes, so an SVG that Cairn
/// pastes into a page (Graphviz output, fresh or from the cache) cannot run script: no `script`,
/// `style`, `foreignObject` or `image`, no `on…` attributes, no `style` attribute, links only to
/// http(s), mailto, relative and `#` URLs, `url(…)` paint only to `#ids`. A small tokenizer over
/// the SVG's tags, not a regular expression; anything it does not understand is dropped.
public enum SVGSanitizer {
    /// Elements kept, with their attributes (as written by Graphviz and similar tools).
    static let elements: Set<String> = [
        "svg", "g", "title", "desc", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text",
        "tspan", "a", "defs", "lineargradient", "radialgradient", "stop", "clippath",
    ]
    /// Elements dropped together with everything inside them.
    static let droppedWithContent: Set<String> = ["script", "style", "foreignobject", "iframe", "object", "embed", "image", "use", "animate", "set", "animatetransform", "animatemotion", "handler", "listener"]
    static let attributes: Set<String> = [
        "id", "class", "width", "height", "viewbox", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
        "points", "d", "transform", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-dasharray",
        "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "font-family", "font-size",
        "font-weight", "font-style", "text-anchor", "text-decoration", "opacity", "offset", "stop-color",
        "stop-opacity", "gradientunits", "gradienttransform", "clip-path", "clippathunits", "preserveaspectratio",
        "xmlns", "xmlns:xlink", "baseline-shift", "dominant-baseline", "lengthadjust", "textlength", "target",
        "href", "xlink:href", "xlink:title", "role", "aria-label", "aria-hidden", "version",
    ]
    static let urlAttributes: Set<String> = ["href", "xlink:href"]
    static let paintAttributes: Set<String> = ["fill", "stroke", "clip-path"]

    public static func sanitize(_ svg: String) -> String {
        let bytes = Array(svg.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var dropDepth = 0
        var dropName = ""
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                let end = bytes[index...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                if dropDepth == 0 { appendText(bytes[index..<end], to: &output) }
                index = end
                continue
            }
            // Comments, doctypes, processing instructions and CDATA: dropped.
            if starts(bytes, index, "<!--") {
                index = find(bytes, "-->", from: index + 4).map { $0 + 3 } ?? bytes.count
                continue
            }
            if starts(bytes, index, "<!") || starts(bytes, index, "<?") {
                index = find(bytes, ">", from: index + 2).map { $0 + 1 } ?? bytes.count
                continue
            }
            guard let tag = Tag.parse(bytes, at: index) else {
                index += 1  // a lone '<' in text: escaped
                if dropDepth == 0 { output += Array("&lt;".utf8) }
                continue
            }
            index = tag.end
            let name = tag.name.lowercased()
            if dropDepth > 0 {
                if name == dropName { dropDepth += tag.closing ? -1 : (tag.selfClosing ? 0 : 1) }
                continue
            }
            if droppedWithContent.contains(name) || (!elements.contains(name) && name.contains(":")) {
                if !tag.closing && !tag.selfClosing {
                    dropDepth = 1
                    dropName = name
                }
                continue
            }
            guard elements.contains(name) else { continue }  // unknown element: its text stays
            if tag.closing {
                output += Array("</\(tag.name)>".utf8)
                continue
            }
            var written = "<\(tag.name)"
            for (attribute, value) in tag.attributes {
                let key = attribute.lowercased()
                guard attributes.contains(key) else { continue }
                let decoded = HTMLEntities.decode(value)
                if urlAttributes.contains(key) {
                    guard name == "a", safeURL(decoded) else { continue }
                }
                if paintAttributes.contains(key) || key == "fill" {
                    let lower = decoded.lowercased()
                    if lower.contains("url(") && !lower.replacingOccurrences(of: " ", with: "").hasPrefix("url(#") { continue }
                }
                written += " \(attribute)=\"\(HTMLEscaping.escape(decoded))\""
            }
            written += tag.selfClosing ? "/>" : ">"
            output += Array(written.utf8)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// http, https, mailto, relative and fragment URLs; every other scheme (javascript:, data:,
    /// vbscript:, obfuscated with whitespace or control characters) is refused.
    static func safeURL(_ url: String) -> Bool {
        let cleaned = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        guard let colon = cleaned.firstIndex(of: ":") else { return true }
        let beforeColon = cleaned[..<colon]
        if beforeColon.contains("/") || beforeColon.contains("?") || beforeColon.contains("#") { return true }
        let scheme = beforeColon.lowercased()
        return scheme == "http" || scheme == "https" || scheme == "mailto"
    }

    private static func appendText(_ text: ArraySlice<UInt8>, to output: inout [UInt8]) {
        for byte in text {
            if byte == UInt8(ascii: ">") { output += Array("&gt;".utf8) } else { output.append(byte) }
        }
    }

    static func starts(_ bytes: [UInt8], _ index: Int, _ prefix: String) -> Bool {
        let prefix = Array(prefix.utf8)
        guard index + prefix.count <= bytes.count else { return false }
        return bytes[index..<index + prefix.count].elementsEqual(prefix)
    }

    static func find(_ bytes: [UInt8], _ needle: String, from start: Int) -> Int? {
        let needle = Array(needle.utf8)
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// One start or end tag: name, attributes in order, and where it ends.
    struct Tag {
        var name: String
        var attributes: [(String, String)]
        var closing: Bool
        var selfClosing: Bool
        var end: Int

        static func parse(_ bytes: [UInt8], at start: Int) -> Tag? {
            var index = start + 1
            let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
            if closing { index += 1 }
            let nameStart = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            guard index > nameStart, isLetter(bytes[nameStart]) else { return nil }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            var attributes: [(String, String)] = []
            while true {
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ">") {
                    return Tag(name: name, attributes: attributes, closing: closing, selfClosing: false, end: index + 1)
                }
                if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                    return Tag(name: name, attributes: attributes, closing: closing, selfClosing: true, end: index + 2)
                }
                let keyStart = index
                while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
                guard index > keyStart else { return nil }
                let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                var value = ""
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                    guard index < bytes.count else { return nil }
                    let quote = bytes[index]
                    guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
                    guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
                    value = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                    index = close + 1
                }
                attributes.append((key, value))
            }
        }

        static func isLetter(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }

        static func isNameByte(_ byte: UInt8) -> Bool {
            isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
    }
}

/// Decodes the character references an attribute value may hold (`&amp;`, `&#106;`, `&#x6A;`),
/// so a scheme hidden behind entities is seen for what it is.
enum HTMLEntities {
    static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":", "tab": "\t", "newline": "\n"]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let name = after[..<semi]
                var scalar: Unicode.Scalar?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                }
                if let scalar {
                    result.unicodeScalars.append(scalar)
                    rest = after[after.index(after: semi)...]
                    continue
                }
                if let value = named[name.lowercased()] {
                    result += value
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            result += "&"
            rest = after
        }
        return result + rest
    }
}
