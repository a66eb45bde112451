import ArgumentParser
import NotifCore

extension SchemasCommand {
    /// `notif schemas push <file>...`: create or update schemas from definition files.
    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push", abstract: "Create or update schemas from YAML or JSON definition files.",
            discussion: """
                A file holds name, version, topic, schema, and optionally description, tags, \
                validation: {mode: strict|warn|disabled, onInvalid: reject|log|dlq}, compatibility and examples. \
                Pushing a version that exists with the same schema is a no-op; with a different schema it fails \
                (bump the version).
                """)
        @Argument(help: "Schema definition files (.yaml, .yml or .json).") var files: [String]
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one schema file") }
        }

        func run() async throws {
            let context = CLIContext(global)
            let definitions = try files.map { try SchemaFile(path: $0) }
            for definition in definitions {
                let outcome = try await context.call("pushing \(definition.name)") { try await Self.push(definition, with: $0) }
                SchemaDisplayCache.invalidate()
                context.output.done("\(definition.name)@\(definition.version): \(outcome)",
                                    json: ["name": .string(definition.name), "version": .string(definition.version), "result": .string(outcome)])
            }
        }

        /// Creates the schema or updates its topic/description, then adds the version.
        static func push(_ file: SchemaFile, with client: NotifClient) async throws -> String {
            do {
                let existing = try await client.schema(name: file.name)
                let topicChanged = existing["topic_pattern"]?.stringValue != file.topic
                let descriptionChanged = file.description != nil && existing["description"]?.stringValue != file.description
                if topicChanged || descriptionChanged {
                    _ = try await client.updateSchema(name: file.name, topicPattern: file.topic, description: file.description, tags: file.tags)
                }
            } catch NotifClientError.notFound {
                _ = try await client.createSchema(name: file.name, topicPattern: file.topic, description: file.description, tags: file.tags)
            }
            do {
                _ = try await client.addSchemaVersion(name: file.name, version: file.version, schema: file.schema,
                                                      validationMode: file.validationMode, onInvalid: file.onInvalid,
                                                      compatibility: file.compatibility, examples: file.examples)
                return "created"
            } catch NotifClientError.rejected(409, let message, _) where message.contains("already exists") {
                let versions = try await client.schemaVersions(name: file.name)
                let stored = versions.first { $0["version"]?.stringValue == file.version }?["schema"]
                guard stored?.canonical == file.schema.canonical else {
                    throw CLIFailure.failed("error: \(file.name)@\(file.version) already exists with a different schema; bump the version")
                }
                return "unchanged"
            }
        }
    }

    /// `notif schemas create <name> --topic … < schema.json`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a schema with a first version; the JSON Schema is read from stdin or --file.")
        @Argument(help: "Schema name (letters, digits, '.', '_', '-').") var name: String
        @Option(help: ArgumentHelp("Topic pattern the schema governs (orders.*).", valueName: "pattern")) var topic: String
        @Option(help: "First version.") var version = "1.0.0"
        @Option(help: "What the schema describes.") var description: String?
        @Option(help: ArgumentHelp("Read the JSON Schema from this file instead of stdin.", valueName: "path")) var file: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let document = try SchemasCommand.readDocument(file: file)
            let created = try await context.call("creating schema") { client -> JSONValue in
                _ = try await client.createSchema(name: name, topicPattern: topic, description: description)
                return try await client.addSchemaVersion(name: name, version: version, schema: document, validationMode: "strict", onInvalid: "reject")
            }
            SchemaDisplayCache.invalidate()
            context.output.done("Created schema \(name)@\(version) for \(topic)", json: created)
        }
    }

    /// `notif schemas edit <name> < schema.json`: a new version.
    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Add a new version of a schema; the JSON Schema is read from stdin or --file.")
        @Argument(help: "Schema name.") var name: String
        @Option(help: "Version to create (default: the latest with its patch number bumped, or 1.0.0).") var version: String?
        @Option(help: ArgumentHelp("Read the JSON Schema from this file instead of stdin.", valueName: "path")) var file: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let document = try SchemasCommand.readDocument(file: file)
            let (created, newVersion) = try await context.call("adding version") { client -> (JSONValue, String) in
                let existing = try await client.schema(name: name)
                let latest = existing["latest_version"]
                let next = version ?? latest?["version"]?.stringValue.map(SchemasCommand.bumpPatch) ?? "1.0.0"
                let created = try await client.addSchemaVersion(
                    name: name, version: next, schema: document,
                    validationMode: latest?["validation_mode"]?.stringValue, onInvalid: latest?["on_invalid"]?.stringValue,
                    compatibility: latest?["compatibility"]?.stringValue)
                return (created, next)
            }
            SchemaDisplayCache.invalidate()
            context.output.done("Created \(name)@\(newVersion)", json: created)
        }
    }

    /// The JSON Schema document from `file` or stdin.
    static func readDocument(file: String?) throws -> JSONValue {
        guard let document = try InputData.json(flag: file.map { "@" + $0 }, argument: nil, what: "schema") else {
            throw CLIFailure.usage("error: no JSON Schema: pipe it on stdin or pass --file")
        }
        return document
    }

    /// `1.2.3` → `1.2.4`; a version without a numeric last part gets `.1` appended.
    static func bumpPatch(_ version: String) -> String {
        var parts = version.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if let last = parts.last, let number = Int(last) {
            parts[parts.count - 1] = String(number + 1)
            return parts.joined(separator: ".")
        }
        return version + ".1"
    }
}
