import Foundation

/// `$ref`, `allOf`, `oneOf`/`anyOf`, `enum` and `const`.
extension CodegenModelBuilder {
    /// Keywords that never change the shape of a value.
    static let annotationKeywords: Set<String> = [
        "description", "title", "$comment", "examples", "default", "$id", "$schema", "definitions", "$defs",
        "readOnly", "writeOnly", "deprecated",
    ]

    /// `$ref` to a definition (`#/definitions/X`, `#/$defs/X`) or to the root (`#`).
    func reference(_ value: JSONValue, at pointer: CodegenPointer) throws -> CodegenType {
        guard let reference = value.stringValue else { throw failure(at: pointer, "$ref must be a string") }
        if reference == "#" { return .named(rootName) }
        guard let key = Self.definitionKey(reference) else { return .untyped(note: "unsupported $ref \(reference)") }
        guard let name = definitionNames[key] else { throw failure(at: pointer, "$ref \(reference) does not resolve") }
        return .named(name)
    }

    /// `#/definitions/A` → `definitions/A`; nil for any other kind of reference.
    static func definitionKey(_ reference: String) -> String? {
        for container in ["definitions", "$defs"] {
            let prefix = "#/\(container)/"
            guard reference.hasPrefix(prefix) else { continue }
            let token = String(reference.dropFirst(prefix.count))
            guard !token.isEmpty, !token.contains("/") else { return nil }
            let decoded = token.removingPercentEncoding ?? token
            return container + "/" + decoded.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        return nil
    }

    /// The merge of a schema's `allOf` parts (references resolved) with its own keywords.
    func mergedAllOf(_ schema: JSONValue, at pointer: CodegenPointer, visiting: Set<String>) throws -> CodegenSchemaMerger.Outcome {
        let pointer = pointer.appending("allOf")
        guard let parts = schema["allOf"]?.arrayValue, !parts.isEmpty else {
            throw failure(at: pointer, "allOf must be a non-empty array")
        }
        var merger = CodegenSchemaMerger()
        merger.add(.object((schema.members ?? []).filter { $0.key != "allOf" }))
        for (index, original) in parts.enumerated() {
            var part = original
            var visiting = visiting
            while let value = part["$ref"] {
                guard let reference = value.stringValue else { throw failure(at: pointer.appending(index), "$ref must be a string") }
                guard visiting.insert(reference).inserted else { return .unsupported("allOf is recursive through \(reference)") }
                if reference == "#" {
                    part = source.schema
                } else if let key = Self.definitionKey(reference) {
                    let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
                    guard let target = source.schema[parts[0]]?[parts[1]] else {
                        throw failure(at: pointer.appending(index), "$ref \(reference) does not resolve")
                    }
                    part = target
                } else {
                    return .unsupported("unsupported $ref \(reference) in allOf")
                }
            }
            if part["allOf"] != nil {
                let nested = try mergedAllOf(part, at: pointer.appending(index), visiting: visiting)
                guard case .schema(let merged) = nested else { return nested }
                part = merged
            }
            merger.add(part)
        }
        return merger.outcome
    }

    /// `oneOf`/`anyOf`: a union declaration, or simpler when the options allow (`X` or null,
    /// all literals). Keywords next to the combinator apply to every option.
    mutating func union(
        _ alternatives: JSONValue, keyword: String, in schema: JSONValue, at pointer: CodegenPointer,
        hint: String, declareAs: String?
    ) throws -> CodegenType {
        let pointer = pointer.appending(keyword)
        guard let options = alternatives.arrayValue, !options.isEmpty else {
            throw failure(at: pointer, "\(keyword) must be a non-empty array")
        }
        let siblings = (schema.members ?? []).filter { $0.key != keyword && !Self.annotationKeywords.contains($0.key) }
        let documentation = Self.documentation(of: schema)
        if siblings.isEmpty, let values = Self.literalValues(options) {
            return enumeration(values, documentation: documentation, hint: hint, declareAs: declareAs)
        }
        let nonNull = options.indices.filter { !Self.isNullSchema(options[$0]) }
        if siblings.isEmpty, nonNull.count == 1 {
            let only = nonNull[0]
            let type = try type(of: options[only], at: pointer.appending(only), hint: hint, declareAs: declareAs)
            return options.count > 1 ? .nullable(type) : type
        }
        let name = declareAs ?? names.allocate(hint)
        let slot = reserveSlot(name)
        var members: [CodegenType] = []
        var nullable = false
        for (index, option) in options.enumerated() {
            let combined: JSONValue = siblings.isEmpty
                ? option : .object([JSONMember(key: "allOf", value: .array([.object(siblings), option]))])
            let type = try type(of: combined, at: pointer.appending(index), hint: name + "Option\(index + 1)")
            if type.isNullable || type == .null { nullable = true }
            if type.nonNull != .null, !members.contains(type.nonNull) { members.append(type.nonNull) }
        }
        guard members.count > 1 else {
            declarations.remove(at: slot)
            if declareAs == nil { names.release(name) }
            guard let only = members.first else { return .null }
            return nullable ? .nullable(only) : only
        }
        declarations[slot] = CodegenDeclaration(name: name, documentation: documentation, kind: .union(members))
        return nullable ? .nullable(.named(name)) : .named(name)
    }

    /// `enum`: a string enum declaration when every non-null value is a string, else literals.
    mutating func enumeration(
        _ values: [JSONValue], documentation: [String], hint: String, declareAs: String?
    ) -> CodegenType {
        guard !values.isEmpty else { return .untyped(note: "the enum is empty, no value is valid") }
        let strings = values.compactMap(\.stringValue)
        let nonNull = values.filter { $0 != .null }
        guard !nonNull.isEmpty, strings.count == nonNull.count else { return literals(values) }
        var unique: [String] = []
        for string in strings where !unique.contains(string) { unique.append(string) }
        let name = declareAs ?? names.allocate(hint)
        declarations.append(CodegenDeclaration(name: name, documentation: documentation, kind: .stringEnum(unique)))
        return nonNull.count < values.count ? .nullable(.named(name)) : .named(name)
    }

    /// `const` and non-string enums: scalar literals (null makes them nullable).
    func literals(_ values: [JSONValue]) -> CodegenType {
        var scalars: [JSONValue] = []
        for value in values where value != .null && !scalars.contains(value) {
            switch value {
            case .string, .number, .bool: scalars.append(value)
            default: return .untyped(note: "enum or const with object or array values")
            }
        }
        guard !scalars.isEmpty else { return .null }
        return values.contains(.null) ? .nullable(.literals(scalars)) : .literals(scalars)
    }

    /// `{"type": "null"}`, `{"const": null}` or `{"enum": [null]}`.
    static func isNullSchema(_ schema: JSONValue) -> Bool {
        schema["type"] == .string("null") || schema["const"] == .null || schema["enum"] == .array([.null])
    }

    /// The values when every option is only a `const` or an `enum` (optionally with `type`).
    static func literalValues(_ options: [JSONValue]) -> [JSONValue]? {
        var values: [JSONValue] = []
        for option in options {
            guard let members = option.members else { return nil }
            let shaping = members.filter { !annotationKeywords.contains($0.key) && $0.key != "type" }
            guard shaping.count == 1 else { return nil }
            switch shaping[0].key {
            case "const": values.append(shaping[0].value)
            case "enum":
                guard let listed = shaping[0].value.arrayValue else { return nil }
                values += listed
            default: return nil
            }
        }
        return values
    }
}
