import ArgumentParser
import NotifCore

/// `notif`: the command-line client of a notif server.
struct NotifCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notif",
        abstract: "Emit, subscribe to and manage events on a notif server.",
        discussion: """
            Settings: the API key comes from NOTIF_API_KEY, else the config file (~/.notif/config.json, \
            written by 'notif auth'); the server from --server, else NOTIF_SERVER, else the config file, \
            else https://api.notif.sh. NOTIF_PROJECT_ID selects a project for JWT callers.

            Every command that prints data accepts --json (one JSON object per line). \
            Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.
            """,
        version: NotifVersion.current,
        subcommands: [
            VersionCommand.self, AuthCommand.self, ConfigCommand.self, HealthCommand.self,
            EmitCommand.self, SubscribeCommand.self, EventsCommand.self, WebhooksCommand.self,
            DLQCommand.self, SchedulesCommand.self, SchemasCommand.self, AuditCommand.self, AccountsCommand.self, BenchCommand.self, JQCommand.self,
            ShellCommand.self, CompletionsCommand.self,
        ])
}
