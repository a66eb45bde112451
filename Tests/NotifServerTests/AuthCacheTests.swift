import Foundation
import NotifCore
import NotifTesting
import Testing

@Suite struct AuthCacheTests {
    @Test func keyRevokedElsewhereStopsWorkingWithinFiveSeconds() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        #expect(try await tenant.http.get("/api/v1/events/stats").status == 200)
        // Revoke directly in the database, as another replica would: this server's cache must expire.
        let shared = try await TestEnvironment.shared.shared()
        let id = try #require(UUID(uuidString: tenant.keyID))
        #expect(try await shared.database.apiKeys.revoke(orgID: tenant.orgID, id: id) != nil)
        let started = ContinuousClock.now
        let refused = await eventually(timeout: .seconds(6), every: .milliseconds(100)) {
            (try? await tenant.http.get("/api/v1/events/stats"))?.status == 401
        }
        #expect(refused)
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
