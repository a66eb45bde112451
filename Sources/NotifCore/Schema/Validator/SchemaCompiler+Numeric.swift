/// Compiles the number keywords: `multipleOf`, `maximum`, `minimum` and their exclusive forms
/// (draft-04 boolean modifiers, draft-06+ numeric limits).
extension SchemaCompiler {
    mutating func compileNumericKeywords(_ schema: SchemaObject, into keywords: inout [SchemaKeyword]) throws {
        if let (divisor, literal) = try schema.number("multipleOf") {
            guard !divisor.negative, !divisor.isZero else { throw schema.error("multipleOf", "must be greater than 0") }
            keywords.append(.multipleOf(divisor, literal: literal))
        }
        if schema.draft.hasBooleanExclusiveBounds {
            let exclusiveMaximum = try schema.boolean("exclusiveMaximum") ?? false
            let exclusiveMinimum = try schema.boolean("exclusiveMinimum") ?? false
            if let (limit, literal) = try schema.number("maximum") {
                keywords.append(.bound(NumericBound(kind: exclusiveMaximum ? .exclusiveMaximum : .maximum, limit: limit, literal: literal)))
            }
            if let (limit, literal) = try schema.number("minimum") {
                keywords.append(.bound(NumericBound(kind: exclusiveMinimum ? .exclusiveMinimum : .minimum, limit: limit, literal: literal)))
            }
            return
        }
        let bounds: [(String, NumericBound.Kind)] = [
            ("maximum", .maximum), ("exclusiveMaximum", .exclusiveMaximum),
            ("minimum", .minimum), ("exclusiveMinimum", .exclusiveMinimum),
        ]
        for (keyword, kind) in bounds {
            if let (limit, literal) = try schema.number(keyword) {
                keywords.append(.bound(NumericBound(kind: kind, limit: limit, literal: literal)))
            }
        }
    }
}
