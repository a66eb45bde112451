/// Compiles the keywords that apply to every instance type: `type`, `enum`, `const`.
extension SchemaCompiler {
    static let typeNames: Set<String> = ["array", "boolean", "integer", "null", "number", "object", "string"]

    mutating func compileGenericKeywords(_ schema: SchemaObject, into keywords: inout [SchemaKeyword]) throws {
        if let type = schema["type"] {
            let names: [String]
            switch type {
            case .string(let name): names = [name]
            case .array(let elements): names = elements.compactMap { $0.stringValue }
            default: throw schema.error("type", "must be a type name or an array of type names")
            }
            guard !names.isEmpty, names.count == type.arrayValue?.count ?? 1, names.allSatisfy(Self.typeNames.contains) else {
                throw schema.error("type", "must name one or more of \(Self.typeNames.sorted().joined(separator: ", "))")
            }
            keywords.append(.type(names: names, integerLiteralOnly: schema.draft.integerMeansIntegerLiteral))
        }
        if let values = schema["enum"] {
            guard case .array(let elements) = values else { throw schema.error("enum", "must be an array") }
            keywords.append(.enumeration(elements))
        }
        if schema.draft != .draft4, let value = schema.value["const"] {
            keywords.append(.constant(value))
        }
    }
}
