import Foundation
import NotifAccounts
import NotifCore
import NotifTesting
import Testing

/// notifd in multi-account mode against a real nats-server in operator mode: every org is a NATS
/// account, created, re-tiered and deleted through the org API.
extension AccountSuites {
@Suite(.timeLimit(.minutes(3))) struct MultiAccountTests {
    @Test func everyTierCanBeCreatedAndEmitAndDeliver() async throws {
        let stack = try await MultiAccountStack.start()
        defer { Task { await stack.stop() } }
        for tier in BillingTier.allCases {
            let tenant = try await stack.tenant(tier: tier)
            let socket = try await tenant.openSocket()
            _ = try await socket.subscribe(["orders.*"])
            let id = try await tenant.emit("orders.created", ["tier": .string(tier.rawValue)])
            let event = try await socket.receive(type: "event")
            #expect(event["id"]?.stringValue == id && event["data"]?["tier"]?.stringValue == tier.rawValue)
            await socket.close()
            // Emit takes the tier's payload limit: 600 KiB is over free's 256 KiB, within pro's 1 MiB.
            let big = JSONValue.object(["blob": .string(String(repeating: "x", count: 600 * 1024))])
            let large = try await tenant.http.post("/api/v1/emit", json: ["topic": "big.one", "data": big])
            #expect(large.status == (tier == .free ? 413 : 200), "\(tier): \(large.status) \(large.text.prefix(200))")
            // The history index (a per-org worker) has it too.
            #expect(await eventually {
                (try? await tenant.http.get("/api/v1/events/\(id)"))?.status == 200
            }, "indexed for \(tier)")
        }
        let ready = try await stack.platform.get("/ready")
        #expect(ready.status == 200 && ready.json?["accounts"] == .int(4), "\(ready.text)")  // three orgs and the default one
    }

    @Test func orgRoutesNeedAPlatformKeyAndValidInput() async throws {
        let stack = try await MultiAccountStack.start()
        defer { Task { await stack.stop() } }
        let tenant = try await stack.tenant(scope: .admin)
        // An org admin is not a platform operator: no org routes, not even its own.
        for (method, path) in [("GET", "/api/v1/orgs"), ("DELETE", "/api/v1/orgs/\(tenant.orgID)"),
                               ("GET", "/api/v1/orgs/\(tenant.orgID)/limits"), ("GET", "/api/v1/admin/accounts/verify")] {
            let response = method == "GET" ? try await tenant.http.get(path) : try await tenant.http.delete(path)
            #expect(response.status == 403 && response.errorMessage == "platform api key required", "\(method) \(path)")
        }
        let bad = try await stack.platform.post("/api/v1/orgs", json: ["id": "org>inject", "name": "x"])
        #expect(bad.status == 400 && bad.errorMessage == "id must be 1-32 alphanumeric characters, hyphens, or underscores")
        #expect(try await stack.platform.post("/api/v1/orgs", json: ["id": "x"]).errorMessage == "id and name are required")
        let tier = try await stack.platform.post("/api/v1/orgs", json: ["id": "x", "name": "x", "billing_tier": "Pro"])
        #expect(tier.status == 400 && tier.errorMessage == "invalid billing_tier, must be: free, pro, or enterprise")
        let taken = try await stack.platform.post("/api/v1/orgs", json: ["id": .string(tenant.orgID), "name": "again"])
        #expect(taken.status == 409)
        #expect(try await stack.platform.delete("/api/v1/orgs/nope").status == 404)
        #expect(try await stack.platform.get("/api/v1/orgs/nope/limits").status == 404)

        let list = try await stack.platform.get("/api/v1/orgs")
        let ids = list.json?["orgs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.contains(tenant.orgID) && list.json?["count"] == .int(ids.count))
        let limits = try await stack.platform.get("/api/v1/orgs/\(tenant.orgID)/limits")
        #expect(limits.json?["limits"]?["stream_max_age"] == "12h0m0s" && limits.json?["limits"]?["max_connections"] == 10)
    }
}
}

extension AccountSuites.MultiAccountTests {
    /// A `.creds` file for `org` from the API, written to a temporary file.
    static func credentialsFile(_ stack: MultiAccountStack, org: String) async throws -> URL {
        let response = try await stack.platform.post("/api/v1/orgs/\(org)/creds", json: ["ttl": "1h"])
        #expect(response.status == 201, "\(response.text)")
        let text = try #require(response.json?["creds"]?.stringValue)
        let file = FileManager.default.temporaryDirectory.appending(path: "notif-\(RandomToken.hex(bytes: 6)).creds")
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Connects with a `.creds` file. nats-server applies an account update a moment after it
    /// confirms the push, and may refuse a user meanwhile (Authentication Violation), so a connection
    /// expected to succeed retries for a few seconds; one expected to fail is tried once.
    static func connect(_ stack: MultiAccountStack, creds: URL, retry: Bool = true) async throws -> BrokerConnection {
        try await BrokerConnection.connect(BrokerConfiguration(url: stack.broker.nats.url, credentialsFile: creds.path, name: "creds-user"),
                                           retryFor: retry ? .seconds(5) : .zero, logger: TestEnvironment.shared.logger)
    }

    @Test func orgsAreIsolatedOverTheAPIAndOverRawNATS() async throws {
        let stack = try await MultiAccountStack.start()
        defer { Task { await stack.stop() } }
        let a = try await stack.tenant(), b = try await stack.tenant()
        let credsA = try await Self.credentialsFile(stack, org: a.orgID)
        defer { try? FileManager.default.removeItem(at: credsA) }
        let userA = try await Self.connect(stack, creds: credsA)
        let seen = SharedValue<[String]>([])
        _ = try await userA.core.subscribe("events.\(a.orgID).>") { message in seen.update { $0.append(message.subject) } }
        try await userA.core.flush()

        let socketB = try await b.openSocket()
        _ = try await socketB.subscribe([">"])
        let idA = try await a.emit("secret.plan", ["org": "a"])
        let idB = try await b.emit("secret.plan", ["org": "b"])
        // A's raw user sees A's event (same subject scheme) and nothing of B's; B's socket sees only B's.
        #expect(await eventually { seen.value.contains("events.\(a.orgID).\(a.projectID).secret.plan") })
        let event = try await socketB.receive(type: "event")
        #expect(event["id"]?.stringValue == idB)
        #expect(!seen.value.contains { $0.contains(b.orgID) }, "\(seen.value)")
        #expect(try await b.http.get("/api/v1/events/\(idA)").status == 404)

        // The credential is scoped to A's subjects even inside A's account, and cannot reach B's.
        await #expect(throws: (any Error).self) {
            _ = try await userA.jetStream.streamInfo(StreamNames.perOrg(a.orgID).events)
        }
        try userA.core.publish("events.\(b.orgID).\(b.projectID).secret.plan", payload: Array("{}".utf8))
        try? await userA.core.flush()
        #expect(socketB.unread.filter { $0["type"] == "event" }.count == 0)
        await socketB.close()
        await userA.close()
    }

    @Test func theServerEnforcesTheTiersConnectionLimitOnIssuedCredentials() async throws {
        let stack = try await MultiAccountStack.start()
        defer { Task { await stack.stop() } }
        let tenant = try await stack.tenant(tier: .free)
        let creds = try await Self.credentialsFile(stack, org: tenant.orgID)
        defer { try? FileManager.default.removeItem(at: creds) }
        // notifd holds one of the free tier's 10 connections.
        var connections: [BrokerConnection] = []
        for _ in 1...9 { connections.append(try await Self.connect(stack, creds: creds)) }
        await #expect(throws: (any Error).self) { try await Self.connect(stack, creds: creds, retry: false) }
        for connection in connections { await connection.close() }
    }

    @Test func aTierChangeAppliesWithoutARestart() async throws {
        let stack = try await MultiAccountStack.start()
        defer { Task { await stack.stop() } }
        let tenant = try await stack.tenant(tier: .free)
        let changed = try await stack.platform.put("/api/v1/orgs/\(tenant.orgID)/limits", json: ["billing_tier": "pro"])
        #expect(changed.status == 200 && changed.json?["billing_tier"] == "pro", "\(changed.text)")
        #expect(changed.json?["limits"]?["max_connections"] == 100)

        let org = try #require(try await stack.platform.get("/api/v1/orgs/\(tenant.orgID)").json)
        let publicKey = try #require(org["nats_public_key"]?.stringValue)
        let stored = try #require(try await stack.broker.resolver.lookup(publicKey))
        #expect(try AccountClaims.decode(stored).claims.limits == BillingTier.pro.limits.accountLimits)
        // Events keep flowing, and the streams were resized for the new tier.
        let socket = try await tenant.openSocket()
        _ = try await socket.subscribe(["after.change"])
        let id = try await tenant.emit("after.change", ["ok": true])
        #expect(try await socket.receive(type: "event")["id"]?.stringValue == id)
        await socket.close()
        let creds = try await Self.credentialsFile(stack, org: tenant.orgID)
        defer { try? FileManager.default.removeItem(at: creds) }
        var connections: [BrokerConnection] = []
        for _ in 1...12 { connections.append(try await Self.connect(stack, creds: creds)) }  // more than free's 10
        for connection in connections { await connection.close() }

        let back = try await stack.platform.put("/api/v1/orgs/\(tenant.orgID)/limits", json: ["billing_tier": "free"])
        #expect(back.status == 200)
        // Back on free, the tier's payload limit applies to emit at once.
        let big = JSONValue.object(["blob": .string(String(repeating: "x", count: 600 * 1024))])
        let refused = try await tenant.http.post("/api/v1/emit", json: ["topic": "big.one", "data": big])
        #expect(refused.status == 413 && refused.errorMessage == "payload too large, max 256KB", "\(refused.text)")
        // Audited: both changes, and each push with what changed in the claims.
        #expect(await eventually {
            let audit = try? await stack.platform.get("/api/v1/audit?action=tier.change&org=\(tenant.orgID)")
            return audit?.json?["entries"]?.arrayValue?.count == 2
        })
        let pushes = try await stack.platform.get("/api/v1/audit?action=jwt.push&org=\(tenant.orgID)")
        let changes = pushes.json?["entries"]?.arrayValue?.compactMap { $0["detail"]?["changes"]?["limits.conn"] } ?? []
        #expect(changes.contains { $0["before"] == 10 && $0["after"] == 100 }, "\(pushes.text)")
        #expect(changes.contains { $0["before"] == 100 && $0["after"] == 10 }, "\(pushes.text)")
    }

    @Test func deletingAnOrgRevokesItsAccountAndEverythingItOwned() async throws {
        let stack = try await MultiAccountStack.start()
        defer { Task { await stack.stop() } }
        let tenant = try await stack.tenant()
        _ = try await tenant.emit("before.delete", ["n": 1])
        let creds = try await Self.credentialsFile(stack, org: tenant.orgID)
        defer { try? FileManager.default.removeItem(at: creds) }
        let user = try await Self.connect(stack, creds: creds)
        let org = try #require(try await stack.platform.get("/api/v1/orgs/\(tenant.orgID)").json)
        let publicKey = try #require(org["nats_public_key"]?.stringValue)

        let deleted = try await stack.platform.delete("/api/v1/orgs/\(tenant.orgID)")
        #expect(deleted.status == 200 && deleted.json == ["status": "deleted"], "\(deleted.text)")
        #expect(await eventually { user.state != .connected }, "the org's users are disconnected")
        await #expect(throws: (any Error).self) { try await Self.connect(stack, creds: creds, retry: false) }
        #expect(try await stack.broker.resolver.lookup(publicKey) == nil, "removed from the resolver")
        #expect(try await tenant.http.get("/api/v1/events").status == 401, "its keys are gone")
        #expect(try await stack.platform.delete("/api/v1/orgs/\(tenant.orgID)").status == 404, "deleting twice is a 404")
        #expect(!(try await stack.platform.get("/api/v1/orgs").text.contains(tenant.orgID)))
        #expect(await eventually {
            let audit = try? await stack.platform.get("/api/v1/audit?action=account.*&org=\(tenant.orgID)")
            return audit?.json?["entries"]?.arrayValue?.compactMap { $0["action"]?.stringValue }.sorted()
                == ["account.create", "account.delete"]
        }, "the trail of a deleted org stays")
        await user.close()
    }
}
