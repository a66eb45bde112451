/// RFC 5321 mailbox syntax: a dot-atom or quoted-string local part, `@`, then a host name or an
/// address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`). `international` (idn-email) also admits
/// non-ASCII characters in the local part and domain labels (RFC 6531).
enum EmailFormat {
    static func isValid(_ text: String, international: Bool) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let at = scalars.lastIndex(of: "@"), at > 0, at < scalars.count - 1 else { return false }
        return isLocalPart(scalars[..<at], international: international)
            && isDomain(scalars[(at + 1)...], international: international)
    }

    private static func isLocalPart(_ local: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        if local.count >= 2, local.first == "\"", local.last == "\"" {
            var escaped = false
            for scalar in local.dropFirst().dropLast() {
                if escaped {
                    guard (0x20...0x7E).contains(scalar.value) || (international && scalar.value >= 0x80) else { return false }
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else {
                    // qtextSMTP: printable ASCII except `"` and `\`.
                    let ascii = (0x20...0x7E).contains(scalar.value) && scalar != "\""
                    guard ascii || (international && scalar.value >= 0x80) else { return false }
                }
            }
            return !escaped
        }
        let atextPunctuation = "!#$%&'*+-/=?^_`{|}~".unicodeScalars
        return local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy {
                $0.isASCIILetter || $0.isASCIIDigit || atextPunctuation.contains($0) || (international && $0.value >= 0x80)
            }
        }
    }

    private static func isDomain(_ domain: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        let text = String(String.UnicodeScalarView(domain))
        if domain.first == "[", domain.last == "]" {
            let literal = String(text.dropFirst().dropLast())
            if literal.lowercased().hasPrefix("ipv6:") { return HostFormat.isIPv6(String(literal.dropFirst(5))) }
            return HostFormat.isIPv4(literal)
        }
        return international ? HostFormat.isInternationalHostname(text) : HostFormat.isHostname(text)
    }
}
