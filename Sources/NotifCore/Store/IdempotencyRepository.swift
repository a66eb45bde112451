import Logging
import PostgresNIO

/// `Idempotency-Key` records: the first response to a key is stored and replayed for 24 hours.
public struct IdempotencyRepository: Sendable {
    /// What a request carrying a key should do.
    public enum Claim: Sendable, Equatable {
        /// First use: handle the request, then `complete` (or `abandon` on failure).
        case proceed
        /// Already answered: send this again.
        case replay(status: Int, body: String)
        /// The first request with this key is still being handled.
        case inProgress
        /// The key was used for a different request.
        case mismatch
    }

    public static let retention: Duration = .seconds(86_400)
    let client: PostgresClient
    let logger: Logger

    public func claim(projectID: String, route: String, key: String, requestHash: String) async throws -> Claim {
        for _ in 0..<2 {
            let inserted = try await client.query("""
                INSERT INTO idempotency_keys (project_id, route, key, request_hash)
                VALUES (\(projectID), \(route), \(key), \(requestHash))
                ON CONFLICT (project_id, route, key) DO NOTHING RETURNING 1
                """, logger: logger)
            for try await _ in inserted { return .proceed }
            let rows = try await client.query("""
                SELECT request_hash, status_code, response_body, created_at < now() - interval '24 hours'
                FROM idempotency_keys WHERE project_id = \(projectID) AND route = \(route) AND key = \(key)
                """, logger: logger)
            for try await (hash, status, body, expired) in rows.decode((String, Int32?, String?, Bool).self) {
                if expired { break }
                guard hash == requestHash else { return .mismatch }
                guard let status, let body else { return .inProgress }
                return .replay(status: Int(status), body: body)
            }
            // Expired (or deleted meanwhile): drop it and claim afresh.
            try await client.query("""
                DELETE FROM idempotency_keys WHERE project_id = \(projectID) AND route = \(route) AND key = \(key)
                  AND created_at < now() - interval '24 hours'
                """, logger: logger)
        }
        return .inProgress
    }

    public func complete(projectID: String, route: String, key: String, status: Int, body: String) async throws {
        try await client.query("""
            UPDATE idempotency_keys SET status_code = \(Int32(status)), response_body = \(body)
            WHERE project_id = \(projectID) AND route = \(route) AND key = \(key)
            """, logger: logger)
    }

    /// Forgets a claimed key whose request failed, so the client may retry with it.
    public func abandon(projectID: String, route: String, key: String) async throws {
        try await client.query("""
            DELETE FROM idempotency_keys WHERE project_id = \(projectID) AND route = \(route) AND key = \(key)
              AND status_code IS NULL
            """, logger: logger)
    }

    /// Deletes records older than the retention period.
    public func purgeExpired() async throws {
        try await client.query("DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'", logger: logger)
    }
}
