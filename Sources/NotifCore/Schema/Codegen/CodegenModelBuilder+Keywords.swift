/// Reading single keywords: `type`, validation keywords, `properties`, `required`, `description`.
extension CodegenModelBuilder {
    static let knownTypes: Set<String> = ["string", "number", "integer", "boolean", "object", "array", "null"]

    /// The `type` keyword as a list, nil when absent.
    func typeKeyword(_ schema: JSONValue, at pointer: CodegenPointer) throws -> [String]? {
        guard let value = schema["type"] else { return nil }
        let pointer = pointer.appending("type")
        let listed: [JSONValue] = value.arrayValue ?? [value]
        var kinds: [String] = []
        for entry in listed {
            guard let kind = entry.stringValue, Self.knownTypes.contains(kind) else {
                throw failure(at: pointer, "unknown type \(entry.jsonString)")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    /// Without `type`: object and array keywords imply their type; anything else is untyped.
    static func inferredTypes(_ schema: JSONValue) -> [String] {
        if schema["properties"] != nil || schema["additionalProperties"] != nil || schema["required"] != nil {
            return ["object"]
        }
        if schema["items"] != nil { return ["array"] }
        return []
    }

    func stringRules(_ schema: JSONValue, at pointer: CodegenPointer) throws -> CodegenStringRules {
        var rules = CodegenStringRules()
        rules.minLength = try count(schema, "minLength", at: pointer)
        rules.maxLength = try count(schema, "maxLength", at: pointer)
        rules.pattern = try string(schema, "pattern", at: pointer)
        rules.format = try string(schema, "format", at: pointer)
        return rules
    }

    func numberRules(_ schema: JSONValue, at pointer: CodegenPointer, isInteger: Bool) throws -> CodegenNumberRules {
        var rules = CodegenNumberRules(isInteger: isInteger)
        rules.minimum = try number(schema, "minimum", at: pointer)
        rules.maximum = try number(schema, "maximum", at: pointer)
        rules.multipleOf = try number(schema, "multipleOf", at: pointer)
        // Draft-04 style booleans turn minimum/maximum exclusive.
        if schema["exclusiveMinimum"] == .bool(true) {
            (rules.exclusiveMinimum, rules.minimum) = (rules.minimum, nil)
        } else if schema["exclusiveMinimum"]?.boolValue == nil {
            rules.exclusiveMinimum = try number(schema, "exclusiveMinimum", at: pointer)
        }
        if schema["exclusiveMaximum"] == .bool(true) {
            (rules.exclusiveMaximum, rules.maximum) = (rules.maximum, nil)
        } else if schema["exclusiveMaximum"]?.boolValue == nil {
            rules.exclusiveMaximum = try number(schema, "exclusiveMaximum", at: pointer)
        }
        return rules
    }

    func arrayRules(_ schema: JSONValue, at pointer: CodegenPointer) throws -> CodegenArrayRules {
        CodegenArrayRules(minItems: try count(schema, "minItems", at: pointer), maxItems: try count(schema, "maxItems", at: pointer))
    }

    /// The members of an object-valued keyword such as `properties` (empty when absent).
    func membersKeyword(_ schema: JSONValue, _ keyword: String, at pointer: CodegenPointer) throws -> [JSONMember] {
        guard let value = schema[keyword] else { return [] }
        guard let members = value.members else { throw failure(at: pointer.appending(keyword), "\(keyword) must be an object") }
        return members
    }

    func requiredKeyword(_ schema: JSONValue, at pointer: CodegenPointer) throws -> Set<String> {
        guard let value = schema["required"] else { return [] }
        guard let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count else {
            throw failure(at: pointer.appending("required"), "required must be an array of strings")
        }
        return Set(names)
    }

    /// The `description` (or else `title`) as comment lines.
    static func documentation(of schema: JSONValue) -> [String] {
        guard let text = schema["description"]?.stringValue ?? schema["title"]?.stringValue else { return [] }
        return lines(text)
    }

    /// Text split into comment lines: no trailing blanks, no leading or trailing empty lines.
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(singleLine(String(line)).reversed().drop { $0 == " " }.reversed())
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Text safe on one comment line: line breaks and control characters become spaces.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || Character(scalar).isNewline ? " " : scalar
        }))
    }

    private func count(_ schema: JSONValue, _ keyword: String, at pointer: CodegenPointer) throws -> Int? {
        guard let value = schema[keyword] else { return nil }
        guard let number = value.doubleValue, number >= 0, number == number.rounded(), number < 1e15 else {
            throw failure(at: pointer.appending(keyword), "\(keyword) must be a non-negative integer")
        }
        return Int(number)
    }

    private func number(_ schema: JSONValue, _ keyword: String, at pointer: CodegenPointer) throws -> String? {
        guard let value = schema[keyword] else { return nil }
        guard case .number(let literal) = value else {
            throw failure(at: pointer.appending(keyword), "\(keyword) must be a number")
        }
        return literal
    }

    private func string(_ schema: JSONValue, _ keyword: String, at pointer: CodegenPointer) throws -> String? {
        guard let value = schema[keyword] else { return nil }
        guard let string = value.stringValue else { throw failure(at: pointer.appending(keyword), "\(keyword) must be a string") }
        return string
    }
}
