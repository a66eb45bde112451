/// `maxLength` / `minLength` (counted in Unicode code points), `pattern` and `format`.
extension SchemaValidator {
    mutating func checkLength(_ text: String, maximum: Int, into violations: inout [JSONSchemaViolation]) {
        guard text.unicodeScalars.count > maximum else { return }
        report("string_lte", "String length must be less than or equal to \(maximum)", into: &violations)
    }

    mutating func checkLength(_ text: String, minimum: Int, into violations: inout [JSONSchemaViolation]) {
        guard text.unicodeScalars.count < minimum else { return }
        report("string_gte", "String length must be greater than or equal to \(minimum)", into: &violations)
    }

    mutating func checkPattern(_ pattern: SchemaPattern, _ text: String, into violations: inout [JSONSchemaViolation]) {
        guard !pattern.matches(text) else { return }
        report("pattern", "Does not match pattern '\(pattern.source)'", into: &violations)
    }

    mutating func checkFormat(_ format: JSONSchemaFormat, _ text: String, into violations: inout [JSONSchemaViolation]) {
        guard !format.isValid(text) else { return }
        report("format", "Does not match format '\(format.rawValue)'", into: &violations)
    }
}
