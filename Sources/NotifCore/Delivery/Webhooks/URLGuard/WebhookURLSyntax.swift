/// The string rules of `WebhookURLGuard.checkSyntax`: splits and normalises a webhook URL without
/// DNS, refusing everything a URL parser, a resolver or a proxy might read differently from us.
enum WebhookURLSyntax {
    static let maximumLength = 4096

    static func parse(_ input: String, policy: WebhookURLPolicy) throws(WebhookURLError) -> WebhookURL {
        let bytes = Array(input.utf8)
        guard !bytes.isEmpty else { throw WebhookURLError(.malformed, "empty URL") }
        guard bytes.count <= maximumLength else {
            throw WebhookURLError(.tooLong, "\(bytes.count) bytes, at most \(maximumLength)")
        }
        try checkCharacters(input, bytes)

        // scheme ":" "//" authority [path-abempty] ["?" query]
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            throw WebhookURLError(.malformed, "missing scheme")
        }
        let schemeText = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
        guard let scheme = WebhookURL.Scheme(rawValue: schemeText) else {
            // Text before the first ':' of a non-URL may be anything (a token); only echo real scheme names.
            let isSchemeName = schemeText.utf8.count <= 32 && schemeText.utf8.allSatisfy {
                isDigit($0) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "+")
                    || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
            }
            throw WebhookURLError(.unsupportedScheme, schemeText.isEmpty ? "missing scheme"
                                  : isSchemeName ? "\(schemeText) (only http and https)" : "not a URL scheme")
        }
        let afterScheme = bytes[(colon + 1)...]
        guard afterScheme.starts(with: "//".utf8) else {
            throw WebhookURLError(.malformed, "expected // after \(schemeText):")
        }
        let authorityStart = afterScheme.startIndex + 2
        let authorityEnd = bytes[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? bytes.endIndex
        let authority = bytes[authorityStart..<authorityEnd]
        guard !authority.contains(UInt8(ascii: "@")) else {
            throw WebhookURLError(.userInfo, "user information (user@ or user:password@) is not allowed")
        }

        let (host, explicitPort) = try splitAuthority(authority, policy: policy)
        let port = explicitPort ?? scheme.defaultPort
        if policy.blockedPorts.contains(port) {
            throw WebhookURLError(.blockedPort, "port \(port)")
        }
        let pathAndQuery = normalisePathAndQuery(bytes[authorityEnd...])
        return WebhookURL(scheme: scheme, host: host, explicitPort: explicitPort, pathAndQuery: pathAndQuery)
    }

    /// Refuses control characters, whitespace, backslashes, fragments and percent-encoded NUL/CR/LF anywhere.
    private static func checkCharacters(_ input: String, _ bytes: [UInt8]) throws(WebhookURLError) {
        for byte in bytes {
            switch byte {
            case 0x00..<0x20, 0x7f: throw WebhookURLError(.forbiddenCharacter, "control character")
            case UInt8(ascii: " "): throw WebhookURLError(.forbiddenCharacter, "whitespace")
            case UInt8(ascii: "\\"): throw WebhookURLError(.forbiddenCharacter, "backslash")
            case UInt8(ascii: "#"): throw WebhookURLError(.fragment, "fragments (#…) are not allowed")
            default: continue
            }
        }
        if input.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .format }) {
            throw WebhookURLError(.forbiddenCharacter, "Unicode whitespace or format character")
        }
        let lowercased = input.lowercased()
        for encoded in ["%00", "%0d", "%0a"] where lowercased.contains(encoded) {
            throw WebhookURLError(.forbiddenCharacter, "encoded control character \(encoded)")
        }
    }

    private static func splitAuthority(_ authority: ArraySlice<UInt8>, policy: WebhookURLPolicy)
        throws(WebhookURLError) -> (WebhookURL.Host, Int?)
    {
        guard !authority.isEmpty else { throw WebhookURLError(.emptyHost, "") }
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else {
                throw WebhookURLError(.invalidIPv6, "missing ]")
            }
            let literal = String(decoding: authority[(authority.startIndex + 1)..<close], as: UTF8.self)
            if literal.contains("%") { throw WebhookURLError(.zoneID, "zone ids (%…) are not allowed") }
            guard let bytes = IPAddress.parseIPv6(literal), let address = IPAddress(bytes: bytes) else {
                throw WebhookURLError(.invalidIPv6, literal)
            }
            let rest = authority[(close + 1)...]
            let port: Int?
            if rest.isEmpty {
                port = nil
            } else if rest.first == UInt8(ascii: ":") {
                port = try parsePort(rest.dropFirst())
            } else {
                throw WebhookURLError(.malformed, "unexpected text after ]")
            }
            try checkAddress(address, policy: policy)
            return (.address(address), port)
        }

        let pieces = authority.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard pieces.count <= 2 else {
            throw WebhookURLError(.invalidHost, "IPv6 literals must be in brackets")
        }
        let port = pieces.count == 2 ? try parsePort(pieces[1]) : nil
        return (try classifyHost(pieces[0], policy: policy), port)
    }

    private static func parsePort(_ text: ArraySlice<UInt8>) throws(WebhookURLError) -> Int {
        let display = String(decoding: text, as: UTF8.self)
        guard (1...5).contains(text.count), text.allSatisfy(isDigit) else {
            throw WebhookURLError(.invalidPort, display.isEmpty ? "empty port" : display)
        }
        let value = text.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (1...65535).contains(value) else { throw WebhookURLError(.invalidPort, display) }
        return value
    }

    /// A DNS name, or a canonical dotted quad; every other numeric spelling of an address is refused.
    private static func classifyHost(_ raw: ArraySlice<UInt8>, policy: WebhookURLPolicy) throws(WebhookURLError) -> WebhookURL.Host {
        var host = String(decoding: raw, as: UTF8.self).lowercased()
        guard !host.isEmpty else { throw WebhookURLError(.emptyHost, "") }
        guard host.utf8.allSatisfy(isHostCharacter) else {
            throw WebhookURLError(.invalidHost, "\(host): only letters, digits, '-', '_' and '.' (IDNs in punycode)")
        }
        if host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty else { throw WebhookURLError(.emptyHost, "") }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty }) else { throw WebhookURLError(.invalidHost, "\(host): empty label") }
        guard labels.allSatisfy({ $0.utf8.count <= 63 }), host.utf8.count <= 253 else {
            throw WebhookURLError(.invalidHost, "name too long")
        }

        // inet_aton and WHATWG URL parsers read hex labels and hosts ending in a number as IPv4
        // (0x7f.1, 127.1, 0177.0.0.1, 2130706433). Only the canonical dotted quad is accepted.
        if labels.contains(where: { $0.hasPrefix("0x") && $0.dropFirst(2).utf8.allSatisfy(isHexDigit) }) {
            throw WebhookURLError(.ipv4Notation, "\(host): hexadecimal label")
        }
        if let last = labels.last, last.utf8.allSatisfy(isDigit) {
            guard let bytes = IPAddress.parseCanonicalIPv4(host), let address = IPAddress(bytes: bytes) else {
                throw WebhookURLError(.ipv4Notation, "\(host): use four decimal octets without leading zeros")
            }
            try checkAddress(address, policy: policy)
            return .address(address)
        }
        if let reason = WebhookHostNameRules.blockReason(host, policy: policy) {
            throw WebhookURLError(.blockedHostName, reason)
        }
        return .name(host)
    }

    /// Refuses an address the policy does not allow: metadata and unspecified always, non-public unless allowed.
    static func checkAddress(_ address: IPAddress, policy: WebhookURLPolicy, host: String? = nil) throws(WebhookURLError) {
        let prefix = host.map { "\($0) resolves to \(address)" } ?? "\(address)"
        if let reason = address.alwaysBlockedReason {
            throw WebhookURLError(.blockedAddress, "\(prefix): \(reason)")
        }
        if !policy.allowPrivateNetworks, let reason = address.nonPublicReason {
            throw WebhookURLError(.blockedAddress, "\(prefix): \(reason)")
        }
    }

    /// "/" when empty; a leading "?" gets a "/" before it; bytes RFC 3986 does not allow in a path or
    /// query (non-ASCII, quotes, braces, '|', a '%' not starting an escape, …) are percent-encoded,
    /// the rest is kept as written.
    ///
    /// Unlike the reference implementation, odd characters in a path or query are not refused: they
    /// cannot change where the request goes (scheme, host and port are settled before this point,
    /// and '#', '\\', whitespace, control characters and encoded CR/LF/NUL were refused already),
    /// while refusing them broke legitimate receivers (JSON or '|' in a query string). Encoding
    /// them gives every HTTP stack the same request line.
    static func normalisePathAndQuery(_ raw: ArraySlice<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count + 1)
        if raw.first != UInt8(ascii: "/") { output.append(UInt8(ascii: "/")) }
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "%"), index + 2 < raw.endIndex, isHexDigit(raw[index + 1]), isHexDigit(raw[index + 2]) {
                output.append(contentsOf: raw[index...(index + 2)])
                index += 3
                continue
            }
            if isPathOrQueryCharacter(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0f)])
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    private static func isHostCharacter(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    /// unreserved / sub-delims / ":" / "@" / "/" / "?" (RFC 3986 pchar plus the path and query separators).
    private static func isPathOrQueryCharacter(_ byte: UInt8) -> Bool {
        if isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) {
            return true
        }
        return pathAndQuerySymbols.contains(byte)
    }

    private static let pathAndQuerySymbols = Set("-._~!$&'()*+,;=:@/?".utf8)
}
