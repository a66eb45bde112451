/// `multipleOf` and the four bounds, compared exactly on the decimal literals.
extension SchemaValidator {
    mutating func checkMultipleOf(_ divisor: JSONNumber, literal: String, _ instance: String,
                                  into violations: inout [JSONSchemaViolation]) {
        guard let value = JSONNumber(literal: instance), !value.isMultiple(of: divisor) else { return }
        report("multiple_of", "Must be a multiple of \(literal)", into: &violations)
    }

    mutating func checkBound(_ bound: NumericBound, _ instance: String, into violations: inout [JSONSchemaViolation]) {
        guard let value = JSONNumber(literal: instance) else { return }
        switch bound.kind {
        case .minimum where value < bound.limit:
            report("number_gte", "Must be greater than or equal to \(bound.literal)", into: &violations)
        case .exclusiveMinimum where value <= bound.limit:
            report("number_gt", "Must be greater than \(bound.literal)", into: &violations)
        case .maximum where value > bound.limit:
            report("number_lte", "Must be less than or equal to \(bound.literal)", into: &violations)
        case .exclusiveMaximum where value >= bound.limit:
            report("number_lt", "Must be less than \(bound.literal)", into: &violations)
        default:
            break
        }
    }
}
