/// Turns a schema document into a `SchemaProgram`: checks every keyword's shape, compiles regular
/// expressions and resolves every reachable `$ref` up front, so validation never fails to resolve.
/// Each schema location compiles once; a `$ref` cycle becomes a cycle of node indices.
struct SchemaCompiler {
    var registry: SchemaDocuments
    private var nodes: [SchemaNode] = []
    private var compiled: [SchemaLocation: Int] = [:]
    private let stack = StackGuard()

    static func compile(document: JSONValue, remotes: [String: JSONValue]) throws -> SchemaProgram {
        guard let document = document.expandingRaw else {
            throw JSONSchemaError(message: "the schema document is not valid JSON")
        }
        let draft = JSONSchemaDraft.declared(by: document) ?? .draft7
        var compiler = SchemaCompiler(registry: SchemaDocuments(remotes: remotes, defaultDraft: draft))
        let index = try compiler.registry.addDocument(document, retrievalURI: "")
        let root = try compiler.compileSchema(at: SchemaLocation(document: index, tokens: []), allowBoolean: true, depth: 0)
        return SchemaProgram(nodes: compiler.nodes, root: root)
    }

    /// The node for the schema at `location`, compiling it (and everything it reaches) the first time.
    mutating func compileSchema(at location: SchemaLocation, allowBoolean: Bool, depth: Int) throws -> Int {
        guard let value = registry.value(at: location)?.expandingRaw else {
            throw JSONSchemaError(message: "no schema at \(registry.describe(location))")
        }
        let draft = registry.draft(of: location)
        if case .bool = value, !(allowBoolean || draft.allowsBooleanSchemas) {
            throw JSONSchemaError(message: "\(registry.describe(location)): a schema must be an object in draft-04")
        }
        if let existing = compiled[location] { return existing }
        guard depth <= SchemaLimits.maxSchemaDepth, !stack.isExhausted else {
            throw JSONSchemaError(message: "\(registry.describe(location)): schema nests too deeply")
        }
        let index = nodes.count
        nodes.append(.boolean(true))
        compiled[location] = index
        switch value {
        case .bool(let flag):
            nodes[index] = .boolean(flag)
        case .object:
            let schema = SchemaObject(value: value, location: location, draft: draft, depth: depth,
                                      describedLocation: registry.describe(location))
            nodes[index] = try compileObject(schema)
        default:
            throw JSONSchemaError(message: "\(registry.describe(location)): a schema must be an object or a boolean")
        }
        return index
    }

    private mutating func compileObject(_ schema: SchemaObject) throws -> SchemaNode {
        if let ref = schema["$ref"] {
            guard case .string(let text) = ref else { throw schema.error("$ref", "must be a string") }
            let target = SchemaURI(registry.base(at: schema.location)).resolving(text)
            let location: SchemaLocation
            do {
                location = try registry.locate(target)
            } catch let error as JSONSchemaError {
                throw JSONSchemaError(message: "\(registry.describe(schema.location)): \(error.message)")
            }
            let allowBoolean = registry.draft(of: location).allowsBooleanSchemas
            return .reference(target: try compileSchema(at: location, allowBoolean: allowBoolean, depth: schema.depth + 1))
        }
        if let id = schema[schema.draft.idKeyword], id.stringValue == nil {
            throw schema.error(schema.draft.idKeyword, "must be a string")
        }
        var keywords: [SchemaKeyword] = []
        try compileGenericKeywords(schema, into: &keywords)
        try compileNumericKeywords(schema, into: &keywords)
        try compileStringKeywords(schema, into: &keywords)
        try compileArrayKeywords(schema, into: &keywords)
        try compileObjectKeywords(schema, into: &keywords)
        try compileCombinatorKeywords(schema, into: &keywords)
        for member in schema["definitions"]?.uniqueMembers ?? [] {
            _ = try subschema(schema, "definitions", member.key)
        }
        if let definitions = schema["definitions"], definitions.uniqueMembers == nil {
            throw schema.error("definitions", "must be an object")
        }
        return .keywords(keywords)
    }

    /// Compiles the subschema at `schema`'s location plus `path`.
    mutating func subschema(_ schema: SchemaObject, _ path: String..., allowBoolean: Bool = false) throws -> Int {
        let location = SchemaLocation(document: schema.location.document, tokens: schema.location.tokens + path)
        return try compileSchema(at: location, allowBoolean: allowBoolean, depth: schema.depth + 1)
    }
}

/// A schema object being compiled, with the context its keywords need.
struct SchemaObject {
    let value: JSONValue
    let location: SchemaLocation
    let draft: JSONSchemaDraft
    let depth: Int
    /// Where the schema is, for error messages (`#/properties/a`, `http://host/doc.json#/items`).
    let describedLocation: String

    subscript(keyword: String) -> JSONValue? { value[keyword]?.expandingRaw }

    func error(_ keyword: String, _ problem: String) -> JSONSchemaError {
        JSONSchemaError(message: "\(describedLocation): \(keyword) \(problem)")
    }

    /// A non-negative integer keyword value (`2` or `2.0`); huge values saturate.
    func nonNegativeInteger(_ keyword: String) throws -> Int? {
        guard let value = self[keyword] else { return nil }
        guard let number = value.schemaNumber, number.isInteger, !number.negative else {
            throw error(keyword, "must be a non-negative integer")
        }
        return Int(exactly: Double(number.description) ?? Double(Int.max)) ?? Int.max
    }

    /// A number keyword value with its literal.
    func number(_ keyword: String) throws -> (value: JSONNumber, literal: String)? {
        guard let value = self[keyword] else { return nil }
        guard case .number(let literal) = value, let number = JSONNumber(literal: literal) else {
            throw error(keyword, "must be a number")
        }
        return (number, literal)
    }

    func boolean(_ keyword: String) throws -> Bool? {
        guard let value = self[keyword] else { return nil }
        guard case .bool(let flag) = value else { throw error(keyword, "must be a boolean") }
        return flag
    }

    func string(_ keyword: String) throws -> String? {
        guard let value = self[keyword] else { return nil }
        guard case .string(let text) = value else { throw error(keyword, "must be a string") }
        return text
    }

    /// The compiled regular expression for a pattern found at `keyword` (for messages).
    func pattern(_ source: String, keyword: String) throws -> SchemaPattern {
        guard let pattern = SchemaPattern(source) else {
            throw error(keyword, "contains an invalid regular expression \"\(source)\"")
        }
        return pattern
    }
}
