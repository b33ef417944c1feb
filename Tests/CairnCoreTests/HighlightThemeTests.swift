import Foundation
import Testing
@testable import CairnCore

/// The default theme's highlighting palette: every colour meets WCAG AA (4.5:1) on the code
/// background and on a marked line's background, in light and dark mode, as the CSS says.
@Suite("highlight palette")
struct HighlightThemeTests {
    static let css = (try? String(contentsOf: ThemeTests.repository.appendingPathComponent("themes/default/assets/style.css"), encoding: .utf8)) ?? ""

    /// `--name: #rrggbb;` declarations in the first `:root { … }` at or after `marker`.
    static func variables(after marker: String) -> [String: String] {
        guard let start = css.range(of: marker),
              let open = css.range(of: ":root {", range: start.lowerBound..<css.endIndex),
              let close = css.range(of: "}", range: open.upperBound..<css.endIndex) else { return [:] }
        var result: [String: String] = [:]
        for line in css[open.upperBound..<close.lowerBound].split(separator: "\n") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("--") else { continue }
            result[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " ;"))
        }
        return result
    }

    static func luminance(_ hex: String) -> Double? {
        guard hex.hasPrefix("#"), hex.count == 7, let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    static func contrast(_ a: String, _ b: String) -> Double? {
        guard let x = luminance(a), let y = luminance(b) else { return nil }
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test("every hl colour is at least 4.5:1 on the code background and on a marked line", arguments: ["light", "dark"])
    func contrastAA(_ mode: String) throws {
        let light = Self.variables(after: "/* Cairn default theme")
        let dark = Self.variables(after: "@media (prefers-color-scheme: dark)")
        let palette = mode == "light" ? light : light.merging(dark) { $1 }
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

    @Test("a contrast below AA is caught (the test can fail)")
    func catchesLowContrast() {
        #expect((Self.contrast("#777777", "#f3f4f6") ?? 9) < 4.5)
        #expect(abs((Self.contrast("#000000", "#ffffff") ?? 0) - 21) < 0.01)
    }
}
