/// Comparisons, boolean logic, tests and fallbacks. `and`/`or` return an argument, as Go's do.
extension TemplateFunctions {
    static let logic: [String: TemplateFunction] = [
        "eq": { arguments, _ in
            try arguments.expect(2...Int.max)
            return .bool(arguments.values.dropFirst().contains { same(arguments[0], $0) })
        },
        "ne": { arguments, _ in
            try arguments.expect(2)
            return .bool(!same(arguments[0], arguments[1]))
        },
        "lt": ordering { $0 < 0 },
        "le": ordering { $0 <= 0 },
        "gt": ordering { $0 > 0 },
        "ge": ordering { $0 >= 0 },
        "and": { arguments, _ in
            try arguments.expect(1...Int.max)
            return arguments.values.first { !$0.isDisplayTruthy } ?? arguments[arguments.count - 1]
        },
        "or": { arguments, _ in
            try arguments.expect(1...Int.max)
            return arguments.values.first(where: \.isDisplayTruthy) ?? arguments[arguments.count - 1]
        },
        "not": unary { .bool(!$0.isDisplayTruthy) },
        "contains": { arguments, _ in
            try arguments.expect(2)
            switch arguments[1].displayResolved {
            case .array(let elements): return .bool(elements.contains { same($0, arguments[0]) })
            case .object(let members): return .bool(members.contains { $0.key == arguments.text(0) })
            case .null: return false
            default: return .bool(arguments.text(1).contains(arguments.text(0)))
            }
        },
        "hasPrefix": binaryText { prefix, text in .bool(text.hasPrefix(prefix)) },
        "hasSuffix": binaryText { suffix, text in .bool(text.hasSuffix(suffix)) },
        "default": { arguments, _ in
            try arguments.expect(2)
            return arguments[1].isDisplayTruthy ? arguments[1] : arguments[0]
        },
        "coalesce": { arguments, _ in
            try arguments.expect(1...Int.max)
            return arguments.values.first(where: \.isDisplayTruthy) ?? .null
        },
    ]

    /// JSON equality, numbers compared by value (`1` equals `1.0`).
    static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        let left = left.displayResolved, right = right.displayResolved
        if case .number(let a) = left, case .number(let b) = right, let x = Double(a), let y = Double(b) {
            return x == y
        }
        return left == right
    }

    /// `name a b`: numbers by value, strings by Unicode order; anything else is an error.
    private static func ordering(_ accept: @escaping @Sendable (Int) -> Bool) -> TemplateFunction {
        { arguments, _ in
            try arguments.expect(2)
            switch (arguments[0].displayResolved, arguments[1].displayResolved) {
            case (.number(let a), .number(let b)):
                guard let x = Double(a), let y = Double(b) else { break }
                return .bool(accept(x < y ? -1 : x > y ? 1 : 0))
            case (.string(let a), .string(let b)):
                return .bool(accept(a < b ? -1 : a > b ? 1 : 0))
            default: break
            }
            throw TemplateFunctionError(
                "incompatible types for comparison: \(arguments[0].displayTypeName) and \(arguments[1].displayTypeName)")
        }
    }
}
