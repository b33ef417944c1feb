/// Shrinks a theme stylesheet without changing what it means: comments go, runs of white space
/// become one space, and the space next to `{`, `}`, `;` and `,` goes. Strings are copied as
/// they are, and space is kept everywhere else, since it can matter there (`a :hover` is not
/// `a:hover`, `calc(1px + 2px)` needs its spaces).
enum CSSMinifier {
    static func minify(_ css: String) -> String {
        let bytes = Array(css.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        func tight(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") }
        func emit(_ byte: UInt8) {
            if pendingSpace, let last = out.last, !tight(last), !tight(byte) { out.append(0x20) }
            pendingSpace = false
            out.append(byte)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                var end = index + 2
                while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) { end += 1 }
                index = min(end + 2, bytes.count)
                pendingSpace = pendingSpace || !out.isEmpty  // a comment separates like a space
                continue
            }
            if isSpace(byte) {
                pendingSpace = !out.isEmpty
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                emit(byte)
                var end = index + 1
                while end < bytes.count, bytes[end] != byte, bytes[end] != 0x0A {
                    if bytes[end] == UInt8(ascii: "\\"), end + 1 < bytes.count { out.append(bytes[end]); end += 1 }
                    out.append(bytes[end])
                    end += 1
                }
                if end < bytes.count { out.append(bytes[end]) }
                index = end + 1
                continue
            }
            if tight(byte) { pendingSpace = false }
            emit(byte)
            index += 1
        }
        if !out.isEmpty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }
}
