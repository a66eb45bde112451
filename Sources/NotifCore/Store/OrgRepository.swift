import Logging
import PostgresNIO

/// Orgs: the tenants. In single-account mode they only anchor projects and keys.
public struct OrgRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Creates the org if it does not exist (the reference never did, so bootstrap failed on a fresh database).
    public func ensure(id: String, name: String) async throws {
        try await client.query("""
            INSERT INTO orgs (id, name) VALUES (\(id), \(name)) ON CONFLICT (id) DO NOTHING
            """, logger: logger)
    }

    public func exists(id: String) async throws -> Bool {
        let rows = try await client.query("SELECT 1::INT4 FROM orgs WHERE id = \(id)", logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
