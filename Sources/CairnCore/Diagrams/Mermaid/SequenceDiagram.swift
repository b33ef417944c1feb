import CairnMarkdown
import Foundation

/// A Mermaid `sequenceDiagram`: participants, actors and the `@{ "type": … }` symbols (with `as`
/// aliases and `box` groups),
/// messages with every arrow (`->`, `-->`, `->>`, `-->>`, `-x`, `--x`, `-)`, `--)`, `<<->>`,
/// `<<-->>`), activations (`+`/`-` and `activate`/`deactivate`), notes (left of, right of, over
/// one or two), `loop`/`alt`/`else`/`opt`/`par`/`and`/`critical`/`option`/`break` boxes, `rect`
/// backgrounds and `autonumber`. Parsed into events, laid out in columns and rows by Cairn.
struct SequenceDiagram: Sendable, Equatable {
    struct Participant: Sendable, Equatable {
        var id: String
        var label: [String]
        var kind = Kind.participant
        var group: Int?

        /// `participant` (a box), `actor` (a stick figure) or a `@{ "type": … }` symbol.
        enum Kind: String, Sendable, CaseIterable {
            case participant, actor, boundary, control, entity, database, collections, queue

            /// Drawn as a symbol with the label under it, rather than a box around the label.
            var isFigure: Bool { self == .actor || self == .boundary || self == .control || self == .entity }
        }
    }

    struct Group: Sendable, Equatable {
        var label: [String]
        var fill: String?
    }

    enum Line: String, Sendable { case solid, dotted }
    enum Head: String, Sendable { case none, filled, open, cross }

    enum Event: Sendable, Equatable {
        case message(Message)
        case note(first: Int, last: Int, placement: NotePlacement, text: [String])
        /// `create participant X`: X's box is drawn at the next message that names it.
        case create(Int)
        /// `destroy X`: X's lifeline ends, with a cross, at the next message that names it.
        case destroy(Int)
        case activate(Int)
        case deactivate(Int)
        case blockStart(kind: String, label: [String])
        case blockSection(kind: String, label: [String])
        case rectStart(fill: String)
        case end
        case autonumber
    }

    enum NotePlacement: String, Sendable { case left, right, over }

    /// `A->>+B: text`: who sends to whom, the line and head, activation changes, and `()` central
    /// connections (the message starts or ends on a small circle on the lifeline).
    struct Message: Sendable, Equatable {
        var from: Int
        var to: Int
        var text: [String]
        var line: Line
        var head: Head
        var both = false
        var activate = false
        var deactivate = false
        var centralFrom = false
        var centralTo = false
    }

    var participants: [Participant] = []
    var groups: [Group] = []
    var events: [Event] = []
    var title: String?
    var accessibleTitle: String?
    var accessibleDescription: String?

    // MARK: - Parsing

    static func parse(_ source: MermaidSource) throws -> SequenceDiagram {
        var diagram = SequenceDiagram()
        diagram.title = source.title
        diagram.accessibleTitle = source.accessibleTitle
        diagram.accessibleDescription = source.accessibleDescription
        var openBlocks: [String] = []
        var openGroup: Int?
        func index(_ raw: String) throws -> Int {
            let id = raw.trimmingCharacters(in: .whitespaces)
            if let found = diagram.participants.firstIndex(where: { $0.id == id }) { return found }
            guard !id.isEmpty else { throw MermaidUnsupported("message without a participant", line: 0) }
            guard diagram.participants.count < 200 else { throw MermaidUnsupported("a diagram of more than 200 participants", line: 0) }
            diagram.participants.append(.init(id: id, label: [id], group: openGroup))
            return diagram.participants.count - 1
        }
        var k = 0
        let lines = source.lines
        while k < lines.count {
            let current = lines[k]
            k += 1
            let text = current.text
            func fail(_ construct: String) -> MermaidUnsupported { MermaidUnsupported(construct, line: current.number, column: current.column) }
            var keyword = text.prefix { !$0.isWhitespace }
            var rest = text.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            var creating = false
            if keyword == "create" {
                // `create participant X` / `create actor X as Y`: declared here, drawn where first named.
                creating = true
                keyword = Substring(rest.prefix { !$0.isWhitespace })
                rest = rest.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
                guard keyword == "participant" || keyword == "actor" else { throw fail("create \(keyword)") }
            }
            switch keyword {
            case "participant", "actor":
                var name = rest
                var label: String?
                var kind: Participant.Kind = keyword == "actor" ? .actor : .participant
                if let open = name.range(of: "@{") {
                    // `participant API@{ "type": "boundary", "alias": "Public API" } as Shown`
                    guard let close = name[open.upperBound...].firstIndex(of: "}") else { throw fail("unclosed @{ … }") }
                    for (key, value) in Self.attributes(name[open.upperBound..<close]) {
                        switch key {
                        case "type":
                            guard let known = Participant.Kind(rawValue: value) else { throw fail("participant type '\(value)'") }
                            kind = known
                        case "alias": label = value
                        default: throw fail("participant attribute '\(key)'")
                        }
                    }
                    name = String(name[..<open.lowerBound]) + name[name.index(after: close)...]
                }
                if let alias = name.range(of: " as ") {
                    label = name[alias.upperBound...].trimmingCharacters(in: .whitespaces)
                    name = name[..<alias.lowerBound].trimmingCharacters(in: .whitespaces)
                }
                name = name.trimmingCharacters(in: .whitespaces)
                if creating {
                    guard !diagram.participants.contains(where: { $0.id == name }) else { throw fail("create of '\(name)', already there") }
                    guard !name.isEmpty else { throw fail("participant without a name") }
                    diagram.participants.append(.init(
                        id: name, label: MermaidText.lines(Substring(label ?? name), wrap: false), kind: kind, group: openGroup))
                    diagram.events.append(.create(diagram.participants.count - 1))
                } else if diagram.participants.contains(where: { $0.id == name }) {
                    // Declared after a message named it: the declaration still sets the label.
                    let i = try index(name)
                    if let label { diagram.participants[i].label = MermaidText.lines(Substring(label), wrap: false) }
                    diagram.participants[i].kind = kind
                } else {
                    guard !name.isEmpty else { throw fail("participant without a name") }
                    diagram.participants.append(.init(
                        id: name, label: MermaidText.lines(Substring(label ?? name), wrap: false), kind: kind, group: openGroup))
                }
            case "destroy":
                diagram.events.append(.destroy(try index(rest)))
            case "link", "links":
                throw fail("\(keyword) (participant menus)")
            case "box":
                guard openGroup == nil else { throw fail("box inside a box") }
                var words = Substring(rest)
                var fill: String?
                let first = words.prefix { !$0.isWhitespace }
                if first.hasPrefix("rgb") || first.hasPrefix("hsl") {
                    if let close = words.firstIndex(of: ")") {
                        let colour = String(words[...close])
                        if MermaidStyle.isColour(colour.replacingOccurrences(of: " ", with: "")) { fill = colour }
                        words = words[words.index(after: close)...]
                    }
                } else if CSSColours.names.contains(first.lowercased()) || first.hasPrefix("#") {
                    if first.lowercased() != "transparent", MermaidStyle.isColour(String(first)) { fill = String(first) }
                    words = words.dropFirst(first.count)
                }
                diagram.groups.append(.init(label: MermaidText.lines(Substring(words.trimmingCharacters(in: .whitespaces)), wrap: false), fill: fill))
                openGroup = diagram.groups.count - 1
                openBlocks.append("box")
            case "loop", "alt", "opt", "par", "critical", "break":
                diagram.events.append(.blockStart(kind: String(keyword), label: MermaidText.lines(Substring(rest), wrap: false)))
                openBlocks.append(String(keyword))
            case "else", "and", "option":
                let expected = ["else": "alt", "and": "par", "option": "critical"][String(keyword)]!
                guard openBlocks.last == expected || (keyword == "else" && openBlocks.last == "critical") else {
                    throw fail("'\(keyword)' outside \(expected)")
                }
                diagram.events.append(.blockSection(kind: String(keyword), label: MermaidText.lines(Substring(rest), wrap: false)))
            case "rect":
                let colour = rest.replacingOccurrences(of: " ", with: "")
                guard MermaidStyle.isColour(colour) else { throw fail("rect colour '\(rest)'") }
                diagram.events.append(.rectStart(fill: colour))
                openBlocks.append("rect")
            case "end":
                guard let block = openBlocks.popLast() else { throw fail("'end' without a block") }
                if block == "box" { openGroup = nil } else { diagram.events.append(.end) }
            case "autonumber":
                guard rest.isEmpty else { throw fail("autonumber with a start or step") }
                diagram.events.append(.autonumber)
            case "activate", "deactivate":
                let i = try index(rest)
                diagram.events.append(keyword == "activate" ? .activate(i) : .deactivate(i))
            case "Note", "note":
                guard let colon = rest.firstIndex(of: ":") else { throw fail("note without ':'") }
                let where_ = rest[..<colon].trimmingCharacters(in: .whitespaces)
                let body = MermaidText.lines(rest[rest.index(after: colon)...], wrap: false)
                let placement: NotePlacement
                let names: Substring
                if where_.hasPrefix("left of ") { placement = .left; names = where_.dropFirst(8) }
                else if where_.hasPrefix("right of ") { placement = .right; names = where_.dropFirst(9) }
                else if where_.hasPrefix("over ") { placement = .over; names = where_.dropFirst(5) }
                else { throw fail("note placement '\(where_)'") }
                let ids = try names.split(separator: ",").map { try index(String($0)) }
                guard let firstID = ids.first else { throw fail("note without a participant") }
                let lastID = ids.last!
                diagram.events.append(.note(first: min(firstID, lastID), last: max(firstID, lastID), placement: placement, text: body))
            case "title":
                diagram.title = rest
            default:
                diagram.events.append(try parseMessage(text, fail: fail, index: index))
            }
        }
        if !openBlocks.isEmpty { throw MermaidUnsupported("\(openBlocks.last!) without 'end'", line: lines.last?.number ?? 0) }
        guard !diagram.participants.isEmpty else { throw MermaidUnsupported("diagram without participants", line: source.header?.number ?? 0) }
        return diagram
    }

    /// `"type": "database", "alias": "Orders"` as key–value pairs, quotes removed.
    private static func attributes(_ body: Substring) -> [(String, String)] {
        body.split(separator: ",").compactMap { pair in
            guard let colon = pair.firstIndex(of: ":") else { return nil }
            let unquote = { (text: Substring) in
                text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
            return (unquote(pair[..<colon]), unquote(pair[pair.index(after: colon)...]))
        }
    }

    private static let arrows: [(token: String, line: Line, head: Head, both: Bool)] = [
        ("<<-->>", .dotted, .filled, true), ("<<->>", .solid, .filled, true), ("-->>", .dotted, .filled, false),
        ("->>", .solid, .filled, false), ("--x", .dotted, .cross, false), ("-x", .solid, .cross, false),
        ("--)", .dotted, .open, false), ("-)", .solid, .open, false), ("-->", .dotted, .none, false), ("->", .solid, .none, false),
    ]

    private static func parseMessage(
        _ text: Substring, fail: (String) -> MermaidUnsupported, index: (String) throws -> Int
    ) throws -> Event {
        guard let colon = text.firstIndex(of: ":") else { throw fail("statement '\(text.prefix(30))'") }
        let head = String(text[..<colon])
        let message = MermaidText.lines(text[text.index(after: colon)...], wrap: false)
        // The first arrow in the line, longest spelling first.
        var best: (range: Range<String.Index>, arrow: (token: String, line: Line, head: Head, both: Bool))?
        for arrow in arrows {
            if let range = head.range(of: arrow.token), best == nil || range.lowerBound < best!.range.lowerBound {
                best = (range, arrow)
            }
        }
        guard let (range, arrow) = best else { throw fail("statement '\(text.prefix(30))'") }
        var from = head[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        var to = head[range.upperBound...].trimmingCharacters(in: .whitespaces)
        let centralFrom = from.hasSuffix("()"), centralTo = to.hasPrefix("()")
        if centralFrom { from = String(from.dropLast(2)) }
        if centralTo { to = String(to.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
        var activate = false, deactivate = false
        if to.hasPrefix("+") { activate = true; to.removeFirst() } else if to.hasPrefix("-") { deactivate = true; to.removeFirst() }
        return .message(Message(
            from: try index(from), to: try index(to), text: message == [""] ? [] : message, line: arrow.line, head: arrow.head,
            both: arrow.both, activate: activate, deactivate: deactivate, centralFrom: centralFrom, centralTo: centralTo))
    }
}

/// CSS's colour names, to tell `box Aqua Team` (a colour and a label) from `box Another Group`.
enum CSSColours {
    static let names: Set<String> = Set("""
        aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood \
        cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray \
        darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen \
        darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue \
        firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew \
        hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan \
        lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray \
        lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine mediumblue \
        mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred \
        midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid \
        palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple \
        rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue \
        slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white \
        whitesmoke yellow yellowgreen transparent
        """.split(separator: " ").map(String.init))
}
