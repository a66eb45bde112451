import Foundation
import NotifCore
import NotifServer
import NotifTesting
import Testing

/// Webhook management and delivery against a real server and a real local receiver.
@Suite(.timeLimit(.minutes(2))) struct WebhookTests {
    /// Creates a webhook to `receiver` for `topics` and makes the receiver check its signatures.
    func createWebhook(_ tenant: TestTenant, _ receiver: WebhookReceiver, path: String = "/hook",
                       topics: [String] = ["orders.*"]) async throws -> (id: String, secret: String) {
        let response = try await tenant.http.post("/api/v1/webhooks", json: [
            "url": .string(receiver.url(path: path)), "topics": .array(topics.map { .string($0) }),
        ])
        #expect(response.status == 201, "\(response.text)")
        let json = try #require(response.json)
        let secret = try #require(json["secret"]?.stringValue)
        receiver.secret = secret
        return (try #require(json["id"]?.stringValue), secret)
    }

    @Test func crudAndValidation() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let created = try await tenant.http.post("/api/v1/webhooks", json: ["url": .string(receiver.url(path: "/a")),
                                                                          "topics": ["orders.*", "users.created"]])
        #expect(created.status == 201)
        let json = try #require(created.json)
        #expect(json.members?.prefix(6).map(\.key) == ["id", "url", "topics", "secret", "enabled", "created_at"])
        #expect(json["secret"]?.stringValue?.count == 64 && json["enabled"] == true && json["topics"]?.arrayValue?.count == 2)
        let id = try #require(json["id"]?.stringValue)

        let list = try #require(try await tenant.http.get("/api/v1/webhooks").json)
        #expect(list["count"] == 1 && list["webhooks"]?[0]?["secret"] == nil)
        let one = try #require(try await tenant.http.get("/api/v1/webhooks/\(id)").json)
        #expect(one["id"]?.stringValue == id && one["secret"] == nil)

        let disabled = try await tenant.http.put("/api/v1/webhooks/\(id)", json: ["enabled": false])
        #expect(disabled.json?["enabled"] == false && disabled.json?["topics"]?.arrayValue?.count == 2)
        let changed = try await tenant.http.put("/api/v1/webhooks/\(id)", json: [
            "url": .string(receiver.url(path: "/b")), "topics": ["users.*"], "enabled": true])
        #expect(changed.json?["url"]?.stringValue == receiver.url(path: "/b"))
        #expect(changed.json?["topics"] == ["users.*"] && changed.json?["enabled"] == true)
        let deliveries = try #require(try await tenant.http.get("/api/v1/webhooks/\(id)/deliveries").json)
        #expect(deliveries["deliveries"] == [] && deliveries["count"] == 0)

        #expect(try await tenant.http.post("/api/v1/webhooks", json: ["topics": ["a"]]).errorMessage == "url is required")
        #expect(try await tenant.http.post("/api/v1/webhooks", json: ["url": .string(receiver.url())]).errorMessage
                == "at least one topic is required")
        #expect(try await tenant.http.post("/api/v1/webhooks", json: ["url": .string(receiver.url()), "topics": ["a..b"]]).status == 400)
        #expect(try await tenant.http.get("/api/v1/webhooks/invalid-uuid").errorMessage == "invalid webhook ID")
        #expect(try await tenant.http.get("/api/v1/webhooks/00000000-0000-0000-0000-000000000000").status == 404)
        #expect(try await tenant.http.with(apiKey: nil).get("/api/v1/webhooks").status == 401)

        let other = try await TestEnvironment.shared.tenant(orgID: tenant.orgID)
        #expect(try await other.http.get("/api/v1/webhooks/\(id)").status == 404)
        #expect(try await other.http.delete("/api/v1/webhooks/\(id)").status == 404)
        #expect(try await other.http.get("/api/v1/webhooks").json?["count"] == 0)
        #expect(try await tenant.http.get("/api/v1/webhooks/\(id)").status == 200)

        #expect(try await tenant.http.delete("/api/v1/webhooks/\(id)").json == ["status": "deleted"])
        #expect(try await tenant.http.get("/api/v1/webhooks/\(id)").status == 404)
    }

    @Test func deliversSignedEventsOfItsOwnProjectOnly() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let neighbour = try await TestEnvironment.shared.tenant(orgID: tenant.orgID)
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        _ = try await createWebhook(tenant, receiver)
        try await neighbour.emit("orders.created", ["from": "neighbour"])
        try await tenant.emit("users.created")
        let id = try await tenant.emit("orders.created", ["order_id": "42", "note": "<a&b>"])
        let request = try #require(try await receiver.waitForRequests(count: 1).first)
        #expect(request.notifSignatureVerified && request.standardSignatureVerified)
        #expect(request.header("X-Notif-Event-ID") == id && request.header("X-Notif-Topic") == "orders.created")
        #expect(request.header("webhook-id") == id && request.header("Content-Type") == "application/json")
        let body = try #require(try? JSONValue.parse(request.body))
        #expect(body.members?.map(\.key) == ["id", "topic", "data", "timestamp"])
        #expect(request.bodyText.contains(#""data":{"order_id":"42","note":"<a&b>"}"#))
        try await Task.sleep(for: .milliseconds(500))
        #expect(receiver.requests.count == 1)
    }

    @Test func retriesWithLoggedAttemptsThenSucceeds() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        receiver.respond(to: "/hook", statuses: [500, 503, 200])
        let webhook = try await createWebhook(tenant, receiver)
        let id = try await tenant.emit("orders.retry")
        _ = try await receiver.waitForRequests(count: 3)
        let log = try await eventuallyJSON { try await tenant.http.get("/api/v1/webhooks/\(webhook.id)/deliveries") } until: {
            $0["deliveries"]?[0]?["status"] == "success"
        }
        let delivery = try #require(log["deliveries"]?[0])
        #expect(delivery["event_id"]?.stringValue == id && delivery["attempt"] == 3 && delivery["response_status"] == 200)
        let attempts = try #require(delivery["attempts"]?.arrayValue)
        #expect(attempts.map { $0["response_status"] } == [500, 503, 200])
        #expect(attempts.first?["error"]?.stringValue?.hasPrefix("HTTP 500: ") == true)
        #expect(attempts.allSatisfy { $0["latency_ms"]?.int64Value != nil })
    }

    @Test func exhaustedDeliveriesGoToTheDeadLetterQueue() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        receiver.respond(to: "/hook", statuses: [500])
        let webhook = try await createWebhook(tenant, receiver)
        let id = try await tenant.emit("orders.doomed", ["n": 1])
        _ = try await receiver.waitForRequests(count: 5)
        let dlq = try await eventuallyJSON { try await tenant.http.get("/api/v1/dlq") } until: { $0["count"] == 1 }
        let entry = try #require(dlq["messages"]?[0])
        #expect(entry["event_id"]?.stringValue == id && entry["attempts"] == 5 && entry["data"] == ["n": 1])
        #expect(entry["error"]?.stringValue == "webhook \(webhook.id): HTTP 500: ok")
        #expect(entry["message"]?["consumer_group"]?.stringValue == "webhook:\(webhook.id)")
        let log = try #require(try await tenant.http.get("/api/v1/webhooks/\(webhook.id)/deliveries").json)
        #expect(log["deliveries"]?[0]?["status"] == "failed" && log["deliveries"]?[0]?["attempt"] == 5)
        try await Task.sleep(for: .milliseconds(700))
        #expect(receiver.requests.count == 5)
        let tracked = try await eventuallyJSON { try await tenant.http.get("/api/v1/events/\(id)/deliveries") } until: {
            ($0["deliveries"]?.arrayValue ?? []).contains { $0["status"] == "dlq" }
        }
        #expect(tracked["deliveries"]?.arrayValue?.allSatisfy { $0["receiver_type"] == "webhook" } == true)
    }

    @Test func aHangingEndpointDoesNotDelayAnother() async throws {
        // Its own server, with a request timeout longer than the test: no hanging request can end
        // before the healthy endpoint has everything, however slow the machine is. More slots per
        // endpoint than an HTTP client pools per host by default (8), and both webhooks on one host:
        // the hanging one's requests must not take the connections the healthy one needs.
        let slots = 12
        let stack = try await TestEnvironment.shared.isolatedStack()
        defer { Task { await stack.stop() } }
        let server = try await stack.startServer {
            $0.webhooks.requestTimeout = .seconds(90)
            $0.webhooks.perEndpointConcurrency = slots
        }
        let tenant = try await TestTenant.create(database: stack.database(), baseURL: server.baseURL)
        let receiver = try await WebhookReceiver.start()
        receiver.respond(to: "/stuck", with: [.hang])
        let stuck = try await createWebhook(tenant, receiver, path: "/stuck")
        _ = try await createWebhook(tenant, receiver)
        // The hanging endpoint also has a backlog older than anything the healthy one gets (more than
        // a claim ever looks at): the healthy deliveries must not wait behind it either.
        let database = stack.database()
        try await database.client.query("""
            INSERT INTO webhook_deliveries (webhook_id, org_id, project_id, event_id, topic, event_time, payload, next_attempt_at)
            SELECT \(UUID(uuidString: stuck.id)!), \(tenant.orgID), \(tenant.projectID), 'evt_backlog_' || n, 'orders.old',
                   now(), '{}', now() - interval '1 hour'
            FROM generate_series(1, 2000) AS n
            """, logger: TestEnvironment.shared.logger)
        for index in 0..<20 { try await tenant.emit("orders.burst", ["n": .int(index)]) }
        let received = try await receiver.waitForRequests(count: 20, path: "/hook", timeout: .seconds(60))
        #expect(received.count == 20)
        // Meanwhile the hanging endpoint holds at most its own slots, and none of its attempts has
        // finished: the healthy deliveries did not wait for them.
        #expect(receiver.requests(path: "/stuck").count <= slots)
        let log = try #require(try await tenant.http.get("/api/v1/webhooks/\(stuck.id)/deliveries").json)
        #expect(log["deliveries"]?.arrayValue?.allSatisfy { $0["attempts"]?.arrayValue?.isEmpty == true } == true)
        await receiver.stop()
        try await server.shutdown()
    }

    @Test func secretRotationSignsWithBothSecretsDuringGrace() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let webhook = try await createWebhook(tenant, receiver)
        let rotated = try #require(try await tenant.http.post("/api/v1/webhooks/\(webhook.id)/rotate-secret", json: [:]).json)
        let newSecret = try #require(rotated["secret"]?.stringValue)
        #expect(newSecret != webhook.secret && rotated["previous_secret_expires_at"] != nil)
        try await tenant.emit("orders.rotated")
        let request = try #require(try await receiver.waitForRequests(count: 1).first)
        // The receiver still holds the old secret: the Standard Webhooks header carries both signatures.
        #expect(request.standardSignatureVerified)
        #expect(request.header("webhook-signature")?.split(separator: " ").count == 2)
        #expect(request.header("X-Notif-Signature-Previous") == WebhookSignature.notif(body: request.body, secret: webhook.secret))
        #expect(request.header("X-Notif-Signature") == WebhookSignature.notif(body: request.body, secret: newSecret))
    }
}

/// Behaviour that needs a server of its own (other settings, restarts).
@Suite(.timeLimit(.minutes(3))) struct WebhookServerTests {
    @Test func refusesUnsafeURLsByDefault() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        let server = try await stack.startServer { $0.webhooks.allowPrivateNetworks = false }
        let tenant = try await TestTenant.create(database: stack.database(), baseURL: server.baseURL)
        for url in ["http://127.0.0.1:8080/x", "http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data", "ftp://example.com/x",
                    "http://user@example.com/", "http://localhost/x", "http://2130706433/", "http://0x7f.0.0.1/", "http://[::1]/",
                    "http://metadata.google.internal/", "http://foo.nip.io/", "https://example.com:6379/"] {
            let response = try await tenant.http.post("/api/v1/webhooks", json: ["url": .string(url), "topics": ["a"]])
            #expect(response.status == 400 && response.errorMessage == "invalid webhook URL", "\(url)")
        }
        try await server.shutdown()
        await stack.stop()
    }

    @Test func disabledAfterConsecutiveFailuresThenReenabled() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        let server = try await stack.startServer {
            $0.webhooks.disableAfterFailures = 3
            $0.webhooks.breakerThreshold = 100
        }
        let tenant = try await TestTenant.create(database: stack.database(), baseURL: server.baseURL)
        let receiver = try await WebhookReceiver.start()
        receiver.respond(to: "/hook", statuses: [500, 500, 500, 200])
        let body: JSONValue = ["url": .string(receiver.url(path: "/hook")), "topics": [">"]]
        let created = try #require(try await tenant.http.post("/api/v1/webhooks", json: body).json)
        let id = try #require(created["id"]?.stringValue)
        try await tenant.emit("a.one")
        let disabled = try await eventuallyJSON { try await tenant.http.get("/api/v1/webhooks/\(id)") } until: { $0["enabled"] == false }
        #expect(disabled["disabled_reason"]?.stringValue == "disabled after 3 consecutive failed deliveries")
        #expect(receiver.requests.count == 3)
        let enabled = try await tenant.http.put("/api/v1/webhooks/\(id)", json: ["enabled": true])
        #expect(enabled.json?["enabled"] == true && enabled.json?["disabled_reason"] == nil && enabled.json?["consecutive_failures"] == 0)
        // The paused delivery resumes after the re-enable and now succeeds.
        _ = try await receiver.waitForRequests(count: 4)
        await receiver.stop()
        try await server.shutdown()
        await stack.stop()
    }

    @Test func retriesSurviveARestart() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        let delays: [Duration] = [.seconds(2), .seconds(2), .seconds(2), .seconds(2)]
        let first = try await stack.startServer { $0.webhooks.retryDelays = delays }
        let tenant = try await TestTenant.create(database: stack.database(), baseURL: first.baseURL)
        let receiver = try await WebhookReceiver.start()
        receiver.respond(to: "/hook", statuses: [500, 200])
        let body: JSONValue = ["url": .string(receiver.url(path: "/hook")), "topics": ["jobs.*"]]
        let created = try #require(try await tenant.http.post("/api/v1/webhooks", json: body).json)
        receiver.secret = created["secret"]?.stringValue
        try await tenant.emit("jobs.restart")
        _ = try await receiver.waitForRequests(count: 1)
        try await first.shutdown()
        let second = try await stack.startServer { $0.webhooks.retryDelays = delays }
        let requests = try await receiver.waitForRequests(count: 2, timeout: .seconds(15))
        #expect(requests.count == 2 && requests[1].notifSignatureVerified)
        #expect(requests[1].header("X-Notif-Attempt") == "2")
        await receiver.stop()
        try await second.shutdown()
        await stack.stop()
    }
}
