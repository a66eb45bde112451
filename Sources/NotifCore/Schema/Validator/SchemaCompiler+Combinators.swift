/// Compiles the applicators that combine subschemas: `allOf`, `anyOf`, `oneOf`, `not`, `if` / `then` / `else`.
extension SchemaCompiler {
    mutating func compileCombinatorKeywords(_ schema: SchemaObject, into keywords: inout [SchemaKeyword]) throws {
        for keyword in ["allOf", "anyOf", "oneOf"] {
            guard let value = schema[keyword] else { continue }
            guard case .array(let elements) = value, !elements.isEmpty else {
                throw schema.error(keyword, "must be a non-empty array of schemas")
            }
            var nodes: [Int] = []
            for index in elements.indices { nodes.append(try subschema(schema, keyword, String(index))) }
            switch keyword {
            case "allOf": keywords.append(.allOf(nodes))
            case "anyOf": keywords.append(.anyOf(nodes))
            default: keywords.append(.oneOf(nodes))
            }
        }
        if schema["not"] != nil { keywords.append(.not(try subschema(schema, "not"))) }
        guard schema.draft == .draft7 else { return }
        let then = try schema["then"].map { _ in try subschema(schema, "then") }
        let otherwise = try schema["else"].map { _ in try subschema(schema, "else") }
        if schema["if"] != nil {
            let condition = try subschema(schema, "if")
            if then != nil || otherwise != nil { keywords.append(.conditional(if: condition, then: then, else: otherwise)) }
        }
    }
}
