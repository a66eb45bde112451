import Foundation
import Logging
import PostgresNIO

/// API keys. Only the SHA-256 of a key is stored; the secret exists once, in the create response.
public struct APIKeyRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    static let columns = """
        id, key_prefix, name, scope, org_id, project_id, rate_limit_per_second, \(SQLTime.micros("created_at")), \
        CASE WHEN last_used_at IS NULL THEN NULL ELSE \(SQLTime.micros("last_used_at")) END
        """
    typealias Row = (UUID, String, String?, String, String, String, Int32?, Int64, Int64?)

    static func record(_ row: Row) -> APIKeyRecord {
        APIKeyRecord(id: row.0, keyPrefix: row.1, name: row.2, scope: APIKeyScope(rawValue: row.3) ?? .project,
                     orgID: row.4, projectID: row.5, rateLimitPerSecond: row.6.map(Int.init),
                     createdAt: Timestamp(microsecondsSinceEpoch: row.7),
                     lastUsedAt: row.8.map { Timestamp(microsecondsSinceEpoch: $0) })
    }

    /// Creates a key and returns its record with the secret (never stored, never retrievable again).
    public func create(orgID: String, projectID: String, name: String?, scope: APIKeyScope,
                       rateLimitPerSecond: Int? = 100) async throws -> (record: APIKeyRecord, secret: String) {
        let secret = APIKeySecret.generate()
        let rateLimit = rateLimitPerSecond.map(Int32.init)
        let rows = try await client.query("""
            INSERT INTO api_keys (key_hash, key_prefix, name, scope, org_id, project_id, rate_limit_per_second)
            VALUES (\(APIKeySecret.hash(secret)), \(APIKeySecret.displayPrefix(secret)), \(name), \(scope.rawValue),
                    \(orgID), \(projectID), \(rateLimit))
            RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        for try await row in rows.decode(Row.self) { return (Self.record(row), secret) }
        throw PostgresError.protocol("insert returned no row")
    }

    /// The identity of a non-revoked key with this hash, if any.
    public func authenticate(keyHash: String) async throws -> AuthenticatedKey? {
        let rows = try await client.query("""
            SELECT id, org_id, project_id, scope, rate_limit_per_second FROM api_keys
            WHERE key_hash = \(keyHash) AND revoked_at IS NULL
            """, logger: logger)
        for try await (id, org, project, scope, rate) in rows.decode((UUID, String, String, String, Int32?).self) {
            return AuthenticatedKey(keyID: id, orgID: org, projectID: project, scope: APIKeyScope(rawValue: scope) ?? .project,
                                    rateLimitPerSecond: rate.map(Int.init) ?? 100)
        }
        return nil
    }

    /// Non-revoked keys of a project, newest first.
    public func list(orgID: String, projectID: String) async throws -> [APIKeyRecord] {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.columns) FROM api_keys
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND revoked_at IS NULL
            ORDER BY created_at DESC, id
            """, logger: logger)
        var records: [APIKeyRecord] = []
        for try await row in rows.decode(Row.self) { records.append(Self.record(row)) }
        return records
    }

    public func find(orgID: String, id: UUID) async throws -> APIKeyRecord? {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.columns) FROM api_keys WHERE org_id = \(orgID) AND id = \(id) AND revoked_at IS NULL
            """, logger: logger)
        for try await row in rows.decode(Row.self) { return Self.record(row) }
        return nil
    }

    /// Revokes a key of the org. Returns the revoked key's hash, or nil when no such active key exists.
    public func revoke(orgID: String, id: UUID) async throws -> String? {
        let rows = try await client.query("""
            UPDATE api_keys SET revoked_at = now() WHERE org_id = \(orgID) AND id = \(id) AND revoked_at IS NULL
            RETURNING key_hash
            """, logger: logger)
        for try await hash in rows.decode(String.self) { return hash }
        return nil
    }

    /// True when the org has any key, revoked or not (the bootstrap check).
    public func anyExists(orgID: String) async throws -> Bool {
        let rows = try await client.query("SELECT 1::INT4 FROM api_keys WHERE org_id = \(orgID) LIMIT 1", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Records use, in one statement for many keys.
    public func touch(ids: [UUID], at time: Timestamp) async throws {
        guard !ids.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(ids)
        binds.append(time.microsecondsSinceEpoch)
        let query = PostgresQuery(
            unsafeSQL: "UPDATE api_keys SET last_used_at = \(SQLTime.fromMicros("$2::INT8")) WHERE id = ANY($1::UUID[])",
            binds: binds)
        try await client.query(query, logger: logger)
    }
}
