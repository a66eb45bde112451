import Foundation
import Logging
import NotifCore
import NotifServer

/// The servers local mode runs for notifd: both under `LocalStack` supervision, or just the one
/// that was not configured externally.
struct LocalServices: Sendable {
    let stack: LocalStack?
    let postgres: PostgresProcess?
    let nats: NATSServerProcess?

    static func start(dataDirectory: URL, needPostgres: Bool, needNATS: Bool, operatorSettings: NATSOperatorSettings?,
                      logger: Logger) async throws -> LocalServices {
        if needPostgres && needNATS {
            let stack = try await LocalStack.start(dataDirectory: dataDirectory, operatorSettings: operatorSettings, logger: logger)
            return LocalServices(stack: stack, postgres: stack.postgres, nats: stack.nats)
        }
        if needPostgres {
            let postgres = try await PostgresProcess.start(directory: dataDirectory.appending(path: "postgres"), logger: logger)
            return LocalServices(stack: nil, postgres: postgres, nats: nil)
        }
        let nats = try await NATSServerProcess.start(
            directory: dataDirectory.appending(path: LocalStack.natsDirectoryName(operatorSettings)),
            operatorSettings: operatorSettings, logger: logger)
        return LocalServices(stack: nil, postgres: nil, nats: nats)
    }

    var natsURL: String? { nats?.url }

    func databaseURL() throws -> String {
        guard let postgres else { throw LocalStackError("no local Postgres") }
        return postgres.databaseURL()
    }

    func stop() async {
        if let stack {
            await stack.stop()
            return
        }
        await postgres?.stop()
        await nats?.stop()
    }
}

/// What `make run` shows a person once the server is up.
enum LocalBanner {
    static func print(server: RunningNotifServer, dataDirectory: URL, local: LocalServices, bootstrap: BootstrapResult?,
                      multiAccount: Bool) {
        var lines = [
            "",
            "notif \(NotifVersion.current) is running at \(server.baseURL)\(multiAccount ? " (multi-account: one NATS account per org)" : "")",
            "  data directory: \(dataDirectory.path)",
        ]
        if multiAccount { lines.append("  operator and account keys: \(dataDirectory.path)/accounts (keep them secret)") }
        if let nats = local.nats { lines.append("  NATS (JetStream): \(nats.url)") }
        if let postgres = local.postgres { lines.append("  Postgres: 127.0.0.1:\(postgres.port) (user notif, password in \(dataDirectory.path)/postgres/password)") }
        lines.append("")
        let key: String
        if let bootstrap {
            key = bootstrap.apiKey
            lines += [
                "First start: created org \(bootstrap.orgID), project \(bootstrap.projectID) and a platform API key.",
                "Save it now, it is not shown again:",
                "",
                "  export NOTIF_API_KEY=\(bootstrap.apiKey)",
                "",
            ]
        } else {
            key = "$NOTIF_API_KEY"
            lines.append("Use the API key printed on first start (export NOTIF_API_KEY=nsh_…).")
            lines.append("")
        }
        lines += [
            "Try it:",
            "  curl -s -X POST \(server.baseURL)/api/v1/emit -H \"Authorization: Bearer \(key)\" \\",
            "       -d '{\"topic\":\"orders.created\",\"data\":{\"order_id\":\"42\"}}'",
            "  curl -s \(server.baseURL)/api/v1/events -H \"Authorization: Bearer \(key)\"",
            "",
        ]
        if multiAccount {
            lines += [
                "Orgs (each a NATS account):",
                "  notif accounts create acme \"Acme Inc\" && notif accounts list",
                "",
            ]
        }
        lines += [
            "Stop with Ctrl-C.",
            "",
        ]
        FileHandle.standardOutput.write(Data(lines.joined(separator: "\n").utf8))
    }
}
