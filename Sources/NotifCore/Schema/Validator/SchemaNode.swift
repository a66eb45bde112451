/// A compiled schema graph: every (sub)schema is a node, subschemas and `$ref` targets are node
/// indices, so recursive schemas are plain cycles of indices and the whole thing is a value type.
struct SchemaProgram: Sendable {
    var nodes: [SchemaNode]
    var root: Int
}

/// One compiled schema.
enum SchemaNode: Sendable {
    /// `true` / `false` (draft-06+, and draft-04 `additionalItems` / `additionalProperties` booleans).
    case boolean(Bool)
    /// `{"$ref": …}`: in drafts 4–7 the reference replaces the whole schema, siblings are ignored.
    case reference(target: Int)
    /// An ordinary schema object, keywords in evaluation order.
    case keywords([SchemaKeyword])
}

/// One assertion or applicator of a compiled schema object; `Int`s are node indices.
enum SchemaKeyword: Sendable {
    // Any instance
    case type(names: [String], integerLiteralOnly: Bool)
    case enumeration([JSONValue])
    case constant(JSONValue)
    // Numbers
    case multipleOf(JSONNumber, literal: String)
    case bound(NumericBound)
    // Strings
    case maxLength(Int)
    case minLength(Int)
    case pattern(SchemaPattern)
    case format(JSONSchemaFormat)
    // Arrays
    case items(Int)
    case tupleItems([Int], additional: Int?)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case contains(Int)
    // Objects
    case required([String])
    case maxProperties(Int)
    case minProperties(Int)
    case properties(PropertyRules)
    case propertyDependency(property: String, requires: [String])
    case schemaDependency(property: String, schema: Int)
    case propertyNames(Int)
    // Combinators
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
}

/// `minimum`, `maximum` and their exclusive variants (draft-04 booleans are folded in at compile time).
struct NumericBound: Sendable {
    enum Kind: Sendable { case minimum, exclusiveMinimum, maximum, exclusiveMaximum }
    var kind: Kind
    var limit: JSONNumber
    var literal: String
}

/// `properties`, `patternProperties` and `additionalProperties`, which only make sense together.
struct PropertyRules: Sendable {
    var named: [String: Int]
    var patterns: [(pattern: SchemaPattern, schema: Int)]
    var additional: Int?
}
