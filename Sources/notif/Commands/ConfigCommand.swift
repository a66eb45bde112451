import ArgumentParser
import NotifCore

/// `notif config show|set`
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show or change the CLI configuration.",
        subcommands: [Show.self, Set.self], defaultSubcommand: Show.self)

    /// `notif config show`: the file, the masked key and the effective server, with where each comes from.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the config file, API key (masked) and server in effect.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = CLIContext(global)
            let settings = try context.settings()
            let resolved = settings.resolved(serverFlag: global.server, environment: context.environment)
            let keyFromEnvironment = context.environment["NOTIF_API_KEY"]?.isEmpty == false
            let keySource: String? = keyFromEnvironment ? "env NOTIF_API_KEY" : settings.apiKey == nil ? nil : "config file"
            let serverSource = global.server != nil ? "--server"
                : context.environment["NOTIF_SERVER"]?.isEmpty == false ? "env NOTIF_SERVER"
                : settings.server == nil ? "default" : "config file"
            let value: JSONValue = .object([
                "config": .string(context.settingsPath),
                "api_key": resolved.apiKey.map { .string(ClientSettings.masked($0)) },
                "api_key_source": keySource.map { .string($0) },
                "server": .string(resolved.server),
                "server_source": .string(serverSource),
                "project_id": resolved.projectID.map { .string($0) },
            ])
            context.output.object(value, fields: [
                .init("Config", key: "config"),
                .init("API key") { $0["api_key"]?.stringValue.map { "\($0) (\(keySource ?? ""))" } ?? "not set" },
                .init("Server") { _ in "\(resolved.server) (\(serverSource))" },
                .init("Project", key: "project_id"),
            ])
        }
    }

    /// `notif config set <key> <value>`: `server` or `api_key` in the config file.
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set server or api_key in the config file.")

        @Argument(help: "server or api_key.") var key: String
        @Argument(help: "The new value (empty to remove it).") var value: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = CLIContext(global)
            var settings = try context.settings()
            let newValue = value.isEmpty ? nil : value
            switch key {
            case "server":
                if let newValue { try CLIContext.checkServer(newValue) }
                settings.server = newValue
            case "api_key", "api-key":
                if let newValue { try CLIContext.checkAPIKey(newValue) }
                settings.apiKey = newValue
            default:
                throw CLIFailure.usage("error: unknown setting \(key) (use server or api_key)")
            }
            try settings.save(to: context.settingsPath)
            context.output.done("Saved \(key) in \(context.settingsPath)", json: ["saved": .string(context.settingsPath)])
        }
    }
}
