/// Host syntaxes: RFC 1123 host names, dotted-quad IPv4 and RFC 4291 IPv6 text forms.
enum HostFormat {
    /// ASCII labels of 1–63 letters, digits and hyphens (not at either end), at most 253 characters
    /// in all, no trailing dot. Labels with `--` in positions 3–4 must be `xn--` A-labels.
    static func isHostname(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 253 else { return false }
        return scalars.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard (1...63).contains(label.count), label.first != "-", label.last != "-",
                  label.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" }) else { return false }
            if label.count >= 4, label[label.startIndex + 2] == "-", label[label.startIndex + 3] == "-" {
                return String(String.UnicodeScalarView(label.prefix(2))).lowercased() == "xn"
            }
            return true
        }
    }

    /// A lenient internationalised host name: labels separated by any IDNA full stop, each 1–63
    /// characters without ASCII punctuation other than inner hyphens.
    static func isInternationalHostname(_ text: String) -> Bool {
        let separators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 253 else { return false }
        return scalars.split(omittingEmptySubsequences: false, whereSeparator: { separators.contains($0) }).allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.value >= 0x80 || $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" }
        }
    }

    /// Four decimal octets 0–255, no leading zeros, ASCII digits only.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.unicodeScalars.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit) else { return false }
            guard part.count == 1 || part.first != "0" else { return false }
            let value = part.reduce(0) { $0 * 10 + Int($1.value - 48) }
            return value <= 255
        }
    }

    /// Eight groups of 1–4 hex digits, one `::` allowed to stand for one or more zero groups, and an
    /// optional trailing dotted-quad IPv4 counting as two groups. No zone id, brackets or prefix length.
    static func isIPv6(_ text: String) -> Bool {
        var body = Substring(text)
        var groupsAvailable = 8
        if let lastColon = body.lastIndex(of: ":"), body[lastColon...].contains(".") {
            guard isIPv4(String(body[body.index(after: lastColon)...])) else { return false }
            groupsAvailable = 6
            // Drop the colon before the IPv4 part, unless it belongs to a "::" compression.
            body = body[...lastColon]
            if !body.hasSuffix("::") { body = body.dropLast() }
        }
        let halves = splitAtDoubleColons(body)
        switch halves.count {
        case 1:
            guard let groups = hexGroups(halves[0]) else { return false }
            return groups == groupsAvailable
        case 2:
            guard let left = hexGroups(halves[0]), let right = hexGroups(halves[1]) else { return false }
            return left + right < groupsAvailable
        default:
            return false
        }
    }

    /// Number of `:`-separated groups of 1–4 hex digits in `text` ("" is zero groups); nil if malformed.
    private static func hexGroups(_ text: Substring) -> Int? {
        if text.isEmpty { return 0 }
        let groups = text.unicodeScalars.split(separator: ":", omittingEmptySubsequences: false)
        for group in groups {
            guard (1...4).contains(group.count), group.allSatisfy(\.isASCIIHexDigit) else { return nil }
        }
        return groups.count
    }

    /// Splits at every `::` (so more than two parts means more than one compression).
    private static func splitAtDoubleColons(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                parts.append(text[start..<index])
                index = text.index(after: next)
                start = index
            } else {
                index = next
            }
        }
        parts.append(text[start..<text.endIndex])
        return parts
    }
}
