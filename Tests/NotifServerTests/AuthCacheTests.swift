import Foundation
import NotifCore
import NotifTesting
import Testing

@Suite struct AuthCacheTests {
    /// The cache keeps a key for 3 s, so a key revoked on another replica is refused soon after; the
    /// deadline here leaves room for a loaded CI machine (the TTL itself is `positiveTTL`).
    @Test func keyRevokedElsewhereStopsWorkingSoon() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        #expect(try await tenant.http.get("/api/v1/events/stats").status == 200)
        // Revoke directly in the database, as another replica would: this server's cache must expire.
        let shared = try await TestEnvironment.shared.shared()
        let id = try #require(UUID(uuidString: tenant.keyID))
        #expect(try await shared.database.apiKeys.revoke(orgID: tenant.orgID, id: id) != nil)
        let refused = await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
            (try? await tenant.http.get("/api/v1/events/stats"))?.status == 401
        }
        #expect(refused)
    }
}
