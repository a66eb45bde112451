import Foundation

/// One registered schema handed to the code generator: its registry name and version, the topic
/// pattern it is bound to and the JSON Schema document itself.
public struct CodegenSchema: Sendable, Equatable {
    /// Registry name such as `order-created`; the root type is named after it (`OrderCreated`).
    public var name: String
    public var version: String?
    /// Topic pattern the schema is registered for; feeds the TypeScript `schemasByTopic` map.
    public var topicPattern: String?
    /// Registry description; used for the root type's doc comment ahead of the document's own.
    public var description: String?
    /// The JSON Schema document (draft-07 style).
    public var schema: JSONValue

    public init(
        name: String, version: String? = nil, topicPattern: String? = nil, description: String? = nil,
        schema: JSONValue
    ) {
        self.name = name
        self.version = version
        self.topicPattern = topicPattern
        self.description = description
        self.schema = schema
    }

    /// `order-created v3`, or just the name when there is no version.
    var label: String { version.map { "\(name) v\($0)" } ?? name }
}

/// A schema the generator cannot translate: names the schema and the JSON pointer of the culprit.
public struct CodegenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The schema's label (`name` or `name vVERSION`).
    public var schema: String
    /// JSON pointer into the schema document, as a URI fragment (`#/properties/id`).
    public var pointer: String
    public var message: String

    public init(schema: String, pointer: String, message: String) {
        self.schema = schema
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "schema \(schema) at \(pointer): \(message)" }
}

/// A JSON pointer into the document being translated, kept as a URI fragment.
struct CodegenPointer: Sendable, Equatable, CustomStringConvertible {
    private(set) var fragment = "#"

    /// The pointer one level down; `~` and `/` in the token are escaped as RFC 6901 requires.
    func appending(_ token: String) -> CodegenPointer {
        let escaped = token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        return CodegenPointer(fragment: fragment + "/" + escaped)
    }

    func appending(_ index: Int) -> CodegenPointer { appending(String(index)) }

    var description: String { fragment }
}
