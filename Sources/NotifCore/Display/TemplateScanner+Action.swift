/// Tokens of one action, up to and including its closing `}}` (or ` -}}`).
extension TemplateScanner {
    /// The action's tokens and whether it ends with a trim marker.
    mutating func actionTokens(actionStart: SourcePosition) throws -> ([PositionedToken], Bool) {
        var tokens: [PositionedToken] = []
        var followsSpace = true
        while true {
            let sawSpace = skipSpaces() || followsSpace
            followsSpace = false
            if sawSpace, starts(with: "-}}") {
                advance(by: 3)
                return (tokens, true)
            }
            if starts(with: "}}") {
                advance(by: 2)
                return (tokens, false)
            }
            guard let scalar = current else { throw Self.error("unclosed action", at: actionStart) }
            let start = position
            let token = try token(startingWith: scalar)
            tokens.append(PositionedToken(token: token, position: start, followsSpace: sawSpace))
        }
    }

    private mutating func token(startingWith scalar: Unicode.Scalar) throws -> TemplateToken {
        let start = position
        switch scalar {
        case "|": advance(); return .pipe
        case "(": advance(); return .leftParen
        case ")": advance(); return .rightParen
        case "\"": return .string(try quotedString())
        case "`": return .string(try rawString())
        case "$":
            advance()
            if let next = current, next.isIdentifierPart {
                throw Self.error("variables other than $ are not supported", at: start)
            }
            return .root(fieldChain())
        case ".":
            if let next = peek(1), ("0"..."9").contains(next) { return .number(try number()) }
            return .field(fieldChain())
        case "-", "+":
            guard let next = peek(1), ("0"..."9").contains(next) else { break }
            return .number(try number())
        case "0"..."9":
            return .number(try number())
        case ":", "=":
            throw Self.error("variable declarations are not supported", at: start)
        default:
            if scalar.isIdentifierStart { return .identifier(identifier()) }
        }
        throw Self.error("unexpected \"\(scalar)\" in action", at: start)
    }

    /// `.a.b.c` (or a lone `.`), the dots included.
    private mutating func fieldChain() -> [String] {
        var chain: [String] = []
        while current == ".", let next = peek(1), next.isIdentifierStart {
            advance()
            chain.append(identifier())
        }
        if chain.isEmpty, current == "." { advance() }
        return chain
    }

    private mutating func identifier() -> String {
        var name = String.UnicodeScalarView()
        while let scalar = current, scalar.isIdentifierPart {
            name.append(scalar)
            advance()
        }
        return String(name)
    }

    /// A decimal number (sign, fraction and exponent optional) as a JSON literal: `+1` and `.5`
    /// become `1` and `0.5`.
    private mutating func number() throws -> String {
        let start = position
        var text = ""
        while let scalar = current {
            let signAllowed = text.isEmpty || text.last == "e" || text.last == "E"
            guard scalar.isNumberPart || (signAllowed && (scalar == "-" || scalar == "+")) else { break }
            text.unicodeScalars.append(scalar)
            advance()
        }
        let literal = text.hasPrefix("+") ? String(text.dropFirst()) : text
        if case .number(let valid)? = try? JSONValue.parse(literal) { return valid }
        guard let value = Double(text), value.isFinite, case .number(let normalised) = JSONValue.double(value) else {
            throw Self.error("bad number syntax: \(text)", at: start)
        }
        return normalised
    }

    private mutating func rawString() throws -> String {
        let start = position
        advance()
        var value = String.UnicodeScalarView()
        while let scalar = current, scalar != "`" {
            value.append(scalar)
            advance()
        }
        guard current == "`" else { throw Self.error("unterminated raw string", at: start) }
        advance()
        return String(value)
    }

    private mutating func quotedString() throws -> String {
        let start = position
        advance()
        var value = String.UnicodeScalarView()
        while let scalar = current, scalar != "\"", scalar != "\n" {
            advance()
            guard scalar == "\\" else { value.append(scalar); continue }
            guard let escaped = current else { break }
            let escapePosition = position
            advance()
            switch escaped {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "\\", "\"", "'": value.append(escaped)
            case "x": value.append(try hexScalar(digits: 2, at: escapePosition))
            case "u": value.append(try hexScalar(digits: 4, at: escapePosition))
            case "U": value.append(try hexScalar(digits: 8, at: escapePosition))
            default: throw Self.error("unknown escape sequence \\\(escaped)", at: escapePosition)
            }
        }
        guard current == "\"" else { throw Self.error("unterminated quoted string", at: start) }
        advance()
        return String(value)
    }

    private mutating func hexScalar(digits: Int, at position: SourcePosition) throws -> Unicode.Scalar {
        var text = ""
        for _ in 0..<digits {
            guard let scalar = current, scalar.properties.isASCIIHexDigit else { break }
            text.unicodeScalars.append(scalar)
            advance()
        }
        guard text.count == digits, let code = UInt32(text, radix: 16), let scalar = Unicode.Scalar(code) else {
            throw Self.error("invalid escape sequence", at: position)
        }
        return scalar
    }
}

private extension Unicode.Scalar {
    var isIdentifierStart: Bool { self == "_" || properties.isAlphabetic }
    var isIdentifierPart: Bool { isIdentifierStart || ("0"..."9").contains(self) }
    var isNumberPart: Bool { ("0"..."9").contains(self) || self == "." || self == "e" || self == "E" }
}
