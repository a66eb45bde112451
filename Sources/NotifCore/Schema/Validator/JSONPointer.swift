import Foundation

/// RFC 6901 JSON Pointers as used in `$ref` fragments: percent-decoding, `~0`/`~1` unescaping, lookup.
enum JSONPointer {
    /// Reference tokens of a URI fragment such as `/definitions/a~1b` or `/definitions/percent%25field`
    /// (the leading `#` already removed). Nil when the fragment is not a JSON Pointer.
    static func tokens(fromURIFragment fragment: String) -> [String]? {
        guard let decoded = percentDecoded(fragment) else { return nil }
        return tokens(fromPointer: decoded)
    }

    /// Reference tokens of a plain JSON Pointer string ("" is the whole document).
    static func tokens(fromPointer pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = unescape(raw) else { return nil }
            tokens.append(token)
        }
        return tokens
    }

    /// Whether `text` is a syntactically valid JSON Pointer (format "json-pointer").
    static func isValid(_ text: String) -> Bool { tokens(fromPointer: text) != nil }

    /// The value `tokens` designate inside `root`; nil when a step does not exist.
    static func resolve(_ tokens: some Sequence<String>, in root: JSONValue) -> JSONValue? {
        var current = root
        for token in tokens {
            guard let node = current.expandingRaw else { return nil }
            switch node {
            case .object:
                guard let member = node.uniqueMembers?.first(where: { $0.key == token }) else { return nil }
                current = member.value
            case .array(let elements):
                guard let index = arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A pointer string for tokens (for messages and diagnostics).
    static func string(_ tokens: [String]) -> String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }

    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        guard token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }

    private static func unescape(_ raw: Substring) -> String? {
        guard raw.utf8.contains(UInt8(ascii: "~")) else { return String(raw) }
        var result = String.UnicodeScalarView()
        var iterator = raw.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "~" else { result.append(scalar); continue }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default: return nil
            }
        }
        return String(result)
    }

    /// Decodes `%XX` escapes (UTF-8); nil on a malformed escape or invalid UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = utf8.popFirst().flatMap(hexValue), let low = utf8.popFirst().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 65...70: return byte - 55
        case 97...102: return byte - 87
        default: return nil
        }
    }
}
