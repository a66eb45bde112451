import NotifCore
import NotifTesting
import Testing

@Suite struct HealthAndErrorTests {
    @Test func healthAndReadinessReportBothDependencies() async throws {
        let shared = try await TestEnvironment.shared.shared()
        let http = TestHTTP(baseURL: shared.baseURL)
        let health = try await http.get("/health")
        #expect(health.status == 200)
        #expect(health.json?["status"]?.stringValue == "ok")
        #expect(health.header("content-type") == "application/json")
        let ready = try await http.get("/ready")
        #expect(ready.status == 200)
        #expect(ready.json == ["database": "connected", "nats": "connected", "status": "ready"])
        let healthz = try await http.get("/healthz")
        #expect(healthz.status == 200 && healthz.json?["healthy"]?.boolValue == true)
    }

    @Test func unknownRoutesAndMethodsAnswerJSON() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let missing = try await tenant.http.get("/nope")
        #expect(missing.status == 404 && missing.errorMessage == "not found")
        let missingAPI = try await tenant.http.get("/api/v1/nope")
        #expect(missingAPI.status == 404 && missingAPI.errorMessage != nil)
        let wrongMethod = try await tenant.http.send(.PATCH, "/api/v1/emit")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.errorMessage == "method not allowed")
        #expect(wrongMethod.header("allow") == "POST")
        let trailingSlash = try await tenant.http.get("/api/v1/events/")
        #expect(trailingSlash.json != nil)
    }

    @Test func everyResponseCarriesARequestID() async throws {
        let shared = try await TestEnvironment.shared.shared()
        let http = TestHTTP(baseURL: shared.baseURL)
        let generated = try await http.get("/health")
        #expect((generated.header("x-request-id") ?? "").count == 16)
        let echoed = try await http.get("/health", headers: [("X-Request-Id", "trace-123")])
        #expect(echoed.header("x-request-id") == "trace-123")
        let refused = try await http.get("/health", headers: [("X-Request-Id", "bad id with spaces")])
        #expect(refused.header("x-request-id") != "bad id with spaces")
    }

    @Test func corsAllowsOnlyConfiguredOrigins() async throws {
        let shared = try await TestEnvironment.shared.shared()
        let http = TestHTTP(baseURL: shared.baseURL)
        let preflight = try await http.send(.OPTIONS, "/api/v1/emit", headers: [
            ("Origin", "http://localhost:3000"), ("Access-Control-Request-Method", "POST"),
        ])
        #expect(preflight.status == 204)
        #expect(preflight.header("access-control-allow-origin") == "http://localhost:3000")
        #expect(preflight.header("access-control-allow-credentials") == "true")
        let failed = try await http.get("/api/v1/events", headers: [("Origin", "http://localhost:5173")])
        #expect(failed.status == 401)
        #expect(failed.header("access-control-allow-origin") == "http://localhost:5173")
        let foreign = try await http.get("/health", headers: [("Origin", "https://evil.example")])
        #expect(foreign.header("access-control-allow-origin") == nil)
    }
}
