/// Widths, padding and truncation measured in characters, not counting ANSI escape sequences.
enum TextFitting {
    static let ellipsis: Character = "…"
    /// Padding never goes beyond this many characters, whatever a template asks for.
    static let maxWidth = 4096

    /// Characters that show: everything except `ESC [ … letter` sequences.
    static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }

    /// `text` followed by spaces up to `width`.
    static func padRight(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, min(width, maxWidth) - visibleWidth(text)))
    }

    /// Spaces up to `width`, then `text`.
    static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, min(width, maxWidth) - visibleWidth(text))) + text
    }

    /// At most `width` characters: longer text is cut and ends with `…` (which counts as one).
    static func truncate(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 0 else { return "" }
        return String(text.prefix(width - 1)) + String(ellipsis)
    }

    /// Exactly `width` characters: truncated, or padded on the right.
    static func fit(_ text: String, to width: Int) -> String {
        padRight(truncate(text, to: width), to: width)
    }
}
