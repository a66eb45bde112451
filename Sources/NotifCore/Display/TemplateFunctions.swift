import Foundation

/// What a template function may depend on besides its arguments.
struct TemplateEnvironment: Sendable {
    /// Whether styling functions emit ANSI escapes.
    var colors: Bool
    /// The zone `time` formats in.
    var timeZone: TimeZone
}

/// A template function's failure; the renderer adds the function name and the position.
struct TemplateFunctionError: Error {
    var message: String

    init(_ message: String) { self.message = message }
}

/// The evaluated arguments of one call, the piped value (if any) last.
struct TemplateArguments {
    var values: [JSONValue]

    var count: Int { values.count }

    subscript(index: Int) -> JSONValue { values[index] }

    /// Fails unless there are `range` arguments.
    func expect(_ range: ClosedRange<Int>) throws {
        guard range.contains(values.count) else {
            let wanted = range.count == 1 ? "\(range.lowerBound)"
                : range.upperBound == .max ? "at least \(range.lowerBound)"
                : "\(range.lowerBound) to \(range.upperBound)"
            throw TemplateFunctionError("wrong number of arguments: want \(wanted), got \(values.count)")
        }
    }

    func expect(_ count: Int) throws { try expect(count...count) }

    /// The argument as printed text.
    func text(_ index: Int) -> String { values[index].displayText }

    /// The argument as an integer (a number, or a string holding one).
    func integer(_ index: Int) throws -> Int {
        let value = values[index]
        let number: Double? = switch value {
        case .number(let literal): Double(literal)
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
        guard let number, number.isFinite, number == number.rounded(), abs(number) < 1e15 else {
            throw TemplateFunctionError("argument \(index + 1) must be an integer, not \(value.displayTypeName) \(value.displayText)")
        }
        return Int(number)
    }
}

/// A function callable from templates.
typealias TemplateFunction = @Sendable (TemplateArguments, TemplateEnvironment) throws -> JSONValue

/// Every function templates can call, by name. The subject comes last, so that it can be piped.
///
/// - Text: `upper s`, `lower s`, `title s`, `trim s`, `trimPrefix p s`, `trimSuffix p s`,
///   `replace old new s`, `split sep s` (an array), `join sep array`, `truncate n s` (at most n
///   characters, ending in `…` when cut), `pad n s` = `padRight n s`, `padLeft n s`.
/// - Formatting: `json v`, `printf format args…` (see `GoPrintf`), `time [layout] t` (t an RFC 3339
///   string or Unix seconds/milliseconds, null prints nothing; layout see `TimeLayout`, default `15:04:05`).
/// - Logic: `eq a b…` (a equals any), `ne lt le gt ge a b`, `and`, `or`, `not`,
///   `contains needle haystack` (substring, array element or object key), `hasPrefix p s`,
///   `hasSuffix p s`, `default fallback v` (sprig order), `coalesce a b…` (first truthy).
/// - Collections: `get obj "a.b"` (or `obj | get "a.b"`), `index coll key…`, `len v`, `keys obj`,
///   `values obj`, `first array`, `last array`.
/// - Styles: `color name s`, `bg name s`, `rgb r g b s`, `bold s`, `dim s`, `italic s`, `underline s`
///   (see `ANSIStyle`).
enum TemplateFunctions {
    static let all: [String: TemplateFunction] = text
        .merging(formatting) { first, _ in first }
        .merging(logic) { first, _ in first }
        .merging(collections) { first, _ in first }
        .merging(styles) { first, _ in first }

    /// A function taking exactly one value and returning text.
    static func unary(_ transform: @escaping @Sendable (JSONValue) throws -> JSONValue) -> TemplateFunction {
        { arguments, _ in
            try arguments.expect(1)
            return try transform(arguments[0])
        }
    }

    /// A function of exactly two text arguments (the subject last, as it is usually piped).
    static func binaryText(_ transform: @escaping @Sendable (String, String) -> JSONValue) -> TemplateFunction {
        { arguments, _ in
            try arguments.expect(2)
            return transform(arguments.text(0), arguments.text(1))
        }
    }
}
