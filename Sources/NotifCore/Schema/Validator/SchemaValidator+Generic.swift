/// `type`, `enum` and `const`.
extension SchemaValidator {
    mutating func checkType(_ names: [String], integerLiteralOnly: Bool, _ instance: JSONValue,
                            into violations: inout [JSONSchemaViolation]) {
        let given = Self.typeName(of: instance, integerLiteralOnly: integerLiteralOnly)
        let matches = names.contains { name in
            name == given || (name == "number" && given == "integer")
        }
        guard !matches else { return }
        let expected = names.count == 1 ? names[0] : "[" + names.joined(separator: ",") + "]"
        report("invalid_type", "Invalid type. Expected: \(expected), given: \(given)", into: &violations)
    }

    /// The primitive type; in draft-04 mode only integer literals (no fraction or exponent) are "integer".
    static func typeName(of instance: JSONValue, integerLiteralOnly: Bool) -> String {
        if integerLiteralOnly, case .number(let literal) = instance {
            return literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ? "number" : "integer"
        }
        return instance.schemaTypeName
    }

    mutating func checkEnum(_ values: [JSONValue], _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        guard !values.contains(where: { JSONEquality.equal($0, instance) }) else { return }
        report("enum", "\(field) must be one of the following: \(Self.summary(of: values))", into: &violations)
    }

    mutating func checkConst(_ value: JSONValue, _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        guard !JSONEquality.equal(value, instance) else { return }
        report("const", "\(field) does not match: \(Self.summary(of: [value]))", into: &violations)
    }

    /// Compact JSON of a few values for a message, elided when long.
    static func summary(of values: [JSONValue]) -> String {
        let shown = values.prefix(10).map { value in
            let text = value.jsonString
            return text.count > 80 ? String(text.prefix(77)) + "..." : text
        }
        return shown.joined(separator: ", ") + (values.count > shown.count ? ", ..." : "")
    }
}
