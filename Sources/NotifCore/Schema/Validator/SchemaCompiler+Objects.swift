/// Compiles the object keywords: `required`, `maxProperties`, `minProperties`, `properties` /
/// `patternProperties` / `additionalProperties`, `dependencies`, `propertyNames`.
extension SchemaCompiler {
    mutating func compileObjectKeywords(_ schema: SchemaObject, into keywords: inout [SchemaKeyword]) throws {
        if let required = schema["required"] {
            guard let names = Self.stringArray(required) else { throw schema.error("required", "must be an array of strings") }
            if !names.isEmpty { keywords.append(.required(names)) }
        }
        if let limit = try schema.nonNegativeInteger("maxProperties") { keywords.append(.maxProperties(limit)) }
        if let limit = try schema.nonNegativeInteger("minProperties") { keywords.append(.minProperties(limit)) }
        try compilePropertyRules(schema, into: &keywords)
        if let dependencies = schema["dependencies"] {
            guard let members = dependencies.uniqueMembers else { throw schema.error("dependencies", "must be an object") }
            for member in members {
                if case .array = member.value.expandingRaw {
                    guard let names = member.value.expandingRaw.flatMap(Self.stringArray) else {
                        throw schema.error("dependencies", "of \"\(member.key)\" must be a schema or an array of strings")
                    }
                    keywords.append(.propertyDependency(property: member.key, requires: names))
                } else {
                    keywords.append(.schemaDependency(property: member.key, schema: try subschema(schema, "dependencies", member.key)))
                }
            }
        }
        if schema.draft != .draft4, schema["propertyNames"] != nil {
            keywords.append(.propertyNames(try subschema(schema, "propertyNames")))
        }
    }

    private mutating func compilePropertyRules(_ schema: SchemaObject, into keywords: inout [SchemaKeyword]) throws {
        var rules = PropertyRules(named: [:], patterns: [], additional: nil)
        if let properties = schema["properties"] {
            guard let members = properties.uniqueMembers else { throw schema.error("properties", "must be an object") }
            for member in members { rules.named[member.key] = try subschema(schema, "properties", member.key) }
        }
        if let patternProperties = schema["patternProperties"] {
            guard let members = patternProperties.uniqueMembers else { throw schema.error("patternProperties", "must be an object") }
            for member in members {
                let pattern = try schema.pattern(member.key, keyword: "patternProperties")
                rules.patterns.append((pattern, try subschema(schema, "patternProperties", member.key)))
            }
        }
        if schema["additionalProperties"] != nil {
            rules.additional = try subschema(schema, "additionalProperties", allowBoolean: true)
        }
        if !rules.named.isEmpty || !rules.patterns.isEmpty || rules.additional != nil {
            keywords.append(.properties(rules))
        }
    }

    static func stringArray(_ value: JSONValue) -> [String]? {
        guard case .array(let elements) = value else { return nil }
        let names = elements.compactMap { $0.expandingRaw?.stringValue }
        return names.count == elements.count ? names : nil
    }
}
