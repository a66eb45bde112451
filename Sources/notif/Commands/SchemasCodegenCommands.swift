import ArgumentParser
import Foundation
import NotifCore

extension SchemasCommand {
    /// `notif schemas generate [name]`: Swift `Codable` types and TypeScript types with zod validators.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate", abstract: "Generate Swift Codable types and TypeScript/zod types from schemas.",
            discussion: """
                Reads .notif.yaml (searched from the current directory upwards; 'notif schemas init' writes one) \
                for the schemas and output files; --swift and --typescript override its outputs, so \
                'notif schemas generate order-created --swift -' prints Swift to stdout without any config. \
                The server is asked only for schemas that are not local files.
                """)
        @Argument(help: "Only this schema.") var name: String?
        @Option(name: [.short, .customLong("config")], help: ArgumentHelp("Codegen config.", discussion: "Default: the nearest .notif.yaml.", valueName: "path"))
        var codegenConfig: String?
        @Option(help: ArgumentHelp("Write Swift here ('-' for stdout).", valueName: "path")) var swift: String?
        @Option(help: ArgumentHelp("Write TypeScript here ('-' for stdout).", valueName: "path")) var typescript: String?
        @Flag(name: .customLong("dry-run"), help: "Print what would be written instead of writing it.") var dryRun = false
        // -c/--config names the codegen config here, so the global options are spelled out.
        @Option(help: ArgumentHelp("Server URL; overrides NOTIF_SERVER and the config file.", valueName: "url")) var server: String?
        @Flag(help: "Machine-readable output: one JSON object per line.") var json = false

        func run() async throws {
            let global = try GlobalOptions.parse((server.map { ["--server", $0] } ?? []) + (json ? ["--json"] : []))
            let context = CLIContext(global)
            let configPath = codegenConfig ?? CodegenConfig.find()
            var config = try configPath.map { try CodegenConfig(path: $0) }
                ?? CodegenConfig(swiftOutput: nil, typeScriptOutput: nil, entries: [], baseDirectory: FileManager.default.currentDirectoryPath)
            if let swift { config.swiftOutput = swift }
            if let typescript { config.typeScriptOutput = typescript }
            guard config.swiftOutput != nil || config.typeScriptOutput != nil else {
                throw CLIFailure.usage("error: nothing to generate: no .notif.yaml found (run 'notif schemas init') and no --swift or --typescript")
            }
            let schemas = try await SchemaSources(config: config, only: name).load(context)
            guard !schemas.isEmpty else { throw CLIFailure.failed("error: no schemas to generate from") }
            for (path, language) in [(config.swiftOutput, "swift"), (config.typeScriptOutput, "typescript")] {
                guard let path else { continue }
                let code = try language == "swift" ? SchemaCodegen.swift(schemas) : SchemaCodegen.typeScript(schemas)
                try write(code, to: path == "-" ? path : config.resolve(path), context)
            }
        }

        private func write(_ code: String, to path: String, _ context: CLIContext) throws {
            if path == "-" || dryRun {
                if dryRun { Terminal.printOut("// \(path)") }
                Terminal.printOut(code)
                return
            }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: path, contents: Data(code.utf8)) else {
                throw CLIFailure.failed("error: cannot write \(path)")
            }
            context.output.done("Wrote \(path)", json: ["wrote": .string(path)])
        }
    }

    /// `notif schemas init`: writes a starter `.notif.yaml`.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init", abstract: "Write a .notif.yaml codegen config in the current directory.")
        @Flag(help: "List every schema on the server in it.") var all = false
        @Flag(help: "Replace an existing .notif.yaml.") var force = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let path = FileManager.default.currentDirectoryPath + "/" + CodegenConfig.fileName
            if FileManager.default.fileExists(atPath: path) && !force {
                throw CLIFailure.failed("error: \(path) already exists (use --force to replace it)")
            }
            let names = all ? try await context.call("loading schemas") { try await $0.schemas() }.compactMap { $0["name"]?.stringValue } : []
            guard FileManager.default.createFile(atPath: path, contents: Data(CodegenConfig.template(names: names).utf8)) else {
                throw CLIFailure.failed("error: cannot write \(path)")
            }
            context.output.done("Wrote \(path)", json: ["wrote": .string(path), "schemas": .array(names.map { .string($0) })])
        }
    }

    /// `notif schemas cache`: the display cache `subscribe` uses.
    struct Cache: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cache", abstract: "Show, refresh or clear the schema display cache.")
        @Flag(help: "Fetch the schemas from the server now.") var refresh = false
        @Flag(help: "Delete the cache.") var clear = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let server = try context.server()
            let cache = SchemaDisplayCache(server: server)
            if clear {
                try cache.clear()
                context.output.done("Cleared \(cache.directory)", json: ["cleared": .string(cache.directory)])
                return
            }
            if refresh {
                let client = try context.client()
                let schemas = try await Spinner.during("fetching schemas", enabled: !global.json) { try await cache.refresh(client: client) }
                context.output.done("Cached \(schemas.count) schemas from \(server)", json: ["server": .string(server), "schemas": .int(schemas.count)])
                return
            }
            guard let cached = cache.cached() else {
                context.output.done("No cached schemas for \(server)", json: ["server": .string(server), "schemas": .int(0)])
                return
            }
            let age = Int(Date().timeIntervalSince(cached.fetchedAt))
            context.output.done("\(cached.schemas.count) schemas from \(server), fetched \(age)s ago (\(cache.directory))",
                                json: ["server": .string(server), "schemas": .int(cached.schemas.count), "age_seconds": .int(age)])
        }
    }
}

/// The schemas a generate run covers: local definition files and server schemas (latest versions).
struct SchemaSources {
    let config: CodegenConfig
    let only: String?

    func load(_ context: CLIContext) async throws -> [CodegenSchema] {
        var result: [CodegenSchema] = []
        var remoteNames: [String] = []
        for entry in config.entries {
            switch entry {
            case .local(let path):
                let file = try SchemaFile(path: config.resolve(path))
                guard only == nil || only == file.name else { continue }
                result.append(CodegenSchema(name: file.name, version: file.version, topicPattern: file.topic,
                                            description: file.description, schema: file.schema))
            case .remote(let name):
                if only == nil || only == name { remoteNames.append(name) }
            }
        }
        let wantsAll = config.entries.isEmpty
        guard wantsAll || !remoteNames.isEmpty else {
            if let only, result.isEmpty { throw CLIFailure.failed("error: \(only) is not in \(CodegenConfig.fileName)") }
            return result
        }
        let items: [JSONValue] = try await context.call("loading schemas") { client in
            if let only, wantsAll { return [try await client.schema(name: only)] }
            if wantsAll { return try await client.schemas() }
            var items: [JSONValue] = []
            for name in remoteNames { items.append(try await client.schema(name: name)) }
            return items
        }
        for item in items {
            guard let name = item["name"]?.stringValue else { continue }
            guard let latest = item["latest_version"], let document = latest["schema"] else {
                Terminal.printError("warning: \(name) has no version yet; skipped")
                continue
            }
            result.append(CodegenSchema(name: name, version: latest["version"]?.stringValue, topicPattern: item["topic_pattern"]?.stringValue,
                                        description: item["description"]?.stringValue, schema: document))
        }
        return result
    }
}
