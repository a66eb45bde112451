/// Compiles the string keywords: `maxLength`, `minLength`, `pattern`, `format`.
extension SchemaCompiler {
    mutating func compileStringKeywords(_ schema: SchemaObject, into keywords: inout [SchemaKeyword]) throws {
        if let limit = try schema.nonNegativeInteger("maxLength") { keywords.append(.maxLength(limit)) }
        if let limit = try schema.nonNegativeInteger("minLength") { keywords.append(.minLength(limit)) }
        if let source = try schema.string("pattern") {
            keywords.append(.pattern(try schema.pattern(source, keyword: "pattern")))
        }
        if let name = try schema.string("format"), let format = JSONSchemaFormat(name: name) {
            keywords.append(.format(format))
        }
    }
}
