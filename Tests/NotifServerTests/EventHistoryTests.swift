import NotifCore
import NotifTesting
import Testing

@Suite struct EventHistoryTests {
    @discardableResult
    func emit(_ tenant: TestTenant, _ topic: String, _ data: JSONValue = [:]) async throws -> String {
        let response = try await tenant.http.post("/api/v1/emit", json: ["topic": .string(topic), "data": data])
        #expect(response.status == 200)
        return try #require(response.json?["id"]?.stringValue)
    }

    @Test func listsNewestFirstWithFiltersLimitsAndCursor() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        var ids: [String] = []
        for index in 0..<3 { ids.append(try await emit(tenant, "replay-test.event", ["n": .int(index)])) }
        try await emit(tenant, "other.topic")

        let all = try #require(try await tenant.http.get("/api/v1/events?topic=replay-test.event").json)
        #expect(all["count"] == 3)
        let events = try #require(all["events"]?.arrayValue)
        #expect(events.compactMap { $0["event"]?["id"]?.stringValue } == ids.reversed())
        #expect(events.first?["event"]?["data"] == ["n": 2])
        #expect(events.first?["event"]?["org_id"]?.stringValue == tenant.orgID)

        let page = try #require(try await tenant.http.get("/api/v1/events?topic=replay-test.*&limit=2").json)
        #expect(page["count"] == 2)
        let cursor = try #require(page["next_cursor"]?.stringValue)
        let rest = try #require(try await tenant.http.get("/api/v1/events?topic=replay-test.*&limit=2&cursor=\(cursor)").json)
        #expect(rest["count"] == 1)
        #expect(rest["events"]?.arrayValue?.first?["event"]?["id"]?.stringValue == ids[0])

        let ascending = try #require(try await tenant.http.get("/api/v1/events?order=asc").json)
        #expect(ascending["events"]?.arrayValue?.first?["event"]?["id"]?.stringValue == ids[0])
        let wildcard = try #require(try await tenant.http.get("/api/v1/events?topic=*").json)
        #expect(wildcard["count"] == 4)
        let deep = try #require(try await tenant.http.get("/api/v1/events?topic=other.>").json)
        #expect(deep["count"] == 1)
    }

    @Test func getsOneEventBySequenceAndReportsStats() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let id = try await emit(tenant, "stats.one", ["k": "v"])
        let list = try #require(try await tenant.http.get("/api/v1/events").json)
        let item = try #require(list["events"]?.arrayValue?.first)
        let seq = try #require(item["seq"]?.int64Value)
        let one = try #require(try await tenant.http.get("/api/v1/events/\(seq)").json)
        #expect(one["event"]?["id"]?.stringValue == id)
        #expect(one["seq"]?.int64Value == seq)
        let byID = try #require(try await tenant.http.get("/api/v1/events/\(id)").json)
        #expect(byID["seq"]?.int64Value == seq)
        #expect(Timestamp(rfc3339: one["timestamp"]?.stringValue ?? "") != nil)

        let stats = try #require(try await tenant.http.get("/api/v1/events/stats").json)
        #expect(stats["messages"] == 1)
        #expect(stats["first_seq"]?.int64Value == seq && stats["last_seq"]?.int64Value == seq)
        #expect(stats["bytes"] == .int(#"{"k":"v"}"#.utf8.count))
    }

    @Test func badQueriesAre400AndUnknownsAre404() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        #expect(try await tenant.http.get("/api/v1/events/abc").errorMessage == "invalid sequence number")
        #expect(try await tenant.http.get("/api/v1/events/999999999").status == 404)
        #expect(try await tenant.http.get("/api/v1/events?topic=a..b").status == 400)
        #expect(try await tenant.http.get("/api/v1/events?from=yesterday").status == 400)
        #expect(try await tenant.http.get("/api/v1/events?order=sideways").status == 400)
        let deliveries = try await tenant.http.get("/api/v1/events/evt_unknown/deliveries")
        #expect(deliveries.status == 200 && deliveries.json == ["deliveries": [], "count": 0])
        #expect(try await tenant.http.get("/api/v1/events//deliveries").status != 200)
        #expect(try await tenant.http.with(apiKey: nil).get("/api/v1/events").status == 401)
    }

    @Test func timeWindowFiltersByEmitTime() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        try await emit(tenant, "window.a")
        let middle = Timestamp.now()
        try await emit(tenant, "window.b")
        let after = try #require(try await tenant.http.get("/api/v1/events?from=\(middle.rfc3339)").json)
        #expect(after["events"]?.arrayValue?.map { $0["event"]?["topic"]?.stringValue } == ["window.b"])
        let before = try #require(try await tenant.http.get("/api/v1/events?to=\(middle.rfc3339)").json)
        #expect(before["events"]?.arrayValue?.map { $0["event"]?["topic"]?.stringValue } == ["window.a"])
    }
}

@Suite struct ProjectIsolationTests {
    @Test func projectsNeverSeeEachOthersEvents() async throws {
        let a = try await TestEnvironment.shared.tenant()
        let b = try await TestEnvironment.shared.tenant(orgID: a.orgID)
        let emitted = try await a.http.post("/api/v1/emit", json: ["topic": "secret.a", "data": 1])
        #expect(emitted.status == 200)
        let aList = try #require(try await a.http.get("/api/v1/events").json)
        #expect(aList["count"] == 1)
        let seq = try #require(aList["events"]?.arrayValue?.first?["seq"]?.int64Value)
        #expect(try await b.http.get("/api/v1/events").json?["count"] == 0)
        #expect(try await b.http.get("/api/v1/events?topic=secret.a").json?["count"] == 0)
        #expect(try await b.http.get("/api/v1/events/\(seq)").status == 404)
        #expect(try await b.http.get("/api/v1/events/stats").json?["messages"] == 0)
    }

    @Test func orgsNeverSeeEachOthersEvents() async throws {
        let a = try await TestEnvironment.shared.tenant()
        let other = try await TestEnvironment.shared.tenant()
        #expect(try await a.http.post("/api/v1/emit", json: ["topic": "x.y"]).status == 200)
        let seq = try #require(try await a.http.get("/api/v1/events").json?["events"]?.arrayValue?.first?["seq"]?.int64Value)
        #expect(try await other.http.get("/api/v1/events/\(seq)").status == 404)
        #expect(try await other.http.get("/api/v1/events").json?["count"] == 0)
    }
}
