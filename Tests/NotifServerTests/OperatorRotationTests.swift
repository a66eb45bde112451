import Foundation
import NotifAccounts
import NotifCore
import NotifTesting
import Testing

/// docs/operator-seed-rotation.md, end to end: a new operator key is trusted beside the old one,
/// every account is re-signed and verified, the old key is removed, notifd restarts on the new
/// seed, and the orgs serve throughout.
extension AccountSuites {
@Suite(.timeLimit(.minutes(3))) struct OperatorRotationTests {
    @Test func rotatingTheOperatorKeyKeepsEveryOrgServing() async throws {
        let old = OperatorKeys.generate()
        let stack = try await MultiAccountStack.start(keys: old)
        defer { Task { await stack.stop() } }
        let a = try await stack.tenant(tier: .free), b = try await stack.tenant(tier: .pro)

        // Step 1: a new operator key. Step 2: the server trusts both (the old operator lists the new key).
        let newKey = NKeyPair.generate(.operator)
        let both = try OperatorKeys(operatorKey: old.operatorKey, systemAccount: old.systemAccount, next: newKey)
        try await stack.broker.nats.restart(operatorSettings: both.serverSettings)
        #expect(await eventually(timeout: .seconds(30)) { (try? await stack.platform.get("/ready"))?.status == 200 })

        // Step 3: re-sign every account with the new key. Step 4: verify.
        let rebuilt = try await stack.platform.post("/api/v1/admin/accounts/rebuild", json: ["operator_seed": .string(newKey.seed)])
        #expect(rebuilt.status == 200 && rebuilt.json?["accounts_rebuilt"] == 3 && rebuilt.json?["signer"] == .string(newKey.publicKey),
                "\(rebuilt.text)")
        let verified = try await stack.platform.get("/api/v1/admin/accounts/verify")
        #expect(verified.json?["valid"] == true, "\(verified.text)")

        // Step 5: the server trusts the new key only. Steps 6-7: notifd restarts with the new seed.
        let new = try OperatorKeys(operatorKey: newKey, systemAccount: old.systemAccount)
        try await stack.broker.nats.restart(operatorSettings: new.serverSettings)
        try await stack.restart(keys: new)
        #expect(await eventually(timeout: .seconds(30)) { (try? await stack.platform.get("/ready"))?.status == 200 })

        // Step 8: everything verifies against the new key, the rotation is audited, and the orgs serve.
        let after = try await stack.platform.get("/api/v1/admin/accounts/verify")
        #expect(after.json?["valid"] == true && after.json?["operator"] == .string(newKey.publicKey), "\(after.text)")
        let audit = try await stack.platform.get("/api/v1/audit?org=&action=operator.rotate")
        #expect(audit.json?["entries"]?[0]?["detail"]?["accounts_rebuilt"] == 3, "\(audit.text)")
        for tenant in [a, b] {
            let socket = try await tenant.openSocket()
            _ = try await socket.subscribe(["rotated"])
            let id = try await tenant.emit("rotated", ["ok": true])
            #expect(try await socket.receive(type: "event")["id"]?.stringValue == id)
            await socket.close()
        }
        // A JWT signed by the old key is no longer accepted by the server.
        let stale = NKeyPair.generate(.account)
        try await stack.broker.resolver.push(AccountClaims(subject: stale.publicKey, name: "stale").signed(by: old.operatorKey))
        await #expect(throws: (any Error).self) { try await stack.broker.connect(account: stale, retry: false) }
    }
}
}
