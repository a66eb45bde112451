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
        guard NotifClient.isWellFormedAPIKey(apiKey) else {
            throw CLIFailure.usage("error: invalid API key format (expected nsh_ followed by 28 letters or digits)")
        }
        if let server = global.server, !CLIContext.isHTTPURL(server) {
            throw CLIFailure.usage("error: invalid server URL \(server) (expected http:// or https://)")
        }
        var settings = try context.settings()
        settings.apiKey = apiKey
        if let server = global.server { settings.server = server }
        try settings.save(to: context.settingsPath)
        context.output.done("Saved API key \(ClientSettings.masked(apiKey)) to \(context.settingsPath)",
                            json: .object(["saved": .string(context.settingsPath), "server": settings.server.map { .string($0) }]))
    }
}
