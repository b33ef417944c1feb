import Foundation
import Testing
@testable import CairnCore

/// The default theme's colours, read from style.css: every text colour on every background it
/// is drawn on meets WCAG AA (4.5:1), in light and dark mode, including the highlighting palette,
/// the status badges and alert titles (colours mixed as `color-mix(in srgb, …)` mixes them).
/// The browser audit (Tests/Browser/reading_test.py) measures the rendered pages as well.
@Suite("theme contrast")
struct ThemeContrastTests {
    static let css = (try? String(contentsOf: ThemeTests.repository.appendingPathComponent("themes/default/assets/style.css"), encoding: .utf8)) ?? ""

    /// `--name: light-dark(#light, #dark);` declarations of the first `:root { … }`, for `mode`.
    static func palette(_ mode: String) -> [String: String] {
        guard let open = css.range(of: ":root {"),
              let close = css.range(of: "\n}", range: open.upperBound..<css.endIndex) else { return [:] }
        var result: [String: String] = [:]
        for line in css[open.upperBound..<close.lowerBound].split(separator: "\n") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("--") else { continue }
            var value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " ;"))
            if value.hasPrefix("light-dark("), value.hasSuffix(")") {
                let pair = value.dropFirst("light-dark(".count).dropLast().split(separator: ",")
                guard pair.count == 2 else { continue }
                value = pair[mode == "light" ? 0 : 1].trimmingCharacters(in: .whitespaces)
            }
            result[String(parts[0])] = value
        }
        return result
    }

    typealias RGB = (Double, Double, Double)

    static func rgb(_ hex: String) -> RGB? {
        guard hex.hasPrefix("#"), hex.count == 7, let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        return (Double((value >> 16) & 0xFF) / 255, Double((value >> 8) & 0xFF) / 255, Double(value & 0xFF) / 255)
    }

    /// `color-mix(in srgb, a p, b)`; a mix with `transparent` drawn over `b` is the same sum.
    static func mix(_ a: RGB, _ share: Double, _ b: RGB) -> RGB {
        (a.0 * share + b.0 * (1 - share), a.1 * share + b.1 * (1 - share), a.2 * share + b.2 * (1 - share))
    }

    static func luminance(_ c: RGB) -> Double {
        func channel(_ v: Double) -> Double { v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }

    static func contrast(_ a: RGB, _ b: RGB) -> Double {
        let x = luminance(a), y = luminance(b)
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    static func contrast(_ a: String, _ b: String) -> Double? {
        guard let x = rgb(a), let y = rgb(b) else { return nil }
        return contrast(x, y)
    }

    @Test("every hl colour is at least 4.5:1 on the code background and on a marked line", arguments: ["light", "dark"])
    func highlightAA(_ mode: String) throws {
        let palette = Self.palette(mode)
        let colours = palette.filter { $0.key.hasPrefix("--hl-") && $0.key != "--hl-mark" }
        #expect(colours.count == 14, "one colour per class")
        for background in ["--bg-code", "--hl-mark"] {
            let back = try #require(palette[background])
            for (name, colour) in colours.sorted(by: { $0.key < $1.key }) {
                let ratio = try #require(Self.contrast(colour, back), "\(name) \(colour) is #rrggbb")
                #expect(ratio >= 4.5, "\(mode): \(name) \(colour) on \(background) \(back) is \(String(format: "%.2f", ratio)):1")
            }
            // Line numbers and the block title use --fg-soft.
            let soft = try #require(palette["--fg-soft"])
            #expect(try #require(Self.contrast(soft, back)) >= 4.5, "\(mode): --fg-soft on \(background)")
        }
    }

    @Test("every text colour of the theme is at least 4.5:1 on each background it is drawn on", arguments: ["light", "dark"])
    func themeAA(_ mode: String) throws {
        let palette = Self.palette(mode)
        func colour(_ name: String) throws -> RGB {
            let value = try #require(palette[name], "\(name) missing")
            return try #require(Self.rgb(value), "\(name) is #rrggbb")
        }
        var pairs: [(String, RGB, RGB)] = []
        let plain = [
            ("--fg", ["--bg", "--bg-soft", "--bg-code", "--zebra", "--mark", "--accent-soft"]),
            ("--fg-soft", ["--bg", "--bg-soft", "--bg-code", "--zebra", "--accent-soft"]),
            ("--accent", ["--bg", "--bg-soft", "--accent-soft", "--zebra"]),
            ("--warning", ["--bg", "--zebra"]),  // health flags
            ("--caution", ["--bg", "--zebra"]),  // health numbers and broken links
            ("--tip", ["--bg"]),  // "Copied"
        ]
        for (text, backgrounds) in plain {
            for background in backgrounds { pairs.append(("\(text) on \(background)", try colour(text), try colour(background))) }
        }
        let bg = try colour("--bg"), fg = try colour("--fg")
        for kind in ["--note", "--tip", "--important", "--warning", "--caution"] {
            let hue = try colour(kind)
            let alertBackground = Self.mix(hue, 0.08, bg)
            // .alert-title: color-mix(in srgb, var(--alert) 80%, var(--fg)) on the 8% tint.
            pairs.append(("alert title \(kind)", Self.mix(hue, 0.8, fg), alertBackground))
            pairs.append(("alert text \(kind)", fg, alertBackground))
            pairs.append(("alert link \(kind)", try colour("--accent"), alertBackground))
        }
        for status in ["--fg-soft", "--warning", "--note", "--tip", "--caution"] {
            let hue = try colour(status)
            // .status-badge: color-mix(--status 70%, --fg) on color-mix(--status 10%, --bg).
            pairs.append(("status badge \(status)", Self.mix(hue, 0.7, fg), Self.mix(hue, 0.1, bg)))
        }
        #expect(pairs.count == 40)
        for (name, text, background) in pairs {
            let ratio = Self.contrast(text, background)
            #expect(ratio >= 4.5, "\(mode): \(name) is \(String(format: "%.2f", ratio)):1")
        }
    }

    @Test("the stylesheet's rules use the mixes this test measures")
    func mixesAreTheOnesMeasured() {
        #expect(Self.css.contains("color: color-mix(in srgb, var(--alert) 80%, var(--fg))"))
        #expect(Self.css.contains("background: color-mix(in srgb, var(--alert) 8%, transparent)"))
        #expect(Self.css.contains("color: color-mix(in srgb, var(--status) 70%, var(--fg))"))
        #expect(Self.css.contains("background: color-mix(in srgb, var(--status) 10%, var(--bg))"))
    }

    @Test("a contrast below AA is caught (the test can fail)")
    func catchesLowContrast() {
        #expect((Self.contrast("#777777", "#f3f4f6") ?? 9) < 4.5)
        #expect(abs((Self.contrast("#000000", "#ffffff") ?? 0) - 21) < 0.01)
        // The old warning alert title: #9a6700 straight on its 8% tint, 4.39:1.
        let warning = Self.rgb("#9a6700")!, white = Self.rgb("#ffffff")!
        #expect(Self.contrast(warning, Self.mix(warning, 0.08, white)) < 4.5)
    }
}

@Suite("stylesheet minifier")
struct CSSMinifierTests {
    @Test("drops comments and layout space, keeps strings and every space that can matter")
    func minifies() {
        let css = """
            /* header */
            a :hover , .b > .c {
              content: " /* kept */  two  spaces ";  /* gone */
              width: calc(1px + 2px);
              background: url(https://example.com/x.png) no-repeat;
            }
            @media (max-width: 800px) {
              .d { quotes: '\\'' '"'; }
            }
            """
        #expect(CSSMinifier.minify(css) == """
            a :hover,.b > .c{content: " /* kept */  two  spaces ";width: calc(1px + 2px);background: url(https://example.com/x.png) no-repeat;}@media (max-width: 800px){.d{quotes: '\\'' '"';}}

            """)
    }

    @Test("the default theme's stylesheet shrinks, and minifying twice changes nothing")
    func defaultTheme() throws {
        let source = ThemeContrastTests.css
        let once = CSSMinifier.minify(source)
        #expect(once == CSSMinifier.minify(once))
        #expect(Double(once.utf8.count) < 0.85 * Double(source.utf8.count))
        #expect(!once.contains("/*"))
        // Every rule survives: as many braces and declarations as outside the comments before.
        var uncommented = source
        while let open = uncommented.range(of: "/*"), let close = uncommented.range(of: "*/", range: open.upperBound..<uncommented.endIndex) {
            uncommented.removeSubrange(open.lowerBound..<close.upperBound)
        }
        for mark in ["{", "}", ";", ":", "(", ","] {
            #expect(once.components(separatedBy: mark).count == uncommented.components(separatedBy: mark).count, "\(mark)")
        }
    }
}
