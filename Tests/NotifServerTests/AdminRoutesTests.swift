import NotifCore
import NotifTesting
import Testing

@Suite struct AdminRoutesTests {
    @Test func projectKeysCannotManageKeysOrProjects() async throws {
        let tenant = try await TestEnvironment.shared.tenant(scope: .project)
        for (method, path) in [("GET", "/api/v1/api-keys"), ("GET", "/api/v1/projects")] {
            let response = try await tenant.http.send(method == "GET" ? .GET : .POST, path)
            #expect(response.status == 403 && response.errorMessage == "admin api key required")
        }
        #expect(try await tenant.http.post("/api/v1/projects", json: ["name": "x"]).status == 403)
        #expect(try await tenant.http.with(apiKey: nil).get("/api/v1/api-keys").status == 401)
    }

    @Test func adminManagesProjectsWithinItsOrg() async throws {
        let admin = try await TestEnvironment.shared.tenant(scope: .admin)
        let created = try await admin.http.post("/api/v1/projects", json: ["name": "Project A"])
        #expect(created.status == 201)
        let project = try #require(created.json)
        let id = try #require(project["id"]?.stringValue)
        #expect(project["slug"]?.stringValue == "project-a")
        #expect(project["org_id"]?.stringValue == admin.orgID)
        #expect(project.members?.map(\.key) == ["id", "org_id", "name", "slug", "created_at", "updated_at"])

        #expect(try await admin.http.post("/api/v1/projects", json: ["name": "Again", "slug": "project-a"]).status == 409)
        #expect(try await admin.http.post("/api/v1/projects", json: ["name": "Bad", "slug": "Bad Slug"]).errorMessage
                == "slug must be lowercase alphanumeric with hyphens only")
        #expect(try await admin.http.post("/api/v1/projects", json: [:]).errorMessage == "name is required")
        #expect(try await admin.http.send(.POST, "/api/v1/projects").errorMessage == "invalid JSON")

        let renamed = try await admin.http.put("/api/v1/projects/\(id)", json: ["name": "Renamed"])
        #expect(renamed.json?["name"]?.stringValue == "Renamed" && renamed.json?["slug"]?.stringValue == "project-a")
        #expect(try await admin.http.get("/api/v1/projects").json?["count"] == 2)

        let stranger = try await TestEnvironment.shared.tenant(scope: .admin)
        #expect(try await stranger.http.get("/api/v1/projects/\(id)").status == 404)
        #expect(try await stranger.http.delete("/api/v1/projects/\(id)").status == 404)

        #expect(try await admin.http.delete("/api/v1/projects/\(admin.projectID)").status == 400)
        #expect(try await admin.http.delete("/api/v1/projects/\(id)").json == ["status": "deleted"])
        #expect(try await admin.http.get("/api/v1/projects/\(id)").status == 404)
    }

    @Test func adminCreatesListsAndRevokesKeys() async throws {
        let admin = try await TestEnvironment.shared.tenant(scope: .admin)
        #expect(try await admin.http.send(.POST, "/api/v1/api-keys").errorMessage == "invalid JSON")
        let created = try await admin.http.post("/api/v1/api-keys", json: ["name": "ci"])
        #expect(created.status == 201)
        let key = try #require(created.json)
        let secret = try #require(key["full_key"]?.stringValue)
        let id = try #require(key["id"]?.stringValue)
        #expect(APIKeySecret.isWellFormed(secret))
        #expect(key["key_prefix"]?.stringValue == String(secret.prefix(16)))
        #expect(key["scope"]?.stringValue == "project")

        let client = TestHTTP(baseURL: admin.http.baseURL, apiKey: secret)
        #expect(try await client.post("/api/v1/emit", json: ["topic": "k.t"]).status == 200)

        let list = try #require(try await admin.http.get("/api/v1/api-keys").json)
        let listed = try #require(list["api_keys"]?.arrayValue)
        #expect(listed.contains { $0["id"]?.stringValue == id })
        #expect(!list.jsonString.contains(secret))

        #expect(try await admin.http.post("/api/v1/api-keys", json: ["project_id": "prj_doesnotexist"]).errorMessage == "invalid project_id")
        let fast = try await admin.http.post("/api/v1/api-keys", json: ["name": "bench", "rate_limit_per_second": 5000])
        #expect(fast.status == 201 && fast.json?["rate_limit_per_second"] == 5000)
        #expect(try await admin.http.post("/api/v1/api-keys", json: ["rate_limit_per_second": 0]).status == 400)
        #expect(try await admin.http.post("/api/v1/api-keys", json: ["rate_limit_per_second": "fast"]).status == 400)
        #expect(try await admin.http.delete("/api/v1/api-keys/not-a-uuid").errorMessage == "invalid API key ID")
        #expect(try await admin.http.delete("/api/v1/api-keys/00000000-0000-0000-0000-000000000000").status == 404)
        #expect(try await admin.http.delete("/api/v1/api-keys/\(admin.keyID)").status == 400)

        let stranger = try await TestEnvironment.shared.tenant(scope: .admin)
        #expect(try await stranger.http.delete("/api/v1/api-keys/\(id)").status == 404)

        #expect(try await admin.http.delete("/api/v1/api-keys/\(id)").json == ["status": "revoked"])
        let refused = try await client.post("/api/v1/emit", json: ["topic": "k.t"])
        #expect(refused.status == 401 && refused.errorMessage == "invalid api key")
    }

    @Test func perKeyRateLimitAnswersTheReferenceShape() async throws {
        let admin = try await TestEnvironment.shared.tenant(scope: .admin)
        let shared = try await TestEnvironment.shared.shared()
        let slow = try await shared.database.apiKeys.create(orgID: admin.orgID, projectID: admin.projectID, name: "slow",
                                                            scope: .project, rateLimitPerSecond: 1)
        let client = TestHTTP(baseURL: admin.http.baseURL, apiKey: slow.secret)
        var responses: [TestResponse] = []
        for _ in 0..<20 {
            let response = try await client.get("/api/v1/events/stats")
            responses.append(response)
            if response.status == 429 { break }
        }
        #expect(responses.prefix(2).allSatisfy { $0.status == 200 })
        let limited = try #require(responses.last)
        #expect(limited.status == 429)
        #expect(limited.text == #"{"error":"rate limit exceeded"}"#)
        #expect(limited.header("retry-after") == "1")
        #expect(limited.header("x-ratelimit-limit") == "1")
        #expect(limited.header("x-ratelimit-remaining") == "0")
        // Another key is not affected.
        #expect(try await admin.http.get("/api/v1/events/stats").status == 200)
    }
}
