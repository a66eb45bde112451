/// String enums, unions and aliases.
extension SwiftCodegenEmitter {
    /// Case names that would clash with what `RawRepresentable`/`CaseIterable` provide.
    private static let reservedCaseNames: Set<String> = ["allCases", "rawValue", "hashValue"]

    func enumLines(_ name: String, _ values: [String]) -> [String] {
        var names = CodegenMemberNames(reserved: Self.reservedCaseNames)
        var lines = ["public enum \(name): String, Codable, Sendable, CaseIterable {"]
        for value in values {
            let caseName = names.allocate(CodegenNaming.camelCase(value))
            let raw = caseName == value ? "" : " = " + SwiftCodegenSyntax.stringLiteral(value)
            lines.append("    case \(SwiftCodegenSyntax.identifier(caseName))" + raw)
        }
        return lines + ["}"]
    }

    /// An enum with one case per alternative; decoding tries them in schema order.
    func unionLines(_ name: String, _ members: [CodegenType]) -> [String] {
        var names = CodegenMemberNames()
        let cases = members.map { member in
            let caseName = SwiftCodegenSyntax.identifier(names.allocate(caseName(member, in: name)))
            return (name: caseName, type: SwiftCodegenSyntax.type(member), member: member)
        }
        let modifier = indirectUnions.contains(name) ? "indirect " : ""
        var lines = ["public \(modifier)enum \(name): Codable, Sendable, Equatable {"]
        for item in cases {
            lines += SwiftCodegenSyntax.notes(item.member.notes, indent: "    ")
            lines.append("    case \(item.name)(\(item.type))")
        }
        lines += [
            "", "    public init(from decoder: any Decoder) throws {", "        let container = try decoder.singleValueContainer()",
        ]
        for (index, item) in cases.enumerated() {
            lines += [
                "        \(index == 0 ? "if" : "} else if") let value = try? container.decode(\(item.type).self) {",
                "            self = .\(item.name)(value)",
            ]
        }
        lines += [
            "        } else {",
            "            throw DecodingError.dataCorruptedError(",
            "                in: container, debugDescription: \"The value matches no alternative of \(name).\")",
            "        }",
            "    }",
            "",
            "    public func encode(to encoder: any Encoder) throws {",
            "        var container = encoder.singleValueContainer()",
            "        switch self {",
        ]
        for item in cases {
            lines.append("        case .\(item.name)(let value): try container.encode(value)")
        }
        return lines + ["        }", "    }", "}"]
    }

    /// `string`, `integer`, `bool`, `array`, or the referenced type's name minus the union's own
    /// prefix (`PaymentOption1` in `Payment` → `option1`).
    private func caseName(_ member: CodegenType, in union: String) -> String {
        switch member {
        case .string: "string"
        case .number(let rules): rules.isInteger ? "integer" : "number"
        case .boolean: "bool"
        case .literals(let values):
            SwiftCodegenSyntax.literalType(values) == "JSONAny" ? "value" : CodegenNaming.camelCase(SwiftCodegenSyntax.literalType(values))
        case .array: "array"
        case .dictionary: "object"
        case .named(let referenced):
            CodegenNaming.camelCase(
                referenced.hasPrefix(union) && referenced.count > union.count ? String(referenced.dropFirst(union.count)) : referenced)
        case .null, .untyped, .nullable: "value"
        }
    }

    /// A typealias, or a single-value wrapper struct when the alias refers to itself (through an
    /// array or map: direct cycles were made untyped by `breakingDirectCycles`).
    func aliasLines(_ name: String, _ type: CodegenType) -> [String] {
        let spelled = SwiftCodegenSyntax.type(type)
        guard wrappedAliases.contains(name) else {
            return SwiftCodegenSyntax.notes(type.notes) + ["public typealias \(name) = \(spelled)"]
        }
        let notes = SwiftCodegenSyntax.notes(type.notes, indent: "    ")
        return ["public struct \(name): Codable, Sendable, Equatable {"] + notes + [
            "    public var value: \(spelled)",
            "",
            "    public init(_ value: \(spelled)) {",
            "        self.value = value",
            "    }",
            "",
            "    public init(from decoder: any Decoder) throws {",
            "        value = try decoder.singleValueContainer().decode(\(spelled).self)",
            "    }",
            "",
            "    public func encode(to encoder: any Encoder) throws {",
            "        var container = encoder.singleValueContainer()",
            "        try container.encode(value)",
            "    }",
            "}",
        ]
    }
}
