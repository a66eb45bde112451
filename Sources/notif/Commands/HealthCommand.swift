import ArgumentParser
import NotifCore

/// `notif health`: `GET /health`, no key needed.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Check that the server is up (no API key needed).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = CLIContext(global)
        let client = try context.client(requireKey: false)
        let health = try await Spinner.during("contacting \(client.server)", enabled: !global.json) { try await client.health() }
        guard health["status"]?.stringValue != nil else { throw CLIFailure.failed("error: \(client.server)/health did not report a status") }
        context.output.object(health, fields: [
            .init("Server") { _ in client.server },
            .init("Status", key: "status"),
            .init("Version", key: "version"),
        ])
    }
}
