/// Splits template source into text and action tokens: `{{`/`}}` delimiters, `{{- `/` -}}` trim
/// markers (which remove the whitespace before/after the action), `{{/* comments */}}`.
struct TemplateScanner {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    static func scan(_ source: String) throws -> [TemplatePiece] {
        var scanner = TemplateScanner(source)
        return try scanner.pieces()
    }

    private mutating func pieces() throws -> [TemplatePiece] {
        var pieces: [TemplatePiece] = []
        var text = String.UnicodeScalarView()
        var trimLeading = false
        func flushText(trimTrailing: Bool) {
            var value = String(text)
            if trimLeading { value = String(value.drop(while: \.isTemplateSpace)) }
            if trimTrailing { value = String(value.reversed().drop(while: \.isTemplateSpace).reversed()) }
            if !value.isEmpty { pieces.append(.text(value)) }
            text = String.UnicodeScalarView()
        }
        while index < scalars.count {
            guard starts(with: "{{") else {
                text.append(scalars[index])
                advance()
                continue
            }
            let start = position
            advance(by: 2)
            let trimsBefore = starts(with: "-") && isSpace(at: index + 1)
            if trimsBefore { advance() }
            flushText(trimTrailing: trimsBefore)
            skipSpaces()
            if starts(with: "/*") {
                trimLeading = try skipComment(from: start)
            } else {
                let (tokens, trimsAfter) = try actionTokens(actionStart: start)
                pieces.append(.action(tokens, start))
                trimLeading = trimsAfter
            }
        }
        flushText(trimTrailing: false)
        return pieces
    }

    /// Skips `/* … */` and the closing delimiter; whether it ends with a trim marker.
    private mutating func skipComment(from start: SourcePosition) throws -> Bool {
        while index < scalars.count, !starts(with: "*/") { advance() }
        guard index < scalars.count else { throw TemplateScanner.error("unclosed comment", at: start) }
        advance(by: 2)
        let trims = starts(with: " -}}") || starts(with: "\t-}}") || starts(with: "\n-}}")
        if trims { advance(by: 2) }
        guard starts(with: "}}") else { throw TemplateScanner.error("comment ends before closing delimiter", at: position) }
        advance(by: 2)
        return trims
    }

    // MARK: Cursor

    var position: SourcePosition { SourcePosition(line: line, column: column) }
    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    func starts(with text: String) -> Bool {
        var offset = index
        for scalar in text.unicodeScalars {
            guard offset < scalars.count, scalars[offset] == scalar else { return false }
            offset += 1
        }
        return true
    }

    func isSpace(at offset: Int) -> Bool {
        offset < scalars.count && scalars[offset].isTemplateSpace
    }

    mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
    }

    /// Skips whitespace; whether there was any.
    @discardableResult
    mutating func skipSpaces() -> Bool {
        let before = index
        while isSpace(at: index) { advance() }
        return index > before
    }

    static func error(_ message: String, at position: SourcePosition) -> DisplayTemplate.ParseError {
        DisplayTemplate.ParseError(message: message, line: position.line, column: position.column)
    }
}

extension Unicode.Scalar {
    var isTemplateSpace: Bool { self == " " || self == "\t" || self == "\n" || self == "\r" }
}

extension Character {
    var isTemplateSpace: Bool { self == " " || self == "\t" || self == "\n" || self == "\r\n" || self == "\r" }
}
