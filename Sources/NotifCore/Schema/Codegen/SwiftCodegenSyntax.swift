/// Spelling Swift source: identifiers, string literals, comments and type names.
enum SwiftCodegenSyntax {
    /// Words that must be backticked when used as a declared name (contextual ones included:
    /// backticks are always allowed, so erring on the side of escaping is harmless).
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "as", "Any", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "Type", "Protocol", "actor", "any", "async", "borrowing", "consume",
        "consuming", "convenience", "copy", "didSet", "discard", "dynamic", "each", "final", "get", "indirect",
        "infix", "isolated", "lazy", "macro", "mutating", "nonisolated", "nonmutating", "optional", "override",
        "package", "postfix", "prefix", "required", "sending", "set", "some", "unowned", "weak", "willSet",
    ]

    /// `name`, backticked when it is a keyword.
    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// A double-quoted literal; backslashes, quotes and control characters escaped.
    static func stringLiteral(_ text: String) -> String {
        CodegenNaming.quoted(text) { (scalar: Unicode.Scalar) -> String? in
            guard scalar.value < 0x20 || scalar.value == 0x7F else { return nil }
            let hex: String = String(scalar.value, radix: 16)
            return "\\u{\(hex)}"
        }
    }

    /// `///` lines; an empty line stays an empty doc line.
    static func documentation(_ lines: [String], indent: String = "") -> [String] {
        lines.map { $0.isEmpty ? indent + "///" : indent + "/// " + $0 }
    }

    /// `// Untyped: …` lines for the notes of untyped parts.
    static func notes(_ notes: [String], indent: String = "") -> [String] {
        notes.map { indent + "// Untyped (JSONAny): " + CodegenModelBuilder.singleLine($0) }
    }

    /// The Swift type for a model type. Formats stay `String`; `null` and untyped values are
    /// `JSONAny`; literals become their common scalar type.
    static func type(_ type: CodegenType) -> String {
        switch type {
        case .string: "String"
        case .number(let rules): rules.isInteger ? "Int" : "Double"
        case .boolean: "Bool"
        case .null, .untyped: "JSONAny"
        case .literals(let values): literalType(values)
        case .array(let element, _): "[\(self.type(element))]"
        case .dictionary(let value): "[String: \(self.type(value))]"
        case .named(let name): name
        case .nullable(let wrapped): self.type(wrapped.nonNull) + (wrapped.nonNull == .null ? "" : "?")
        }
    }

    /// Whether spelling `type` mentions `JSONAny`.
    static func usesJSONAny(_ type: CodegenType) -> Bool {
        switch type {
        case .null, .untyped: true
        case .literals(let values): literalType(values) == "JSONAny"
        case .array(let element, _): usesJSONAny(element)
        case .dictionary(let value): usesJSONAny(value)
        case .nullable(let wrapped): usesJSONAny(wrapped)
        case .string, .number, .boolean, .named: false
        }
    }

    /// `String`, `Bool`, `Int` or `Double` when all literals share it, else `JSONAny`.
    static func literalType(_ values: [JSONValue]) -> String {
        if values.allSatisfy({ $0.stringValue != nil }) { return "String" }
        if values.allSatisfy({ $0.boolValue != nil }) { return "Bool" }
        if values.allSatisfy({ $0.int64Value != nil }) { return "Int" }
        if values.allSatisfy({ $0.doubleValue != nil }) { return "Double" }
        return "JSONAny"
    }
}
