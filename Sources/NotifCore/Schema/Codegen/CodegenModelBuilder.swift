/// Walks JSON Schema documents and builds the shared `CodegenModel`. Objects, string enums and
/// unions become named declarations (parent name + property name); everything else stays inline.
struct CodegenModelBuilder {
    /// Keywords the generator cannot express; a schema using one degrades to "any JSON value".
    static let unsupportedKeywords = [
        "not", "if", "patternProperties", "dependencies", "dependentSchemas", "dependentRequired",
        "unevaluatedProperties", "unevaluatedItems", "contains", "prefixItems", "propertyNames",
        "$dynamicRef", "$recursiveRef",
    ]

    var declarations: [CodegenDeclaration] = []
    private(set) var roots: [CodegenRoot] = []
    var names = CodegenNameAllocator()

    /// The schema being translated, its root type name and its definitions' type names
    /// (keyed `definitions/Key` or `$defs/Key`).
    private(set) var source = CodegenSchema(name: "", schema: .null)
    private(set) var rootName = ""
    private(set) var definitionNames: [String: String] = [:]

    var model: CodegenModel { CodegenModel(roots: roots, declarations: declarations) }

    /// Translates one schema: its root type, then every definition in document order.
    mutating func add(_ schema: CodegenSchema) throws {
        source = schema
        let allowed = schema.name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains(scalar))
        }
        guard !schema.name.isEmpty, allowed else {
            throw failure(at: CodegenPointer(), "invalid schema name; expected letters, digits, '.', '_' or '-'")
        }
        let base = CodegenNaming.pascalCase(schema.name)
        let versioned = schema.version.map { base + "V" + CodegenNaming.words($0).joined(separator: "_") }
        rootName = names.allocate([base] + (versioned.map { [$0] } ?? []))
        let definitions = try collectDefinitions()
        try declare(schema.schema, at: CodegenPointer(), as: rootName, documentation: rootDocumentation())
        for definition in definitions {
            let documentation = Self.documentation(of: definition.schema)
            try declare(definition.schema, at: definition.pointer, as: definition.name, documentation: documentation)
        }
        roots.append(CodegenRoot(source: schema, typeName: rootName))
    }

    /// Builds `schema` as the declaration called `name` (already allocated); when it is not an
    /// object, enum or union it becomes an alias.
    private mutating func declare(
        _ schema: JSONValue, at pointer: CodegenPointer, as name: String, documentation: [String]
    ) throws {
        let type = try type(of: schema, at: pointer, hint: name, declareAs: name)
        if let index = declarations.firstIndex(where: { $0.name == name }) {
            if !documentation.isEmpty { declarations[index].documentation = documentation }
        } else {
            declarations.append(CodegenDeclaration(name: name, documentation: documentation, kind: .alias(type)))
        }
    }

    private mutating func collectDefinitions() throws -> [(name: String, schema: JSONValue, pointer: CodegenPointer)] {
        definitionNames = [:]
        var result: [(name: String, schema: JSONValue, pointer: CodegenPointer)] = []
        for container in ["definitions", "$defs"] {
            guard let value = source.schema[container] else { continue }
            let pointer = CodegenPointer().appending(container)
            guard let members = value.members else { throw failure(at: pointer, "\(container) must be an object") }
            for member in members where definitionNames[container + "/" + member.key] == nil {
                let base = CodegenNaming.pascalCase(member.key)
                let name = names.allocate([base, rootName + base])
                definitionNames[container + "/" + member.key] = name
                result.append((name, member.value, pointer.appending(member.key)))
            }
        }
        return result
    }

    private func rootDocumentation() -> [String] {
        let description = source.description.map(Self.lines) ?? Self.documentation(of: source.schema)
        var origin = "Registry schema `\(source.name)`"
        if let version = source.version { origin += ", version \(Self.singleLine(version))" }
        if let topic = source.topicPattern { origin += ", topic `\(Self.singleLine(topic))`" }
        return description + (description.isEmpty ? [] : [""]) + [origin + "."]
    }

    /// The type of `schema`. `hint` names declarations created for it; `declareAs` is a name
    /// already allocated that the schema's own declaration must use.
    mutating func type(
        of schema: JSONValue, at pointer: CodegenPointer, hint: String, declareAs: String? = nil
    ) throws -> CodegenType {
        switch schema {
        case .bool(true): return .untyped(note: nil)
        case .bool(false): return .untyped(note: "the schema is `false`, no value is valid")
        case .object: break
        default: throw failure(at: pointer, "expected a schema (an object or a boolean)")
        }
        if let reference = schema["$ref"] { return try self.reference(reference, at: pointer.appending("$ref")) }
        var unsupported = Self.unsupportedKeywords.filter { schema[$0] != nil }
        if schema["items"]?.arrayValue != nil { unsupported.append("items (tuple form)") }
        if !unsupported.isEmpty {
            return .untyped(note: "unsupported keyword\(unsupported.count == 1 ? "" : "s"): " + unsupported.joined(separator: ", "))
        }
        if schema["allOf"] != nil {
            switch try mergedAllOf(schema, at: pointer, visiting: []) {
            case .schema(let merged): return try type(of: merged, at: pointer, hint: hint, declareAs: declareAs)
            case .unsupported(let note): return .untyped(note: note)
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            if let alternatives = schema[keyword] {
                return try union(alternatives, keyword: keyword, in: schema, at: pointer, hint: hint, declareAs: declareAs)
            }
        }
        if let values = schema["enum"] {
            guard let values = values.arrayValue else { throw failure(at: pointer.appending("enum"), "enum must be an array") }
            return enumeration(values, documentation: Self.documentation(of: schema), hint: hint, declareAs: declareAs)
        }
        if let value = schema["const"] { return literals([value]) }
        return try typed(schema, at: pointer, hint: hint, declareAs: declareAs)
    }

    /// A schema constrained by `type` (explicit, or inferred from object and array keywords).
    private mutating func typed(
        _ schema: JSONValue, at pointer: CodegenPointer, hint: String, declareAs: String?
    ) throws -> CodegenType {
        var kinds = try typeKeyword(schema, at: pointer) ?? Self.inferredTypes(schema)
        guard !kinds.isEmpty else { return .untyped(note: nil) }
        let nullable = kinds.contains("null")
        kinds.removeAll { $0 == "null" }
        if kinds.contains("number") { kinds.removeAll { $0 == "integer" } }
        let base: CodegenType
        if kinds.isEmpty {
            return .null
        } else if kinds.count == 1 {
            base = try single(kinds[0], schema, at: pointer, hint: hint, declareAs: declareAs)
        } else {
            let name = declareAs ?? names.allocate(hint)
            let slot = reserveSlot(name)
            var members: [CodegenType] = []
            for kind in kinds {
                members.append(try single(kind, schema, at: pointer, hint: name + CodegenNaming.pascalCase(kind), declareAs: nil))
            }
            declarations[slot] = CodegenDeclaration(name: name, documentation: Self.documentation(of: schema), kind: .union(members))
            base = .named(name)
        }
        return nullable ? .nullable(base) : base
    }

    private mutating func single(
        _ kind: String, _ schema: JSONValue, at pointer: CodegenPointer, hint: String, declareAs: String?
    ) throws -> CodegenType {
        switch kind {
        case "string": return .string(try stringRules(schema, at: pointer))
        case "integer", "number": return .number(try numberRules(schema, at: pointer, isInteger: kind == "integer"))
        case "boolean": return .boolean
        case "array":
            let element = try schema["items"].map {
                try type(of: $0, at: pointer.appending("items"), hint: (declareAs ?? hint) + "Item")
            } ?? .untyped(note: nil)
            return .array(element, try arrayRules(schema, at: pointer))
        default: return try object(schema, at: pointer, hint: hint, declareAs: declareAs)
        }
    }

    /// A struct-like declaration, or a dictionary when the object has no `properties`.
    private mutating func object(
        _ schema: JSONValue, at pointer: CodegenPointer, hint: String, declareAs: String?
    ) throws -> CodegenType {
        let properties = try membersKeyword(schema, "properties", at: pointer)
        let additional = schema["additionalProperties"]
        let isClosed = additional == .bool(false)
        if properties.isEmpty, !isClosed {
            let value = try additional.map {
                try type(of: $0, at: pointer.appending("additionalProperties"), hint: (declareAs ?? hint) + "Value")
            } ?? .untyped(note: nil)
            return .dictionary(value)
        }
        let name = declareAs ?? names.allocate(hint)
        let slot = reserveSlot(name)
        let required = try requiredKeyword(schema, at: pointer)
        var seen: Set<String> = []
        var built: [CodegenProperty] = []
        for member in properties where seen.insert(member.key).inserted {
            let type = try type(
                of: member.value, at: pointer.appending("properties").appending(member.key),
                hint: name + CodegenNaming.pascalCase(member.key))
            built.append(CodegenProperty(
                jsonName: member.key, type: type, isRequired: required.contains(member.key),
                documentation: Self.documentation(of: member.value)))
        }
        let object = CodegenObject(properties: built, isClosed: isClosed)
        declarations[slot] = CodegenDeclaration(name: name, documentation: Self.documentation(of: schema), kind: .object(object))
        return .named(name)
    }

    /// Appends a placeholder so a parent is declared before its nested types; returns its index.
    mutating func reserveSlot(_ name: String) -> Int {
        declarations.append(CodegenDeclaration(name: name, documentation: [], kind: .alias(.untyped(note: nil))))
        return declarations.count - 1
    }

    func failure(at pointer: CodegenPointer, _ message: String) -> CodegenError {
        CodegenError(schema: source.label, pointer: pointer.description, message: message)
    }
}
