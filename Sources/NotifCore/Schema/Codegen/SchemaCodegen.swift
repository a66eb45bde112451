/// `notif schemas generate`: Swift `Codable` types and TypeScript zod validators from registry
/// schemas. Output is deterministic: schemas are ordered by name then version, whatever order the
/// registry listed them in, and nothing time-dependent is written.
public enum SchemaCodegen {
    /// One Swift file (`import Foundation`, `Codable` structs and enums) for all the schemas.
    public static func swift(_ schemas: [CodegenSchema]) throws -> String {
        SwiftCodegenEmitter(model: try model(schemas)).render()
    }

    /// One TypeScript module (`import { z } from "zod"`) with a schema and a type per declaration.
    public static func typeScript(_ schemas: [CodegenSchema]) throws -> String {
        TypeScriptCodegenEmitter(model: try model(schemas)).render()
    }

    /// The shared type model both emitters render.
    static func model(_ schemas: [CodegenSchema]) throws -> CodegenModel {
        var builder = CodegenModelBuilder()
        for schema in schemas.sorted(by: precedes) { try builder.add(schema) }
        return builder.model.breakingDirectCycles()
    }

    /// Names, then versions of one name, in natural order (`2` before `10`); unversioned first.
    static func precedes(_ first: CodegenSchema, _ second: CodegenSchema) -> Bool {
        if first.name != second.name { return strictlyPrecedes(first.name, second.name) }
        switch (first.version, second.version) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case (let left?, let right?): return strictlyPrecedes(left, right)
        }
    }

    /// Natural order, ties (`01` and `1`) broken by plain string order.
    static func strictlyPrecedes(_ left: String, _ right: String) -> Bool {
        naturalOrder(left, right) || (!naturalOrder(right, left) && left < right)
    }

    /// Compares digit runs by value and everything else character by character.
    static func naturalOrder(_ left: String, _ right: String) -> Bool {
        var leftRest = Substring(left)
        var rightRest = Substring(right)
        while let leftFirst = leftRest.first, let rightFirst = rightRest.first {
            if leftFirst.isASCII, leftFirst.isNumber, rightFirst.isASCII, rightFirst.isNumber {
                let leftDigits = leftRest.prefix { $0.isASCII && $0.isNumber }
                let rightDigits = rightRest.prefix { $0.isASCII && $0.isNumber }
                let leftValue = leftDigits.drop { $0 == "0" }
                let rightValue = rightDigits.drop { $0 == "0" }
                if leftValue.count != rightValue.count { return leftValue.count < rightValue.count }
                if leftValue != rightValue { return leftValue < rightValue }
                leftRest = leftRest.dropFirst(leftDigits.count)
                rightRest = rightRest.dropFirst(rightDigits.count)
            } else {
                if leftFirst != rightFirst { return leftFirst < rightFirst }
                leftRest = leftRest.dropFirst()
                rightRest = rightRest.dropFirst()
            }
        }
        return leftRest.isEmpty && !rightRest.isEmpty
    }
}
