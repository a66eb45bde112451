import Foundation
import NotifAccounts
import NotifCore
import NotifTesting
import Testing

/// Accounts on a real nats-server in operator mode: our JWTs are accepted, and the server
/// enforces what they say.
struct OperatorModeTests {
    @Test func accountUsersConnectAndEveryTierHoldsItsStreams() async throws {
        let broker = try await OperatorModeBroker.start()
        defer { Task { await broker.stop() } }
        for tier in BillingTier.allCases {
            let account = try await broker.createAccount(name: "org-\(tier.rawValue)", limits: tier.limits.accountLimits)
            #expect(try await broker.resolver.lookup(account.publicKey) != nil)
            let connection = try await broker.connect(account: account)
            // Both streams fit in the tier's storage (the reference's free and pro orgs could not create theirs).
            try await StreamProvisioner.ensureStreams(connection.jetStream, names: .shared, limits: tier.limits.streamLimits,
                                                      logger: TestEnvironment.shared.logger)
            let ack = try await connection.jetStream.publish(OutgoingMessage(subject: "events.o.p.hello", payload: Array("{}".utf8)))
            #expect(ack.stream == "NOTIF_EVENTS", "\(tier)")
            await connection.close()
        }
    }
}

extension OperatorModeTests {
    /// Collects what a subscription receives.
    final class Inbox: Sendable {
        let messages = SharedValue<[String]>([])
        func add(_ message: NATSMessage) { messages.update { $0.append(String(decoding: message.payload, as: UTF8.self)) } }
        var received: [String] { messages.value }
    }

    @Test func accountsAreIsolatedFromEachOther() async throws {
        let broker = try await OperatorModeBroker.start()
        defer { Task { await broker.stop() } }
        let orgA = try await broker.createAccount(name: "a", limits: BillingTier.free.limits.accountLimits)
        let orgB = try await broker.createAccount(name: "b", limits: BillingTier.free.limits.accountLimits)
        let userA = try await broker.connect(account: orgA), userB = try await broker.connect(account: orgB)
        let seenByA = Inbox(), seenByB = Inbox()
        _ = try await userA.core.subscribe("events.>") { seenByA.add($0) }
        _ = try await userB.core.subscribe(">") { seenByB.add($0) }
        try await userA.core.flush()
        try await userB.core.flush()
        try userB.core.publish("events.a.p.secret", payload: Array("from-b".utf8))
        try userA.core.publish("events.a.p.secret", payload: Array("from-a".utf8))
        try await userA.core.flush()
        try await userB.core.flush()
        #expect(await eventually { seenByA.received == ["from-a"] && seenByB.received == ["from-b"] },
                "a saw \(seenByA.received), b saw \(seenByB.received)")

        // Streams too: B cannot see A's stream even by name.
        try await StreamProvisioner.ensureStreams(userA.jetStream, names: .shared, limits: BillingTier.free.limits.streamLimits,
                                                  logger: TestEnvironment.shared.logger)
        _ = try await userA.jetStream.streamInfo("NOTIF_EVENTS")
        await #expect(throws: BrokerError.self) { try await userB.jetStream.streamInfo("NOTIF_EVENTS") }
        await userA.close()
        await userB.close()
    }

    @Test func theServerEnforcesPayloadAndConnectionLimits() async throws {
        let broker = try await OperatorModeBroker.start()
        defer { Task { await broker.stop() } }
        var limits = BillingTier.free.limits.accountLimits
        limits.connections = 2
        let account = try await broker.createAccount(name: "small", limits: limits)
        let first = try await broker.connect(account: account)
        let second = try await broker.connect(account: account)
        // A third connection is refused by the server, not by us.
        await #expect(throws: (any Error).self) { try await broker.connect(account: account, retry: false) }

        // The payload limit: the largest free-tier event plus its envelope goes through; more does not.
        let inbox = Inbox()
        _ = try await second.core.subscribe("big") { inbox.add($0) }
        try await second.core.flush()
        let fits = Int(BillingTier.free.limits.maxPayload + TierLimits.envelopeAllowance)
        try first.core.publish("big", payload: [UInt8](repeating: 65, count: fits))
        try await first.core.flush()
        #expect(await eventually { inbox.received.count == 1 })
        #expect(first.core.maxPayload == fits, "the server tells clients the account's limit")
        #expect(throws: (any Error).self) { try first.core.publish("big", payload: [UInt8](repeating: 65, count: fits + 1)) }
        await first.close()
        await second.close()
    }

    @Test func deletingAnAccountDisconnectsItsUsersForGood() async throws {
        let broker = try await OperatorModeBroker.start()
        defer { Task { await broker.stop() } }
        let account = try await broker.createAccount(name: "doomed", limits: BillingTier.pro.limits.accountLimits)
        let user = try await broker.connect(account: account)
        #expect(try await broker.resolver.list().contains(account.publicKey))

        try await broker.resolver.delete([account.publicKey], operatorKey: broker.keys.operatorKey)
        #expect(await eventually { user.state != .connected }, "the server closes the deleted account's connections")
        #expect(try await broker.resolver.lookup(account.publicKey) == nil)
        #expect(try await !broker.resolver.list().contains(account.publicKey))
        await #expect(throws: (any Error).self) { try await broker.connect(account: account, retry: false) }
        await user.close()
    }

    @Test func aPushTheServerRefusesIsAnError() async throws {
        let broker = try await OperatorModeBroker.start()
        defer { Task { await broker.stop() } }
        let account = NKeyPair.generate(.account)
        // A broken signature and a user JWT are refused; the reply's error is ours to report.
        let tampered = AccountClaims(subject: account.publicKey, name: "x").signed(by: broker.keys.signer).dropLast(3) + "AAA"
        await #expect(throws: AccountResolverClient.Rejected.self) { try await broker.resolver.push(String(tampered)) }
        await #expect(throws: AccountResolverClient.Rejected.self) {
            try await broker.resolver.push(EphemeralUser(account: account, name: "u").jwt)
        }
        #expect(try await broker.resolver.lookup(account.publicKey) == nil)

        // nats-server 2.9 stores an account signed by an operator it does not trust ("jwt updated"), but
        // nobody can use it: which is why verify-all checks every stored account's issuer.
        let stranger = NKeyPair.generate(.operator)
        try await broker.resolver.push(AccountClaims(subject: account.publicKey, name: "x").signed(by: stranger))
        await #expect(throws: (any Error).self) { try await broker.connect(account: account, retry: false) }
    }

    @Test func aNextOperatorKeyIsTrustedAlongsideTheCurrentOne() async throws {
        let current = OperatorKeys.generate()
        let rotating = try OperatorKeys(operatorKey: current.operatorKey, systemAccount: current.systemAccount,
                                        next: .generate(.operator))
        let broker = try await OperatorModeBroker.start(keys: rotating)
        defer { Task { await broker.stop() } }
        // Signed by the next key (the signer during a rotation) and by the current key: both accepted.
        let byNext = try await broker.createAccount(name: "next", limits: BillingTier.free.limits.accountLimits)
        let byCurrent = NKeyPair.generate(.account)
        try await broker.resolver.push(AccountClaims(subject: byCurrent.publicKey, name: "current",
                                                     limits: BillingTier.free.limits.accountLimits).signed(by: current.operatorKey))
        for account in [byNext, byCurrent] { await (try await broker.connect(account: account)).close() }
        let stored = try #require(try await broker.resolver.lookup(byNext.publicKey))
        #expect(try NATSJWT.decode(stored).issuer == rotating.next?.publicKey)
    }
}
