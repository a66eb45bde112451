/// The JSON Schema dialects this validator understands, and what differs between them.
enum JSONSchemaDraft: Sendable, Equatable {
    case draft4, draft6, draft7

    /// The dialect named by a `$schema` URI (http or https, with or without the empty fragment); nil if unknown.
    init?(schemaURI: String) {
        var text = Substring(schemaURI)
        if text.hasSuffix("#") { text = text.dropLast() }
        if text.hasPrefix("https://") { text = "http://" + text.dropFirst("https://".count) }
        switch text {
        case "http://json-schema.org/draft-04/schema": self = .draft4
        case "http://json-schema.org/draft-06/schema": self = .draft6
        case "http://json-schema.org/draft-07/schema": self = .draft7
        default: return nil
        }
    }

    /// The dialect a document declares with `$schema`, or nil when it declares none we know.
    static func declared(by document: JSONValue) -> JSONSchemaDraft? {
        document["$schema"]?.stringValue.flatMap(JSONSchemaDraft.init(schemaURI:))
    }

    /// The keyword that sets a schema's identifier / base URI.
    var idKeyword: String { self == .draft4 ? "id" : "$id" }

    /// Whether `true` / `false` are schemas everywhere (draft-06+); draft-04 only allows them
    /// as the values of `additionalItems` and `additionalProperties`.
    var allowsBooleanSchemas: Bool { self != .draft4 }

    /// Draft-04 treats `exclusiveMaximum` / `exclusiveMinimum` as boolean modifiers of `maximum` / `minimum`.
    var hasBooleanExclusiveBounds: Bool { self == .draft4 }

    /// Draft-04 "integer" means an integer literal; later drafts accept any number without a fractional part.
    var integerMeansIntegerLiteral: Bool { self == .draft4 }

    /// Keywords whose value is a single subschema.
    var singleSchemaKeywords: [String] {
        switch self {
        case .draft4: return ["additionalItems", "additionalProperties", "not"]
        case .draft6: return ["additionalItems", "additionalProperties", "not", "contains", "propertyNames"]
        case .draft7: return ["additionalItems", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"]
        }
    }

    /// Keywords whose value is an array of subschemas (`items` may also be a single schema).
    var schemaArrayKeywords: [String] { ["items", "allOf", "anyOf", "oneOf"] }

    /// Keywords whose value is an object of subschemas (`dependencies` values may also be string arrays).
    var schemaMapKeywords: [String] { ["properties", "patternProperties", "definitions", "dependencies"] }
}
