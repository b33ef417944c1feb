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
    /// Element names as SVG spells them (the tokenizer lower-cases).
    static let elementNames: [String: String] = [
        "lineargradient": "linearGradient", "radialgradient": "radialGradient", "clippath": "clipPath",
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
        var tokenizer = HTMLTokenizer(svg)
        var output = ""
        output.reserveCapacity(tokenizer.bytes.count)
        var dropDepth = 0
        var dropName = ""
        while let token = tokenizer.next() {
            switch token {
            case .dropped:
                continue
            case .text(let range):
                guard dropDepth == 0 else { continue }
                output += tokenizer.text(range).replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            case .end(let name, _):
                if dropDepth > 0 {
                    if name == dropName { dropDepth -= 1 }
                } else if elements.contains(name) {
                    output += "</\(elementNames[name] ?? name)>"
                }
            case .start(let tag):
                let name = tag.name
                if dropDepth > 0 {
                    if name == dropName && !tag.selfClosing { dropDepth += 1 }
                    continue
                }
                if droppedWithContent.contains(name) || (!elements.contains(name) && name.contains(":")) {
                    if !tag.selfClosing {
                        dropDepth = 1
                        dropName = name
                    }
                    continue
                }
                guard elements.contains(name) else { continue }  // unknown element: its text stays
                output += "<\(elementNames[name] ?? name)"
                for attribute in tag.attributes where attributes.contains(attribute.name) {
                    let key = attribute.name
                    let decoded = HTMLEntities.decode(attribute.value)
                    if urlAttributes.contains(key) {
                        guard name == "a", HTMLAllowlist.allows(decoded, schemes: ["http", "https", "mailto"]) else { continue }
                    }
                    if paintAttributes.contains(key) {
                        let lower = decoded.lowercased()
                        if lower.contains("url(") && !lower.replacingOccurrences(of: " ", with: "").hasPrefix("url(#") { continue }
                    }
                    output += " \(Self.svgName(key))=\"\(HTMLEscaping.escape(decoded))\""
                }
                output += tag.selfClosing ? "/>" : ">"
            }
        }
        return output
    }

    /// SVG attribute names are case-sensitive (`viewBox`); the tokenizer lower-cases them.
    static func svgName(_ lowered: String) -> String {
        camelCase[lowered] ?? lowered
    }

    static let camelCase: [String: String] = [
        "viewbox": "viewBox", "gradientunits": "gradientUnits", "gradienttransform": "gradientTransform",
        "clippathunits": "clipPathUnits", "preserveaspectratio": "preserveAspectRatio", "lengthadjust": "lengthAdjust",
        "textlength": "textLength",
    ]
}
