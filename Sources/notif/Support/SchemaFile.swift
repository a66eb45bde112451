import Foundation
import NotifCore

/// A schema definition file for `notif schemas push` (YAML or JSON):
/// `{name, version, description, topic, tags, schema, validation: {mode, onInvalid}, compatibility, examples}`.
struct SchemaFile {
    var name: String
    var version: String
    var topic: String
    var description: String?
    var tags: [String]?
    var schema: JSONValue
    var validationMode: String?
    var onInvalid: String?
    var compatibility: String?
    var examples: [JSONValue]?

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.usage("error: cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        let document = path.hasSuffix(".json") ? try InputData.parse(text, what: "in \(path)") : try YAMLDocument.parse(text, file: path)
        try self.init(document, file: path)
    }

    init(_ document: JSONValue, file: String) throws {
        func string(_ key: String) throws -> String? {
            guard let value = document[key], !value.isNull else { return nil }
            // YAML reads `version: 1.0` as a number; a version is text either way.
            if case .number(let digits) = value { return digits }
            guard let text = value.stringValue else { throw CLIFailure.usage("error: \(file): \(key) must be a string") }
            return text
        }
        guard document.members != nil else { throw CLIFailure.usage("error: \(file): expected a mapping with name, version, topic and schema") }
        guard let name = try string("name"), !name.isEmpty else { throw CLIFailure.usage("error: \(file): name is required") }
        guard let version = try string("version"), !version.isEmpty else { throw CLIFailure.usage("error: \(file): version is required") }
        guard let topic = try string("topic") ?? string("topic_pattern") else { throw CLIFailure.usage("error: \(file): topic is required") }
        guard let schema = document["schema"], schema.members != nil || schema.boolValue != nil else {
            throw CLIFailure.usage("error: \(file): schema (a JSON Schema object) is required")
        }
        self.name = name
        self.version = version
        self.topic = topic
        self.description = try string("description")
        self.tags = document["tags"]?.arrayValue?.compactMap(\.stringValue)
        self.schema = schema
        let validation = document["validation"]
        self.validationMode = validation?["mode"]?.stringValue
        self.onInvalid = validation?["onInvalid"]?.stringValue ?? validation?["on_invalid"]?.stringValue
        self.compatibility = try string("compatibility")
        self.examples = document["examples"]?.arrayValue
    }
}
