import ArgumentParser
import NotifCore

/// `notif auth <key>`: checks the key's format and saves it (and `--server`) in the config file.
struct AuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Save an API key (and, with --server, the server) in the config file.",
        discussion: "The file is written readable by you only (0600, directory 0700). The key is not sent anywhere.")

    @Argument(help: "API key: nsh_ followed by 28 letters or digits.")
    var apiKey: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = CLIContext(global)
        try CLIContext.checkAPIKey(apiKey)
        if let server = global.server { try CLIContext.checkServer(server) }
        var settings = try context.settings()
        settings.apiKey = apiKey
        if let server = global.server { settings.server = server }
        try settings.save(to: context.settingsPath)
        context.output.done("Saved API key \(ClientSettings.masked(apiKey)) to \(context.settingsPath)",
                            json: .object(["saved": .string(context.settingsPath), "server": settings.server.map { .string($0) }]))
    }
}
