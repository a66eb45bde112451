import NotifCore

/// An org, a project in it and a key for it, created directly in the database so every test works in
/// its own tenant on the shared server.
public struct TestTenant: Sendable {
    public let orgID: String
    public let projectID: String
    public let apiKey: String
    public let keyID: String
    public let http: TestHTTP

    /// Creates a tenant. `scope` is the key's scope; `orgID` reuses an org (for a second project in it).
    public static func create(database: Database, baseURL: String, scope: APIKeyScope = .project,
                              orgID: String? = nil) async throws -> TestTenant {
        let org = orgID ?? "org_t" + RandomToken.hex(bytes: 6)
        try await database.orgs.ensure(id: org, name: org)
        let project = try await database.projects.create(orgID: org, name: "Test " + RandomToken.hex(bytes: 3),
                                                         slug: "p-" + RandomToken.hex(bytes: 4))
        let key = try await database.apiKeys.create(orgID: org, projectID: project.id, name: "test key", scope: scope,
                                                    rateLimitPerSecond: 10_000)
        return TestTenant(orgID: org, projectID: project.id, apiKey: key.secret,
                          keyID: key.record.id.uuidString.lowercased(),
                          http: TestHTTP(baseURL: baseURL, apiKey: key.secret))
    }
}
