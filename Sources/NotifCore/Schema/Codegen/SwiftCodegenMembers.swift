/// The Swift members of one generated struct: unique camelCase names, their types, which ones are
/// boxed for recursion, whether `CodingKeys` are needed, and the memberwise initializer.
struct SwiftCodegenMembers {
    /// One stored JSON property as Swift sees it.
    struct Member {
        var property: CodegenProperty
        /// The camelCase name without backticks.
        var name: String
        var type: String
        var isOptional: Bool
        var documentation: [String]
        /// The private `Indirect` storage of a boxed property.
        var storageName: String?
        var storageType: String

        /// The name as declared (backticked when it is a keyword).
        var identifier: String { SwiftCodegenSyntax.identifier(name) }
    }

    let all: [Member]

    init(object: CodegenObject, owner: String, emitter: SwiftCodegenEmitter) {
        var names = CodegenMemberNames()
        var members: [Member] = []
        for property in object.properties {
            let core = SwiftCodegenSyntax.type(property.type.nonNull)
            let isOptional = !property.isRequired || (property.type.isNullable && property.type.nonNull != .null)
            var documentation = property.documentation
            if case .string(let rules) = property.type.nonNull, let format = rules.format {
                documentation += (documentation.isEmpty ? [] : [""]) + ["Format: `\(CodegenModelBuilder.singleLine(format))`."]
            }
            members.append(Member(
                property: property, name: names.allocate(CodegenNaming.camelCase(property.jsonName)),
                type: core + (isOptional ? "?" : ""), isOptional: isOptional, documentation: documentation,
                storageName: nil, storageType: "Indirect<\(core)>" + (isOptional ? "?" : "")))
        }
        // Storage names are allocated after every property name, so they never take one.
        for index in members.indices where emitter.isBoxed(members[index].property.type, in: owner) {
            members[index].storageName = names.allocate("_" + members[index].name)
        }
        all = members
    }

    var needsCodingKeys: Bool {
        all.contains { $0.storageName != nil || $0.name != $0.property.jsonName }
    }

    /// `public init(...)` with optional parameters defaulting to nil.
    var initializer: [String] {
        let parameters = all.map { member in
            let label = member.name == "self" ? "`self` self_" : member.identifier
            return "\(label): \(member.type)" + (member.isOptional ? " = nil" : "")
        }
        let oneLine = "    public init(\(parameters.joined(separator: ", "))) {"
        var lines = oneLine.count <= 110
            ? [oneLine]
            : ["    public init("] + parameters.enumerated().map { index, parameter in
                "        " + parameter + (index == parameters.count - 1 ? "" : ",")
            } + ["    ) {"]
        for member in all {
            let value = member.name == "self" ? "self_" : member.identifier
            if let storage = member.storageName {
                let boxed = member.isOptional ? "\(value).map { .value($0) }" : ".value(\(value))"
                lines.append("        self.\(storage) = \(boxed)")
            } else {
                lines.append("        self.\(member.identifier) = \(value)")
            }
        }
        return lines + ["    }"]
    }
}
