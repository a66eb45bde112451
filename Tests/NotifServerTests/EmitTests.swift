import NotifCore
import NotifTesting
import Testing

@Suite struct EmitTests {
    @Test func authenticationFailuresAre401JSON() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let body: JSONValue = ["topic": "a.b", "data": [:]]
        let none = try await tenant.http.with(apiKey: nil).post("/api/v1/emit", json: body)
        #expect(none.status == 401 && none.errorMessage == "api key required")
        let malformed = try await tenant.http.with(apiKey: "nsh_invalidkey123456789").post("/api/v1/emit", json: body)
        #expect(malformed.status == 401 && malformed.errorMessage == "invalid api key")
        let unknown = try await tenant.http.with(apiKey: APIKeySecret.generate()).post("/api/v1/emit", json: body)
        #expect(unknown.status == 401 && unknown.errorMessage == "invalid api key")
        let otherScheme = try await tenant.http.with(apiKey: nil).post("/api/v1/emit", json: body,
                                                                        headers: [("Authorization", "Basic \(tenant.apiKey)")])
        #expect(otherScheme.status == 401 && otherScheme.errorMessage == "api key required")
    }

    @Test func acceptsKeyFromQueryAndCaseInsensitiveScheme() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let viaQuery = try await tenant.http.with(apiKey: nil).post("/api/v1/emit?token=\(tenant.apiKey)", json: ["topic": "q.t"])
        #expect(viaQuery.status == 200)
        let lowercase = try await tenant.http.with(apiKey: nil).post("/api/v1/emit", json: ["topic": "q.t"],
                                                                      headers: [("Authorization", "bearer \(tenant.apiKey)")])
        #expect(lowercase.status == 200)
    }

    @Test func successReturnsIDTopicAndCreatedAt() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let response = try await tenant.http.post("/api/v1/emit", json: ["topic": "orders.created", "data": ["order_id": "12345"]])
        #expect(response.status == 200)
        let json = try #require(response.json)
        let id = try #require(json["id"]?.stringValue)
        #expect(id.hasPrefix("evt_") && id.count == 28)
        #expect(json["topic"]?.stringValue == "orders.created")
        #expect(Timestamp(rfc3339: json["created_at"]?.stringValue ?? "") != nil)
        #expect(json.members?.map(\.key) == ["id", "topic", "created_at"])
    }

    @Test(arguments: [
        (#"{"topic":""}"#, "topic is required"),
        (#"{"data":{}}"#, "topic is required"),
        (#"{"topic":"$internal"}"#, "topic cannot start with $"),
        (#"{"topic":"a.b."}"#, "topic cannot start or end with ."),
        (#"{"topic":"a.*"}"#, "topic cannot contain wildcard characters (> or *)"),
        (#"{"topic":"a..b"}"#, "topic cannot contain empty segments (..)"),
        (#"{"topic":"a b"}"#, "topic cannot contain whitespace or control characters"),
        (#"{"topic":5}"#, "invalid JSON payload"),
        (#"{"topic":"a","#, "invalid JSON payload"),
        (#"["topic"]"#, "invalid JSON payload"),
        ("", "invalid JSON payload"),
        (#"{"topic":"a"} trailing"#, "invalid JSON payload"),
    ])
    func badInputIs400WithMessage(body: String, message: String) async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let response = try await tenant.http.send(.POST, "/api/v1/emit", body: Array(body.utf8))
        #expect(response.status == 400)
        #expect(response.errorMessage == message)
    }

    @Test func oversizedBodyIs413() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let big = String(repeating: "x", count: 270 * 1024)
        let response = try await tenant.http.post("/api/v1/emit", json: ["topic": "big.one", "data": .string(big)])
        #expect(response.status == 413)
        #expect(response.errorMessage == "payload too large, max 256KB")
    }

    @Test func keysMatchCaseInsensitivelyAndMissingDataIsNull() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let response = try await tenant.http.send(.POST, "/api/v1/emit", body: Array(#"{"Topic":"case.test","extra":1}"#.utf8))
        #expect(response.status == 200)
        let seq = try await onlyEventSequence(tenant)
        let stored = try await tenant.http.get("/api/v1/events/\(seq)")
        #expect(stored.json?["event"]?["data"] == .null)
        #expect(stored.json?["event"]?["topic"]?.stringValue == "case.test")
    }

    @Test func idempotencyKeyReturnsTheOriginalEvent() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let headers = [("Idempotency-Key", "order-42")]
        let first = try await tenant.http.post("/api/v1/emit", json: ["topic": "idem.test", "data": 1], headers: headers)
        let again = try await tenant.http.post("/api/v1/emit", json: ["topic": "idem.test", "data": 1], headers: headers)
        #expect(first.status == 200 && again.status == 200)
        #expect(first.json == again.json && again.header("Idempotent-Replayed") == "true")
        let different = try await tenant.http.post("/api/v1/emit", json: ["topic": "idem.test", "data": 2], headers: headers)
        #expect(different.status == 422 && different.errorMessage == "Idempotency-Key was already used for a different request")
        // Keys are per project: another project may use the same key for its own event.
        let other = try await TestEnvironment.shared.tenant(orgID: tenant.orgID)
        let elsewhere = try await other.http.post("/api/v1/emit", json: ["topic": "idem.test", "data": 1], headers: headers)
        #expect(elsewhere.status == 200 && elsewhere.json?["id"] != first.json?["id"])
        #expect(try await eventually { try await tenant.http.get("/api/v1/events?topic=idem.test").json?["count"] == 1 })
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await tenant.http.get("/api/v1/events?topic=idem.test").json?["count"] == 1)

        let schedule: JSONValue = ["topic": "idem.later", "in": "1h"]
        let created = try await tenant.http.post("/api/v1/schedules", json: schedule, headers: [("Idempotency-Key", "s-1")])
        let repeated = try await tenant.http.post("/api/v1/schedules", json: schedule, headers: [("Idempotency-Key", "s-1")])
        #expect(created.status == 201 && repeated.status == 201 && created.json?["id"] == repeated.json?["id"])
        #expect(try await tenant.http.get("/api/v1/schedules").json?["total"] == 1)
    }

    private func onlyEventSequence(_ tenant: TestTenant) async throws -> UInt64 {
        let list = try await tenant.http.get("/api/v1/events")
        let seq = try #require(list.json?["events"]?.arrayValue?.first?["seq"]?.int64Value)
        return UInt64(seq)
    }
}
