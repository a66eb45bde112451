import ArgumentParser
import NotifCore

/// `notif schemas …`: the project's JSON Schema registry.
struct SchemasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas", abstract: "Manage the JSON Schemas that validate events.",
        subcommands: [
            List.self, Get.self, Delete.self, Validate.self, Versions.self, ForTopic.self,
            Push.self, Create.self, Edit.self, Generate.self, Init.self, Cache.self,
        ],
        defaultSubcommand: List.self)

    static let columns: [Output.Column] = [
        .init("NAME", key: "name"), .init("TOPIC", key: "topic_pattern"),
        .init("VERSION") { Output.text($0["latest_version"]?["version"]) },
        .init("ON INVALID") { Output.text($0["latest_version"]?["on_invalid"]) },
        .init("DESCRIPTION", key: "description"),
    ]

    /// `notif schemas list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List schemas.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let schemas = try await context.call("loading schemas") { try await $0.schemas() }
            context.output.list(schemas, empty: "No schemas.", columns: SchemasCommand.columns)
        }
    }

    /// `notif schemas get <name>`
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a schema and its latest version.")
        @Argument(help: "Schema name.") var name: String
        @Flag(help: "Print only the latest JSON Schema document.") var schema = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let found = try await context.call("loading schema") { try await $0.schema(name: name) }
            if schema {
                guard let document = found["latest_version"]?["schema"] else { throw CLIFailure.failed("error: schema \(name) has no version yet") }
                context.output.jsonLine(document)
                return
            }
            context.output.object(found, fields: SchemasCommand.columns + [
                .init("COMPATIBILITY") { Output.text($0["latest_version"]?["compatibility"]) },
                .init("SCHEMA") { Output.text($0["latest_version"]?["schema"]) },
            ])
        }
    }

    /// `notif schemas delete <name>`
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a schema and all its versions.")
        @Argument(help: "Schema name.") var name: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            try await context.call("deleting schema") { try await $0.deleteSchema(name: name) }
            SchemaDisplayCache.invalidate()
            context.output.done("Deleted schema \(name)", json: ["deleted": .string(name)])
        }
    }

    /// `notif schemas validate <name> [data | @file]`
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate", abstract: "Check data against a schema's latest version (exit 1 when invalid).")
        @Argument(help: "Schema name.") var name: String
        @Argument(help: ArgumentHelp("JSON data, or @file; stdin when omitted.", valueName: "data")) var data: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            guard let value = try InputData.json(flag: nil, argument: data) else {
                throw CLIFailure.usage("error: no data: pass JSON as an argument, as @file, or on stdin")
            }
            let result = try await context.call("validating") { try await $0.validate(value, againstSchema: name) }
            let json: JSONValue = .object([
                "valid": .bool(result.valid), "schema": .string(result.schema), "version": result.version.map { .string($0) },
                "errors": .array(result.errors),
            ])
            if global.json {
                context.output.jsonLine(json)
            } else if result.valid {
                context.output.line("Valid against \(result.schema)@\(result.version ?? "?")")
            } else {
                context.output.line("Invalid against \(result.schema)@\(result.version ?? "?"):")
                for error in result.errors {
                    let field = error["field"]?.stringValue ?? ""
                    context.output.line("  \(field.isEmpty ? "(root)" : field): \(error["message"]?.stringValue ?? error.jsonString)")
                }
            }
            if !result.valid { throw CLIFailure.failed("") }
        }
    }

    /// `notif schemas versions <name>`
    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "versions", abstract: "List a schema's versions, newest first.")
        @Argument(help: "Schema name.") var name: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let versions = try await context.call("loading versions") { try await $0.schemaVersions(name: name) }
            context.output.list(versions, empty: "No versions.", columns: [
                .init("VERSION", key: "version"), .init("LATEST") { $0["is_latest"]?.boolValue == true ? "*" : "" },
                .init("MODE", key: "validation_mode"), .init("ON INVALID", key: "on_invalid"),
                .init("COMPATIBILITY", key: "compatibility"), .init("CREATED", key: "created_at"),
            ])
        }
    }

    /// `notif schemas for-topic <topic>`
    struct ForTopic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "for-topic", abstract: "Show which schema governs a topic (exit 1 if none).")
        @Argument(help: "Topic, e.g. orders.created.") var topic: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            guard let schema = try await context.call("looking up", { try await $0.schema(forTopic: topic) }) else {
                throw CLIFailure.failed("No schema governs \(topic)")
            }
            context.output.object(schema, fields: SchemasCommand.columns)
        }
    }
}
