import Logging
@testable import NotifAudit
import NotifCore
import NotifTesting
import Testing

/// The audit writer: nothing lost while Postgres is down (the JetStream spill), nothing lost at shutdown.
@Suite(.timeLimit(.minutes(3))) struct AuditLogTests {
    @Test func twentyThousandConcurrentWritesSurviveAPostgresOutageExactlyOnce() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack(ownPostgres: true)
        defer { Task { await stack.stop() } }
        let postgres = try #require(stack.postgres)
        let logger = TestEnvironment.shared.logger
        let database = stack.database()
        _ = try await database.migrate()
        let connection = try await BrokerConnection.connect(BrokerConfiguration(url: stack.nats.url), logger: logger)
        let spill = AuditSpill(connection: connection, logger: logger)
        try await spill.prepare()
        let repository = AuditRepository(client: database.client, logger: logger)
        var settings = AuditLog.Settings()
        settings.capacity = 2_000
        settings.insertTimeout = .seconds(1)
        settings.probeInterval = .milliseconds(200)
        let audit = AuditLog(repository: repository, spill: spill, settings: settings, logger: logger)
        let running = Task { try await audit.run() }

        await postgres.kill()
        let orgs = (0..<4).map { "org_outage_\($0)" }
        // `record` is synchronous: a caller cannot wait on Postgres or NATS. All 20 000 calls finish
        // while Postgres is still down.
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<20 {
                group.addTask {
                    for index in 0..<1_000 {
                        audit.record(AuditEntry(actor: "api:writer-\(writer)", action: "event.emit", orgID: orgs[index % orgs.count],
                                                target: "topic.\(index)", detail: ["n": .int(index)]))
                    }
                }
            }
        }
        #expect(await eventually(timeout: .seconds(60)) { audit.totals.spilled == 20_000 }, "everything went to the spill")
        #expect(audit.queueDepth == 0 && audit.totals.written == 0)
        try await postgres.restart()

        let stored = await eventually(timeout: .seconds(90), every: .milliseconds(250)) {
            var total = 0
            for org in orgs { total += (try? await repository.count(orgID: org)) ?? 0 }
            return total == 20_000
        }
        #expect(stored)
        let ids = try await database.client.query("SELECT count(DISTINCT entry_id) FROM audit_log", logger: logger)
        for try await distinct in ids.decode(Int64.self) { #expect(distinct == 20_000, "each entry exactly once") }
        for org in orgs {
            let verification = try await AuditVerifier(repository: repository).verify(orgID: org)
            #expect(verification.valid && verification.checked == 5_000, "\(verification)")
        }
        running.cancel()
        _ = await running.result
        await connection.close()
    }

    @Test func shutdownWithAFullQueueLosesNothing() async throws {
        let shared = try await TestEnvironment.shared.shared()
        let logger = TestEnvironment.shared.logger
        let repository = AuditRepository(client: shared.database.client, logger: logger)
        var settings = AuditLog.Settings()
        settings.capacity = 1_000
        // The guarantee is "nothing lost within the deadline"; on a loaded 2-core CI machine writing
        // 5 000 chained entries can take longer than the 10 s default.
        settings.shutdownDeadline = .seconds(120)
        let audit = AuditLog(repository: repository, spill: nil, settings: settings, logger: logger)
        let org = "org_" + RandomToken.hex(bytes: 6)
        for index in 0..<5_000 {
            audit.record(AuditEntry(actor: "notifd", action: "schedule.run", orgID: org, target: "sch_\(index)"))
        }
        #expect(audit.queueDepth == 5_000)
        // Shut down at once: the loop never ran, the queue is five times its capacity.
        let running = Task { try await audit.run() }
        running.cancel()
        _ = await running.result
        #expect(audit.queueDepth == 0)
        #expect(try await repository.count(orgID: org) == 5_000)
        #expect(try await AuditVerifier(repository: repository).verify(orgID: org).valid)
    }
}
