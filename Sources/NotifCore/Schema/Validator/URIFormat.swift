/// RFC 3986 URI / URI-reference syntax (and RFC 3987 IRIs when `international`), checked
/// component by component: scheme, authority (userinfo, IP literal / reg-name, numeric port),
/// path, query and fragment, with strict percent-encoding.
enum URIFormat {
    static func isValid(_ text: String, requireScheme: Bool, international: Bool) -> Bool {
        var rest = Array(text.unicodeScalars)[...]
        let checker = CharacterRules(international: international)
        if let fragmentStart = rest.firstIndex(of: "#") {
            guard checker.isQueryOrFragment(rest[(fragmentStart + 1)...], isQuery: false) else { return false }
            rest = rest[..<fragmentStart]
        }
        if let queryStart = rest.firstIndex(of: "?") {
            guard checker.isQueryOrFragment(rest[(queryStart + 1)...], isQuery: true) else { return false }
            rest = rest[..<queryStart]
        }
        let firstDelimiter = rest.firstIndex { $0 == "/" } ?? rest.endIndex
        if let colon = rest[..<firstDelimiter].firstIndex(of: ":") {
            // A colon before any slash must end a scheme; a relative path cannot contain one in its first segment.
            guard SchemaURI.isScheme(Substring(String(String.UnicodeScalarView(rest[..<colon])))) else { return false }
            rest = rest[(colon + 1)...]
        } else if requireScheme {
            return false
        }
        if rest.starts(with: ["/", "/"]) {
            let authorityStart = rest.startIndex + 2
            let authorityEnd = rest[authorityStart...].firstIndex(of: "/") ?? rest.endIndex
            guard checker.isAuthority(rest[authorityStart..<authorityEnd]) else { return false }
            rest = rest[authorityEnd...]
        }
        return checker.isPath(rest)
    }

    /// Which characters may appear where.
    struct CharacterRules {
        let international: Bool

        private static let subDelimiters = Set("!$&'()*+,;=".unicodeScalars)
        private static let unreservedPunctuation = Set("-._~".unicodeScalars)

        func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCIILetter || scalar.isASCIIDigit || Self.unreservedPunctuation.contains(scalar) { return true }
            return international && isUCSChar(scalar)
        }

        func isSubDelimiter(_ scalar: Unicode.Scalar) -> Bool { Self.subDelimiters.contains(scalar) }

        /// RFC 3987 `ucschar` (non-ASCII characters allowed in IRIs outside the private-use planes).
        private func isUCSChar(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            guard value >= 0xA0 else { return false }
            if (0xE000...0xF8FF).contains(value) || (0xFDD0...0xFDEF).contains(value) { return false }
            if value >= 0xF0000 { return false }
            return value & 0xFFFE != 0xFFFE
        }

        /// RFC 3987 `iprivate`, allowed in IRI queries only.
        private func isPrivateUse(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            return (0xE000...0xF8FF).contains(value) || (0xF0000...0xFFFFD).contains(value) || (0x100000...0x10FFFD).contains(value)
        }

        /// Every scalar satisfies `allowed`, except well-formed `%XX` escapes.
        func isEncoded(_ scalars: ArraySlice<Unicode.Scalar>, allowing allowed: (Unicode.Scalar) -> Bool) -> Bool {
            var index = scalars.startIndex
            while index < scalars.endIndex {
                let scalar = scalars[index]
                if scalar == "%" {
                    guard index + 2 < scalars.endIndex, scalars[index + 1].isASCIIHexDigit, scalars[index + 2].isASCIIHexDigit else { return false }
                    index += 3
                    continue
                }
                guard allowed(scalar) else { return false }
                index += 1
            }
            return true
        }

        func isPChar(_ scalar: Unicode.Scalar) -> Bool {
            isUnreserved(scalar) || isSubDelimiter(scalar) || scalar == ":" || scalar == "@"
        }

        func isPath(_ path: ArraySlice<Unicode.Scalar>) -> Bool {
            isEncoded(path) { isPChar($0) || $0 == "/" }
        }

        func isQueryOrFragment(_ text: ArraySlice<Unicode.Scalar>, isQuery: Bool) -> Bool {
            isEncoded(text) { isPChar($0) || $0 == "/" || $0 == "?" || (isQuery && international && isPrivateUse($0)) }
        }

        /// `[ userinfo "@" ] host [ ":" port ]`.
        func isAuthority(_ authority: ArraySlice<Unicode.Scalar>) -> Bool {
            var hostPort = authority
            if let at = authority.firstIndex(of: "@") {
                guard isEncoded(authority[..<at], allowing: { isUnreserved($0) || isSubDelimiter($0) || $0 == ":" }) else { return false }
                hostPort = authority[(at + 1)...]
            }
            var portStart: Int?
            if hostPort.first == "[" {
                guard let close = hostPort.firstIndex(of: "]"), isIPLiteral(hostPort[(hostPort.startIndex + 1)..<close]) else { return false }
                let afterHost = close + 1
                if afterHost < hostPort.endIndex {
                    guard hostPort[afterHost] == ":" else { return false }
                    portStart = afterHost + 1
                }
            } else {
                let colon = hostPort.firstIndex(of: ":")
                let hostEnd = colon ?? hostPort.endIndex
                guard isEncoded(hostPort[..<hostEnd], allowing: { isUnreserved($0) || isSubDelimiter($0) }) else { return false }
                portStart = colon.map { $0 + 1 }
            }
            if let portStart {
                return hostPort[portStart...].allSatisfy(\.isASCIIDigit)
            }
            return true
        }

        /// The inside of `[…]`: an IPv6 address or `v<hex>.<chars>` (IPvFuture).
        private func isIPLiteral(_ literal: ArraySlice<Unicode.Scalar>) -> Bool {
            if let first = literal.first, first == "v" || first == "V" {
                guard let dot = literal.firstIndex(of: "."), dot > literal.startIndex + 1, dot < literal.endIndex - 1,
                      literal[(literal.startIndex + 1)..<dot].allSatisfy(\.isASCIIHexDigit) else { return false }
                return literal[(dot + 1)...].allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || Self.unreservedPunctuation.contains($0) || isSubDelimiter($0) || $0 == ":" }
            }
            return HostFormat.isIPv6(String(String.UnicodeScalarView(literal)))
        }
    }
}
