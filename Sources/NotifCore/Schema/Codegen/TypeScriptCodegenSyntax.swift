import Foundation

/// Spelling TypeScript: zod validator expressions, plain type expressions, literals and comments.
enum TypeScriptCodegenSyntax {
    /// zod string refinements for the formats zod can check; other formats are not enforced.
    static let formats = [
        "date-time": ".datetime({ offset: true })", "email": ".email()", "uuid": ".uuid()", "uri": ".url()",
    ]

    /// The zod schema for a model type; declarations are referenced as `<Name>Schema`.
    static func zod(_ type: CodegenType) -> String {
        switch type {
        case .string(let rules):
            var expression = "z.string()" + (rules.format.flatMap { formats[$0] } ?? "")
            if let minimum = rules.minLength { expression += ".min(\(minimum))" }
            if let maximum = rules.maxLength { expression += ".max(\(maximum))" }
            if let pattern = rules.pattern { expression += ".regex(new RegExp(\(stringLiteral(pattern))))" }
            return expression
        case .number(let rules):
            var expression = "z.number()" + (rules.isInteger ? ".int()" : "")
            let bounds = [
                ("gte", rules.minimum), ("lte", rules.maximum), ("gt", rules.exclusiveMinimum),
                ("lt", rules.exclusiveMaximum), ("multipleOf", rules.multipleOf),
            ]
            for case (let method, let value?) in bounds { expression += ".\(method)(\(value))" }
            return expression
        case .boolean: return "z.boolean()"
        case .null: return "z.null()"
        case .literals(let values):
            let literals = values.map { "z.literal(\(literal($0)))" }
            return literals.count == 1 ? literals[0] : "z.union([\(literals.joined(separator: ", "))])"
        case .array(let element, let rules):
            var expression = "z.array(\(zod(element)))"
            if let minimum = rules.minItems { expression += ".min(\(minimum))" }
            if let maximum = rules.maxItems { expression += ".max(\(maximum))" }
            return expression
        case .dictionary(let value): return "z.record(z.string(), \(zod(value)))"
        case .named(let name): return schemaName(name)
        case .nullable(let wrapped): return wrapped.nonNull == .null ? "z.null()" : zod(wrapped.nonNull) + ".nullable()"
        case .untyped(let note): return (note.map { "/* untyped: \(commentText($0)) */ " } ?? "") + "z.unknown()"
        }
    }

    /// A plain TypeScript type, for declarations that must be spelled out (recursive ones).
    static func type(_ type: CodegenType) -> String {
        switch type {
        case .string: "string"
        case .number: "number"
        case .boolean: "boolean"
        case .null: "null"
        case .literals(let values): values.map(literal).joined(separator: " | ")
        case .array(let element, _): "Array<\(self.type(element))>"
        case .dictionary(let value): "{ [key: string]: \(self.type(value)) }"
        case .named(let name): name
        case .nullable(let wrapped): wrapped.nonNull == .null ? "null" : self.type(wrapped.nonNull) + " | null"
        case .untyped: "unknown"
        }
    }

    static func schemaName(_ typeName: String) -> String { typeName + "Schema" }

    /// A property key, quoted unless it is a plain identifier. `__proto__` is computed: written
    /// plainly or quoted in an object literal it would set the prototype instead of a key.
    static func key(_ name: String) -> String {
        if name == "__proto__" { return "[\"__proto__\"]" }
        return CodegenNaming.isPlainTypeScriptKey(name) ? name : stringLiteral(name)
    }

    /// A JSON scalar as a TypeScript literal (JSON number literals are valid TypeScript).
    static func literal(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): stringLiteral(string)
        case .number(let literal): literal
        case .bool(let flag): flag ? "true" : "false"
        default: "null"
        }
    }

    /// A double-quoted string literal with JSON-style escapes (plus the two line separators).
    static func stringLiteral(_ text: String) -> String {
        CodegenNaming.quoted(text) { (scalar: Unicode.Scalar) -> String? in
            let value: UInt32 = scalar.value
            guard value < 0x20 || value == 0x7F || value == 0x2028 || value == 0x2029 else { return nil }
            let hex: String = String(value, radix: 16)
            let padding = String(repeating: "0", count: 4 - hex.count)
            return "\\u\(padding)\(hex)"
        }
    }

    /// `/** … */` lines at `indent`.
    static func documentation(_ lines: [String], indent: String = "") -> [String] {
        guard !lines.isEmpty else { return [] }
        if lines.count == 1 { return [indent + "/** \(commentText(lines[0])) */"] }
        return [indent + "/**"] + lines.map { $0.isEmpty ? indent + " *" : indent + " * " + commentText($0) } + [indent + " */"]
    }

    /// Text safe inside a block comment on one line.
    static func commentText(_ text: String) -> String {
        CodegenModelBuilder.singleLine(text).replacingOccurrences(of: "*/", with: "*\\/")
    }
}
