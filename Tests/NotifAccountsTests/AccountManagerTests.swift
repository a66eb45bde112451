import Foundation
import Logging
import NotifAccounts
import NotifCore
import NotifTesting
import Synchronization
import Testing

/// The account sagas against a real nats-server and Postgres, with pushes that fail on demand:
/// a failure at any step leaves the org, its JWT and the server as they were.
@Suite(.timeLimit(.minutes(2))) struct AccountManagerTests {
    struct InjectedFailure: Error {}

    /// Passes pushes to the real resolver, except those `failWhen` picks.
    final class FailingPusher: ClaimsPusher {
        let inner: AccountResolverClient
        let failWhen = Mutex<@Sendable (AccountClaims) -> Bool>({ _ in false })
        init(_ inner: AccountResolverClient) { self.inner = inner }

        func push(_ jwt: String) async throws {
            let claims = try AccountClaims.decode(jwt, now: nil).claims
            if failWhen.withLock({ $0 })(claims) { throw InjectedFailure() }
            try await inner.push(jwt)
        }
        func lookup(_ account: String) async throws -> String? { try await inner.lookup(account) }
        func delete(_ accounts: [String], operatorKey: NKeyPair) async throws { try await inner.delete(accounts, operatorKey: operatorKey) }
    }

    struct Harness {
        let broker: OperatorModeBroker
        let manager: AccountManager
        let pusher: FailingPusher
        let pool: BrokerPool
        let database: Database
        let events: SharedValue<[AccountAuditEvent]>

        static func start(serverKeys: OperatorKeys = .generate(), managerKeys: OperatorKeys? = nil,
                          userJWTLifetime: Duration = .seconds(24 * 3600)) async throws -> Harness {
            let environment = TestEnvironment.shared
            let services = try await environment.services()
            let name = "acctmgr_" + RandomToken.hex(bytes: 6)
            try await services.postgres.createDatabase(name)
            let database = Database(url: try DatabaseURL(services.postgres.databaseURL(database: name)), maxConnections: 2,
                                    logger: environment.logger)
            Task { await database.run() }
            _ = try await database.migrate()
            let broker = try await OperatorModeBroker.start(keys: serverKeys)
            let pool = BrokerPool(), pusher = FailingPusher(broker.resolver), events = SharedValue<[AccountAuditEvent]>([])
            var settings = AccountSettings(keys: managerKeys ?? serverKeys, cipher: try SeedCipher(base64Key: SeedCipher.generateKey()),
                                           natsURL: broker.nats.url)
            settings.userJWTLifetime = userJWTLifetime
            let manager = AccountManager(settings: settings, system: broker.system, pool: pool,
                                         repository: AccountRepository(client: database.client, logger: environment.logger),
                                         pusher: pusher, auditor: { event in events.update { $0.append(event) } },
                                         logger: environment.logger)
            return Harness(broker: broker, manager: manager, pusher: pusher, pool: pool, database: database, events: events)
        }

        func storedClaims(_ org: String) async throws -> (AccountClaims, JWTClaims)? {
            guard let key = try await manager.repository.get(org)?.publicKey,
                  let token = try await broker.resolver.lookup(key) else { return nil }
            return try AccountClaims.decode(token, now: nil)
        }

        func stop() async {
            await pool.close()
            await broker.stop()
        }
    }

    static let test = AccountCaller(actor: "test")

    @Test func aCreateWhosePushFailsLeavesNothingBehind() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        harness.pusher.failWhen.withLock { $0 = { _ in true } }
        await #expect {
            try await harness.manager.create(id: "doomed", name: "Doomed", caller: Self.test)
        } throws: { error in
            "\(error)".contains("push account JWT") && "\(error)".contains("rolled back")
        }
        #expect(try await harness.manager.repository.get("doomed") == nil, "the row is removed again")
        #expect(harness.pool.orgs.isEmpty)
        // And the id can be used once the broker works.
        harness.pusher.failWhen.withLock { $0 = { _ in false } }
        _ = try await harness.manager.create(id: "doomed", name: "Doomed", caller: Self.test)
        #expect(harness.pool.orgs == ["doomed"])
    }

    @Test func aTierChangeWhosePushFailsKeepsTheOldTierEverywhere() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        _ = try await harness.manager.create(id: "steady", name: "Steady", tier: .free, caller: Self.test)
        harness.pusher.failWhen.withLock { $0 = { $0.limits.connections == BillingTier.enterprise.limits.maxConnections } }
        await #expect(throws: AccountError.self) { try await harness.manager.setTier(id: "steady", tier: .enterprise, caller: Self.test) }
        #expect(try await harness.manager.repository.get("steady")?.tier == .free)
        #expect(try await harness.storedClaims("steady")?.0.limits == BillingTier.free.limits.accountLimits)
        // Still served, with streams of the free size.
        let broker = try harness.pool.broker(forOrg: "steady")
        let info = try await broker.jetStream.streamInfo(broker.streams.events)
        #expect(info.config.maxBytes == BillingTier.free.limits.streamLimits.eventsMaxBytes)
        #expect(!harness.events.value.contains { $0.action == "tier.change" })
    }

    @Test func aRebuildThatFailsHalfwayPutsBackWhatItPushed() async throws {
        let current = OperatorKeys.generate(), next = NKeyPair.generate(.operator)
        // The server already trusts the next key (rotation step 2); notifd still signs with the current one.
        let serverKeys = try OperatorKeys(operatorKey: current.operatorKey, systemAccount: current.systemAccount, next: next)
        let harness = try await Harness.start(serverKeys: serverKeys, managerKeys: current)
        defer { Task { await harness.stop() } }
        for id in ["a1", "a2", "a3", "a4"] { _ = try await harness.manager.create(id: id, name: id, caller: Self.test) }
        let a3 = try #require(try await harness.manager.repository.get("a3")?.publicKey)
        harness.pusher.failWhen.withLock { $0 = { $0.subject == a3 } }

        await #expect(throws: AccountError.self) {
            try await harness.manager.rebuildAll(nextOperatorSeed: next.seed, caller: Self.test)
        }
        #expect(harness.manager.keys.signer == current.operatorKey, "the signer is the old key again")
        for id in ["a1", "a2", "a3", "a4"] {
            let stored = try #require(try await harness.storedClaims(id))
            #expect(stored.1.issuer == current.operatorKey.publicKey, "\(id) is signed by the old key again")
            #expect(stored.0.limits == BillingTier.free.limits.accountLimits)
        }
        #expect(!harness.events.value.contains { $0.action == "operator.rotate" })

        // Without the failure the rebuild goes through and every account verifies against the new key.
        harness.pusher.failWhen.withLock { $0 = { _ in false } }
        let report = try await harness.manager.rebuildAll(nextOperatorSeed: next.seed, caller: Self.test)
        #expect(report.accountsRebuilt == 4 && report.signer == next.publicKey)
        let results = try await harness.manager.verifyAll()
        #expect(results.count == 4 && results.allSatisfy(\.isValid), "\(results)")
        #expect(harness.events.value.contains { $0.action == "operator.rotate" && $0.detail["accounts_rebuilt"] == 4 })
    }

    @Test func notifdsOwnUserOutlivesItsJWT() async throws {
        // The server drops a connection whose user JWT expired; libnats reconnects and asks for a new one.
        let harness = try await Harness.start(userJWTLifetime: .seconds(2))
        defer { Task { await harness.stop() } }
        _ = try await harness.manager.create(id: "longlived", name: "Long lived", caller: Self.test)
        let broker = try harness.pool.broker(forOrg: "longlived")
        let states = SharedValue<[ConnectionState]>([])
        let watcher = Task { for await state in broker.connection.core.stateChanges() { states.update { $0.append(state) } } }
        defer { watcher.cancel() }
        #expect(await eventually(timeout: .seconds(20)) { states.value.contains(.reconnecting) }, "the expired JWT was refused")
        #expect(await eventually(timeout: .seconds(20)) { broker.connection.state == .connected }, "\(states.value)")
        let ack = try await broker.jetStream.publish(OutgoingMessage(subject: "events.longlived.p.t", payload: Array("{}".utf8)))
        #expect(ack.stream == broker.streams.events)
    }

    @Test func aNextKeyTheServerDoesNotTrustIsRefused() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        _ = try await harness.manager.create(id: "o1", name: "o1", caller: Self.test)
        await #expect {
            try await harness.manager.rebuildAll(nextOperatorSeed: NKeyPair.generate(.operator).seed, caller: Self.test)
        } throws: { error in
            "\(error)".contains("does not trust operator key")
        }
        #expect(try await harness.manager.verifyAll().allSatisfy(\.isValid))
    }
}
