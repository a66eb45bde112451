import Foundation
import NotifAccounts
import NotifCore
import NotifTesting
import PostgresNIO
import Testing

/// Boot in multi-account mode: every org connected again after a restart, in parallel; an org that
/// cannot connect is retried without holding the others back.
extension AccountSuites {
@Suite(.timeLimit(.minutes(4))) struct MultiAccountBootTests {
    @Test func fiftyOrgsComeBackAfterARestartAndABrokenOneDoesNotStopThem() async throws {
        let stack = try await MultiAccountStack.start()
        defer { Task { await stack.stop() } }
        var tenants: [TestTenant] = []
        for _ in 0..<50 { tenants.append(try await stack.tenant()) }
        let database = stack.database

        // One org's seed no longer decrypts: that org cannot be connected.
        let broken = tenants[17], seed = try #require(try await Self.seed(of: broken.orgID, in: database))
        try await database.client.query("UPDATE orgs SET nats_account_seed = 'v1:AAAA' WHERE id = \(broken.orgID)",
                                        logger: TestEnvironment.shared.logger)
        try await stack.restart(keys: stack.broker.keys)

        #expect(await eventually(timeout: .seconds(60)) {
            let ready = try? await stack.platform.get("/ready")
            return ready?.json?["accounts"] == .int(50) && ready?.json?["pending_orgs"] == [.string(broken.orgID)]
        }, "every other org (and the default one) connects")
        let ready = try await stack.platform.get("/ready")
        #expect(ready.status == 503 && ready.json?["nats"] == "partially_connected", "\(ready.text)")
        for tenant in [tenants[0], tenants[49]] { _ = try await tenant.emit("after.restart", ["ok": true]) }
        let refused = try await broken.http.post("/api/v1/emit", json: ["topic": "x", "data": [:]])
        #expect(refused.status == 503 && refused.errorMessage == "org not connected")

        // Once the seed is right again, the retry connects it and the server is ready.
        try await database.client.query("UPDATE orgs SET nats_account_seed = \(seed) WHERE id = \(broken.orgID)",
                                        logger: TestEnvironment.shared.logger)
        #expect(await eventually(timeout: .seconds(30)) { (try? await stack.platform.get("/ready"))?.status == 200 })
        _ = try await broken.emit("after.repair", ["ok": true])

        // Prometheus: accounts, JWT pushes, boot duration, connections per account, emits and deliveries.
        let metrics = try await stack.platform.get("/metrics")
        #expect(metrics.status == 200 && metrics.header("content-type")?.hasPrefix("text/plain") == true)
        for name in ["notifd_accounts_total", "notifd_jwt_push_duration_seconds", "notifd_boot_duration_seconds",
                     "notifd_connections_per_account{org=\"\(tenants[0].orgID)\"}", "notif_events_emitted_total",
                     "notif_audit_written_total"] {
            #expect(metrics.text.contains(name), "\(name) in /metrics")
        }
        #expect(try await tenants[0].http.get("/metrics").status == 403, "a project key cannot read metrics")
    }

    static func seed(of org: String, in database: Database) async throws -> String? {
        let rows = try await database.client.query("SELECT nats_account_seed FROM orgs WHERE id = \(org)",
                                                   logger: TestEnvironment.shared.logger)
        for try await seed in rows.decode(String?.self) { return seed }
        return nil
    }
}
}
