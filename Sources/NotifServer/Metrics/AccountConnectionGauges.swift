import Logging
import Metrics
import NotifAccounts
import ServiceLifecycle

/// Multi-account mode: `notifd_connections_per_account{org}` as nats-server counts them, refreshed
/// every 15 s. Gauges of deleted orgs are removed. (`notifd_accounts_total` is the account
/// manager's: it changes only when orgs are created or deleted.)
struct AccountConnectionGauges: Service {
    let accounts: AccountManager
    let logger: Logger
    var interval: Duration = .seconds(15)

    func run() async throws {
        var gauges: [String: Gauge] = [:]
        while !Task.isShuttingDownGracefully {
            do {
                let counts = try await accounts.connectionCounts()
                for (org, count) in counts {
                    let gauge = gauges[org] ?? Gauge(label: "notifd_connections_per_account", dimensions: [("org", org)])
                    gauges[org] = gauge
                    gauge.record(count)
                }
                for org in gauges.keys where counts[org] == nil { gauges.removeValue(forKey: org)?.destroy() }
            } catch {
                logger.debug("account connection counts unavailable", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
