/// The language-neutral type model both emitters render: what JSON Schema said, reduced to the
/// shapes Swift and TypeScript can express.
indirect enum CodegenType: Sendable, Equatable {
    case string(CodegenStringRules)
    /// `number`, or `integer` when `rules.isInteger`.
    case number(CodegenNumberRules)
    case boolean
    case null
    /// One or more scalar literals (`const`, non-string `enum`): strings, numbers, booleans.
    case literals([JSONValue])
    case array(CodegenType, CodegenArrayRules)
    /// An object used as a map from string keys to values of one type.
    case dictionary(CodegenType)
    /// A reference to a declaration by its final, unique name.
    case named(String)
    case nullable(CodegenType)
    /// Any JSON value. `note` explains why, when the schema asked for something unsupported.
    case untyped(note: String?)

    /// The type without an outer `nullable`.
    var nonNull: CodegenType {
        if case .nullable(let wrapped) = self { return wrapped.nonNull }
        return self
    }

    var isNullable: Bool {
        if case .nullable = self { return true }
        return false
    }

    /// Every declaration this type mentions, in order of appearance.
    var references: [String] {
        switch self {
        case .named(let name): [name]
        case .array(let element, _): element.references
        case .dictionary(let value): value.references
        case .nullable(let wrapped): wrapped.references
        case .string, .number, .boolean, .null, .literals, .untyped: []
        }
    }

    /// Notes of untyped parts of this type (not of the declarations it references).
    var notes: [String] {
        switch self {
        case .untyped(let note): note.map { [$0] } ?? []
        case .array(let element, _): element.notes
        case .dictionary(let value): value.notes
        case .nullable(let wrapped): wrapped.notes
        case .string, .number, .boolean, .null, .literals, .named: []
        }
    }
}

/// String keywords the TypeScript validators enforce.
struct CodegenStringRules: Sendable, Equatable {
    var format: String?
    var minLength: Int?
    var maxLength: Int?
    var pattern: String?
}

/// Numeric keywords, kept as the JSON number literals the schema used.
struct CodegenNumberRules: Sendable, Equatable {
    var isInteger = false
    var minimum: String?
    var maximum: String?
    var exclusiveMinimum: String?
    var exclusiveMaximum: String?
    var multipleOf: String?
}

/// Array length keywords.
struct CodegenArrayRules: Sendable, Equatable {
    var minItems: Int?
    var maxItems: Int?
}

/// A named type the emitters declare.
struct CodegenDeclaration: Sendable, Equatable {
    /// What the declaration is.
    enum Kind: Sendable, Equatable {
        case object(CodegenObject)
        /// String values in schema order, deduplicated.
        case stringEnum([String])
        /// Alternatives tried in order (`oneOf`, `anyOf`, `type` arrays); never contains `null`.
        case union([CodegenType])
        /// A name for another type (a root or definition that is an array, a string, …).
        case alias(CodegenType)
    }

    var name: String
    var documentation: [String]
    var kind: Kind

    /// Every declaration this one mentions, in order of appearance.
    var references: [String] {
        switch kind {
        case .object(let object): object.properties.flatMap(\.type.references)
        case .stringEnum: []
        case .union(let members): members.flatMap(\.references)
        case .alias(let type): type.references
        }
    }
}

/// An object with known properties.
struct CodegenObject: Sendable, Equatable {
    var properties: [CodegenProperty]
    /// `additionalProperties: false`: unknown keys are rejected (zod `.strict()`).
    var isClosed = false
}

/// One property of an object, with its JSON name as written in the schema.
struct CodegenProperty: Sendable, Equatable {
    var jsonName: String
    var type: CodegenType
    var isRequired: Bool
    var documentation: [String]
}

/// A schema's root declaration together with where it came from.
struct CodegenRoot: Sendable, Equatable {
    var source: CodegenSchema
    var typeName: String
}

/// Everything the builder produced for a set of schemas.
struct CodegenModel: Sendable, Equatable {
    var roots: [CodegenRoot]
    /// Declarations in creation order: each root followed by its nested types and definitions.
    var declarations: [CodegenDeclaration]
}
