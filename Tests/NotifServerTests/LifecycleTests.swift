import NotifCore
import NotifTesting
import Testing

/// Tests that own their NATS server and database, because they restart or kill things.
@Suite(.timeLimit(.minutes(2))) struct LifecycleTests {
    @Test func bootstrapWorksOnAFreshDatabaseExactlyOnce() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        defer { Task { await stack.stop() } }
        let server = try await stack.startServer()
        let http = TestHTTP(baseURL: server.baseURL)
        #expect(try await http.get("/api/v1/bootstrap/status").json == ["bootstrapped": false])

        let attempts = try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for _ in 0..<4 { group.addTask { try await http.send(.POST, "/api/v1/bootstrap") } }
            return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
        }
        let winners = attempts.filter { $0.status == 201 }
        #expect(winners.count == 1)
        #expect(attempts.filter { $0.status == 409 }.allSatisfy { $0.errorMessage == "instance already bootstrapped - API keys exist" })
        let result = try #require(winners.first?.json)
        let key = try #require(result["api_key"]?.stringValue)
        #expect(APIKeySecret.isWellFormed(key))
        #expect(result["project_id"]?.stringValue?.hasPrefix("prj_") == true)
        #expect(try await http.get("/api/v1/bootstrap/status").json == ["bootstrapped": true])

        let admin = http.with(apiKey: key)
        #expect(try await admin.post("/api/v1/emit", json: ["topic": "boot.ok"]).status == 200)
        let projects = try #require(try await admin.get("/api/v1/projects").json)
        #expect(projects["projects"]?.arrayValue?.first?["slug"]?.stringValue == "default")
        #expect(try await admin.delete("/api/v1/projects/\(result["project_id"]!.stringValue!)").errorMessage == "cannot delete default project")
        try await server.shutdown()
    }

    @Test func acknowledgedEmitSurvivesANotifdRestart() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        defer { Task { await stack.stop() } }
        let database = stack.database()
        let first = try await stack.startServer()
        let tenant = try await TestTenant.create(database: database, baseURL: first.baseURL)
        var ids: [String] = []
        for index in 0..<20 {
            let response = try await tenant.http.post("/api/v1/emit", json: ["topic": "durable.t", "data": .int(index)])
            #expect(response.status == 200)
            ids.append(try #require(response.json?["id"]?.stringValue))
        }
        try await first.shutdown()

        let second = try await stack.startServer()
        let client = TestHTTP(baseURL: second.baseURL, apiKey: tenant.apiKey)
        let list = try #require(try await client.get("/api/v1/events?limit=100").json)
        #expect(Set(list["events"]?.arrayValue?.compactMap { $0["event"]?["id"]?.stringValue } ?? []) == Set(ids))
        try await second.shutdown()
    }

    @Test func acknowledgedEmitSurvivesANATSCrashAndEmitResumes() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        defer { Task { await stack.stop() } }
        let database = stack.database()
        let server = try await stack.startServer()
        let tenant = try await TestTenant.create(database: database, baseURL: server.baseURL)
        let before = try await tenant.http.post("/api/v1/emit", json: ["topic": "crash.before"])
        #expect(before.status == 200)

        await stack.nats.kill()
        #expect(await eventually(timeout: .seconds(10)) { (try? await tenant.http.get("/ready"))?.status == 503 })
        try await stack.nats.restart()
        #expect(await eventually(timeout: .seconds(20)) { (try? await tenant.http.get("/ready"))?.status == 200 })

        let after = try await tenant.http.post("/api/v1/emit", json: ["topic": "crash.after"])
        #expect(after.status == 200)
        let topics = try #require(try await tenant.http.get("/api/v1/events?order=asc").json)
        #expect(topics["events"]?.arrayValue?.compactMap { $0["event"]?["topic"]?.stringValue } == ["crash.before", "crash.after"])
        try await server.shutdown()
    }

    @Test func eventsEmittedWhilePostgresIsDownReachTheIndexWhenItReturns() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack(ownPostgres: true)
        defer { Task { await stack.stop() } }
        let postgres = try #require(stack.postgres)
        let database = stack.database()
        let server = try await stack.startServer()
        let tenant = try await TestTenant.create(database: database, baseURL: server.baseURL)
        // Authenticate once so the key is cached, then take the database away.
        #expect(try await tenant.http.post("/api/v1/emit", json: ["topic": "outage.before"]).status == 200)
        await postgres.kill()
        var accepted: [String] = []
        for index in 0..<5 {
            let response = try await tenant.http.post("/api/v1/emit", json: ["topic": "outage.during", "data": .int(index)])
            if response.status == 200, let id = response.json?["id"]?.stringValue { accepted.append(id) }
        }
        // Emit needs only NATS: with the key still cached, every event is accepted.
        #expect(accepted.count == 5)
        let ready = try await tenant.http.get("/ready")
        #expect(ready.status == 503 && ready.json?["database"]?.stringValue == "disconnected")

        try await postgres.restart()
        let indexed = await eventually(timeout: .seconds(30), every: .milliseconds(200)) {
            let list = try? await tenant.http.get("/api/v1/events?topic=outage.during")
            return list?.json?["count"] == 5
        }
        #expect(indexed)
        let ids = try await tenant.http.get("/api/v1/events?topic=outage.during").json?["events"]?.arrayValue?
            .compactMap { $0["event"]?["id"]?.stringValue }
        #expect(Set(ids ?? []) == Set(accepted))
        try await server.shutdown()
    }
}
