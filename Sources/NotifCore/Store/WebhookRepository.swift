import Foundation
import Logging
import PostgresNIO

/// Webhooks of a project (every query is scoped by org and project).
public struct WebhookRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// The select list of a webhook row; `alias` qualifies the columns in joins.
    static func columns(_ alias: String = "") -> String {
        let p = alias.isEmpty ? "" : alias + "."
        return """
            \(p)id, \(p)org_id, \(p)project_id, \(p)url, \(p)topics, \(p)secret, \(p)previous_secret,
            CASE WHEN \(p)previous_secret_expires_at IS NULL THEN NULL ELSE \(SQLTime.micros("\(p)previous_secret_expires_at")) END,
            \(p)enabled, \(p)disabled_reason, \(p)consecutive_failures,
            CASE WHEN \(p)circuit_open_until IS NULL THEN NULL ELSE \(SQLTime.micros("\(p)circuit_open_until")) END,
            \(SQLTime.micros("\(p)created_at"))
            """
    }
    static let columns = columns()
    typealias Row = (UUID, String, String, String, [String], String, String?, Int64?, Bool, String?, Int32, Int64?, Int64)

    static func webhook(_ row: Row) -> Webhook {
        Webhook(id: row.0, orgID: row.1, projectID: row.2, url: row.3, topics: row.4, secret: row.5,
                previousSecret: row.6, previousSecretExpiresAt: row.7.map { Timestamp(microsecondsSinceEpoch: $0) },
                enabled: row.8, disabledReason: row.9, consecutiveFailures: Int(row.10),
                circuitOpenUntil: row.11.map { Timestamp(microsecondsSinceEpoch: $0) },
                createdAt: Timestamp(microsecondsSinceEpoch: row.12))
    }

    private func webhooks(_ query: PostgresQuery) async throws -> [Webhook] {
        var result: [Webhook] = []
        for try await row in try await client.query(query, logger: logger).decode(Row.self) { result.append(Self.webhook(row)) }
        return result
    }

    public func create(orgID: String, projectID: String, url: String, topics: [String], secret: String) async throws -> Webhook {
        let created = try await webhooks("""
            INSERT INTO webhooks (org_id, project_id, url, topics, secret)
            VALUES (\(orgID), \(projectID), \(url), \(topics), \(secret))
            RETURNING \(unescaped: Self.columns)
            """)
        guard let webhook = created.first else { throw PostgresError.protocol("insert returned no row") }
        return webhook
    }

    /// Newest first.
    public func list(orgID: String, projectID: String) async throws -> [Webhook] {
        try await webhooks("""
            SELECT \(unescaped: Self.columns) FROM webhooks
            WHERE org_id = \(orgID) AND project_id = \(projectID) ORDER BY created_at DESC, id
            """)
    }

    public func find(orgID: String, projectID: String, id: UUID) async throws -> Webhook? {
        try await webhooks("""
            SELECT \(unescaped: Self.columns) FROM webhooks
            WHERE id = \(id) AND org_id = \(orgID) AND project_id = \(projectID)
            """).first
    }

    /// The enabled webhooks of one project (the only ones an event of that project may reach).
    public func enabled(orgID: String, projectID: String) async throws -> [Webhook] {
        try await webhooks("""
            SELECT \(unescaped: Self.columns) FROM webhooks
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND enabled
            """)
    }

    /// Partial update; nil keeps a value. Enabling clears the failure count, the breaker and the reason.
    public func update(orgID: String, projectID: String, id: UUID, url: String?, topics: [String]?,
                       enabled: Bool?) async throws -> Webhook? {
        try await webhooks("""
            UPDATE webhooks SET
                url = COALESCE(\(url), url),
                topics = COALESCE(\(topics), topics),
                enabled = COALESCE(\(enabled), enabled),
                consecutive_failures = CASE WHEN \(enabled) IS TRUE THEN 0 ELSE consecutive_failures END,
                circuit_open_until = CASE WHEN \(enabled) IS TRUE THEN NULL ELSE circuit_open_until END,
                disabled_reason = CASE WHEN \(enabled) IS NOT NULL THEN NULL ELSE disabled_reason END,
                disabled_at = CASE WHEN \(enabled) IS FALSE THEN now() WHEN \(enabled) IS TRUE THEN NULL ELSE disabled_at END,
                updated_at = now()
            WHERE id = \(id) AND org_id = \(orgID) AND project_id = \(projectID)
            RETURNING \(unescaped: Self.columns)
            """).first
    }

    /// Replaces the secret; the old one stays valid for signing until `graceUntil`.
    public func rotateSecret(orgID: String, projectID: String, id: UUID, newSecret: String,
                             graceUntil: Timestamp) async throws -> Webhook? {
        try await webhooks("""
            UPDATE webhooks SET previous_secret = secret, secret = \(newSecret),
                previous_secret_expires_at = \(unescaped: SQLTime.fromMicros("\(graceUntil.microsecondsSinceEpoch)::INT8")),
                updated_at = now()
            WHERE id = \(id) AND org_id = \(orgID) AND project_id = \(projectID)
            RETURNING \(unescaped: Self.columns)
            """).first
    }

    /// Deletes the webhook and its delivery log; false when it was not there.
    public func delete(orgID: String, projectID: String, id: UUID) async throws -> Bool {
        let rows = try await client.query("""
            DELETE FROM webhooks WHERE id = \(id) AND org_id = \(orgID) AND project_id = \(projectID) RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
