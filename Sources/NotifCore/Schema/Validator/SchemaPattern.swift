import Foundation

/// A compiled `pattern` / `patternProperties` regular expression. JSON Schema patterns are
/// ECMA-262 regular expressions, matched unanchored; they run on ICU (`NSRegularExpression`) after
/// translating the constructs whose meaning differs: `\d` and `\w` are ASCII-only, `\s` includes
/// U+FEFF, `$` matches only at the very end, `[]` / `[^]` match nothing / anything, and `[` inside
/// a character class is a literal. (ICU has no variable-width lookbehind, so such patterns are rejected.)
struct SchemaPattern: Sendable {
    let source: String
    private let regex: NSRegularExpression

    /// Nil when the pattern is not a valid regular expression.
    init?(_ source: String) {
        guard let regex = try? NSRegularExpression(pattern: Self.translate(source)) else { return nil }
        self.source = source
        self.regex = regex
    }

    func matches(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.firstMatch(in: text, options: [], range: range) != nil
    }

    /// Rewrites ECMA-262 syntax into the equivalent ICU syntax.
    static func translate(_ pattern: String) -> String {
        var output = ""
        var inClass = false
        var classStart = false
        var scalars = pattern.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            let atClassStart = classStart
            classStart = false
            switch scalar {
            case "\\":
                guard let escaped = scalars.next() else { output += "\\\\"; continue }
                output += translateEscape(escaped, inClass: inClass)
            case "[" where inClass:
                output += "\\["
            case "[":
                inClass = true
                classStart = true
                output += "["
            case "^" where atClassStart:
                classStart = true
                output += "^"
            case "]" where inClass && atClassStart:
                // ECMA-262: `[]` matches nothing and `[^]` matches anything.
                output += "\\x{0}&&[^\\x{0}]]"
                inClass = false
            case "]" where inClass:
                inClass = false
                output += "]"
            case "&" where inClass:
                output += "\\&"
            case "$" where !inClass:
                output += "\\z"
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func translateEscape(_ escaped: Unicode.Scalar, inClass: Bool) -> String {
        switch escaped {
        case "d": return inClass ? "0-9" : "[0-9]"
        case "D": return inClass ? "\\D" : "[^0-9]"
        case "w": return inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
        case "W": return inClass ? "\\W" : "[^a-zA-Z0-9_]"
        case "s": return inClass ? "\\s\\x{FEFF}" : "[\\s\\x{FEFF}]"
        case "S": return inClass ? "\\S" : "[^\\s\\x{FEFF}]"
        default: return "\\" + String(escaped)
        }
    }
}
