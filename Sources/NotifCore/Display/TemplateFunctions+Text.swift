import Foundation

/// String functions. The subject comes last so that it can be piped: `{{ .data.name | truncate 10 }}`.
extension TemplateFunctions {
    static let text: [String: TemplateFunction] = [
        "upper": unary { .string($0.displayText.uppercased()) },
        "lower": unary { .string($0.displayText.lowercased()) },
        "title": unary { .string(titleCased($0.displayText)) },
        "trim": unary { .string($0.displayText.trimmingCharacters(in: .whitespacesAndNewlines)) },
        "trimPrefix": binaryText { prefix, text in
            .string(text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text)
        },
        "trimSuffix": binaryText { suffix, text in
            .string(text.hasSuffix(suffix) ? String(text.dropLast(suffix.count)) : text)
        },
        "replace": { arguments, _ in
            try arguments.expect(3)
            let old = arguments.text(0)
            guard !old.isEmpty else { return .string(arguments.text(2)) }
            return .string(arguments.text(2).replacingOccurrences(of: old, with: arguments.text(1)))
        },
        "split": binaryText { separator, text in
            let parts = separator.isEmpty ? text.map(String.init) : text.components(separatedBy: separator)
            return .array(parts.map { .string($0) })
        },
        "join": { arguments, _ in
            try arguments.expect(2)
            guard case .array(let elements) = arguments[1].displayResolved else { return .string(arguments.text(1)) }
            return .string(elements.map(\.displayText).joined(separator: arguments.text(0)))
        },
        "truncate": width { TextFitting.truncate($1, to: $0) },
        "pad": width { TextFitting.padRight($1, to: $0) },
        "padRight": width { TextFitting.padRight($1, to: $0) },
        "padLeft": width { TextFitting.padLeft($1, to: $0) },
    ]

    /// `name width text`.
    private static func width(_ transform: @escaping @Sendable (Int, String) -> String) -> TemplateFunction {
        { arguments, _ in
            try arguments.expect(2)
            return .string(transform(try arguments.integer(0), arguments.text(1)))
        }
    }

    /// Go's `strings.Title`: the first letter of every word upper-cased, the rest left alone.
    static func titleCased(_ text: String) -> String {
        var result = ""
        var atWordStart = true
        for character in text {
            result += atWordStart ? character.uppercased() : String(character)
            atWordStart = !(character.isLetter || character.isNumber || character == "_" || character == "'")
        }
        return result
    }
}
