import Foundation
import NotifCore
import NotifTesting
import Testing

/// The audit trail through the API: what is recorded, and `GET /api/v1/audit[/verify]` with its
/// filters, paging and org scoping.
@Suite(.timeLimit(.minutes(2))) struct AuditRouteTests {
    /// Every entry of the tenant's org, once `expected` of them are there.
    static func entries(_ tenant: TestTenant, atLeast expected: Int, query: String = "") async -> [JSONValue] {
        await eventuallyValue(timeout: .seconds(20)) { () -> [JSONValue]? in
            let entries = try? await tenant.http.get("/api/v1/audit?limit=1000" + query).json?["entries"]?.arrayValue
            return (entries?.count ?? 0) >= expected ? entries : nil
        } ?? []
    }

    @Test func mutationsAreAuditedWithoutSecrets() async throws {
        let admin = try await TestEnvironment.shared.tenant(scope: .admin)
        let http = admin.http
        #expect(try await http.post("/api/v1/emit", json: ["topic": "audit.one", "data": ["n": 1]]).status == 200)
        let webhook = try #require(try await http.post("/api/v1/webhooks", json: ["url": "http://127.0.0.1:9/h", "topics": ["audit.*"]]).json)
        let webhookID = try #require(webhook["id"]?.stringValue)
        let secret = try #require(webhook["secret"]?.stringValue)
        #expect(try await http.put("/api/v1/webhooks/\(webhookID)", json: ["enabled": false]).status == 200)
        let rotated = try await http.post("/api/v1/webhooks/\(webhookID)/rotate-secret", json: [:]).json?["secret"]?.stringValue
        #expect(try await http.delete("/api/v1/webhooks/\(webhookID)").status == 200)
        let schedule = try #require(try await http.post("/api/v1/schedules", json: ["topic": "audit.later", "in": "1h"]).json?["id"]?.stringValue)
        #expect(try await http.post("/api/v1/schedules/\(schedule)/run", json: [:]).status == 200)
        #expect(try await http.post("/api/v1/schemas", json: ["name": "audited", "topic_pattern": "audit.*"]).status == 201)
        #expect(try await http.post("/api/v1/schemas/audited/versions", json: ["version": "1.0.0", "schema": ["type": "object"]]).status == 201)
        #expect(try await http.delete("/api/v1/schemas/audited").status == 200)
        let key = try #require(try await http.post("/api/v1/api-keys", json: ["name": "ci"]).json)
        let fullKey = try #require(key["full_key"]?.stringValue)
        #expect(try await http.delete("/api/v1/api-keys/\(key["id"]?.stringValue ?? "")").status == 200)
        let project = try #require(try await http.post("/api/v1/projects", json: ["name": "Audited"]).json?["id"]?.stringValue)
        #expect(try await http.put("/api/v1/projects/\(project)", json: ["name": "Audited 2"]).status == 200)
        #expect(try await http.delete("/api/v1/projects/\(project)").status == 200)
        let socket = try await admin.openSocket()
        _ = try await socket.subscribe(["audit.*"])
        await socket.close()

        let expected = ["event.emit", "webhook.create", "webhook.disable", "webhook.secret.rotate", "webhook.delete",
                        "schedule.create", "schedule.run", "schema.create", "schema.version", "schema.delete",
                        "api_key.create", "api_key.revoke", "project.create", "project.update", "project.delete",
                        "subscription.create", "subscription.close"]
        let entries = await Self.entries(admin, atLeast: expected.count)
        let actions = entries.compactMap { $0["action"]?.stringValue }
        #expect(Set(actions) == Set(expected), "\(actions)")
        let actor = "api:" + admin.keyID
        #expect(entries.allSatisfy { $0["actor"]?.stringValue == actor && $0["ip_address"] == "127.0.0.1" }, "\(entries)")
        #expect(entries.allSatisfy { $0["request_id"]?.stringValue?.isEmpty == false && $0["org_id"]?.stringValue == admin.orgID })
        let text = JSONValue.array(entries).jsonString
        #expect(!text.contains(secret) && !text.contains(rotated ?? "-") && !text.contains(fullKey) && !text.contains(admin.apiKey))
        let emitted = try #require(entries.first { $0["action"] == "event.emit" })
        #expect(emitted["target"] == "audit.one" && emitted["detail"]?["size"] == 7)

        let verification = try #require(try await http.get("/api/v1/audit/verify").json)
        #expect(verification["valid"] == true && verification["checked"]?.int64Value == Int64(entries.count), "\(verification)")
    }

    @Test func filtersPagingAndOrgScope() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let other = try await TestEnvironment.shared.tenant()
        for index in 0..<5 {
            #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": .string("audit.page.\(index)")]).status == 200)
        }
        _ = try await tenant.http.post("/api/v1/webhooks", json: ["url": "http://127.0.0.1:9/h", "topics": ["a"]])
        let all = await Self.entries(tenant, atLeast: 6)
        #expect(all.count == 6)
        let ids = all.compactMap { $0["id"]?.int64Value }
        #expect(ids == ids.sorted(by: >), "newest first")

        let webhooks = try await tenant.http.get("/api/v1/audit?action=webhook.*").json?["entries"]?.arrayValue ?? []
        #expect(webhooks.map { $0["action"] } == ["webhook.create"])
        let exact = try await tenant.http.get("/api/v1/audit?action=event.emit&target=audit.page.3").json?["entries"]?.arrayValue ?? []
        #expect(exact.count == 1)
        #expect(try await tenant.http.get("/api/v1/audit?actor=api:nobody").json?["count"] == 0)
        #expect(try await tenant.http.get("/api/v1/audit?since=1h").json?["count"] == 6)
        #expect(try await tenant.http.get("/api/v1/audit?until=2000-01-01T00:00:00Z").json?["count"] == 0)

        var seen: [Int64] = []
        var cursor: String?
        repeat {
            let page = try #require(try await tenant.http.get("/api/v1/audit?limit=4" + (cursor.map { "&cursor=\($0)" } ?? "")).json)
            seen += page["entries"]?.arrayValue?.compactMap { $0["id"]?.int64Value } ?? []
            cursor = page["next_cursor"]?.stringValue
        } while cursor != nil
        #expect(seen == ids, "pages cover every entry once, in order")

        let foreign = try await tenant.http.get("/api/v1/audit?org=\(other.orgID)")
        #expect(foreign.status == 403)
        #expect(try await tenant.http.get("/api/v1/audit?org=\(tenant.orgID)").json?["count"] == 6)
        #expect(try await other.http.get("/api/v1/audit").json?["count"] == 0, "another org sees none of them")
        #expect(try await other.http.get("/api/v1/audit/verify?org=\(tenant.orgID)").status == 403)
        #expect(try await tenant.http.get("/api/v1/audit?limit=0").status == 400)
        #expect(try await tenant.http.get("/api/v1/audit?since=yesterday").status == 400)
    }
}
