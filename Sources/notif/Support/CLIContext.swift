import Foundation
import NotifCore

/// What a command needs from its global options: settings, an SDK client, and the output.
struct CLIContext {
    let options: GlobalOptions
    let output: Output
    let environment: [String: String]

    init(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.output = Output(json: options.json)
        self.environment = environment
    }

    /// `--config`, else `NOTIF_CONFIG` (set by `notif shell`), else `~/.notif/config.json`.
    var settingsPath: String { options.config ?? environment["NOTIF_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? ClientSettings.defaultPath }

    func settings() throws -> ClientSettings { try ClientSettings.load(from: settingsPath) }

    /// The server URL in effect (flag > NOTIF_SERVER > config file > hosted service).
    func server() throws -> String {
        try settings().resolved(serverFlag: options.server, environment: environment).server
    }

    /// A client for the effective server; with `requireKey`, a missing or malformed key is an error.
    func client(requireKey: Bool = true) throws -> NotifClient {
        let resolved = try settings().resolved(serverFlag: options.server, environment: environment)
        try Self.checkServer(resolved.server)
        // A Clerk session token (NOTIF_JWT) wins over API keys, as in the reference CLI.
        let jwt = environment["NOTIF_JWT"].flatMap { $0.isEmpty ? nil : $0 }
        let key = jwt ?? resolved.apiKey
        if requireKey {
            guard let key else { throw CLIFailure.failed("No API key configured. Run 'notif auth <key>' first.") }
            if jwt == nil { try Self.checkAPIKey(key) }
        }
        var client = NotifClient(apiKey: key, server: resolved.server)
        client.projectID = resolved.projectID
        return client
    }

    /// Runs one SDK call with a spinner after a second on a terminal.
    func call<T: Sendable>(_ label: String, _ work: (NotifClient) async throws -> T) async throws -> T {
        let client = try client()
        return try await Spinner.during(label, enabled: !options.json) { try await work(client) }
    }

    /// A usage error unless `text` is an http(s) URL with a host.
    static func checkServer(_ text: String) throws {
        guard isHTTPURL(text) else { throw CLIFailure.usage("error: invalid server URL \(text) (expected http:// or https://)") }
    }

    /// A usage error unless `key` looks like an API key (`nsh_` + 28 letters or digits).
    static func checkAPIKey(_ key: String) throws {
        guard NotifClient.isWellFormedAPIKey(key) else {
            throw CLIFailure.usage("error: invalid API key format (expected nsh_ followed by 28 letters or digits)")
        }
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host?.isEmpty == false else { return false }
        return scheme == "http" || scheme == "https"
    }
}
