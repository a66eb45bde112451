/// Compiles the array keywords: `items` / `additionalItems`, `maxItems`, `minItems`, `uniqueItems`, `contains`.
extension SchemaCompiler {
    mutating func compileArrayKeywords(_ schema: SchemaObject, into keywords: inout [SchemaKeyword]) throws {
        switch schema["items"] {
        case .array(let elements)?:
            var tuple: [Int] = []
            for index in elements.indices { tuple.append(try subschema(schema, "items", String(index))) }
            let additional = try schema["additionalItems"].map { _ in try subschema(schema, "additionalItems", allowBoolean: true) }
            keywords.append(.tupleItems(tuple, additional: additional))
        case .some:
            keywords.append(.items(try subschema(schema, "items")))
            // additionalItems is meaningless without an items array, but must still be a schema.
            if schema["additionalItems"] != nil { _ = try subschema(schema, "additionalItems", allowBoolean: true) }
        case nil:
            if schema["additionalItems"] != nil { _ = try subschema(schema, "additionalItems", allowBoolean: true) }
        }
        if let limit = try schema.nonNegativeInteger("maxItems") { keywords.append(.maxItems(limit)) }
        if let limit = try schema.nonNegativeInteger("minItems") { keywords.append(.minItems(limit)) }
        if try schema.boolean("uniqueItems") == true { keywords.append(.uniqueItems) }
        if schema.draft != .draft4, schema["contains"] != nil {
            keywords.append(.contains(try subschema(schema, "contains")))
        }
    }
}
