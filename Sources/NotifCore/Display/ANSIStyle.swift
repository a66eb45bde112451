import Foundation

/// ANSI SGR escape sequences for colours and text attributes.
///
/// Colour names: black, red, green, yellow, blue, magenta, cyan, white, gray/grey, and the bright
/// variants `brightred`, `bright-red`, `bright_red` or `brightRed` (case, `-`, `_` and spaces ignored).
enum ANSIStyle {
    static let reset = "\u{1B}[0m"
    static let bold = "1"
    static let dim = "2"
    static let italic = "3"
    static let underline = "4"
    static let cyan = "36"

    private static let baseColors = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// The SGR code of a foreground colour name (`31` for red), nil when unknown.
    static func foreground(_ name: String) -> String? {
        colorIndex(name).map { String($0 < 8 ? 30 + $0 : 82 + $0) }
    }

    /// The SGR code of a background colour name (`41` for red), nil when unknown.
    static func background(_ name: String) -> String? {
        colorIndex(name).map { String($0 < 8 ? 40 + $0 : 92 + $0) }
    }

    /// The SGR code of a 24-bit foreground colour.
    static func rgb(_ red: Int, _ green: Int, _ blue: Int) -> String {
        "38;2;\(clamp(red));\(clamp(green));\(clamp(blue))"
    }

    /// `text` in the style `code`. Resets inside `text` re-open the style, so that nested styles
    /// do not end the outer one early.
    static func apply(_ code: String, to text: String) -> String {
        let open = "\u{1B}[\(code)m"
        return open + text.replacingOccurrences(of: reset, with: reset + open) + reset
    }

    /// 0–7 for the base colours, 8–15 for their bright variants (gray is bright black).
    private static func colorIndex(_ name: String) -> Int? {
        var key = name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        if key == "gray" || key == "grey" { return 8 }
        var bright = false
        if key.hasPrefix("bright") {
            bright = true
            key.removeFirst("bright".count)
        }
        return baseColors.firstIndex(of: key).map { bright ? $0 + 8 : $0 }
    }

    private static func clamp(_ value: Int) -> Int { min(255, max(0, value)) }
}
