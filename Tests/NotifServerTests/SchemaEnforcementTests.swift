import NotifCore
import NotifTesting
import Testing

/// Schemas applied to events: emit, schedules (at creation and when they fire) and DLQ replays.
@Suite(.timeLimit(.minutes(2))) struct SchemaEnforcementTests {
    /// Creates schema `name` on `pattern` with one version of `SchemaRouteTests.orderSchema`.
    func schema(_ tenant: TestTenant, _ name: String, _ pattern: String, mode: String = "strict",
                onInvalid: String = "reject") async throws {
        #expect(try await tenant.http.post("/api/v1/schemas", json: ["name": .string(name), "topic_pattern": .string(pattern)]).status == 201)
        let version = try await tenant.http.post("/api/v1/schemas/\(name)/versions", json: [
            "version": "1.0.0", "schema": SchemaRouteTests.orderSchema,
            "validation_mode": .string(mode), "on_invalid": .string(onInvalid),
        ])
        #expect(version.status == 201, "\(version.text)")
    }

    @Test func strictRejectRefusesWithTheReferenceBody() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        try await schema(tenant, "order", "orders.*")
        let refused = try await tenant.http.post("/api/v1/emit", json: ["topic": "orders.placed", "data": ["currency": "EUR"]])
        #expect(refused.status == 400)
        #expect(refused.text == """
            {"error":"schema validation failed","schema":"order","validation_errors":[{"field":"(root)","message":"amount is required","type":"required"}],"version":"1.0.0"}

            """)
        #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": "orders.placed", "data": ["amount": 3]]).status == 200)
        // Other topics are not governed: `*` is one segment.
        #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": "orders.eu.placed", "data": "free"]).status == 200)
    }

    @Test func warnLogAndDisabledPublish() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        try await schema(tenant, "warned", "w", mode: "warn")
        try await schema(tenant, "logged", "l", onInvalid: "log")
        try await schema(tenant, "off", "d", mode: "disabled")
        for topic in ["w", "l", "d"] {
            let response = try await tenant.http.post("/api/v1/emit", json: ["topic": .string(topic), "data": "not an order"])
            #expect(response.status == 200 && response.json?.members?.map(\.key) == ["id", "topic", "created_at"], "\(topic): \(response.text)")
        }
    }

    @Test func onInvalidDLQDeadLettersInsteadOfPublishing() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        try await schema(tenant, "audited", "pay.*", onInvalid: "dlq")
        let socket = try await tenant.openSocket()
        defer { Task { await socket.close() } }
        _ = try await socket.subscribe(["pay.*"])

        let invalid = try await tenant.http.post("/api/v1/emit", json: ["topic": "pay.in", "data": ["amount": "ten"]])
        #expect(invalid.status == 200)
        #expect(invalid.json?["dead_lettered"] == true)
        let invalidID = try #require(invalid.json?["id"]?.stringValue)
        let validID = try await tenant.emit("pay.in", ["amount": 10])
        // The subscriber gets only the valid event: the invalid one never reached the stream.
        let events = await socket.receiveEvents(1)
        #expect(events.first?["id"]?.stringValue == validID)

        let dlq = try await eventuallyJSON { try await tenant.http.get("/api/v1/dlq?topic=pay.in") } until: { $0["count"] == 1 }
        let entry = try #require(dlq["messages"]?[0])
        #expect(entry["event_id"]?.stringValue == invalidID)
        #expect(entry["error"]?.stringValue?.hasPrefix("schema validation failed: schema audited@1.0.0: amount:") == true)
        #expect(entry["message"]?["consumer_group"] == "schema:audited")

        // Replay is checked too: while the schema still dead-letters it, the entry stays.
        let sequence = try #require(entry["seq"]?.int64Value)
        let replay = try await tenant.http.post("/api/v1/dlq/\(sequence)/replay", json: [:])
        #expect(replay.status == 400 && replay.errorMessage == "schema validation failed")
        #expect(try await tenant.http.get("/api/v1/dlq/\(sequence)").status == 200)
        // Once the schema allows it, the replay goes through and the subscriber gets it.
        let relaxed = try await tenant.http.post("/api/v1/schemas/audited/versions", json: [
            "version": "2.0.0", "schema": true, "compatibility": "none",
        ])
        #expect(relaxed.status == 201)
        #expect(try await tenant.http.post("/api/v1/dlq/\(sequence)/replay", json: [:]).status == 200)
        let replayed = await socket.receiveEvents(1)
        #expect(replayed.first?["id"]?.stringValue == invalidID)
    }

    @Test func schedulesAreCheckedWhenCreatedAndWhenTheyFire() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let early = try await tenant.http.post("/api/v1/schedules", json: ["topic": "late.order", "data": ["n": 1], "in": "1h"])
        let id = try #require(early.json?["id"]?.stringValue)
        try await schema(tenant, "late", "late.*")
        // Created before the schema existed: refused when it fires, and the schedule fails with the reason.
        let run = try await tenant.http.post("/api/v1/schedules/\(id)/run", json: [:])
        #expect(run.status == 400 && run.json?["schema"] == "late")
        let failed = try #require(try await tenant.http.get("/api/v1/schedules/\(id)").json)
        #expect(failed["status"] == "failed")
        #expect(failed["error"]?.stringValue?.hasPrefix("schema validation failed") == true)
        // Created after: refused at once.
        let refused = try await tenant.http.post("/api/v1/schedules", json: ["topic": "late.order", "data": ["n": 1], "in": "1h"])
        #expect(refused.status == 400 && refused.errorMessage == "schema validation failed")
        #expect(try await tenant.http.post("/api/v1/schedules", json: ["topic": "late.order", "data": ["amount": 1], "in": "1h"]).status == 201)
    }

    @Test func changesApplyToTheNextEmitAtOnce() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        // A cached "no schema" must not outlive the creation of one (the reference kept the miss).
        #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": "live.x", "data": 1]).status == 200)
        try await schema(tenant, "live", "live.x")
        #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": "live.x", "data": 1]).status == 400)
        // A new schema on the same pattern takes over at once (equal patterns are ordered by name).
        #expect(try await tenant.http.post("/api/v1/schemas", json: ["name": "anything", "topic_pattern": "live.x"]).status == 201)
        #expect(try await tenant.http.post("/api/v1/schemas/anything/versions", json: ["version": "1", "schema": true]).status == 201)
        let winner = try await tenant.http.get("/api/v1/schemas/for-topic/live.x")
        #expect(winner.json?["name"] == "anything", "equal patterns are ordered by name")
        #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": "live.x", "data": 1]).status == 200)
        #expect(try await tenant.http.delete("/api/v1/schemas/anything").status == 200)
        #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": "live.x", "data": 1]).status == 400)
        #expect(try await tenant.http.put("/api/v1/schemas/live", json: ["topic_pattern": "elsewhere"]).status == 200)
        #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": "live.x", "data": 1]).status == 200)
    }
}
