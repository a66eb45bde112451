/// Lookups into arrays and objects. Missing members and out-of-range indexes give null, not errors.
extension TemplateFunctions {
    static let collections: [String: TemplateFunction] = [
        "get": { arguments, _ in
            try arguments.expect(2)
            // `get obj "a.b"`, or piped: `obj | get "a.b"` (a path, then something that is not one).
            let piped = arguments[0].stringValue != nil && arguments[1].stringValue == nil
            let (container, path) = piped ? (arguments[1], arguments.text(0)) : (arguments[0], arguments.text(1))
            return container.displayValue(atPath: path.split(separator: ".").map(String.init))
        },
        "index": { arguments, _ in
            try arguments.expect(1...Int.max)
            return try arguments.values.dropFirst().reduce(arguments[0]) { container, key in
                switch (container.displayResolved, key) {
                case (.array, .number), (.object, .string), (.null, _): return container.displayMember(key.displayText)
                default:
                    throw TemplateFunctionError("cannot index \(container.displayTypeName) with \(key.displayTypeName)")
                }
            }
        },
        "len": unary { value in
            switch value.displayResolved {
            case .null: return 0
            case .string(let text): return .int(text.count)
            case .array(let elements): return .int(elements.count)
            case .object(let members): return .int(members.count)
            default: throw TemplateFunctionError("len of \(value.displayTypeName)")
            }
        },
        "keys": unary { .array(($0.displayResolved.members ?? []).map { .string($0.key) }) },
        "values": unary { .array(($0.displayResolved.members ?? []).map(\.value)) },
        "first": unary { $0.displayResolved.arrayValue?.first ?? .null },
        "last": unary { $0.displayResolved.arrayValue?.last ?? .null },
    ]
}
