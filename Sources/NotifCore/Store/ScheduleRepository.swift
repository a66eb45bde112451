import Foundation
import Logging
import PostgresNIO

/// A scheduled event as stored.
public struct Schedule: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, running, completed, cancelled, failed }

    public var id: String
    public var orgID: String
    public var projectID: String
    public var topic: String
    /// Compact JSON as the client sent it.
    public var data: [UInt8]
    /// The id the event gets when it fires (fixed at creation, so a retried publish is de-duplicated).
    public var eventID: String
    public var scheduledFor: Timestamp
    public var status: Status
    public var attempts: Int
    public var error: String?
    public var createdAt: Timestamp
    public var executedAt: Timestamp?

    /// `sch_` + 24 lowercase hex.
    public static func newID() -> String { "sch_" + RandomToken.hex(bytes: 12) }
}

/// Counts of one project's schedules by status.
public struct ScheduleStats: Sendable, Equatable {
    public var pending = 0, completed = 0, cancelled = 0, failed = 0
}

/// Scheduled events. Claims are single `UPDATE … FOR UPDATE SKIP LOCKED` statements, so they
/// exclude each other across replicas (the reference ran its SKIP LOCKED outside a transaction).
public struct ScheduleRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    static let columns = """
        id, org_id, project_id, topic, data::TEXT, event_id, \(SQLTime.micros("scheduled_for")), status, attempts, error, \
        \(SQLTime.micros("created_at")), CASE WHEN executed_at IS NULL THEN NULL ELSE \(SQLTime.micros("executed_at")) END
        """
    typealias Row = (String, String, String, String, String, String, Int64, String, Int32, String?, Int64, Int64?)

    static func schedule(_ row: Row) -> Schedule {
        Schedule(id: row.0, orgID: row.1, projectID: row.2, topic: row.3, data: Array(row.4.utf8), eventID: row.5,
                 scheduledFor: Timestamp(microsecondsSinceEpoch: row.6), status: Schedule.Status(rawValue: row.7) ?? .pending,
                 attempts: Int(row.8), error: row.9, createdAt: Timestamp(microsecondsSinceEpoch: row.10),
                 executedAt: row.11.map { Timestamp(microsecondsSinceEpoch: $0) })
    }

    private func schedules(_ query: PostgresQuery) async throws -> [Schedule] {
        let rows = try await client.query(query, logger: logger)
        var result: [Schedule] = []
        for try await row in rows.decode(Row.self) { result.append(Self.schedule(row)) }
        return result
    }

    public func create(orgID: String, projectID: String, topic: String, data: [UInt8], scheduledFor: Timestamp,
                       apiKeyID: UUID?) async throws -> Schedule {
        let dataText = String(decoding: data, as: UTF8.self)
        let micros = scheduledFor.microsecondsSinceEpoch
        return try await schedules("""
            INSERT INTO scheduled_events (id, org_id, project_id, topic, data, event_id, scheduled_for, api_key_id)
            VALUES (\(Schedule.newID()), \(orgID), \(projectID), \(topic), \(dataText)::JSON, \(Identifiers.newEventID()),
                    'epoch'::TIMESTAMPTZ + \(micros)::INT8 * interval '1 microsecond', \(apiKeyID))
            RETURNING \(unescaped: Self.columns)
            """).first!
    }

    public func find(orgID: String, projectID: String, id: String) async throws -> Schedule? {
        try await schedules("""
            SELECT \(unescaped: Self.columns) FROM scheduled_events
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND id = \(id)
            """).first
    }

    /// A page of the project's schedules (latest `scheduled_for` first) and how many match in all.
    public func list(orgID: String, projectID: String, status: String?, limit: Int, offset: Int) async throws -> (schedules: [Schedule], total: Int) {
        let statuses = status.map { $0 == "pending" ? ["pending", "running"] : [$0] }
        let page = try await schedules("""
            SELECT \(unescaped: Self.columns) FROM scheduled_events
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND (\(statuses)::TEXT[] IS NULL OR status = ANY(\(statuses)::TEXT[]))
            ORDER BY scheduled_for DESC, id LIMIT \(Int64(limit)) OFFSET \(Int64(offset))
            """)
        let rows = try await client.query("""
            SELECT COUNT(*)::INT8 FROM scheduled_events
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND (\(statuses)::TEXT[] IS NULL OR status = ANY(\(statuses)::TEXT[]))
            """, logger: logger)
        var total = 0
        for try await count in rows.decode(Int64.self) { total = Int(count) }
        return (page, total)
    }

    /// Cancels a pending schedule of the project; false when there is none.
    public func cancel(orgID: String, projectID: String, id: String) async throws -> Bool {
        try await !schedules("""
            UPDATE scheduled_events SET status = 'cancelled'
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND id = \(id) AND status = 'pending'
            RETURNING \(unescaped: Self.columns)
            """).isEmpty
    }

    /// Claims up to `limit` due schedules (and ones whose claim is older than `lease`) for publishing.
    public func claimDue(limit: Int, lease: Duration) async throws -> [Schedule] {
        let leaseSeconds = Double(lease.nanoseconds) / 1e9
        return try await schedules("""
            UPDATE scheduled_events SET status = 'running', claimed_at = now(), attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM scheduled_events
                WHERE (status = 'pending' AND scheduled_for <= now())
                   OR (status = 'running' AND claimed_at < now() - \(leaseSeconds) * interval '1 second')
                ORDER BY scheduled_for LIMIT \(Int64(limit))
                FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.columns)
            """)
    }

    /// Claims one pending schedule of the project now ("run now"); nil when it is not pending.
    public func claimNow(orgID: String, projectID: String, id: String) async throws -> Schedule? {
        try await schedules("""
            UPDATE scheduled_events SET status = 'running', claimed_at = now(), attempts = attempts + 1
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND id = \(id) AND status = 'pending'
            RETURNING \(unescaped: Self.columns)
            """).first
    }

    public func markCompleted(id: String) async throws {
        try await client.query("""
            UPDATE scheduled_events SET status = 'completed', executed_at = now(), error = NULL
            WHERE id = \(id) AND status = 'running'
            """, logger: logger)
    }

    /// Ends a claimed schedule as failed for good (its event was refused), keeping the reason.
    public func markFailed(id: String, error: String) async throws {
        try await client.query("""
            UPDATE scheduled_events SET status = 'failed', executed_at = now(), error = \(error), claimed_at = NULL
            WHERE id = \(id) AND status = 'running'
            """, logger: logger)
    }

    /// Gives a claim back after a failed publish: pending again, or failed for good after `maxAttempts`.
    public func release(id: String, error: String, maxAttempts: Int) async throws {
        let limit = Int32(maxAttempts)
        try await client.query("""
            UPDATE scheduled_events
            SET status = CASE WHEN attempts >= \(limit) THEN 'failed' ELSE 'pending' END, error = \(error), claimed_at = NULL
            WHERE id = \(id) AND status = 'running'
            """, logger: logger)
    }

    public func stats(orgID: String, projectID: String) async throws -> ScheduleStats {
        let rows = try await client.query("""
            SELECT status, COUNT(*)::INT8 FROM scheduled_events
            WHERE org_id = \(orgID) AND project_id = \(projectID) GROUP BY status
            """, logger: logger)
        var stats = ScheduleStats()
        for try await (status, count) in rows.decode((String, Int64).self) {
            switch status {
            case "pending", "running": stats.pending += Int(count)
            case "completed": stats.completed = Int(count)
            case "cancelled": stats.cancelled = Int(count)
            case "failed": stats.failed = Int(count)
            default: break
            }
        }
        return stats
    }
}
