/// JSON written byte by byte, for the large files a build makes (the search index, the output
/// manifest), where an encoder's per-value work shows in the profile.
enum JSONBytes {
    /// Appends `text` as a JSON string that is also safe inside a `<script>` element: `/` is
    /// escaped (so `</script>` cannot appear; `escapingSlash: false` for a file only ever
    /// parsed as JSON), and so are U+2028 and U+2029, which end lines in older JavaScript.
    /// Byte by byte: the index of a large site is tens of megabytes.
    static func appendString(_ text: String, to bytes: inout [UInt8], escapingSlash: Bool = true) {
        let hexDigits: StaticString = "0123456789abcdef"
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied whole.
            var plain = 0
            var index = 0
            func flushPlain() {
                if plain < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index])) }
            }
            while index < utf8.count {
                let byte = utf8[index]
                var second: UInt8 = 0
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): second = byte
                case UInt8(ascii: "/") where escapingSlash: second = byte
                case 0x0A: second = UInt8(ascii: "n")
                case 0x0D: second = UInt8(ascii: "r")
                case 0x09: second = UInt8(ascii: "t")
                case 0..<0x20:
                    flushPlain()
                    bytes += Array("\\u00".utf8)
                    hexDigits.withUTF8Buffer { digits in
                        bytes.append(digits[Int(byte >> 4)])
                        bytes.append(digits[Int(byte & 0x0F)])
                    }
                    index += 1
                    plain = index
                    continue
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    flushPlain()
                    bytes += Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    index += 3
                    plain = index
                    continue
                default:
                    index += 1
                    continue
                }
                flushPlain()
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(second)
                index += 1
                plain = index
            }
            flushPlain()
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
